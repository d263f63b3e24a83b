import { pointerToken, SpecError } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ExampleModel, ResponseModel } from './api-model.js';

/**
 * The operation's responses (OpenAPI 3.1 section 4.8.16): exact statuses, ranges (`4XX`,
 * section 4.8.16.2) and `default`. The success the client returns is the lowest 2xx, else
 * `2XX`, else `default` (an operation documenting only `default` documents its success there);
 * an operation with none of these still has a success: a 200 of no documented content. Every
 * 4xx/5xx, `4XX`/`5XX` and `default` is an error body the client turns into ApiError.
 */
export function responseModels(
  document: JsonObject,
  responses: JsonObject,
  at: string,
): { success: ResponseModel; errors: ResponseModel[] } {
  const models: ResponseModel[] = [];
  for (const [code, raw] of Object.entries(responses)) {
    const codeAt = `${at}/${pointerToken(code)}`;
    const range = /^[1-5]XX$/i.test(code);
    const status = code === 'default' ? 0 : range ? Number(code.charAt(0)) * 100 : /^\d{3}$/.test(code) ? Number(code) : NaN;
    if (!Number.isInteger(status) || (status !== 0 && (status < 100 || status > 599))) {
      throw new SpecError(
        `response code "${code}" is not an HTTP status`,
        codeAt,
        'use an HTTP status from 100 to 599 such as 200 or 404, a range such as 4XX, or default',
      );
    }
    const response = deref(document, raw, codeAt);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    models.push({
      status,
      code: range ? code.toUpperCase() : code,
      ...(range ? { range: true as const } : {}),
      mediaTypes: Object.keys(content),
      examples: mediaExamples(document, content, `${codeAt}/content`),
      schemas: Object.fromEntries(
        Object.entries(content).flatMap(([type, media]) => (isObject(media) && media.schema !== undefined ? [[type, media.schema]] : [])),
      ),
    });
  }
  const twoHundreds = models
    .filter((m) => m.status >= 200 && m.status < 300)
    .sort((a, b) => Number(!!a.range) - Number(!!b.range) || a.status - b.status);
  const success = twoHundreds[0] ??
    models.find((m) => m.status === 0) ?? { status: 200, code: '200', mediaTypes: [], examples: [], schemas: {} };
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
