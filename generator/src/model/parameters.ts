import { SpecError, pointerToken } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { FixedParameter, ParameterLocation, ParameterModel } from './api-model.js';

/**
 * Alibaba RPC common parameters that signature V1 writes (Alibaba "Request structure":
 * Format, AccessKeyId, Signature, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
 * SecurityToken). They describe the wire; the caller never passes them.
 */
export const SIGNER_OWNED = ['Format', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp', 'SecurityToken'];

interface RawParameter {
  at: string;
  object: JsonObject;
}

/**
 * Path-item parameters and operation parameters merged as OpenAPI 3.1 section 4.8.9.1 says:
 * an operation's parameter overrides the path item's one with the same name and location.
 */
export function mergeParameters(document: JsonObject, itemParams: Json | undefined, opParams: Json | undefined, itemAt: string, opAt: string): RawParameter[] {
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

/** The single value a schema allows (`const`, or an `enum` of one), if it has one. */
export function singleValue(document: JsonObject, schema: Json | undefined, at: string): string | undefined {
  const resolved = schema === undefined ? undefined : deref(document, schema, at);
  if (!isObject(resolved)) return undefined;
  if (typeof resolved.const === 'string') return resolved.const;
  if (Array.isArray(resolved.enum) && resolved.enum.length === 1 && typeof resolved.enum[0] === 'string') return resolved.enum[0];
  return undefined;
}

/** One parameter object -> its model: where it goes, how it is encoded, what schema its value has. */
export function parameterModel(raw: RawParameter, rpc: boolean): ParameterModel {
  const { object, at } = raw;
  const name = String(object.name);
  let schema: Json;
  let wireEncoding: ParameterModel['wireEncoding'] = 'plain';
  if (isObject(object.content)) {
    const [mediaType, media] = Object.entries(object.content)[0]!;
    if (!/^application\/([\w.+-]+\+)?json$/.test(mediaType)) {
      throw new SpecError(`parameter "${name}" uses content "${mediaType}"`, `${at}/content`, 'only JSON-encoded parameters (application/json) are supported');
    }
    if (!isObject(media) || media.schema === undefined) throw new SpecError(`parameter "${name}": content has no schema`, `${at}/content/${pointerToken(mediaType)}`);
    schema = media.schema;
    wireEncoding = 'json';
  } else {
    schema = object.schema ?? {};
    if (object.style !== undefined && object.style !== 'form' && object.style !== 'simple') {
      throw new SpecError(`parameter "${name}" uses style "${String(object.style)}"`, `${at}/style`, 'supported: form (query) and simple (path, header)');
    }
  }
  const required = object.required === true || object.in === 'path';
  return {
    name,
    in: object.in as ParameterLocation,
    required,
    wireEncoding,
    schema,
    ...(typeof object.description === 'string' ? { description: object.description.trim() } : {}),
    ...(rpc && name === 'RegionId' ? { clientDefault: 'regionId' as const } : {}),
  };
}

export function fixedParameter(document: JsonObject, raw: RawParameter): FixedParameter | undefined {
  const { object, at } = raw;
  if (object.required !== true || object.content !== undefined) return undefined;
  const value = singleValue(document, object.schema, `${at}/schema`);
  return value === undefined ? undefined : { name: String(object.name), in: object.in as ParameterLocation, value };
}
