import type { OperationModel } from '../../generator/src/api.js';
import type { ModelAjv } from '../support/model-ajv.js';
import type { WireSchemaHint } from './wire-decode.js';

/**
 * The request body of a plain HTTP operation read by the media type it came in (OpenAPI 3.1
 * section 4.8.13: the body is validated by its media type's schema), the inverse of the
 * client's writer (generator/runtime/media.ts): JSON parsed; `x-www-form-urlencoded` into an
 * object, a repeated name a list, each value typed by the schema's property (section 4.8.15.4);
 * `multipart/form-data` into an object, one part per property, a file part its bytes as text
 * (RFC 7578); text under a string schema as the string. Each is then checked against that media
 * type's schema. An XML body (the schema describes the object the XML stands for, with no XML
 * shape in the model for a request) and a binary one are checked for presence only.
 */
export type BodyVerdict =
  | { ok: true; value: unknown }
  | { ok: false; parameter: 'body'; code: 'MissingParameter' | 'InvalidParameter'; reason: string };

export type BodyCheck = (contentType: string, bytes: Buffer) => Promise<BodyVerdict>;

type Media = NonNullable<OperationModel['requestBody']>['media'][number];

export function bodyCheck(
  ajv: ModelAjv,
  body: NonNullable<OperationModel['requestBody']>,
  hintOf: (schema: unknown) => WireSchemaHint,
): BodyCheck {
  const checks = new Map(body.media.map((media) => [media, checked(ajv, media, hintOf)] as const));
  return async (contentType, bytes) => {
    if (bytes.length === 0)
      return body.required
        ? { ok: false, parameter: 'body', code: 'MissingParameter', reason: 'is not supplied' }
        : { ok: true, value: undefined };
    // A media type the operation does not document is Prism's to refuse (415), with the body as it came.
    const media = body.media.find((m) => matches(m.mediaType, contentType));
    if (!media) return { ok: true, value: bytes.toString('utf8') };
    return checks.get(media)!(contentType, bytes);
  };
}

function checked(ajv: ModelAjv, media: Media, hintOf: (schema: unknown) => WireSchemaHint): BodyCheck {
  const hint = hintOf(media.schema);
  const text = media.kind === 'text' && hint.type === 'string';
  const validate =
    media.kind === 'json' || media.kind === 'form' || media.kind === 'multipart' || text ? ajv.compile(media.schema) : undefined;
  return async (contentType, bytes) => {
    let value: unknown;
    if (media.kind === 'json') {
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch {
        return { ok: false, parameter: 'body', code: 'InvalidParameter', reason: 'is not valid JSON' };
      }
    } else if (media.kind === 'form') value = formValue(new URLSearchParams(bytes.toString('utf8')), hint);
    else if (media.kind === 'multipart') {
      const parts = await multipartParts(contentType, bytes);
      if (parts === undefined) return { ok: false, parameter: 'body', code: 'InvalidParameter', reason: 'is not multipart/form-data' };
      value = formValue(parts, hint);
    } else value = bytes.toString(media.kind === 'binary' ? 'latin1' : 'utf8');
    if (!validate || validate(value)) return { ok: true, value };
    const error = validate.errors?.[0];
    return {
      ok: false,
      parameter: 'body',
      code: 'InvalidParameter',
      reason: `${error?.instancePath || ''} ${error?.message ?? 'is not valid'}`.trim(),
    };
  };
}

/** Form fields -> the object they write: a name given twice (or a list property) a list, texts typed by the schema. */
function formValue(fields: Iterable<[string, string]>, hint: WireSchemaHint): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [name, text] of fields) {
    const property = hint.properties?.[name] ?? hint.additional;
    const item = typed(text, property?.type === 'array' ? property.items : property);
    const earlier = value[name];
    if (Array.isArray(earlier)) earlier.push(item);
    // A list property is a list even of one; another name given twice becomes one.
    else value[name] = property?.type === 'array' ? [item] : name in value ? [earlier, item] : item;
  }
  return value;
}

function typed(text: string, hint: WireSchemaHint | undefined): unknown {
  if ((hint?.type === 'integer' || hint?.type === 'number') && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (hint?.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  // An object or list property travels as its JSON text (runtime/media.ts: an object with no style).
  if (hint?.type === 'object' || hint?.type === 'array') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** RFC 7578 parts as name -> text (a file part's bytes as latin1 text, one character a byte), by the platform's own parser. */
async function multipartParts(contentType: string, bytes: Buffer): Promise<[string, string][] | undefined> {
  try {
    const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((part, name) => void entries.push([name, part]));
    const parts: [string, string][] = [];
    for (const [name, part] of entries)
      parts.push([name, typeof part === 'string' ? part : Buffer.from(await part.arrayBuffer()).toString('latin1')]);
    return parts;
  } catch {
    return undefined;
  }
}

/** Whether a request's Content-Type is a documented media type: its essence, or a wildcard's (`image/*`, `*\/*`). */
function matches(documented: string, contentType: string): boolean {
  const essence = (type: string) => (type.split(';')[0] ?? '').trim().toLowerCase();
  const [want, got] = [essence(documented), essence(contentType)];
  if (want === got || want === '*/*') return true;
  return want.endsWith('/*') && got.startsWith(want.slice(0, -1));
}
