import { pointerToken, SpecError } from '../errors.js';

/**
 * How much work a spec may ask for. Every later step (Redocly's walker, openapi-typescript,
 * ajv, ts-morph) walks the document as a tree, so what counts is the tree after YAML aliases
 * are expanded, not the size of the text: a 565-byte "billion laughs" file (each anchor a list
 * of ten aliases of the one before) expands to 10^7 nodes and took 11 s and 670 MB before it
 * was refused here.
 *
 * The limits are far above what a large real spec needs: bench/synthetic-spec.ts at 2,000
 * operations is 3.2 MB of YAML, 120,686 nodes, 12 levels deep, and its largest mapping has
 * 2,000 entries.
 */
export const LIMITS = {
  /** Bytes of spec text (the file is refused before it is parsed). */
  fileBytes: 16 * 1024 * 1024,
  /** Nodes (mappings, lists and scalars) of the document with every alias expanded. */
  nodes: 1_000_000,
  /** Nodes on any path from the root down, counted through aliases too (js-yaml's own maxDepth counts the same way, but in the text only). */
  depth: 128,
  /**
   * Entries of one mapping or list. Redocly's walker spreads a mapping's keys into one call
   * (`props.push(...keys)`, @redocly/openapi-core lib/walk.js), which overflows Node's stack
   * somewhere above 120,000 keys: a spec with such a map ended in a raw RangeError.
   */
  entries: 50_000,
} as const;

/** Keys that JavaScript treats as the prototype, not as data: a tool that copies with `target[key] = ...` would change an object's prototype. */
const PROTOTYPE_KEY = '__proto__';

/**
 * Check the parsed YAML against LIMITS, before any other step walks it. js-yaml 4 keeps an
 * alias as a second reference to the anchored object, so the expanded size of each node is
 * computed once and memoised by object identity: this costs one visit per distinct node, however
 * large the expansion. A node that contains itself (`a: &a [*a]`) is refused, as is a key named
 * `__proto__` anywhere.
 */
export function checkBounds(data: unknown, text: string): void {
  // Expanded node count and height of every object visited; absent while it is being visited.
  const size = new Map<object, { nodes: number; height: number }>();
  const visiting = new Set<object>();
  const SCALAR = { nodes: 1, height: 1 };

  // `depth` is the node's level (the root is 1) and `height` the most nodes on a path down from
  // it, the node included: a path from the root has `depth - 1 + height` nodes, counted as
  // js-yaml counts its maxDepth. `path` holds the keys down to the node; the pointer is built
  // only for an error (building it for every node cost as much as the rest of the walk).
  const path: string[] = [];
  const at = (): string => `#${path.map((key) => `/${pointerToken(key)}`).join('')}`;
  const visit = (node: unknown, depth: number): { nodes: number; height: number } => {
    if (depth > LIMITS.depth) throw tooDeep(at());
    if (typeof node !== 'object' || node === null) return SCALAR;
    const known = size.get(node);
    if (known) {
      if (depth - 1 + known.height > LIMITS.depth) throw tooDeep(at());
      return known;
    }
    if (visiting.has(node))
      throw new SpecError(
        'a YAML alias refers to a node that contains it, so the document is infinite',
        at(),
        `remove the ${describeAliases(text)}`,
      );
    const isList = Array.isArray(node);
    const keys = isList ? undefined : Object.keys(node);
    const length = isList ? node.length : keys!.length;
    if (length > LIMITS.entries) {
      throw new SpecError(
        `this ${isList ? 'list' : 'mapping'} has ${length.toLocaleString('en-US')} entries; the generator reads at most ${LIMITS.entries.toLocaleString('en-US')} per mapping or list`,
        at(),
      );
    }
    visiting.add(node);
    let nodes = 1;
    let height = 1;
    for (let i = 0; i < length; i++) {
      const key = isList ? String(i) : keys![i]!;
      path.push(key);
      if (key === PROTOTYPE_KEY && !isList) {
        throw new SpecError(
          'a key named "__proto__" is not allowed',
          at(),
          "JavaScript tools read it as the object's prototype; rename it",
        );
      }
      const sub = visit(isList ? node[i] : (node as Record<string, unknown>)[key], depth + 1);
      path.pop();
      nodes += sub.nodes;
      if (sub.height >= height) height = 1 + sub.height;
      if (nodes > LIMITS.nodes) {
        throw new SpecError(
          `the document expands to more than ${LIMITS.nodes.toLocaleString('en-US')} nodes once YAML aliases are followed (${describeAliases(text)})`,
          at(),
          'a spec this large is not supported; if it is a YAML alias bomb, do not use it',
        );
      }
    }
    visiting.delete(node);
    const result = { nodes, height };
    size.set(node, result);
    return result;
  };

  visit(data, 1);
}

function tooDeep(at: string): SpecError {
  return new SpecError(
    `the document nests more than ${LIMITS.depth} levels deep (YAML aliases included)`,
    at,
    'flatten it, e.g. with $ref to a named component',
  );
}

/**
 * The aliases of the text, most used first, as `*name (N uses, first at line L)`. js-yaml does
 * not say which anchor an object came from, so the names are read from the text: `*` followed
 * by the characters YAML allows in an anchor name (YAML 1.2 section 6.9.2, ns-anchor-char:
 * anything but white space and flow indicators).
 */
function describeAliases(text: string): string {
  const uses = new Map<string, { count: number; index: number }>();
  for (const match of text.matchAll(/(?<=^|[\s[{,:-])\*([^\s,[\]{}]+)/g)) {
    const seen = uses.get(match[1]!);
    if (seen) seen.count++;
    else uses.set(match[1]!, { count: 1, index: match.index });
  }
  if (uses.size === 0) return 'no aliases';
  // Most uses first; among equals the later alias, which in a bomb repeats the larger node.
  const [name, { count, index }] = [...uses].sort(([, a], [, b]) => b.count - a.count || b.index - a.index)[0]!;
  const line = text.slice(0, index).split('\n').length;
  return `alias *${name}, used ${count} ${count === 1 ? 'time' : 'times'}, first at line ${line}${uses.size > 1 ? `, and ${uses.size - 1} more alias names` : ''}`;
}
