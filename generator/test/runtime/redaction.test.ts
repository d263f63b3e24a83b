/**
 * The one redaction step (runtime/errors.ts `redactError` + `redactor`) on its own: every form
 * a secret travels in, and every place in an error a string can sit. The servers that make
 * real clients meet these are in hostile-answers.test.ts and faults.test.ts.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError, redactError, redactor, TransportError } from '../../runtime/errors.js';

const SECRET = 'Se cr+et/=!*(x)';
const once = encodeURIComponent(SECRET);
const rfc3986 = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('redactor: the forms a secret travels in', () => {
  it.each([
    ['raw', SECRET],
    ['percent-encoded once (encodeURIComponent)', once],
    ['percent-encoded once (RFC 3986, as signature V1 sends)', rfc3986],
    ['percent-encoded twice (V1 string to sign)', encodeURIComponent(rfc3986)],
    ['form-encoded (+ for a space)', once.replaceAll('%20', '+')],
    ['form-decoded (+ read back as a space)', SECRET.replaceAll('+', ' ')],
    ['lower-case hex', rfc3986.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
  ])('%s', (_name, form) => {
    const redact = redactor([SECRET]);
    const out = redact(`before ${form} after ${form}`);
    expect(out).toBe('before [redacted] after [redacted]');
  });

  // Inside a JSON string (RFC 8259 section 7) an encoder may escape any character but a letter
  // or digit: `\/` (PHP, gateways), `\u003d` (Gson), `\u002F`; any mix of them.
  const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  it.each([
    ['JSON, slashes as \\/', SECRET.replaceAll('/', '\\/')],
    ['JSON, = as \\u003d and + as \\u002b (Gson)', SECRET.replace(/[=+]/g, unicode)],
    [
      'JSON, every non-alphanumeric as an upper-case \\u escape',
      SECRET.replace(/[^A-Za-z0-9]/g, (c) => unicode(c).toUpperCase().replace('\\U', '\\u')),
    ],
    ['JSON, escaped and plain mixed', SECRET.replace('/', '\\u002F').replace('(', '\\u0028')],
    ['JSON, the percent-encoded form with its % escaped', rfc3986.replaceAll('%', '\\u0025')],
  ])('%s', (_name, form) => {
    expect(redactor([SECRET])(`before ${form} after`)).toBe('before [redacted] after');
  });

  it('a longer secret containing a shorter one leaves no tail (one pass, longest first)', () => {
    const query = `A=1&SecurityToken=${encodeURIComponent('tok')}&B=2`;
    expect(redactor(['tok', query])(`x ${query} y`)).toBe('x [redacted] y');
  });

  it.each([
    ['empty values', ['', ''], 'text', 'text'],
    ['values under 4 characters (they would match all over a message)', ['b', 'abc'], 'abc bytes', 'abc bytes'],
    ['the same letters in another case (only hex digits may change case)', ['Secret-Value'], 'SECRET-VALUE', 'SECRET-VALUE'],
  ])('%s are not searched for', (_name, secrets, text, want) => {
    expect(redactor(secrets)(text)).toBe(want);
  });
});

describe('redactError: every string of the error, structurally', () => {
  const redact = redactor([SECRET]);
  const rows: [string, () => Error, (e: Error) => string[]][] = [
    [
      'ApiError: message, serverMessage, hostId, recommend, requestId',
      () =>
        new ApiError('A', {
          status: 400,
          code: `C ${SECRET}`,
          message: `m ${once}`,
          requestId: `r ${SECRET}`,
          hostId: `h ${rfc3986}`,
          recommend: `u ${SECRET}`,
        }),
      (e) => {
        const a = e as ApiError;
        return [a.message, a.serverMessage, a.hostId!, a.recommend!, a.requestId!, a.code];
      },
    ],
    [
      'TransportError: bodyStart and a cause chain three deep',
      () =>
        new TransportError('A', `t ${SECRET}`, {
          bodyStart: SECRET,
          cause: new Error(`c1 ${SECRET}`, { cause: new Error(`c2 ${once}`, { cause: { note: SECRET } }) }),
        }),
      (e) => [String(e.cause), String((e.cause as Error).cause), JSON.stringify(((e.cause as Error).cause as Error).cause)],
    ],
    [
      'a field added later, not enumerable',
      () =>
        Object.defineProperty(new TransportError('A', 'x'), 'extra', {
          value: SECRET,
          enumerable: false,
          writable: true,
          configurable: true,
        }),
      (e) => [String((e as unknown as { extra: string }).extra)],
    ],
    [
      'a stack that is an accessor',
      () => {
        const e = new Error('x');
        Object.defineProperty(e, 'stack', { get: () => `Error: ${SECRET}`, configurable: true });
        return e;
      },
      (e) => [e.stack!],
    ],
    [
      'strings inside arrays',
      () => Object.assign(new Error('x'), { issues: [{ message: SECRET }] }),
      (e) => [JSON.stringify((e as unknown as { issues: unknown }).issues)],
    ],
  ];
  it.each(rows)('%s', (_name, make, fieldsOf) => {
    const error = redactError(make(), redact);
    const texts = [...fieldsOf(error), error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 6 })];
    for (const text of texts) for (const form of [SECRET, once, rfc3986]) expect(text).not.toContain(form);
  });

  it('a frozen object is left as it is, and the error is still returned', () => {
    const frozen = Object.freeze({ note: SECRET });
    const error = new TransportError('A', 'x', { cause: frozen });
    expect(redactError(error, redact)).toBe(error);
    expect(frozen.note).toBe(SECRET);
  });
});
