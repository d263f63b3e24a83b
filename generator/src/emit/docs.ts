import { escapeInvisible, INVISIBLE } from '../errors.js';

/** INVISIBLE but the line breaks, which each form below writes its own way. */
const INVISIBLE_IN_LINE = new RegExp(`(?![\\n\\r\\u2028\\u2029])${INVISIBLE.source}`, 'gu');

/**
 * The one escaper for spec and flag text that goes into a generated comment. Everything else
 * from the spec reaches code only as a literal (`literal` below, ts-morph or ts.factory).
 *
 * What can end a comment in JavaScript (ECMA-262 section 12.4): `*​/` ends a block comment, and
 * any LineTerminator (LF, CR, U+2028, U+2029) ends a `//` comment. So: `*​/` becomes `*\/`, every
 * line break becomes `\n` (ts-morph then prefixes each line of a JSDoc with ` * `), and for a
 * single-line comment each line break is written as the two characters `\n`, `\r`, `\u2028`.
 * Every other control or format character (errors.ts INVISIBLE: the bidi controls of "Trojan
 * Source", zero-width characters) is written as its escape, `\u202e`: in a comment it would
 * make the code around it display in another order than it runs.
 */
export function commentText(text: string, form: 'block' | 'line' = 'block'): string {
  const safe = text.replaceAll('*/', '*\\/').replace(INVISIBLE_IN_LINE, escapeInvisible);
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
 * A TypeScript string literal for any text: JSON.stringify, plus U+2028, U+2029 and every other
 * INVISIBLE character escaped (the same string, printed so a reader sees what it holds). JSON
 * allows U+2028/U+2029 raw inside a string and ES2019 does too, but TypeScript's scanner still
 * ends a string literal at them ("Unterminated string literal").
 */
export function literal(text: string): string {
  return JSON.stringify(text).replace(new RegExp(INVISIBLE.source, 'gu'), escapeInvisible);
}

/**
 * What the final pass over every printed file escapes: format characters (Cf), U+2028/U+2029,
 * lone surrogates, and every control but tab and line feed. Every printer here ends lines with a
 * line feed (ts-morph NewLineKind.LineFeed, openapi-typescript, ajv, the Markdown emitters), so a
 * carriage return, vertical tab or form feed in a printed file came from the spec (a README
 * table cell, a JSDoc line): raw, a carriage return makes a terminal overwrite the line with what
 * follows.
 */
const PRINTED_INVISIBLE = /[\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029\0-\x08\x0b-\x1f\x7f-\x9f]/gu;

/**
 * A generated file with every PRINTED_INVISIBLE character written as its UTF-16 escape
 * (`\u202e`; a tag character as its surrogate pair `\udb40\udc41`). Not all of the printed code
 * is ours: openapi-typescript writes schema.ts (JSDoc from descriptions, quoted property names)
 * and ajv writes validators.js (the schema as a JavaScript object, property names in code), and
 * neither escapes these characters. In what they print, such a character can only be inside a
 * string literal, where the escape is the same string; inside a comment, where it shows what was
 * there instead of reordering the line (Trojan Source); or inside an identifier (U+200C/U+200D),
 * where a Unicode escape is the same identifier. In JSON it can only be inside a string; in
 * Markdown the escape is the visible text. No printer writes one after a backslash (an identity
 * escape), the one place where this would change a literal.
 */
export function escapePrinted(text: string): string {
  return text.replace(PRINTED_INVISIBLE, (char) =>
    Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
