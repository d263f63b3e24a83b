import type { ApiModel, Json } from '../../generator/src/api.js';
import type { CaseParameter } from './derive-cases.js';
import { isRecord, sampleOf } from './sample.js';

/**
 * The parameters with every example that breaks its own schema (box's `example: 123` under
 * `type: string`, Train Travel's non-UUID ids) replaced, under the same name, by a schema-built
 * value that `isValid` accepts: the examples check reports the contradiction once, and the
 * derived cases and request rows start from a valid baseline instead of failing for it again.
 * An example no schema-built value can replace (the sample is invalid too) is kept.
 */
export function withValidExamples(
  model: ApiModel,
  parameters: CaseParameter[],
  isValid: (schema: Json, value: unknown) => boolean,
  refused?: (schema: Json, value: unknown) => string[],
): CaseParameter[] {
  return parameters.map((p) => {
    if (p.notJson || p.examples.every(([, value]) => isValid(p.schema, value))) return p;
    const sample = sampleOf(model, p.schema);
    const replace = (value: unknown): unknown => {
      if (isValid(p.schema, value)) return value;
      // The example without the parts its schema refuses (docker-engine's ContainerCreate body: one
      // PortBindings entry of the wrong shape), where that leaves a valid value: closer to what the
      // spec documents than a value built from the schema alone.
      const pruned = refused ? prune(value, (v) => refused(p.schema, v)) : undefined;
      if (pruned !== undefined && isValid(p.schema, pruned)) return pruned;
      return isValid(p.schema, sample) ? sample : value;
    };
    return { ...p, examples: p.examples.map(([name, value]): [string, unknown] => [name, replace(value)]) };
  });
}

/** A copy of `value` without the optional parts at the JSON pointers `refused` names (a few rounds), or undefined. */
function prune(value: unknown, refused: (value: unknown) => string[]): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const current: unknown = structuredClone(value);
  for (let round = 0; round < 3; round++) {
    const pointers = [...new Set(refused(current))].filter((pointer) => pointer !== '');
    if (pointers.length === 0) return current;
    // Deepest first, and items of a list from the last, so that each pointer still names what it named.
    for (const pointer of pointers.sort((a, b) => b.length - a.length || b.localeCompare(a))) {
      const tokens = pointer
        .slice(1)
        .split('/')
        .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
      const last = tokens.pop()!;
      let parent: unknown = current;
      for (const token of tokens)
        parent = isRecord(parent) || Array.isArray(parent) ? (parent as Record<string, unknown>)[token] : undefined;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (isRecord(parent)) delete (parent as Record<string, unknown>)[last];
    }
  }
  return refused(current).length === 0 ? current : undefined;
}
