import type { ApiModel, Json, OperationModel, WireEncoding } from '../../generator/src/api.js';
import { wireNameAt } from '../mock/wire-decode.js';
import { isRecord, resolveSchema, sampleOf, typeOf } from './sample.js';

/** Examples that break their own schemas, replaced before any case is derived: valid-examples.ts. */
export { withValidExamples } from './valid-examples.js';

/**
 * Negative and boundary cases derived from the spec's own constraints, not from a hand list, for
 * any operation of any spec, read from the generator's model. For every parameter the request
 * carries (inputs, fixed ones and the signer's, which the sender writes fresh unless the case is about one) and the JSON
 * body, starting from its documented example values, each constraint found in its schema
 * (required, minItems, maxItems, enum, minimum, maximum, minLength, maxLength, pattern, type,
 * additionalProperties, oneOf/anyOf branches, JSON syntax) gives the boundary value that passes
 * and the one that fails. The verdict is what the constraint says; the suite checks that the
 * target and the client's validator both reach it.
 */
export interface CaseParameter {
  /** The parameter's name; `body` for the request body. */
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie' | 'body';
  required: boolean;
  /** How it travels: the wire table (generator/runtime/wire.ts); `body` for the JSON body. */
  encoding: WireEncoding | 'body';
  schema: Json;
  /** Named example values (decoded), in spec order. */
  examples: [string, unknown][];
  /** A caller's input (false: a fixed parameter the client writes itself, such as Version). */
  input: boolean;
  /** Written by the signer (AccessKeyId, Timestamp, ...): sent fresh unless the case is about it. */
  signer: boolean;
  /**
   * A request body the spec documents in no JSON media type (form, multipart, binary, text): the
   * kit's raw sender writes JSON bodies only, so no case is derived from it (it would test the
   * sender's media type, not the constraint).
   */
  notJson?: true;
}

export interface DerivedCase {
  /** e.g. `BackendServers[serverObjects] /0/Weight maximum: 101 -> fail`. */
  name: string;
  parameter: string;
  /** The name the mock's error must quote: as the caller wrote it on the wire (`Tag.2.Key`). */
  wireName: string;
  constraint: string;
  verdict: 'pass' | 'fail';
  /** The Code the mock answers a failing case with (Alibaba's names). */
  code?: 'MissingParameter' | 'InvalidParameter';
  /** Decoded values of every parameter (and `body`); undefined means absent. */
  values: Record<string, unknown>;
  /** Wire text to send instead of the encoded value (the JSON syntax cases). */
  rawWire?: string;
  /**
   * Where the case can be put. A plain parameter is text on the wire, so a type case ("a
   * number") exists only for the client's decoded input; a JSON syntax case only on the wire.
   */
  onWire: boolean;
  inInput: boolean;
}

/** Parameters the sender writes itself, whatever the spec says of them. */
const NOT_DERIVED = new Set(['Action']);

/** The operation's parameters as the request carries them (the signer's too), and its JSON body. */
export function caseParameters(model: ApiModel, op: OperationModel): CaseParameter[] {
  const inputs = new Set(op.inputs.map((p) => `${p.in}:${p.name}`));
  const parameters: CaseParameter[] = op.wireParameters
    .filter((p) => !(op.style === 'rpc' && NOT_DERIVED.has(p.name)))
    .map((p) => {
      const examples: [string, unknown][] = p.examples.map((e) => [e.name, e.value]);
      const resolved = resolveSchema(model, p.schema);
      if (examples.length === 0 && Array.isArray(resolved.enum)) examples.push(['enum', resolved.enum[0]]);
      // No example: a value built from the schema, so that its constraints still give cases (an
      // optional parameter stays out of the baseline request: see `baseline`).
      if (examples.length === 0) examples.push(['schema', sampleOf(model, p.schema)]);
      return {
        name: p.name,
        in: p.in,
        required: p.required,
        encoding: p.wireEncoding,
        schema: p.schema,
        examples,
        input: inputs.has(`${p.in}:${p.name}`),
        signer: op.signerOwned.includes(p.name),
      };
    });
  // A GET or HEAD carries no body on the wire the suite and the client send with (fetch refuses one: "Request with
  // GET/HEAD method cannot have body"; RFC 9110 section 9.3.1 gives it no meaning): heyapi's GetCallWithOptionalParam.
  if (op.requestBody && !['GET', 'HEAD'].includes(op.httpMethods[0]!)) {
    const examples: [string, unknown][] = op.bodyExamples.filter((e) => /json/.test(e.mediaType)).map((e) => [e.name, e.value]);
    if (examples.length === 0) examples.push(['schema', sampleOf(model, op.requestBody.schema)]);
    parameters.push({
      name: 'body',
      in: 'body',
      required: op.requestBody.required,
      encoding: 'body',
      schema: op.requestBody.schema,
      examples,
      input: true,
      signer: false,
      ...(op.requestBody.media.some((m) => m.kind === 'json') ? {} : { notJson: true as const }),
    });
  }
  return parameters;
}

/** The names of the documented request examples: every example name a parameter or the body uses. */
export function requestExampleNames(parameters: CaseParameter[]): string[] {
  const names = new Set(parameters.flatMap((p) => p.examples.map(([name]) => name)).filter((n) => n !== 'enum' && n !== 'schema'));
  return names.size > 0 ? [...names] : ['schema'];
}

/** One request: every parameter at its example of this name (else its first one); optional ones without a documented example absent. */
export function baseline(parameters: CaseParameter[], prefer?: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of parameters) {
    const chosen = p.examples.find(([name]) => name === prefer) ?? p.examples[0];
    if (chosen && !(chosen[0] === 'schema' && !p.required)) values[p.name] = chosen[1];
  }
  return values;
}

/** The type cases a text encoding carries as they are: `1.5` or `abc` for an integer. */
const WIRE_TYPE_CASES = new Set(['type integer: 1.5', 'type integer: a word']);

/**
 * RFC 9112 section 3 asks servers for request lines of at least 8,000 octets, and node's parser
 * stops at 16 KiB of head: a longer value in the path, query or a header is refused by the
 * server's HTTP parser (431, 414) whatever the spec says of it (discord's maxLength 152133 ids).
 */
const WIRE_HEAD_LIMIT = 8000;

/**
 * `isValid` (the kit's ajv over the parameter's whole schema), when given, keeps only the cases
 * the whole schema decides as the constraint does. A failing case the schema accepts is no
 * failure: a constraint of one `oneOf`/`anyOf` branch is none of the parameter when another
 * branch takes the value (ghes-diff's workflow_id, integer or string: `1.5` and `abc` are
 * strings; on a text encoding the wire carries the value's text, so the schema is asked about
 * that text too). A passing case the schema refuses is no pass: a boundary of the outer schema
 * that a `oneOf` of consts, `uniqueItems` or a sibling keyword refuses (discord's
 * `external_auth_type`, a string of two consts, is no place for "é中😀").
 */
export function deriveCases(
  model: ApiModel,
  parameters: CaseParameter[],
  isValid?: (schema: Json, value: unknown) => boolean,
): DerivedCase[] {
  return allCases(model, parameters).flatMap((c) => {
    const p = parameters.find((q) => q.name === c.parameter)!;
    const value = c.values[c.parameter];
    const head = p.in === 'path' || p.in === 'query' || p.in === 'header' || p.in === 'cookie';
    const long = head && c.rawWire === undefined && (JSON.stringify(value)?.length ?? 0) > WIRE_HEAD_LIMIT;
    let onWire = c.onWire && !long;
    let inInput = c.inInput;
    if (isValid && c.rawWire === undefined && c.code !== 'MissingParameter' && value !== undefined) {
      const valid = isValid(p.schema, value);
      const text = p.encoding !== 'json' && p.encoding !== 'body' && value !== null && typeof value !== 'object';
      const validText = valid || (text && isValid(p.schema, String(value)));
      if (c.verdict === 'fail') {
        onWire &&= !validText;
        inInput &&= !valid;
      } else {
        onWire &&= validText;
        inInput &&= valid;
      }
    }
    return onWire || inInput ? [{ ...c, onWire, inInput }] : [];
  });
}

function allCases(model: ApiModel, parameters: CaseParameter[]): DerivedCase[] {
  const base = baseline(parameters, requestExampleNames(parameters)[0]);
  const cases: DerivedCase[] = [];
  const add = (c: Omit<DerivedCase, 'name' | 'onWire' | 'inInput' | 'wireName'> & { label: string; pointer?: string }) => {
    const { label, pointer, ...rest } = c;
    const name = `${c.parameter}${label} ${c.constraint} -> ${c.verdict}`;
    const parameter = parameters.find((p) => p.name === c.parameter)!;
    const text = parameter.encoding !== 'json' && parameter.encoding !== 'body';
    // On a text encoding (query, path, header, form) a number and its digits are the same wire text: a
    // "numeric string" or "a number" case cannot be told apart there. A fraction or a word for an integer can.
    const onWire = !(text && c.constraint.startsWith('type ') && !WIRE_TYPE_CASES.has(c.constraint));
    const wireName =
      parameter.encoding === 'body' ? 'body' : wireNameAt(parameter.encoding, parameter.name, c.values[c.parameter], pointer ?? '');
    if (!cases.some((known) => known.name === name))
      cases.push({ name, ...rest, wireName, onWire, inInput: c.rawWire === undefined && parameter.input });
  };
  for (const p of parameters) {
    // A form-style list of objects has no wire form (runtime/wire.ts `noWireForm`: the client refuses to send a
    // value): a case that gives it one tests the client's refusal, not the target (STS Tags, ELB Listeners).
    if (p.notJson || p.encoding === 'noWireForm') continue;
    // A path parameter cannot be left out: the request would be for another path.
    if (p.required && p.in !== 'path')
      add({
        label: '',
        parameter: p.name,
        constraint: 'required: absent',
        verdict: 'fail',
        code: 'MissingParameter',
        values: without(base, p.name),
      });
    else if (!p.required)
      add({ label: '', parameter: p.name, constraint: 'optional: absent', verdict: 'pass', values: without(base, p.name) });
    if (p.encoding === 'json' || p.encoding === 'body') {
      for (const [label, text] of [
        ['not JSON', 'x,y'],
        ['truncated JSON', '["x",'],
      ] as const) {
        add({
          label: '',
          parameter: p.name,
          constraint: `JSON syntax: ${label}`,
          verdict: 'fail',
          code: 'InvalidParameter',
          values: base,
          rawWire: text,
        });
      }
    }
    for (const [exampleName, example] of p.examples) {
      const label = p.examples.length > 1 ? `[${exampleName}]` : '';
      for (const found of walk(model, p.schema, example, '')) {
        // An empty path segment is another path, not a value the parameter refuses.
        if (p.in === 'path' && (found.value === '' || found.value === undefined)) continue;
        // A header carries Latin-1 at most (RFC 9110 section 5.5), and a path segment is another route on many servers: the text case is for values, bodies and queries.
        // Values are keyed by name: a query parameter named as a header one (mercure's Last-Event-ID, both) travels in the header too.
        const carriers = parameters.filter((q) => q.name === p.name).map((q) => q.in);
        if ((carriers.includes('header') || carriers.includes('path')) && found.constraint.startsWith('text:')) continue;
        // `name=` in a query is an empty-valued parameter, which OpenAPI allows only with allowEmptyValue
        // (3.0 and 3.1, section 4.8.12.1; default false): the spec does not say it passes, and servers (Prism) read it as absent.
        // The same for an empty item of an exploded list (`topic=`) or of a deepObject (`a[b]=`).
        // Kept: an empty value of a required parameter that the schema refuses (minLength), refused
        // whether the server reads it as empty or as absent.
        const emptyQuery = p.in === 'query' && ((found.path === '' && found.value === '') || found.constraint === 'text: the empty string');
        if (emptyQuery && !(p.required && found.path === '' && found.verdict === 'fail')) continue;
        add({
          label: `${label}${found.path ? ` ${found.path}` : ''}`,
          pointer: found.path,
          parameter: p.name,
          constraint: found.constraint,
          verdict: found.verdict,
          ...(found.verdict === 'fail' ? { code: 'InvalidParameter' as const } : {}),
          values: { ...base, [p.name]: found.value },
        });
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

/** The constraints of `rawSchema` at `value` (the part of the example at this path), as cases. */
function walk(
  model: ApiModel,
  rawSchema: Json | undefined,
  value: unknown,
  path: string,
  replace: (v: unknown) => unknown = (v) => v,
  depth = 0,
): Found[] {
  const schema = resolveSchema(model, rawSchema);
  const found: Found[] = [];
  if (depth > 8) return found;
  const at = (constraint: string, verdict: 'pass' | 'fail', v: unknown) => found.push({ path, constraint, verdict, value: replace(v) });
  if (Array.isArray(schema.enum)) {
    for (const allowed of schema.enum) at(`enum: ${JSON.stringify(allowed)}`, 'pass', allowed);
    at('enum: a value outside it', 'fail', typeof schema.enum[0] === 'string' ? `not-${schema.enum[0]}` : -999);
  }
  const type = typeOf(schema);
  if (type === 'integer' || type === 'number') {
    if (typeof schema.minimum === 'number') {
      at(`minimum: ${schema.minimum}`, 'pass', schema.minimum);
      at(`minimum: ${schema.minimum - 1}`, 'fail', schema.minimum - 1);
    }
    if (typeof schema.maximum === 'number') {
      at(`maximum: ${schema.maximum}`, 'pass', schema.maximum);
      at(`maximum: ${schema.maximum + 1}`, 'fail', schema.maximum + 1);
    }
    if (type === 'integer') {
      at('type integer: 1.5', 'fail', 1.5);
      // A word where digits belong (`?limit=abc`, `/pets/abc`): on a text encoding, the wire's own type error.
      at('type integer: a word', 'fail', 'abc');
    }
    const open =
      typeof schema.maximum !== 'number' &&
      typeof schema.exclusiveMaximum !== 'number' &&
      schema.enum === undefined &&
      schema.multipleOf === undefined;
    // A large integer the schema allows (no maximum): servers that store 32 bits break on it. `format: int32` caps it at 2^31-1, the value that breaks a buffer sized by it.
    if (type === 'integer' && open) {
      const largest = schema.format === 'int32' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
      at(`integer: ${largest}`, 'pass', largest);
    }
    // Zero where the schema allows it and no minimum case sends it: the division, the empty page, the falsy check.
    const belowZero = typeof schema.minimum !== 'number' || schema.minimum < 0;
    const aboveZero = typeof schema.maximum !== 'number' || schema.maximum > 0;
    if (
      type === 'integer' &&
      belowZero &&
      aboveZero &&
      schema.enum === undefined &&
      schema.const === undefined &&
      typeof schema.exclusiveMinimum !== 'number'
    )
      at('integer: 0', 'pass', 0);
    at(`type ${type}: a numeric string`, 'fail', String(value));
  }
  if (type === 'string') {
    // A run of x's at the length boundary is no value of a pattern or format (twilio's Sid: ^AC[0-9a-f]{32}$,
    // minLength 34): its pass case would be refused for the pattern; the fail cases stay (they fail either way).
    const shaped = schema.pattern !== undefined || schema.format !== undefined;
    if (typeof schema.minLength === 'number') {
      if (!shaped) at(`minLength: ${schema.minLength}`, 'pass', 'x'.repeat(schema.minLength));
      if (schema.minLength > 0) at(`minLength: ${schema.minLength - 1}`, 'fail', 'x'.repeat(schema.minLength - 1));
    }
    if (typeof schema.maxLength === 'number') {
      if (!shaped) at(`maxLength: ${schema.maxLength}`, 'pass', 'x'.repeat(schema.maxLength));
      at(`maxLength: ${schema.maxLength + 1}`, 'fail', 'x'.repeat(schema.maxLength + 1));
    }
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern, 'u');
      const breaking = [`${String(value)} `, String(value).replace(/\d/, 'x'), ''].find((candidate) => !pattern.test(candidate));
      if (breaking !== undefined) at(`pattern: ${JSON.stringify(breaking)}`, 'fail', breaking);
    }
    if (schema.enum === undefined) at('type string: a number', 'fail', 42);
    // Text real servers break on (issue 20): non-ASCII and 4-byte UTF-8, where the schema takes any text of that length (JSON Schema counts code points).
    const free = schema.enum === undefined && schema.pattern === undefined && schema.format === undefined && schema.const === undefined;
    const fits =
      !(typeof schema.minLength === 'number' && schema.minLength > 3) && !(typeof schema.maxLength === 'number' && schema.maxLength < 3);
    if (free && fits) at('text: non-ASCII and 4-byte UTF-8 "é中😀"', 'pass', 'é中😀');
    // The empty string, where the schema allows it: a value, not an absent parameter.
    if (free && !(typeof schema.minLength === 'number' && schema.minLength > 0)) at('text: the empty string', 'pass', '');
  }
  if (type === 'array' && Array.isArray(value) && value.length > 0) {
    const items = resolveSchema(model, schema.items);
    // Distinct copies where the text is free; a format, pattern or enum keeps the example as it is.
    const free = items.format === undefined && items.pattern === undefined && items.enum === undefined && items.maxLength === undefined;
    const grow = (n: number) => Array.from({ length: n }, (_, i) => (free ? variant(value[i % value.length], i) : value[i % value.length]));
    if (typeof schema.minItems === 'number') {
      at(`minItems: ${schema.minItems}`, 'pass', grow(schema.minItems));
      if (schema.minItems > 0) at(`minItems: ${schema.minItems - 1}`, 'fail', grow(schema.minItems - 1));
    }
    if (typeof schema.maxItems === 'number') {
      at(`maxItems: ${schema.maxItems}`, 'pass', grow(schema.maxItems));
      at(`maxItems: ${schema.maxItems + 1}`, 'fail', grow(schema.maxItems + 1));
    }
    at('type array: an object', 'fail', { 0: value[0] });
    if (schema.items !== undefined)
      found.push(...walk(model, schema.items, value[0], `${path}/0`, (v) => replace([v, ...value.slice(1)]), depth + 1));
  }
  if (type === 'object' && isRecord(value)) {
    const record = value as Record<string, unknown>;
    for (const name of Array.isArray(schema.required) ? schema.required.map(String) : []) {
      const { [name]: _dropped, ...rest } = record;
      found.push({ path: `${path}/${name}`, constraint: 'required: absent', verdict: 'fail', value: replace(rest) });
    }
    if (schema.additionalProperties === false)
      found.push({
        path: `${path}/Unknown`,
        constraint: 'additionalProperties: false',
        verdict: 'fail',
        value: replace({ ...record, Unknown: 'x' }),
      });
    for (const [name, child] of Object.entries(isRecord(schema.properties) ? schema.properties : {})) {
      if (record[name] !== undefined)
        found.push(...walk(model, child, record[name], `${path}/${name}`, (v) => replace({ ...record, [name]: v }), depth + 1));
    }
  }
  // oneOf/anyOf: the example stands in one branch; that branch's constraints apply to it.
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    // The branch the example is written for: its consts agree and its required properties are there
    // (a Bank example is no Card: Card's required cvc is not a constraint of it); else the first of its type.
    const branch =
      branches.find((b) => fitsBranch(model, resolveSchema(model, b), value)) ??
      branches.find((b) => fitsType(resolveSchema(model, b), value));
    if (branch) found.push(...walk(model, branch, value, path, replace, depth + 1));
    at(`${key}: a value no branch accepts`, 'fail', true);
  }
  return found;
}

/** An object value stands in this object branch: every required property present, every `const` property equal. */
function fitsBranch(model: ApiModel, schema: Record<string, unknown>, value: unknown): boolean {
  if (!fitsType(schema, value) || !isRecord(value)) return false;
  const record = value as Record<string, unknown>;
  if (Array.isArray(schema.required) && !schema.required.every((name) => record[String(name)] !== undefined)) return false;
  const properties = isRecord(schema.properties) ? (schema.properties as Record<string, Json>) : {};
  return Object.entries(properties).every(([name, child]) => {
    const constant = resolveSchema(model, child).const;
    return constant === undefined || record[name] === undefined || JSON.stringify(constant) === JSON.stringify(record[name]);
  });
}

function fitsType(schema: Record<string, unknown>, value: unknown): boolean {
  switch (typeOf(schema as never)) {
    case 'string':
      return typeof value === 'string';
    case 'object':
      return isRecord(value);
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

/** The i-th distinct copy of an example item: strings and `...Id` properties get a suffix, so a list of n has n distinct items. */
function variant(item: unknown, i: number): unknown {
  if (typeof item === 'string') return `${item}-${i}`;
  if (isRecord(item)) {
    const id = Object.keys(item).find((key) => /Id$/.test(key) && typeof item[key] === 'string');
    if (id) return { ...item, [id]: `${String(item[id])}-${i}` };
  }
  return item;
}

function without(values: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _dropped, ...rest } = values;
  return rest;
}
