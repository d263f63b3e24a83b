import { pointerToken, SpecError } from '../errors.js';
import { LIMITS } from './bounds.js';

/** The YAML 1.1 merge key (https://yaml.org/type/merge.html), which YAML 1.2 and js-yaml's JSON schema read as a plain key. */
export const MERGE_KEY = '<<';

/** The refusal when merges copy more entries than LIMITS.nodes (here, or in js-yaml's parse of `!!merge <<`: read-yaml.ts). */
export function mergeBudget(at: string): SpecError {
  return new SpecError(
    `YAML merge keys copy more than ${LIMITS.nodes.toLocaleString('en-US')} entries`,
    at,
    'a spec this large is not supported; if it is a merge-key bomb, do not use it',
  );
}

/**
 * Expand YAML merge keys in place: `{<<: *base, description: x}` takes every key of `base` it does
 * not set itself; `<<: [*a, *b]` takes a's keys before b's (the type's rule: "the first mapping
 * wins"). (The explicitly tagged `!!merge <<` is merged by js-yaml while parsing, under its
 * maxTotalMergeKeys budget: read-yaml.ts.) js-yaml's own merge type runs inside the parser, where nothing bounds it: a few hundred
 * kilobytes of `{<<: *wide}` lines make it copy billions of keys before checkBounds (bounds.ts)
 * sees the tree. Here each copied key counts against LIMITS.nodes, and the walk visits each
 * distinct mapping once (an alias is a second reference to the same object), so the work is
 * bounded by the budget whatever the text asks for; checkBounds then checks the expanded tree.
 */
export function expandMergeKeys(data: unknown): void {
  const done = new Set<object>();
  const visiting = new Set<object>();
  let copied = 0;
  const path: string[] = [];
  const at = (): string => `#${path.map((key) => `/${pointerToken(key)}`).join('')}`;
  const visit = (node: unknown): void => {
    // A cycle, or a tree deeper than LIMITS.depth (through aliases), is left for checkBounds to refuse.
    if (typeof node !== 'object' || node === null || done.has(node) || visiting.has(node) || path.length > LIMITS.depth) return;
    visiting.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(String(i));
        visit(item);
        path.pop();
      });
    } else {
      const object = node as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        path.push(key);
        visit(object[key]);
        path.pop();
      }
      if (Object.hasOwn(object, MERGE_KEY)) {
        path.push(MERGE_KEY);
        merge(object);
        path.pop();
      }
    }
    visiting.delete(node);
    done.add(node);
  };
  const merge = (object: Record<string, unknown>): void => {
    const value = object[MERGE_KEY];
    const sources = Array.isArray(value) ? value : [value];
    if (!sources.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s)))
      throw new SpecError('a YAML merge key "<<" must name a mapping or a list of mappings', at(), 'write <<: *anchor or <<: [*a, *b]');
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(object)) {
      if (key !== MERGE_KEY) {
        entries.push([key, item]);
        continue;
      }
      const taken = new Set<string>();
      for (const source of sources as Record<string, unknown>[]) {
        for (const [name, inherited] of Object.entries(source)) {
          if (++copied > LIMITS.nodes) throw mergeBudget(at());
          if (name === '__proto__')
            throw new SpecError(
              'a key named "__proto__" is not allowed',
              at(),
              "JavaScript tools read it as the object's prototype; rename it",
            );
          if (Object.hasOwn(object, name) || taken.has(name)) continue;
          taken.add(name);
          entries.push([name, inherited]);
        }
      }
    }
    for (const key of Object.keys(object)) delete object[key];
    for (const [key, item] of entries) object[key] = item;
  };
  visit(data);
}
