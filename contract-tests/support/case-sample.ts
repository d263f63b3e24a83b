import type { CaseParameter, DerivedCase } from './derive-cases.js';

/**
 * The derived cases a run sends, for a spec too large to send every one in a few minutes.
 *
 * GitHub's REST description has 1,223 operations and 12,275 derived wire cases (27,000 tests
 * with the client validator's); against the mock each costs 20-50 ms (Prism answers a
 * 1,000-property repository object), so a whole run took over ten minutes. Most of them repeat
 * a check: `owner`, `repo`, `per_page` and `page` are the same component parameters on hundreds
 * of operations, each bringing the same boundaries. The sample keeps what tells operations
 * apart and drops what repeats:
 * - the cases of a parameter that several operations carry with the same name, place and schema
 *   (the same constraints, checked on the same kind of value) are sent for the first operation
 *   that has it only;
 * - of the rest, each parameter (and the body) keeps its first failing case and its first
 *   passing one, in the order they are derived (required/optional absent, then each
 *   constraint's boundaries from the outermost schema in).
 * Every operation still gets its documented requests (the client rows), and every parameter of
 * the spec at least one case somewhere. A skipped row per operation says how many were left
 * out. `CONTRACT_CASES=all` sends every case whatever the size; `CONTRACT_CASES=sample` samples
 * a small spec too. By default a spec of more than SAMPLE_ABOVE operations is sampled.
 */
export const SAMPLE_ABOVE = 300;

export interface SampledOperation {
  parameters: CaseParameter[];
  cases: DerivedCase[];
}

/** Whether this run samples: CONTRACT_CASES, else the spec's size. */
export function samples(operationCount: number, setting: string | undefined): boolean {
  if (setting === 'all') return false;
  if (setting === 'sample') return true;
  return operationCount > SAMPLE_ABOVE;
}

/** Each operation's cases as the sample keeps them (same order), and how many it left out. */
export function sampleCases(operations: SampledOperation[]): { cases: DerivedCase[]; left: number }[] {
  /** Parameter identity -> the operation whose cases check it. */
  const owner = new Map<string, number>();
  return operations.map(({ parameters, cases }, index) => {
    const kept: DerivedCase[] = [];
    const taken = new Set<string>();
    for (const c of cases) {
      const p = parameters.find((q) => q.name === c.parameter)!;
      // A body is another operation's too only when its schema is the very same (a shared $ref).
      const identity = `${p.in}|${p.name}|${JSON.stringify(p.schema)}`;
      if ((owner.get(identity) ?? index) !== index) continue;
      owner.set(identity, index);
      // The client validator's cases (no request sent) and the wire's are sampled apart.
      const slot = `${c.parameter}|${c.verdict}|${c.onWire}|${c.inInput}`;
      if (taken.has(slot)) continue;
      taken.add(slot);
      kept.push(c);
    }
    return { cases: kept, left: cases.length - kept.length };
  });
}
