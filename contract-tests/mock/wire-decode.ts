/**
 * The wire decoder: the pairs that travelled -> each parameter's decoded value, the inverse of
 * the client's `encodeWire` (generator/runtime/wire.ts, the table of encodings). It lives with
 * the kit because only the mock, the stand-in and the contract suite read requests; a generated
 * client never decodes one, so it does not ship this code. generator/test/runtime/wire.test.ts
 * checks encode -> decode round trips against it.
 */
import type { WireEncoding, WirePair } from '../../generator/src/api.js';

/** The schema facts decoding needs: which JSON type a scalar's text stands for. */
export interface WireSchemaHint {
  /** The JSON type of the value (`integer`, `number`, `boolean`, `string`, `array`, `object`). */
  type?: string;
  /** For an array: its items; for an object: its properties. */
  items?: WireSchemaHint;
  properties?: Record<string, WireSchemaHint>;
  /** For a map (an object with additionalProperties and no named properties): its values. */
  additional?: WireSchemaHint;
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
    case 'formObject': {
      // Each property is its own pair: the schema's property names say which pairs are this object's.
      // A map names no properties: every pair given is one of its entries (the caller leaves out the other parameters' pairs).
      const keys = Object.keys(hint.properties ?? {});
      const mine = hint.additional ? pairs : pairs.filter(([n]) => keys.includes(n));
      if (mine.length === 0) return undefined;
      return {
        value: Object.fromEntries(mine.map(([key, text]) => [key, scalarValue(text, hint.properties?.[key] ?? hint.additional)])),
      };
    }
    case 'commaObject': {
      const text = pairs.find(([n]) => n === name)?.[1];
      if (text === undefined) return undefined;
      const parts = text === '' ? [] : text.split(',');
      if (parts.length % 2) return { error: { parameter: name, reason: 'must be key,value pairs separated by commas' } };
      const value: Record<string, unknown> = {};
      for (let i = 0; i < parts.length; i += 2) value[parts[i]!] = scalarValue(parts[i + 1]!, hint.properties?.[parts[i]!]);
      return { value };
    }
    case 'simpleExplode':
    case 'label':
    case 'labelExplode':
    case 'matrix':
    case 'matrixExplode': {
      const text = pairs.find(([n]) => n === name)?.[1];
      return text === undefined ? undefined : { value: expansionValue(encoding, name, text, hint) };
    }
    case 'noWireForm': {
      // OpenAPI gives it no wire form: whatever travels under its name (JSON, brackets, Name.1.Key) is kept as text.
      const texts = pairs.filter(([n]) => n === name || n.startsWith(`${name}.`) || n.startsWith(`${name}[`)).map(([, t]) => t);
      return texts.length === 0 ? undefined : { value: texts };
    }
    default: {
      const text = pairs.find(([n]) => n === name)?.[1];
      return text === undefined ? undefined : { value: scalarValue(text, hint) };
    }
  }
}

/**
 * A path segment in label, matrix or exploded simple style (OpenAPI 3.1 section 4.8.12.4, after
 * RFC 6570 section 3.2) -> its value, the inverse of runtime/wire.ts `pathExpansion`: label `.a,b`
 * (`.a.b` exploded), matrix `;name=a,b` (`;name=a;name=b`), an object's keys and values as
 * `k,v` pairs, or `k=v` when exploded.
 */
function expansionValue(encoding: WireEncoding, name: string, text: string, hint: WireSchemaHint): unknown {
  const explode = encoding.endsWith('Explode');
  let body = text;
  let separator = ',';
  if (encoding.startsWith('label')) {
    body = text.replace(/^\./, '');
    if (explode) separator = '.';
  } else if (encoding.startsWith('matrix')) {
    if (explode) {
      body = text.replace(/^;/, '');
      separator = ';';
    } else body = text.replace(new RegExp(`^;${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`), '');
  }
  const parts = body === '' ? [] : body.split(separator);
  // Exploded matrix items each carry the name (`;id=3;id=4`); exploded object entries carry their key (`k=v`).
  const unnamed = (part: string) => (encoding === 'matrixExplode' && hint.type !== 'object' ? part.replace(/^[^=]*=/, '') : part);
  if (hint.type === 'object') {
    const value: Record<string, unknown> = {};
    if (explode || encoding === 'simpleExplode')
      for (const part of parts) {
        const at = part.indexOf('=');
        if (at > 0) value[part.slice(0, at)] = scalarValue(part.slice(at + 1), hint.properties?.[part.slice(0, at)] ?? hint.additional);
      }
    else
      for (let i = 0; i + 1 < parts.length; i += 2)
        value[parts[i]!] = scalarValue(parts[i + 1]!, hint.properties?.[parts[i]!] ?? hint.additional);
    return value;
  }
  if (hint.type === 'array') return parts.map((part) => scalarValue(unnamed(part), hint.items));
  return scalarValue(unnamed(body), hint);
}

/** Text -> the JSON value the schema expects, when the text is one; else the text itself. */
function scalarValue(text: string, hint: WireSchemaHint | undefined): unknown {
  switch (hint?.type) {
    case 'integer':
    case 'number':
      return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'object':
    case 'array':
      // An object or list in a scalar's place travels as its JSON text (runtime/wire.ts scalarText).
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
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
