/**
 * The one escaper for spec and flag text that goes into a generated comment. Everything else
 * from the spec reaches code only as a literal (`literal` below, ts-morph or ts.factory).
 *
 * What can end a comment in JavaScript (ECMA-262 section 12.4): `*​/` ends a block comment, and
 * any LineTerminator (LF, CR, U+2028, U+2029) ends a `//` comment. So: `*​/` becomes `*\/`, every
 * line break becomes `\n` (ts-morph then prefixes each line of a JSDoc with ` * `), and for a
 * single-line comment each line break is written as the two characters `\n`, `\r`, `\u2028`.
 */
export function commentText(text: string, form: 'block' | 'line' = 'block'): string {
  const safe = text.replaceAll('*/', '*\\/');
  if (form === 'line') {
    return safe.replace(/[\n\r\u2028\u2029]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' })[c]!);
  }
  return safe.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/** Spec text for a JSDoc block, trimmed; undefined when nothing is left. */
export function docText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : commentText(text.trim()) || undefined;
}

/**
 * A TypeScript string literal for any text: JSON.stringify, plus U+2028 and U+2029 escaped.
 * JSON allows both raw inside a string and ES2019 does too, but TypeScript's scanner still ends
 * a string literal at them ("Unterminated string literal"); ajv's codegen escapes them the same way.
 */
export function literal(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}
