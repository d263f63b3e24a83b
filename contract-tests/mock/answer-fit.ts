import type { ValidateFunction } from 'ajv/dist/2020.js';

/**
 * A success body made to fit the schema the spec documents for it. Prism's static sample writes
 * "string" for any string (discord's snowflake `pattern`, `format: byte` in Google's APIs) and
 * ignores `multipleOf`; a spec's example may break its own schema (asana's dates). Such a body is
 * no answer of the spec, and the contract suite rightly fails it. A `format` value is put right in
 * place (a value of that format, ajv-formats' rules); anything else is the caller's to rebuild
 * (Prism's dynamic mode honours pattern and multipleOf).
 */
const FORMAT_VALUES: Record<string, string> = {
  byte: 'c3RyaW5n',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  time: '00:00:00Z',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  url: 'https://example.com/',
  email: 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  hostname: 'example.com',
};

/** The body text as it is when it validates, a fitted copy when only formats broke it, else undefined. */
export function fitAnswer(check: ValidateFunction, text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (check(value)) return text;
  for (let fixes = 0; fixes < 64; fixes++) {
    const error = check.errors?.[0];
    const wanted = error?.keyword === 'format' ? FORMAT_VALUES[String(error.params.format)] : undefined;
    if (!error || wanted === undefined || error.instancePath === '') return undefined;
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    const holder = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], value);
    if (typeof holder !== 'object' || holder === null) return undefined;
    (holder as Record<string, unknown>)[path.at(-1)!] = wanted;
    if (check(value)) return JSON.stringify(value);
  }
  return undefined;
}
