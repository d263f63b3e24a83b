/**
 * How a parameter's value travels: the one table of wire encodings. The generator decides each
 * parameter's encoding from its schema, `style`, `explode` and `content` (generator/src/model/
 * parameters.ts `wireEncodingOf`); the client encodes with `encodeWire`, and the mock and the
 * contract suite decode with `decodeWire`, so the three cannot disagree.
 *
 * | encoding     | when (the spec says)                                            | wire for Name                                  |
 * |--------------|-----------------------------------------------------------------|------------------------------------------------|
 * | `plain`      | a string, integer, number or boolean                            | `Name=text`; numbers and booleans as JSON text |
 * | `json`       | `content: application/json`                                     | `Name=<JSON.stringify(value)>`                 |
 * | `repeatList` | RPC action, an array with `explode: true` (the `form` default)  | `Name.1=a&Name.2=b`; objects `Name.1.Key=v`    |
 * | `flatObject` | RPC action, an object                                           | `Name.Key=v`; nested the same way              |
 * | `commaList`  | an array with `explode: false` (query), or `simple` (path, header) | `Name=a,b`                                  |
 * | `formExplode`| plain HTTP operation, a query array with `explode: true`        | `Name=a&Name=b` (OpenAPI `form`)               |
 * | `deepObject` | plain HTTP operation, `style: deepObject` on an object          | `Name[Key]=v` (OpenAPI `deepObject`)           |
 *
 * `repeatList` and `flatObject` are Alibaba's RPC flattening: what @alicloud/pop-core
 * (`flatParams`, lib/rpc.js) and @alicloud/openapi-util (`query`, `flatMap`) write for the same
 * value; generator/test/runtime/wire.test.ts checks it against both on random inputs.
 */
export type WireEncoding = 'plain' | 'json' | 'repeatList' | 'flatObject' | 'commaList' | 'formExplode' | 'deepObject';

/** One query (or form) pair as it travels, before percent-encoding. */
export type WirePair = readonly [name: string, value: string];

/** The text of one scalar: strings as they are, numbers and booleans as their JSON text. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Alibaba's flattening: arrays as `.1`, `.2`, ... (1-based), object properties as `.Key`. */
function flatten(prefix: string, value: unknown, out: [string, string][]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(`${prefix}.${i + 1}`, item, out));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(`${prefix}.${key}`, item, out);
  } else {
    out.push([prefix, scalarText(value)]);
  }
}

/** A decoded value -> the pairs that travel for parameter `name`. */
export function encodeWire(encoding: WireEncoding, name: string, value: unknown): WirePair[] {
  switch (encoding) {
    case 'json':
      return [[name, JSON.stringify(value)]];
    case 'repeatList':
    case 'flatObject': {
      const out: [string, string][] = [];
      flatten(name, value, out);
      return out;
    }
    case 'commaList':
      return [[name, (value as unknown[]).map(scalarText).join(',')]];
    case 'formExplode':
      return (value as unknown[]).map((item) => [name, scalarText(item)] as const);
    case 'deepObject':
      return Object.entries(value as Record<string, unknown>).map(([key, item]) => [`${name}[${key}]`, scalarText(item)] as const);
    default:
      return [[name, scalarText(value)]];
  }
}

/** The schema facts decoding needs: which JSON type a scalar's text stands for. */
export interface WireSchemaHint {
  /** The JSON type of the value (`integer`, `number`, `boolean`, `string`, `array`, `object`). */
  type?: string;
  /** For an array: its items; for an object: its properties. */
  items?: WireSchemaHint;
  properties?: Record<string, WireSchemaHint>;
}

/** A decoding failure, naming the parameter as the caller wrote it on the wire (`Tag.2.Key`). */
export interface WireDecodeError {
  parameter: string;
  reason: string;
}

/**
 * The pairs that travelled -> the decoded value of parameter `name`, or undefined when it is
 * absent. Scalars become numbers or booleans where the schema says so and the text is one; a
 * text that is not stays a string, for the validator to refuse by name.
 */
export function decodeWire(
  encoding: WireEncoding,
  name: string,
  pairs: readonly WirePair[],
  hint: WireSchemaHint = {},
): { value: unknown } | { error: WireDecodeError } | undefined {
  switch (encoding) {
    case 'json': {
      const text = pairs.find(([n]) => n === name)?.[1];
      if (text === undefined) return undefined;
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: { parameter: name, reason: 'is not valid JSON' } };
      }
    }
    case 'repeatList':
    case 'flatObject': {
      const mine = pairs.filter(([n]) => n.startsWith(`${name}.`));
      if (mine.length === 0)
        return pairs.some(([n]) => n === name)
          ? { error: { parameter: name, reason: `must be sent flattened (${name}.1=..., ${name}.Key=...)` } }
          : undefined;
      const root: { value?: unknown } = {};
      for (const [wireName, text] of mine) {
        const error = place(root, name, wireName.slice(name.length + 1).split('.'), text, hint);
        if (error) return { error };
      }
      return { value: root.value };
    }
    case 'commaList': {
      const text = pairs.find(([n]) => n === name)?.[1];
      if (text === undefined) return undefined;
      return { value: text === '' ? [] : text.split(',').map((t) => scalarValue(t, hint.items)) };
    }
    case 'formExplode': {
      const texts = pairs.filter(([n]) => n === name).map(([, t]) => t);
      return texts.length === 0 ? undefined : { value: texts.map((t) => scalarValue(t, hint.items)) };
    }
    case 'deepObject': {
      const mine = pairs.filter(([n]) => n.startsWith(`${name}[`) && n.endsWith(']'));
      if (mine.length === 0) return undefined;
      const value: Record<string, unknown> = {};
      for (const [wireName, text] of mine) {
        const key = wireName.slice(name.length + 1, -1);
        value[key] = scalarValue(text, hint.properties?.[key]);
      }
      return { value };
    }
    default: {
      const text = pairs.find(([n]) => n === name)?.[1];
      return text === undefined ? undefined : { value: scalarValue(text, hint) };
    }
  }
}

/** Text -> the JSON value the schema expects, when the text is one; else the text itself. */
function scalarValue(text: string, hint: WireSchemaHint | undefined): unknown {
  switch (hint?.type) {
    case 'integer':
    case 'number':
      return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/**
 * Puts one flattened pair into the value being rebuilt. A numeric segment is a 1-based list
 * index where the schema says array (or says nothing and the segment is a number).
 */
function place(
  root: { value?: unknown },
  name: string,
  segments: string[],
  text: string,
  hint: WireSchemaHint,
): WireDecodeError | undefined {
  let holder: Record<string, unknown> | unknown[] = root as Record<string, unknown>;
  let key: string | number = 'value';
  let schema: WireSchemaHint | undefined = hint;
  let wire = name;
  for (const segment of segments) {
    const isList = schema?.type === 'array' || (schema?.type === undefined && /^\d+$/.test(segment));
    const current: unknown = (holder as Record<string | number, unknown>)[key];
    wire = `${wire}.${segment}`;
    if (isList) {
      if (!/^[1-9]\d*$/.test(segment)) return { parameter: wire, reason: 'must be a list index from 1' };
      if (current !== undefined && !Array.isArray(current)) return { parameter: wire, reason: 'mixes a list and an object' };
      const list: unknown[] = (current as unknown[] | undefined) ?? [];
      (holder as Record<string | number, unknown>)[key] = list;
      holder = list;
      key = Number(segment) - 1;
      schema = schema?.items;
    } else {
      if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current)))
        return { parameter: wire, reason: 'mixes a list and an object' };
      const object = (current as Record<string, unknown> | undefined) ?? {};
      (holder as Record<string | number, unknown>)[key] = object;
      holder = object;
      key = segment;
      schema = schema?.properties?.[segment];
    }
  }
  if ((holder as Record<string | number, unknown>)[key] !== undefined) return { parameter: wire, reason: 'is sent twice' };
  (holder as Record<string | number, unknown>)[key] = scalarValue(text, schema);
  return undefined;
}

/**
 * A JSON pointer into a decoded value -> the name the caller wrote on the wire: `/1/Key` of the
 * repeat list Tag is `Tag.2.Key`; of a JSON or plain parameter it is the parameter's own name.
 */
export function wireNameAt(encoding: WireEncoding, name: string, value: unknown, pointer: string): string {
  if (encoding !== 'repeatList' && encoding !== 'flatObject') return name;
  let wire = name;
  let here: unknown = value;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    wire += Array.isArray(here) && /^\d+$/.test(key) ? `.${Number(key) + 1}` : `.${key}`;
    here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[key] : undefined;
  }
  return wire;
}
