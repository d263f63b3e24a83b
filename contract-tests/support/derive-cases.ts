import { encodeWire, wireNameAt, type WireEncoding } from '../../generator/runtime/wire.js';
import type { JsonObject } from '../../generator/src/load/refs.js';
import { actionOfPathKey } from '../../generator/src/model/build.js';
import { wireEncodingOf } from '../../generator/src/model/parameters.js';
import { spec } from './spec-examples.js';

/**
 * Negative and boundary cases derived from the spec's own constraints, not from a hand list.
 * For every parameter of the operation, starting from its documented example values, each
 * constraint found in its schema (required, minItems, maxItems, enum, minimum, maximum,
 * minLength, pattern, type, additionalProperties, oneOf branches, JSON syntax) gives the
 * boundary value that passes and the one that fails. The verdict is what the constraint says;
 * the tests check that the mock and the client's validator both reach it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;

export interface WireParameter {
  name: string;
  required: boolean;
  json: boolean;
  /** How it travels: the wire table (generator/runtime/wire.ts), decided by the generator's model. */
  encoding: WireEncoding;
  schema: Schema;
  /** Named example values (decoded), in spec order. */
  examples: [string, unknown][];
}

export interface DerivedCase {
  /** e.g. `BackendServers[serverObjects] /0/Weight maximum: 101`. */
  name: string;
  parameter: string;
  /** The name the target's error must quote: as the caller wrote it on the wire (`Tag.2.Key`). */
  wireName: string;
  constraint: string;
  verdict: 'pass' | 'fail';
  /** The Code the mock must answer a failing case with. */
  code?: 'MissingParameter' | 'InvalidParameter';
  /** Decoded values of every parameter; undefined means absent. */
  values: Record<string, unknown>;
  /** Wire text to send instead of JSON.stringify(values[parameter]) (the JSON syntax cases). */
  rawWire?: string;
  /**
   * Where the case can be put. A plain query parameter is text on the wire, so a type case
   * ("a number") exists only for the client's decoded input; a JSON syntax case exists only on
   * the wire.
   */
  onWire: boolean;
  inInput: boolean;
}

/** `$ref`s followed inside `document` (the bundled spec unless told). */
export function followIn(document: Schema, node: Schema): Schema {
  while (node && typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((n: Schema, token: string) => n[token.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  }
  return node;
}

/** The operation's parameters as they travel, path-level and operation-level merged. */
export function wireParameters(path = '/', method = 'get', document: Schema = spec): WireParameter[] {
  const follow = (node: Schema) => followIn(document, node);
  const item = document.paths[path];
  const merged = new Map<string, Schema>();
  for (const raw of [...(item.parameters ?? []), ...(item[method].parameters ?? [])]) {
    const p = follow(raw);
    merged.set(p.name, p);
  }
  const rpc = path === '/' || actionOfPathKey(path) !== undefined;
  return [...merged.values()].map((p) => {
    const media = p.content ? Object.values(p.content)[0] as Schema : undefined;
    const rawExamples = (media ? media.examples : p.examples) ?? {};
    const schema = media ? media.schema : p.schema;
    const examples: [string, unknown][] = Object.entries(rawExamples).map(([name, e]) => [name, follow(e).value]);
    const resolved = follow(schema);
    if (examples.length === 0 && resolved.enum) examples.push(['enum', resolved.enum[0]]);
    const encoding = wireEncodingOf(document as JsonObject, p, schema, rpc, '#');
    return { name: p.name, required: p.required === true, json: media !== undefined, encoding, schema, examples };
  });
}

/** Baseline: every parameter at its first documented example (or the example named `prefer`). */
export function baseline(parameters: WireParameter[], prefer = 'documentedRequest'): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of parameters) {
    const chosen = p.examples.find(([name]) => name === prefer) ?? p.examples[0];
    if (chosen) values[p.name] = chosen[1];
    else if (p.required) throw new Error(`parameter ${p.name} is required but has no example or enum to start from; add an example to the spec`);
  }
  return values;
}

export function deriveCases(parameters: WireParameter[] = wireParameters(), document: Schema = spec): DerivedCase[] {
  const follow = (node: Schema) => followIn(document, node);
  const base = baseline(parameters);
  const cases: DerivedCase[] = [];
  const add = (c: Omit<DerivedCase, 'name' | 'onWire' | 'inInput' | 'wireName'> & { label: string; pointer?: string }) => {
    const { label, pointer, ...rest } = c;
    const name = `${c.parameter}${label} ${c.constraint} -> ${c.verdict}`;
    const parameter = parameters.find((p) => p.name === c.parameter)!;
    const plain = !parameter.json;
    const onWire = !(plain && c.constraint.startsWith('type '));
    const wireName = wireNameAt(parameter.encoding, parameter.name, c.values[c.parameter], pointer ?? '');
    if (!cases.some((known) => known.name === name)) cases.push({ name, ...rest, wireName, onWire, inInput: c.rawWire === undefined });
  };
  for (const p of parameters) {
    if (p.required) add({ label: '', parameter: p.name, constraint: 'required: absent', verdict: 'fail', code: 'MissingParameter', values: without(base, p.name) });
    else add({ label: '', parameter: p.name, constraint: 'optional: absent', verdict: 'pass', values: without(base, p.name) });
    if (p.json) {
      for (const [label, text] of [['not JSON', 'vm-233,vm-234'], ['truncated JSON', '["vm-233",']] as const) {
        add({ label: '', parameter: p.name, constraint: `JSON syntax: ${label}`, verdict: 'fail', code: 'InvalidParameter', values: base, rawWire: text });
      }
    }
    for (const [exampleName, example] of p.examples) {
      const label = p.examples.length > 1 ? `[${exampleName}]` : '';
      for (const found of walk(follow, p.schema, example, '')) {
        add({ label: `${label}${found.path ? ` ${found.path}` : ''}`, pointer: found.path, parameter: p.name, constraint: found.constraint, verdict: found.verdict, ...(found.verdict === 'fail' ? { code: 'InvalidParameter' as const } : {}), values: { ...base, [p.name]: found.value } });
      }
    }
  }
  return cases;
}

interface Found {
  path: string;
  constraint: string;
  verdict: 'pass' | 'fail';
  /** The whole parameter value with the change applied. */
  value: unknown;
}

/** The constraints of `schema` at `value` (the part of the example at this path), as cases. */
function walk(follow: (node: Schema) => Schema, rawSchema: Schema, value: unknown, path: string, replace: (v: unknown) => unknown = (v) => v): Found[] {
  const schema = follow(rawSchema);
  const found: Found[] = [];
  const at = (constraint: string, verdict: 'pass' | 'fail', v: unknown) => found.push({ path, constraint, verdict, value: replace(v) });
  if (Array.isArray(schema.enum)) {
    for (const allowed of schema.enum) at(`enum: ${JSON.stringify(allowed)}`, 'pass', allowed);
    at('enum: a value outside it', 'fail', typeof schema.enum[0] === 'string' ? `not-${schema.enum[0]}` : -999);
  }
  const type = schema.type;
  if (type === 'integer' || type === 'number') {
    if (typeof schema.minimum === 'number') {
      at(`minimum: ${schema.minimum}`, 'pass', schema.minimum);
      at(`minimum: ${schema.minimum - 1}`, 'fail', schema.minimum - 1);
    }
    if (typeof schema.maximum === 'number') {
      at(`maximum: ${schema.maximum}`, 'pass', schema.maximum);
      at(`maximum: ${schema.maximum + 1}`, 'fail', schema.maximum + 1);
    }
    if (type === 'integer') at('type integer: 1.5', 'fail', 1.5);
    at(`type ${type}: a numeric string`, 'fail', String(value));
  }
  if (type === 'string') {
    if (typeof schema.minLength === 'number') {
      at(`minLength: ${schema.minLength}`, 'pass', 'x'.repeat(schema.minLength));
      if (schema.minLength > 0) at(`minLength: ${schema.minLength - 1}`, 'fail', 'x'.repeat(schema.minLength - 1));
    }
    if (typeof schema.maxLength === 'number') {
      at(`maxLength: ${schema.maxLength}`, 'pass', 'x'.repeat(schema.maxLength));
      at(`maxLength: ${schema.maxLength + 1}`, 'fail', 'x'.repeat(schema.maxLength + 1));
    }
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern, 'u');
      const breaking = [`${String(value)} `, String(value).replace(/\d/, 'x'), ''].find((candidate) => !pattern.test(candidate));
      if (breaking !== undefined) at(`pattern: ${JSON.stringify(breaking)}`, 'fail', breaking);
    }
    if (schema.enum === undefined) at('type string: a number', 'fail', 42);
  }
  if (type === 'array' && Array.isArray(value) && value.length > 0) {
    const grow = (n: number) => Array.from({ length: n }, (_, i) => variant(value[i % value.length], i));
    if (typeof schema.minItems === 'number') {
      at(`minItems: ${schema.minItems}`, 'pass', grow(schema.minItems));
      if (schema.minItems > 0) at(`minItems: ${schema.minItems - 1}`, 'fail', grow(schema.minItems - 1));
    }
    if (typeof schema.maxItems === 'number') {
      at(`maxItems: ${schema.maxItems}`, 'pass', grow(schema.maxItems));
      at(`maxItems: ${schema.maxItems + 1}`, 'fail', grow(schema.maxItems + 1));
    }
    at('type array: an object', 'fail', { 0: value[0] });
    if (schema.items) {
      found.push(...walk(follow, schema.items, value[0], `${path}/0`, (v) => replace([v, ...value.slice(1)])));
    }
  }
  if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      const { [name]: _dropped, ...rest } = record;
      found.push({ path: `${path}/${name}`, constraint: 'required: absent', verdict: 'fail', value: replace(rest) });
    }
    if (schema.additionalProperties === false) found.push({ path: `${path}/Unknown`, constraint: 'additionalProperties: false', verdict: 'fail', value: replace({ ...record, Unknown: 'x' }) });
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (record[name] !== undefined) found.push(...walk(follow, property, record[name], `${path}/${name}`, (v) => replace({ ...record, [name]: v })));
    }
  }
  // oneOf/anyOf: the example stands in one branch; that branch's constraints apply to it.
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches: Schema[] | undefined = schema[key];
    const branch = branches?.find((b) => fitsType(follow(b), value));
    if (branch) found.push(...walk(follow, branch, value, path, replace));
    if (branches) at(`${key}: a value no branch accepts`, 'fail', true);
  }
  return found;
}

function fitsType(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    default:
      return false;
  }
}

/** The i-th distinct copy of an example item: IDs get a suffix so a list of n has n servers. */
function variant(item: unknown, i: number): unknown {
  if (typeof item === 'string') return `${item}-${i}`;
  if (item && typeof item === 'object' && 'ServerId' in item) return { ...item, ServerId: `${String((item as { ServerId: unknown }).ServerId)}-${i}` };
  return item;
}

function without(values: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _dropped, ...rest } = values;
  return rest;
}

/** Decoded values -> the pairs that travel, by the wire table (what the client sends for them). */
export function toWire(parameters: WireParameter[], c: Pick<DerivedCase, 'values' | 'parameter' | 'rawWire'>): Record<string, string> {
  const wire: Record<string, string> = {};
  for (const p of parameters) {
    const value = c.values[p.name];
    if (value === undefined) continue;
    for (const [name, text] of encodeWire(p.encoding, p.name, value)) wire[name] = text;
  }
  if (c.rawWire !== undefined) wire[c.parameter] = c.rawWire;
  return wire;
}
