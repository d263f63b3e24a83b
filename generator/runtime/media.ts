import { randomUUID } from 'node:crypto';

/**
 * How a body of a media type is written and read: `json` (`application/json`, with parameters or
 * a `+json` suffix: `application/merge-patch+json`, `application/problem+json`), `form`
 * (`application/x-www-form-urlencoded`), `multipart` (`multipart/form-data`), `text` (`text/*`
 * and XML: the string as it is), `binary` (anything else: bytes). One rule, read by the
 * generator (model/media-types.ts) and by the client.
 */
export type BodyKind = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** A request body media type the client can send, as the operation descriptor lists it. */
export interface BodyMedia {
  /** The media type as the spec writes it: the Content-Type sent (a wildcard becomes a concrete type). */
  type: string;
  kind: BodyKind;
  /** Form and multipart bodies: the Encoding Object of each property (OpenAPI 3.1 section 4.8.15). */
  encoding?: Readonly<Record<string, PartEncoding>>;
}

export interface PartEncoding {
  contentType?: string;
  style?: string;
  explode?: boolean;
}

/** A body written out: the bytes (or text) that travel and the Content-Type that names them. */
export interface EncodedBody {
  contentType: string;
  body: string | Uint8Array;
}

/** `type/subtype` in lower case, parameters dropped (RFC 9110 section 8.3.1: the essence of a media type). */
export function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

export function bodyKind(mediaType: string): BodyKind {
  const type = essence(mediaType);
  if (/^[\w.-]+\/([\w.-]+\+)?json$/.test(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  if (type.startsWith('text/') || /^application\/([\w.-]+\+)?xml$/.test(type)) return 'text';
  return 'binary';
}

/** The body `value` as `media` says it travels. Async only because a Blob's bytes are read so. */
export async function encodeBody(media: BodyMedia, value: unknown): Promise<EncodedBody> {
  switch (media.kind) {
    case 'json':
      return { contentType: media.type, body: JSON.stringify(value) };
    case 'form':
      return { contentType: media.type, body: formBody(value, media.encoding ?? {}) };
    case 'multipart':
      return multipartBody(value, media.encoding ?? {});
    case 'text':
      return { contentType: concrete(media.type, 'text/plain'), body: String(value) };
    default: {
      const blob = isBlob(value) ? value : undefined;
      return { contentType: blob?.type || concrete(media.type, 'application/octet-stream'), body: await bytesOf(value) };
    }
  }
}

/** A wildcard (`*\/*`, `image/*`) names what may be sent, not what is: the fallback is sent instead. */
function concrete(type: string, fallback: string): string {
  return type.includes('*') ? fallback : type;
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

async function bytesOf(value: unknown): Promise<Uint8Array | string> {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (isBlob(value)) return new Uint8Array(await value.arrayBuffer());
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !isBlob(value);

const jsonLike = (contentType: string | undefined) => contentType !== undefined && bodyKind(contentType) === 'json';

const DELIMITERS: Record<string, string> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/**
 * `application/x-www-form-urlencoded` (OpenAPI 3.1 section 4.8.15.4, Encoding Object with
 * RFC 6570 styles): a property's value is written by its `style` (default `form`) and `explode`
 * (default true for `form`): a list as repeated names (`tag=a&tag=b`) or one delimited value, an
 * object in `deepObject` style as `name[key]=v`, in an explicit `form` style as its own pairs;
 * an object with no style, or any value whose `contentType` is JSON, is its JSON text (the
 * Encoding Object's default contentType for an object is `application/json`). Spaces travel as `+`.
 */
function formBody(value: unknown, encoding: Readonly<Record<string, PartEncoding>>): string {
  const pairs = new URLSearchParams();
  if (!isPlainObject(value)) return String(value ?? '');
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    const rule = encoding[name] ?? {};
    const style = rule.style ?? 'form';
    const explode = rule.explode ?? style === 'form';
    if (jsonLike(rule.contentType) && rule.style === undefined) pairs.append(name, JSON.stringify(item));
    else if (Array.isArray(item)) {
      const texts = item.map(scalarText);
      if (explode) for (const text of texts) pairs.append(name, text);
      else pairs.append(name, texts.join(DELIMITERS[style] ?? ','));
    } else if (isPlainObject(item)) {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined);
      if (style === 'deepObject') for (const [key, v] of entries) pairs.append(`${name}[${key}]`, scalarText(v));
      else if (rule.style === undefined) pairs.append(name, JSON.stringify(item));
      else if (explode) for (const [key, v] of entries) pairs.append(key, scalarText(v));
      else pairs.append(name, entries.flatMap(([key, v]) => [key, scalarText(v)]).join(','));
    } else pairs.append(name, scalarText(item));
  }
  return pairs.toString();
}

function scalarText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * `multipart/form-data` (RFC 7578; OpenAPI 3.1 section 4.8.15.5): one part per property, a list
 * as one part per item. A Blob, Uint8Array or ArrayBuffer is a file part (its name a Blob/File's
 * `name` when it has one, else the property's), of the Encoding Object's contentType, else the
 * Blob's type, else `application/octet-stream`; an object is JSON (`application/json`); any other
 * value its text. Names are escaped as the WHATWG form encoder does (`"` as %22, CR and LF).
 */
async function multipartBody(value: unknown, encoding: Readonly<Record<string, PartEncoding>>): Promise<EncodedBody> {
  const boundary = `slbkit-${randomUUID()}`;
  const chunks: Uint8Array[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, 'utf8'));
  const entries = isPlainObject(value) ? Object.entries(value) : [];
  for (const [name, item] of entries) {
    if (item === undefined || item === null) continue;
    const rule = encoding[name] ?? {};
    for (const part of Array.isArray(item) && !jsonLike(rule.contentType) ? item : [item]) {
      const file = part instanceof Uint8Array || part instanceof ArrayBuffer || isBlob(part);
      const json = !file && (isPlainObject(part) || Array.isArray(part) || jsonLike(rule.contentType));
      const fileName = file ? ((part as { name?: unknown }).name ?? name) : undefined;
      const type =
        rule.contentType ?? (file ? (isBlob(part) && part.type) || 'application/octet-stream' : json ? 'application/json' : undefined);
      text(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`);
      if (fileName !== undefined) text(`; filename="${escapeName(String(fileName))}"`);
      text(`\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`);
      if (file) chunks.push((await bytesOf(part)) as Uint8Array);
      else text(json ? JSON.stringify(part) : String(part));
      text('\r\n');
    }
  }
  text(`--${boundary}--\r\n`);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

function escapeName(name: string): string {
  return name.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/**
 * A response body as its Content-Type says (else as the operation documents it for that
 * status): JSON parsed, text as a string, anything else as bytes. `undefined` when JSON was
 * promised but the text does not parse (the caller reports its first bytes).
 */
export function decodeBody(kind: BodyKind, text: string, bytes: Uint8Array | undefined): { value: unknown } | undefined {
  if (kind === 'json') {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return undefined;
    }
  }
  if (kind === 'binary' || kind === 'multipart') {
    // A plain Uint8Array over the bytes (not a Buffer: what the type says, and what a caller compares).
    const buffer = bytes ?? Buffer.from(text, 'utf8');
    return { value: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  }
  return { value: text };
}
