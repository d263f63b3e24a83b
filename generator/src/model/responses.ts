import { pointerToken, SpecError } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ExampleModel, ResponseModel } from './api-model.js';

/**
 * The operation's responses (OpenAPI 3.1 section 4.8.16): the lowest 2xx is the success the
 * client returns, every 4xx/5xx (and `default`) an error body it turns into ApiError.
 */
export function responseModels(
  document: JsonObject,
  responses: JsonObject,
  at: string,
): { success: ResponseModel; errors: ResponseModel[] } {
  const models: ResponseModel[] = [];
  for (const [code, raw] of Object.entries(responses)) {
    const codeAt = `${at}/${pointerToken(code)}`;
    // OpenAPI 3.1 section 4.8.16.2 allows ranges ("2XX"), but the client needs the exact status
    // to type the body by; say that, rather than call "2XX" an unknown code.
    if (/^[1-5]XX$/i.test(code)) {
      throw new SpecError(
        `response code range "${code}" is not supported`,
        codeAt,
        `list the exact statuses instead, e.g. "${code.charAt(0)}00"`,
      );
    }
    const status = code === 'default' ? 0 : /^\d{3}$/.test(code) ? Number(code) : NaN;
    if (!Number.isInteger(status) || (status !== 0 && (status < 100 || status > 599))) {
      throw new SpecError(
        `response code "${code}" is not an HTTP status`,
        codeAt,
        'use an HTTP status from 100 to 599 such as 200 or 404, or default',
      );
    }
    const response = deref(document, raw, codeAt);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    models.push({
      status,
      mediaTypes: Object.keys(content),
      examples: mediaExamples(document, content, `${codeAt}/content`),
      schemas: Object.fromEntries(
        Object.entries(content).flatMap(([type, media]) => (isObject(media) && media.schema !== undefined ? [[type, media.schema]] : [])),
      ),
    });
  }
  const success = models.filter((m) => m.status >= 200 && m.status < 300).sort((a, b) => a.status - b.status)[0];
  if (!success) throw new SpecError('the operation has no 2xx response', at, 'the client needs one to know what success looks like');
  return { success, errors: models.filter((m) => m.status === 0 || m.status >= 400) };
}

/** Named examples of each media type (`examples`) and the single `example`, values resolved. */
export function mediaExamples(document: JsonObject, content: JsonObject, at: string): ExampleModel[] {
  const found: ExampleModel[] = [];
  for (const [mediaType, media] of Object.entries(content)) {
    if (!isObject(media)) continue;
    if (media.example !== undefined) found.push({ name: 'example', mediaType, value: media.example });
    if (isObject(media.examples)) {
      for (const [name, raw] of Object.entries(media.examples)) {
        const example = deref(document, raw, `${at}/${pointerToken(mediaType)}/examples/${pointerToken(name)}`);
        if (isObject(example) && example.value !== undefined) found.push({ name, mediaType, value: example.value as Json });
      }
    }
  }
  return found;
}
