import type { WireEncoding } from '../../runtime/wire.js';
import { pointerToken, SpecError } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import { specWarning } from '../load/warnings.js';
import type { ExampleModel, FixedParameter, ParameterLocation, ParameterModel } from './api-model.js';
import { mediaExamples } from './responses.js';

/**
 * Alibaba RPC common parameters that signature V1 writes (Alibaba "Request structure":
 * Format, AccessKeyId, Signature, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
 * SecurityToken). They describe the wire; the caller never passes them.
 */
export const SIGNER_OWNED = [
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'SecurityToken',
];

interface RawParameter {
  at: string;
  object: JsonObject;
}

/**
 * Path-item parameters and operation parameters merged as OpenAPI 3.1 section 4.8.9.1 says:
 * an operation's parameter overrides the path item's one with the same name and location.
 */
export function mergeParameters(
  document: JsonObject,
  itemParams: Json | undefined,
  opParams: Json | undefined,
  itemAt: string,
  opAt: string,
): RawParameter[] {
  const merged = new Map<string, RawParameter>();
  const add = (list: Json | undefined, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      const object = deref(document, entry, `${at}/${i}`) as JsonObject;
      merged.set(`${String(object.in)}:${String(object.name)}`, { at: `${at}/${i}`, object });
    });
  };
  add(itemParams, `${itemAt}/parameters`);
  add(opParams, `${opAt}/parameters`);
  return [...merged.values()];
}

/**
 * Two parameters of one operation may share a name in two locations (OpenAPI 3.1 section 4.8.12: a
 * parameter is unique by name and location; Kubernetes' `path` in path and in query, Mercure's
 * `Last-Event-ID` in query and in header). The client's input has one field per name, so one value
 * is sent to both places, where openapi-typescript types them apart: said once per name, with the
 * pointer of the second.
 */
export function warnSharedNames(parameters: RawParameter[]): void {
  const byName = new Map<string, RawParameter[]>();
  for (const raw of parameters) byName.set(String(raw.object.name), [...(byName.get(String(raw.object.name)) ?? []), raw]);
  for (const [name, shared] of byName) {
    if (shared.length < 2) continue;
    const places = shared.map((raw) => String(raw.object.in)).join(' and in ');
    specWarning(
      shared[1]!.at,
      `parameters named "${name}" in ${places}: the client's input has one "${name}" field, whose value is sent to each`,
      'rename one of them in the spec if they carry different values',
    );
  }
}

/** The single value a schema allows (`const`, or an `enum` of one), if it has one. */
export function singleValue(document: JsonObject, schema: Json | undefined, at: string): string | undefined {
  const resolved = schema === undefined ? undefined : deref(document, schema, at);
  if (!isObject(resolved)) return undefined;
  if (typeof resolved.const === 'string') return resolved.const;
  if (Array.isArray(resolved.enum) && resolved.enum.length === 1 && typeof resolved.enum[0] === 'string') return resolved.enum[0];
  return undefined;
}

/** One parameter object -> its model: where it goes, how it is encoded, what schema its value has. */
export function parameterModel(document: JsonObject, raw: RawParameter, rpc: boolean): ParameterModel {
  const { object, at } = raw;
  const name = String(object.name);
  let schema: Json;
  if (isObject(object.content)) {
    const [mediaType, media] = Object.entries(object.content)[0]!;
    if (!/^application\/([\w.+-]+\+)?json$/.test(mediaType)) {
      throw new SpecError(
        `parameter "${name}" uses content "${mediaType}"`,
        `${at}/content`,
        'only JSON-encoded parameters (application/json) are supported',
      );
    }
    if (!isObject(media) || media.schema === undefined)
      throw new SpecError(`parameter "${name}": content has no schema`, `${at}/content/${pointerToken(mediaType)}`);
    schema = media.schema;
  } else {
    schema = object.schema ?? {};
  }
  const required = object.required === true || object.in === 'path';
  return {
    name,
    in: object.in as ParameterLocation,
    required,
    wireEncoding: wireEncodingOf(document, object, schema, rpc, at),
    schema,
    ...(typeof object.description === 'string' ? { description: object.description.trim() } : {}),
    ...(rpc && name === 'RegionId' ? { clientDefault: 'regionId' as const } : {}),
    ...(object['x-slbkit-idempotency-token'] === true ? { idempotencyToken: true } : {}),
    ...(isSecretParameter(document, object, schema, at) ? { secret: true as const } : {}),
    examples: parameterExamples(document, raw),
  };
}

/** A parameter's named examples (`examples`, `example`, or its content's), values resolved. */
function parameterExamples(document: JsonObject, raw: RawParameter): ExampleModel[] {
  const { object, at } = raw;
  if (isObject(object.content))
    return mediaExamples(document, object.content, `${at}/content`).map((e) => ({ ...e, mediaType: 'parameters' }));
  const found: ExampleModel[] = [];
  if (object.example !== undefined) found.push({ name: 'example', mediaType: 'parameters', value: object.example });
  if (isObject(object.examples)) {
    for (const [name, entry] of Object.entries(object.examples)) {
      const example = deref(document, entry, `${at}/examples/${pointerToken(name)}`);
      if (isObject(example) && example.value !== undefined) found.push({ name, mediaType: 'parameters', value: example.value as Json });
    }
  }
  return found;
}

/** Names that say password, secret, token or key (`ClientSecret`, `db_password`, `X-Auth-Token`, `apiKey`, `PrivateKey`, `passphrase`), in any case. */
const SECRET_NAME = /(password|passwd|passphrase|pwd|secret|token|credentials?|(api|secret|private|access)[-_]?key)$/i;

/**
 * Whether the client must hide the value from debug lines, middleware and errors: the schema
 * says so (OpenAPI 3.1 section 4.2, Data Types: `format: password`, "a hint to UIs to obscure input";
 * JSON Schema `writeOnly`), or the name does. The idempotency token (build.ts `idempotency`: the
 * marked parameter, or a query ClientToken) is a fresh UUID the client makes itself, not a secret.
 */
function isSecretParameter(document: JsonObject, object: JsonObject, schema: Json, at: string): boolean {
  if (object['x-slbkit-idempotency-token'] === true || (object.in === 'query' && object.name === 'ClientToken')) return false;
  if (SECRET_NAME.test(String(object.name))) return true;
  const resolved = deref(document, schema, `${at}/schema`);
  return isObject(resolved) && (resolved.format === 'password' || resolved.writeOnly === true);
}

/** The JSON type a schema gives its value (`type`, or the one non-null entry of a type list). */
export function schemaType(document: JsonObject, schema: Json | undefined, at: string): string | undefined {
  const resolved = schema === undefined ? undefined : deref(document, schema, at);
  if (!isObject(resolved)) return undefined;
  if (typeof resolved.type === 'string') return resolved.type;
  if (Array.isArray(resolved.type)) {
    const types = resolved.type.filter((t) => t !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? types[0] : undefined;
  }
  return undefined;
}

/**
 * The wire encoding table (generator/runtime/wire.ts), decided from the parameter's schema,
 * `style`, `explode` and `content`. OpenAPI 3.1 section 4.8.12.4 ("Style Values"): `form` is the
 * query default and `simple` the path and header default; `explode` defaults to true for `form`
 * only. Alibaba's RPC actions flatten lists and objects (`Tag.1.Key=v`) where plain HTTP
 * operations use the standard forms (`tags=a&tags=b`).
 */
export function wireEncodingOf(document: JsonObject, object: JsonObject, schema: Json, rpc: boolean, at: string): WireEncoding {
  const name = String(object.name);
  if (isObject(object.content)) return 'json';
  const location = String(object.in);
  // Cookies: style form (section 4.8.12.4's default for cookie), sent in the Cookie header (wire.ts `cookieText`).
  const style = typeof object.style === 'string' ? object.style : location === 'query' || location === 'cookie' ? 'form' : 'simple';
  const allowed =
    location === 'query'
      ? ['form', 'deepObject']
      : location === 'cookie'
        ? ['form']
        : location === 'path'
          ? ['simple', 'label', 'matrix']
          : ['simple'];
  if (!allowed.includes(style)) {
    throw new SpecError(`parameter "${name}" uses style "${style}"`, `${at}/style`, `supported in ${location}: ${allowed.join(', ')}`);
  }
  if (rpc && style === 'deepObject') {
    throw new SpecError(
      `parameter "${name}" uses style "deepObject"`,
      `${at}/style`,
      'an RPC action sends objects flattened (Name.Key=value): remove style',
    );
  }
  const explode = typeof object.explode === 'boolean' ? object.explode : style === 'form';
  const type = schemaType(document, schema, `${at}/schema`);
  // Label and matrix styles, and an exploded object in simple style: the expansion of RFC 6570's
  // `{.name}`, `{;name}`, `{name*}` (load/path-templates.ts reads them from the path key).
  if (location === 'path' && style !== 'simple') return explode ? (`${style}Explode` as WireEncoding) : (style as WireEncoding);
  if (location === 'path' && explode && type === 'object') return 'simpleExplode';
  if (type === 'array') {
    const items = isObject(schema) ? deref(document, schema, `${at}/schema`) : {};
    const itemType = isObject(items) ? schemaType(document, items.items, `${at}/schema/items`) : undefined;
    const scalarItems = itemType !== 'array' && itemType !== 'object';
    if (location === 'cookie' && explode)
      throw new SpecError(
        `parameter "${name}": a list in a cookie has no exploded form`,
        `${at}/explode`,
        'set explode: false (name=a,b), or use content: application/json',
      );
    if (location !== 'query' || !explode) {
      if (!scalarItems)
        throw new SpecError(
          `parameter "${name}": a list of ${itemType}s cannot be sent as a comma list`,
          `${at}/schema/items`,
          'use content: application/json, or (RPC) explode: true for Name.1.Key=value',
        );
      return 'commaList';
    }
    if (rpc) return 'repeatList';
    // OpenAPI gives a list of objects in form style no wire form, and peers disagree (JSON per
    // item, brackets, [object Object]); Box's own API reads its `mdfilters` as one JSON array. No
    // guess: the method exists, and a value given for this parameter is refused at call time
    // (runtime/wire.ts 'noWireForm') with the fix; the spec is warned about here.
    if (!scalarItems) {
      specWarning(
        `${at}/schema/items`,
        `parameter "${name}": OpenAPI form style has no wire form for a list of ${itemType}s: the client refuses a value given for it`,
        'use content: application/json',
      );
      return 'noWireForm';
    }
    return 'formExplode';
  }
  if (type === 'object') {
    if (style === 'deepObject') return 'deepObject';
    if (rpc && location === 'query' && explode) return 'flatObject';
    // OpenAPI 3.1 section 4.8.12.4 (style examples): form explode `R=100&G=200`, form or simple
    // without explode `color=R,100,G,200`. RPC actions keep their flattening (Name.Key=value).
    if (!rpc && location !== 'cookie' && !explode) return 'commaObject';
    if (!rpc && location === 'query') return 'formObject';
    throw new SpecError(
      `parameter "${name}": an object in ${location} with style ${style}${explode ? '' : ', explode false'} is not supported`,
      `${at}/schema`,
      rpc
        ? 'leave explode at true (Name.Key=value), or use content: application/json'
        : location === 'cookie'
          ? 'use content: application/json'
          : 'set explode: false (Name=Key,value), or use content: application/json',
    );
  }
  if (style === 'deepObject')
    throw new SpecError(
      `parameter "${name}": style deepObject needs an object schema`,
      `${at}/style`,
      'remove style or make the schema an object',
    );
  return 'plain';
}

export function fixedParameter(document: JsonObject, raw: RawParameter): FixedParameter | undefined {
  const { object, at } = raw;
  if (object.required !== true || object.content !== undefined) return undefined;
  const value = singleValue(document, object.schema, `${at}/schema`);
  return value === undefined ? undefined : { name: String(object.name), in: object.in as ParameterLocation, value };
}

/**
 * Header parameters the client writes only in some operations (model/names.ts has those the
 * transport always owns). `Content-Type`: with a request body the client writes the body's media
 * type (from requestBody.content) unless the caller gives the parameter, whose value then wins
 * (with a warning); without a body the spec's value is sent. `Authorization`: an RPC action (signature V1, or V3 when the caller picks it) and
 * a V3-signed operation write their signature there; elsewhere the parameter's value is sent and
 * wins over a security scheme's (runtime/signers/spec-security.ts fills only what is unset).
 */
export function checkClientHeaders(raw: readonly RawParameter[], operation: { requestBody?: Json; rpc: boolean; signed: boolean }): void {
  for (const { object, at } of raw) {
    if (object.in !== 'header') continue;
    const name = String(object.name);
    const lower = name.toLowerCase();
    // The spec's value wins (runtime/request.ts): a value given replaces the body's media type in
    // the header, as S3's uploads need; the body is still encoded as the media type chosen.
    if (lower === 'content-type' && operation.requestBody !== undefined)
      specWarning(
        `${at}/name`,
        `header parameter "${name}" and the request body both set the Content-Type: a value given for the parameter is sent instead of the body's media type (a multipart body keeps its own)`,
        "list the body's media types under requestBody.content and remove the parameter",
      );
    if (lower === 'authorization' && (operation.rpc || operation.signed))
      throw new SpecError(
        `header parameter "${name}" is written by the client's transport or signer: ${operation.rpc ? 'an RPC action' : 'an operation with x-slbkit-signature: v3'} carries its signature there`,
        `${at}/name`,
        'remove it from the spec; the signer sets it on every request',
      );
  }
}
