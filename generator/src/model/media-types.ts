import { type BodyKind, bodyKind } from '../../runtime/media.js';
import { pointerToken, SpecError } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../load/refs.js';

export { bodyKind };

import type { EncodingModel, RequestMediaModel } from './api-model.js';

/**
 * The media types of a request body (OpenAPI 3.1 section 4.8.13, Request Body Object `content`),
 * each with how the client writes it: JSON-like types (`application/json;charset=utf-8`,
 * `application/merge-patch+json`, `application/vnd.x+json`) as JSON, `x-www-form-urlencoded` and
 * `multipart/form-data` by their Encoding Objects (section 4.8.15), text and XML as the string
 * given, anything else as the bytes given. The first JSON-like type is the default, else the
 * first listed: the caller picks another with `contentType`.
 */
export function requestMedia(content: JsonObject, at: string): RequestMediaModel[] {
  const media = Object.entries(content).map(([mediaType, raw]): RequestMediaModel => {
    const object = isObject(raw) ? raw : {};
    const kind: BodyKind = bodyKind(mediaType);
    const encoding = kind === 'form' || kind === 'multipart' ? encodings(object.encoding, `${at}/${pointerToken(mediaType)}`) : undefined;
    return { mediaType, kind, schema: object.schema ?? {}, ...(encoding ? { encoding } : {}) };
  });
  const json = media.findIndex((m) => m.kind === 'json');
  return json > 0 ? [media[json]!, ...media.filter((_, i) => i !== json)] : media;
}

function encodings(raw: Json | undefined, at: string): Record<string, EncodingModel> | undefined {
  if (!isObject(raw)) return undefined;
  const found: Record<string, EncodingModel> = {};
  for (const [name, entry] of Object.entries(raw)) {
    if (!isObject(entry)) continue;
    const style = entry.style;
    if (style !== undefined && style !== 'form' && style !== 'spaceDelimited' && style !== 'pipeDelimited' && style !== 'deepObject')
      throw new SpecError(
        `encoding style "${String(style)}" is not a style of a form body`,
        `${at}/encoding/${pointerToken(name)}/style`,
        'use form, spaceDelimited, pipeDelimited or deepObject',
      );
    found[name] = {
      ...(typeof entry.contentType === 'string' ? { contentType: entry.contentType } : {}),
      ...(typeof style === 'string' ? { style } : {}),
      ...(typeof entry.explode === 'boolean' ? { explode: entry.explode } : {}),
    };
  }
  return Object.keys(found).length ? found : undefined;
}
