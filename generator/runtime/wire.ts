/**
 * How a parameter's value travels: the one table of wire encodings. The generator decides each
 * parameter's encoding from its schema, `style`, `explode` and `content` (generator/src/model/
 * parameters.ts `wireEncodingOf`); the client encodes with `encodeWire`, and the mock and the
 * contract suite decode with `decodeWire` (contract-tests/mock/wire-decode.ts: no client
 * decodes its own requests, so the decoder is not shipped), from this one table.
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
 * | `formObject` | plain HTTP operation, a query object in `form` style, `explode: true` (the default) | `Key=v&Other=w` (OpenAPI `form`) |
 * | `commaObject`| an object with `explode: false` (query `form`; path, header `simple`) | `Name=Key,v,Other,w`            |
 *
 * A cookie parameter (`in: cookie`, style `form`) travels as the pairs of its encoding in the
 * Cookie header (cookie.ts `cookieText`): `Name=text; Other=text`, each text percent-encoded.
 *
 * `repeatList` and `flatObject` are Alibaba's RPC flattening: what @alicloud/pop-core
 * (`flatParams`, lib/rpc.js) and @alicloud/openapi-util (`query`, `flatMap`) write for the same
 * value; generator/test/runtime/wire.test.ts checks it against both on random inputs.
 */
export type WireEncoding =
  | 'plain'
  | 'json'
  | 'repeatList'
  | 'flatObject'
  | 'commaList'
  | 'formExplode'
  | 'deepObject'
  | 'formObject'
  | 'commaObject'
  /**
   * A path parameter in OpenAPI's label or matrix style, or simple style exploded (an RFC 6570
   * operator in the path key: `{.name}`, `{;name}`, `{name*}`): the whole expansion, its values
   * percent-encoded and its delimiters as they are (request.ts places it as it is).
   */
  | 'label'
  | 'labelExplode'
  | 'matrix'
  | 'matrixExplode'
  | 'simpleExplode'
  /** A query list of objects in form style: OpenAPI gives it no wire form, so a value given is refused (model/parameters.ts). */
  | 'noWireForm';

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

const NULL_IS_ABSENT: ReadonlySet<WireEncoding> = new Set(['formObject', 'commaObject', 'deepObject', 'formExplode', 'commaList']);

/** A decoded value -> the pairs that travel for parameter `name`. */
export function encodeWire(encoding: WireEncoding, name: string, value: unknown): WirePair[] {
  // RFC 6570 section 2.3: a null value is undefined, so a list or object style expands to nothing
  // (a nullable object query parameter given null is left out, not a TypeError).
  if (value === null && NULL_IS_ABSENT.has(encoding)) return [];
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
    case 'formObject':
      return Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, scalarText(item)] as const);
    case 'commaObject':
      return [
        [
          name,
          Object.entries(value as Record<string, unknown>)
            .filter(([, item]) => item !== undefined)
            .flatMap(([key, item]) => [key, scalarText(item)])
            .join(','),
        ],
      ];
    case 'label':
    case 'labelExplode':
    case 'matrix':
    case 'matrixExplode':
    case 'simpleExplode':
      return [[name, pathExpansion(encoding, name, value)]];
    case 'noWireForm':
      throw new TypeError(
        `parameter ${JSON.stringify(name)} cannot be sent: the spec gives a list of objects in form style, for which OpenAPI defines no wire form (servers read it as JSON, as brackets or as repeated pairs); leave it out, or ask for the spec to describe it with content: application/json`,
      );
    default:
      return [[name, scalarText(value)]];
  }
}

/**
 * OpenAPI 3.1 section 4.8.12.4.x (style values and their examples, after RFC 6570 section 3.2):
 * for `color`, label `.blue` `.blue,black` `.R,100,G,200` (exploded `.blue.black` `.R=100.G=200`),
 * matrix `;color=blue` `;color=blue,black` `;color=R,100,G,200` (exploded `;color=blue;color=black`
 * `;R=100;G=200`), simple exploded `R=100,G=200`.
 */
function pathExpansion(encoding: WireEncoding, name: string, value: unknown): string {
  const text = (item: unknown) => encodeURIComponent(scalarText(item));
  const explode = encoding.endsWith('Explode');
  const entries: [string, unknown][] | undefined =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.entries(value).filter(([, item]) => item !== undefined)
      : undefined;
  const items = Array.isArray(value) ? value : undefined;
  const key = encodeURIComponent(name);
  if (encoding === 'simpleExplode')
    return entries ? entries.map(([k, v]) => `${encodeURIComponent(k)}=${text(v)}`).join(',') : (items ?? [value]).map(text).join(',');
  if (encoding.startsWith('label')) {
    if (entries) return `.${entries.map(([k, v]) => `${encodeURIComponent(k)}${explode ? '=' : ','}${text(v)}`).join(explode ? '.' : ',')}`;
    return `.${(items ?? [value]).map(text).join(explode ? '.' : ',')}`;
  }
  if (entries) {
    return explode
      ? entries.map(([k, v]) => `;${encodeURIComponent(k)}=${text(v)}`).join('')
      : `;${key}=${entries.map(([k, v]) => `${encodeURIComponent(k)},${text(v)}`).join(',')}`;
  }
  if (items) return explode ? items.map((item) => `;${key}=${text(item)}`).join('') : `;${key}=${items.map(text).join(',')}`;
  return `;${key}=${text(value)}`;
}
