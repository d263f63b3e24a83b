/**
 * runtime/media.ts from its source: which media types are read how (one rule for the generator
 * and the client), and a form body per the Encoding Object's styles (OpenAPI 3.1 section
 * 4.8.15.4, RFC 6570). The wire-bodies test sends these through a generated client; this table
 * covers the styles one spec cannot hold all of.
 */
import { describe, expect, it } from 'vitest';
import { type BodyKind, bodyKind, decodeBody, encodeBody, type PartEncoding } from '../../runtime/media.js';

describe('bodyKind', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json;charset=utf-8', 'json'],
    ['Application/JSON ; charset=UTF-8', 'json'],
    ['application/merge-patch+json', 'json'],
    ['application/json-patch+json', 'json'],
    ['application/vnd.x+json', 'json'],
    ['application/problem+json', 'json'],
    ['application/ld+json', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['multipart/form-data', 'multipart'],
    ['text/plain', 'text'],
    ['text/xml', 'text'],
    ['application/xml', 'text'],
    ['application/atom+xml', 'text'],
    ['text/csv; charset=utf-8', 'text'],
    ['application/octet-stream', 'binary'],
    ['image/png', 'binary'],
    ['*/*', 'binary'],
    ['application/jsonl', 'binary'],
  ] as [string, BodyKind][])('%s -> %s', (type, want) => {
    expect(bodyKind(type)).toBe(want);
  });
});

const form = (value: unknown, encoding: Record<string, PartEncoding> = {}) =>
  encodeBody({ type: 'application/x-www-form-urlencoded', kind: 'form', encoding }, value).then((e) => e.body);

describe('a form body by the Encoding Object', () => {
  it.each([
    ['scalars, spaces as +, reserved characters encoded', { a: 'x y', b: 1, c: true, d: '&=' }, {}, 'a=x+y&b=1&c=true&d=%26%3D'],
    ['undefined and null left out', { a: undefined, b: null, c: '' }, {}, 'c='],
    ['a list, form explode (default): repeated', { t: ['x', 'y'] }, {}, 't=x&t=y'],
    ['a list, form, explode false: comma-joined', { t: ['x', 'y'] }, { t: { style: 'form', explode: false } }, 't=x%2Cy'],
    ['a list, spaceDelimited', { t: ['x', 'y'] }, { t: { style: 'spaceDelimited', explode: false } }, 't=x+y'],
    ['a list, pipeDelimited', { t: ['x', 'y'] }, { t: { style: 'pipeDelimited', explode: false } }, 't=x%7Cy'],
    ['an object with no style: its JSON (contentType defaults to application/json)', { o: { k: 'v' } }, {}, 'o=%7B%22k%22%3A%22v%22%7D'],
    ['an object, deepObject', { o: { k: 'v', n: 2 } }, { o: { style: 'deepObject' } }, 'o%5Bk%5D=v&o%5Bn%5D=2'],
    ['an object, form explode: its own pairs', { o: { k: 'v' } }, { o: { style: 'form', explode: true } }, 'k=v'],
    [
      'an object, form, explode false: key,value,...',
      { o: { k: 'v', j: 'w' } },
      { o: { style: 'form', explode: false } },
      'o=k%2Cv%2Cj%2Cw',
    ],
    ['a list with a JSON contentType: one JSON value', { t: ['x'] }, { t: { contentType: 'application/json' } }, 't=%5B%22x%22%5D'],
  ] as [string, unknown, Record<string, PartEncoding>, string][])('%s', async (_name, value, encoding, want) => {
    expect(await form(value, encoding)).toBe(want);
  });
});

describe('other bodies', () => {
  it.each([
    [
      'a wildcard binary type is sent as application/octet-stream',
      { type: '*/*', kind: 'binary' as const },
      Uint8Array.of(1),
      'application/octet-stream',
    ],
    [
      "a Blob's own type wins over the documented one",
      { type: 'application/octet-stream', kind: 'binary' as const },
      new Blob(['x'], { type: 'image/png' }),
      'image/png',
    ],
    ['a text wildcard is sent as text/plain', { type: 'text/*', kind: 'text' as const }, 'hi', 'text/plain'],
    [
      'a JSON type is sent as written, parameters kept',
      { type: 'application/json; charset=utf-8', kind: 'json' as const },
      { a: 1 },
      'application/json; charset=utf-8',
    ],
  ])('%s', async (_name, media, value, contentType) => {
    expect((await encodeBody(media, value)).contentType).toBe(contentType);
  });

  it('reads an answer by its kind; broken JSON is undefined (the caller reports its first bytes)', () => {
    expect(decodeBody('json', '{"a":1}', undefined)).toEqual({ value: { a: 1 } });
    expect(decodeBody('json', '{"a":', undefined)).toBeUndefined();
    expect(decodeBody('text', '<a/>', undefined)).toEqual({ value: '<a/>' });
    const bytes = decodeBody('binary', '', Buffer.from([0, 255]))!.value;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect([...(bytes as Uint8Array)]).toEqual([0, 255]);
  });
});
