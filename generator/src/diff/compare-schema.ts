// Over 400 lines: one recursive comparison of two schemas by JSON Schema keyword; its cases read as one table of what narrows, widens or breaks.
import { isObject, type Json, type JsonObject, referencesIn } from '../load/refs.js';
import { componentName } from './api-surface.js';

/**
 * Two JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the same input or output, compared
 * keyword by keyword for what a consumer of the typed client feels.
 *
 * Every finding says whether the new schema accepts fewer values (`narrow`), more (`widen`),
 * different ones (`incompatible`), the same ones with something optional added (`compatible`),
 * or only different documentation (`docs`). Which of these breaks a consumer depends on the
 * side: an input the consumer writes must still be accepted (narrowing breaks), an output the
 * consumer reads must still be what the old type promised (widening breaks). Keywords this
 * module does not reason about (not, if/then/else, patternProperties, ...) are `incompatible`
 * when they change: semver must not under-report.
 */
export type Effect = 'narrow' | 'widen' | 'incompatible' | 'compatible' | 'docs';
export type Side = 'input' | 'output';

export interface Finding {
  effect: Effect;
  /** Where in the value: `BackendServers[].Weight`; empty for the root. */
  at: string;
  text: string;
}

export interface SchemaPair {
  side: Side;
  oldSchemas: Record<string, Json>;
  newSchemas: Record<string, Json>;
  /** Components equal on both sides, down to everything they reference (`unchangedComponents`). */
  unchanged?: ReadonlySet<string>;
}

/**
 * The component schemas that are the same text on both sides and reference only such
 * components: a `$ref` to one of them on both sides is the same type, with no walk. At 2,000
 * operations sharing components, walking them again for every operation took 2 s.
 */
export function unchangedComponents(oldSchemas: Record<string, Json>, newSchemas: Record<string, Json>): Set<string> {
  const refs = new Map<string, string[]>();
  const unchanged = new Set<string>();
  for (const name of Object.keys(oldSchemas)) {
    if (!Object.hasOwn(newSchemas, name) || !sameJson(oldSchemas[name], newSchemas[name])) continue;
    unchanged.add(name);
    refs.set(name, referencedComponents(oldSchemas[name]!));
  }
  // A component that references a changed (or opaque) one is changed too; repeat until stable.
  for (let removed = true; removed; ) {
    removed = false;
    for (const name of unchanged) {
      if (refs.get(name)!.some((ref) => !unchanged.has(ref))) {
        unchanged.delete(name);
        removed = true;
      }
    }
  }
  return unchanged;
}

/**
 * Component names a schema references; a reference that is not to a component schema as `\0` +
 * the reference. A `$ref` inside data (example, default, x-*) is not a reference (load/refs.ts).
 */
export function referencedComponents(schema: Json): string[] {
  return referencesIn(schema).map(({ ref }) => componentName(ref) ?? `\0${ref}`);
}

/** Documentation only: changing them changes comments and README, never a type or a check. */
const DOC_KEYWORDS = ['description', 'title', 'examples', 'example', '$comment', 'externalDocs', 'default', 'deprecated'];
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** A constraint that, when added, only removes values; when changed, may do both. */
const RESTRICTIONS = ['pattern', 'format', 'multipleOf', 'contentMediaType', 'contentEncoding'];
const HANDLED = new Set([
  ...DOC_KEYWORDS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...RESTRICTIONS,
  '$ref',
  'type',
  'enum',
  'const',
  'uniqueItems',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'prefixItems',
  'oneOf',
  'anyOf',
  'allOf',
]);

export function compareSchemas(oldSchema: Json | undefined, newSchema: Json | undefined, pair: SchemaPair): Finding[] {
  return compare(oldSchema ?? {}, newSchema ?? {}, '', pair, new Set());
}

function compare(rawOld: Json, rawNew: Json, at: string, pair: SchemaPair, seen: Set<string>): Finding[] {
  if (
    isObject(rawOld) &&
    isObject(rawNew) &&
    typeof rawOld.$ref === 'string' &&
    rawOld.$ref === rawNew.$ref &&
    Object.keys(rawOld).length === 1 &&
    Object.keys(rawNew).length === 1
  ) {
    const name = componentName(rawOld.$ref);
    if (name !== undefined && pair.unchanged?.has(name)) return [];
  }
  const o = resolve(rawOld, pair.oldSchemas);
  const n = resolve(rawNew, pair.newSchemas);
  // A recursive schema (a tree of nodes) meets the same pair of components again: compared once.
  if (o.ref !== undefined || n.ref !== undefined) {
    const key = `${o.ref ?? ''}|${n.ref ?? ''}`;
    const walk = walkOf(pair);
    if (seen.has(key)) {
      walk.cuts++;
      return [];
    }
    // Two component references: compared once per pair of summaries and side, and the findings
    // placed where the pair meets. A schema referred to from many places used to be walked again
    // at each (10 references per level, 4 levels deep, 60 operations: 41 s). Only a result that
    // met no recursion is kept: one that did depends on the way in.
    if (o.ref !== undefined && n.ref !== undefined && !o.opaque && !n.opaque) {
      const cacheKey = `${pair.side}|${key}`;
      let relative = walk.findings.get(cacheKey);
      if (relative === undefined) {
        const cutsBefore = walk.cuts;
        const found = compareResolved(o, n, '', pair, new Set([key]));
        if (walk.cuts === cutsBefore) walk.findings.set(cacheKey, (relative = found));
        else return compareResolved(o, n, at, pair, new Set(seen).add(key));
      }
      return relative.map((f) => ({ ...f, at: placed(at, f.at) }));
    }
    seen = new Set(seen).add(key);
  }
  return compareResolved(o, n, at, pair, seen);
}

/** Per pair of summaries: findings of component pairs (`side|old|new`), relative to the pair, and how many recursions were cut. */
const walks = new WeakMap<object, WeakMap<object, { findings: Map<string, Finding[]>; cuts: number }>>();

function walkOf(pair: SchemaPair): { findings: Map<string, Finding[]>; cuts: number } {
  let byNew = walks.get(pair.oldSchemas);
  if (!byNew) walks.set(pair.oldSchemas, (byNew = new WeakMap()));
  let walk = byNew.get(pair.newSchemas);
  if (!walk) byNew.set(pair.newSchemas, (walk = { findings: new Map(), cuts: 0 }));
  return walk;
}

/** A finding's place below `at`, written as the walk writes it: `a.b`, `a[]`, `a<oneOf 1>`, `a.*`. */
function placed(at: string, relative: string): string {
  if (!relative) return at;
  if (!at || /^[[<]/.test(relative)) return `${at}${relative}`;
  return `${at}.${relative}`;
}

function compareResolved(o: Resolved, n: Resolved, at: string, pair: SchemaPair, seen: Set<string>): Finding[] {
  if (o.opaque || n.opaque) {
    return o.opaque === n.opaque
      ? []
      : [{ effect: 'incompatible', at, text: `reference changed from ${o.opaque ?? 'a schema'} to ${n.opaque ?? 'a schema'}` }];
  }
  const found: Finding[] = [];
  const add = (effect: Effect, text: string, where = at) => found.push({ effect, at: where, text });
  const a = o.schema;
  const b = n.schema;
  compareDocs(a, b, add);
  compareTypes(a, b, add);
  compareEnums(a, b, add);
  for (const key of LOWER_BOUNDS) compareBound(key, a[key], b[key], 'lower', add);
  for (const key of UPPER_BOUNDS) compareBound(key, a[key], b[key], 'upper', add);
  for (const key of RESTRICTIONS) compareRestriction(key, a[key], b[key], add);
  if ((a.uniqueItems === true) !== (b.uniqueItems === true))
    add(
      b.uniqueItems === true ? 'narrow' : 'widen',
      b.uniqueItems === true ? 'items must now be unique' : 'items no longer need to be unique',
    );
  found.push(...compareObjects(a, b, at, pair, seen));
  found.push(...compareArrays(a, b, at, pair, seen));
  for (const key of ['oneOf', 'anyOf'] as const) found.push(...compareAlternatives(key, a[key], b[key], at, pair, seen));
  found.push(...compareAllOf(a.allOf, b.allOf, at, pair, seen));
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (HANDLED.has(key) || key.startsWith('x-')) continue;
    // Own keys only: a "__proto__" key must not read Object.prototype on the side that lacks it.
    if (!sameJson(Object.hasOwn(a, key) ? a[key] : undefined, Object.hasOwn(b, key) ? b[key] : undefined)) {
      add(
        'incompatible',
        key === 'xml'
          ? 'XML mapping (`xml`) changed: the client reads XML bodies differently'
          : `\`${key}\` changed (not classified keyword by keyword: counted as breaking)`,
      );
    }
  }
  return found;
}

interface Resolved {
  schema: JsonObject;
  ref?: string;
  /** A reference this module cannot follow (not a component schema, or missing): compared as text. */
  opaque?: string;
}

/** Follow `$ref`s into the summary's component schemas; `true`/`false` schemas as objects. */
function resolve(schema: Json, components: Record<string, Json>): Resolved {
  let node = schema;
  let ref: string | undefined;
  const chain = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    const name = componentName(node.$ref);
    if (name === undefined || !Object.hasOwn(components, name) || chain.has(node.$ref)) return { schema: {}, opaque: node.$ref };
    chain.add(node.$ref);
    ref = node.$ref;
    node = components[name]!;
  }
  if (node === true || node === null || node === undefined) return { schema: {}, ref };
  if (node === false) return { schema: { not: {} }, ref };
  return { schema: isObject(node) ? node : {}, ref };
}

type Add = (effect: Effect, text: string, where?: string) => void;

function compareDocs(a: JsonObject, b: JsonObject, add: Add): void {
  for (const key of DOC_KEYWORDS) {
    if (sameJson(a[key], b[key])) continue;
    if (key === 'deprecated') {
      // semver.org FAQ: deprecating existing functionality is a minor release.
      add('compatible', b.deprecated === true ? 'now deprecated' : 'no longer deprecated');
    } else if (key === 'default') {
      add('docs', `documented default ${show(a.default)} -> ${show(b.default)}`);
    } else {
      add('docs', `${key} ${a[key] === undefined ? 'added' : b[key] === undefined ? 'removed' : 'changed'}`);
    }
  }
}

/** JSON types a schema allows; undefined for any. `integer` is inside `number`. */
function typeSet(schema: JsonObject): Set<string> | undefined {
  const t = schema.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return undefined;
}

function covers(types: Set<string> | undefined, type: string): boolean {
  return types === undefined || types.has(type) || (type === 'integer' && types.has('number'));
}

function compareTypes(a: JsonObject, b: JsonObject, add: Add): void {
  const before = typeSet(a);
  const after = typeSet(b);
  const name = (set: Set<string> | undefined) => (set === undefined ? 'any type' : [...set].join(' | '));
  if (before === undefined && after === undefined) return;
  const lost = before === undefined ? after !== undefined : [...before].some((t) => !covers(after, t));
  const gained = after === undefined ? before !== undefined : [...after].some((t) => !covers(before, t));
  if (lost && gained) add('incompatible', `type ${name(before)} -> ${name(after)}`);
  else if (lost) add('narrow', `type ${name(before)} -> ${name(after)}`);
  else if (gained) add('widen', `type ${name(before)} -> ${name(after)}`);
}

/** `const` is an enum of one value. */
function allowedValues(schema: JsonObject): Json[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function compareEnums(a: JsonObject, b: JsonObject, add: Add): void {
  const before = allowedValues(a);
  const after = allowedValues(b);
  if (before === undefined && after === undefined) return;
  if (before === undefined) return add('narrow', `now limited to ${after!.map(show).join(', ')}`);
  if (after === undefined) return add('widen', `no longer limited to ${before.map(show).join(', ')}`);
  const keysBefore = new Set(before.map((v) => JSON.stringify(v)));
  const keysAfter = new Set(after.map((v) => JSON.stringify(v)));
  for (const v of before) if (!keysAfter.has(JSON.stringify(v))) add('narrow', `enum value ${show(v)} removed`);
  for (const v of after) if (!keysBefore.has(JSON.stringify(v))) add('widen', `enum value ${show(v)} added`);
}

function compareBound(key: string, before: Json | undefined, after: Json | undefined, kind: 'lower' | 'upper', add: Add): void {
  if (sameJson(before, after)) return;
  const num = (v: Json | undefined) => (typeof v === 'number' ? v : undefined);
  const [x, y] = [num(before), num(after)];
  if ((before !== undefined && x === undefined) || (after !== undefined && y === undefined)) {
    return add('incompatible', `${key} ${show(before)} -> ${show(after)}`);
  }
  // A bound added, or moved inwards, removes values; removed or moved outwards, admits them.
  const tighter = x === undefined || (y !== undefined && (kind === 'lower' ? y > x : y < x));
  const text = x === undefined ? `${key} ${y} added` : y === undefined ? `${key} ${x} removed` : `${key} ${x} -> ${y}`;
  add(tighter ? 'narrow' : 'widen', text);
}

function compareRestriction(key: string, before: Json | undefined, after: Json | undefined, add: Add): void {
  if (sameJson(before, after)) return;
  if (before === undefined) add('narrow', `${key} ${show(after)} added`);
  else if (after === undefined) add('widen', `${key} ${show(before)} removed`);
  else add('incompatible', `${key} ${show(before)} -> ${show(after)}`);
}

function propertiesOf(schema: JsonObject): Record<string, Json> {
  return isObject(schema.properties) ? schema.properties : {};
}

function requiredOf(schema: JsonObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : []);
}

function compareObjects(a: JsonObject, b: JsonObject, at: string, pair: SchemaPair, seen: Set<string>): Finding[] {
  const found: Finding[] = [];
  const propsA = propertiesOf(a);
  const propsB = propertiesOf(b);
  const reqA = requiredOf(a);
  const reqB = requiredOf(b);
  const names = new Set([...Object.keys(propsA), ...Object.keys(propsB), ...reqA, ...reqB]);
  for (const name of [...names].sort()) {
    const where = at ? `${at}.${name}` : name;
    const inA = Object.hasOwn(propsA, name) || reqA.has(name);
    const inB = Object.hasOwn(propsB, name) || reqB.has(name);
    if (inA && !inB) {
      // A field that disappears: an output a consumer reads no longer exists in the type; an
      // input a consumer passes is an excess property (openapi-typescript types are closed).
      found.push({ effect: 'incompatible', at: where, text: `field removed` });
    } else if (!inA && inB) {
      // A new required input field is a value old callers do not pass: narrowing. A new output
      // field, or a new optional input field, is only more to use.
      found.push(
        reqB.has(name)
          ? { effect: 'narrow', at: where, text: 'required field added' }
          : { effect: 'compatible', at: where, text: 'optional field added' },
      );
    } else {
      found.push(...compare(propsA[name] ?? {}, propsB[name] ?? {}, where, pair, seen));
      if (reqA.has(name) && !reqB.has(name)) found.push({ effect: 'widen', at: where, text: 'now optional (was required)' });
      if (!reqA.has(name) && reqB.has(name)) found.push({ effect: 'narrow', at: where, text: 'now required (was optional)' });
    }
  }
  const extraA = a.additionalProperties;
  const extraB = b.additionalProperties;
  if (!sameJson(extraA, extraB)) {
    const closedA = extraA === false;
    const closedB = extraB === false;
    if (closedA !== closedB) {
      found.push({
        effect: closedB ? 'narrow' : 'widen',
        at,
        text: closedB ? 'no longer accepts other fields (additionalProperties: false)' : 'now accepts other fields',
      });
    } else {
      found.push(...compare(extraA ?? {}, extraB ?? {}, at ? `${at}.*` : '*', pair, seen));
    }
  }
  return found;
}

function compareArrays(a: JsonObject, b: JsonObject, at: string, pair: SchemaPair, seen: Set<string>): Finding[] {
  const found: Finding[] = [];
  if (a.items !== undefined || b.items !== undefined) found.push(...compare(a.items ?? {}, b.items ?? {}, `${at}[]`, pair, seen));
  const tupleA = Array.isArray(a.prefixItems) ? a.prefixItems : [];
  const tupleB = Array.isArray(b.prefixItems) ? b.prefixItems : [];
  for (let i = 0; i < Math.max(tupleA.length, tupleB.length); i++) {
    found.push(...compare(tupleA[i] ?? {}, tupleB[i] ?? {}, `${at}[${i}]`, pair, seen));
  }
  return found;
}

/**
 * oneOf / anyOf: the same number of alternatives is compared position by position; otherwise the
 * alternatives are matched by their text (documentation aside) and each one gone is a narrowing,
 * each one new a widening.
 */
function compareAlternatives(
  key: 'oneOf' | 'anyOf',
  listA: Json | undefined,
  listB: Json | undefined,
  at: string,
  pair: SchemaPair,
  seen: Set<string>,
): Finding[] {
  if (sameJson(listA, listB)) return [];
  const a = Array.isArray(listA) ? listA : undefined;
  const b = Array.isArray(listB) ? listB : undefined;
  if (!a) return [{ effect: 'narrow', at, text: `now restricted by ${key}` }];
  if (!b) return [{ effect: 'widen', at, text: `no longer restricted by ${key}` }];
  if (a.length === b.length) return a.flatMap((alt, i) => compare(alt, b[i]!, `${at}<${key} ${i + 1}>`, pair, seen));
  const found: Finding[] = [];
  const textsA = a.map(withoutDocs);
  const textsB = b.map(withoutDocs);
  textsA.forEach((t, i) => textsB.includes(t) || found.push({ effect: 'narrow', at, text: `${key} alternative ${i + 1} removed` }));
  textsB.forEach((t, i) => textsA.includes(t) || found.push({ effect: 'widen', at, text: `${key} alternative ${i + 1} added` }));
  return found;
}

function compareAllOf(listA: Json | undefined, listB: Json | undefined, at: string, pair: SchemaPair, seen: Set<string>): Finding[] {
  if (sameJson(listA, listB)) return [];
  const a = Array.isArray(listA) ? listA : [];
  const b = Array.isArray(listB) ? listB : [];
  if (a.length === b.length) return a.flatMap((part, i) => compare(part, b[i]!, `${at}<allOf ${i + 1}>`, pair, seen));
  return [{ effect: 'incompatible', at, text: `allOf changed from ${a.length} to ${b.length} parts` }];
}

function withoutDocs(schema: Json): string {
  return JSON.stringify(schema, (key, value) => (DOC_KEYWORDS.includes(key) ? undefined : value));
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: Json | undefined): string {
  return (
    JSON.stringify(value, (_key, v) =>
      isObject(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
    ) ?? 'undefined'
  );
}

export function show(value: Json | undefined): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
