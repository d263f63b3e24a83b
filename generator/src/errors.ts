/**
 * The one error type the generator throws for a spec it cannot turn into a client.
 * `location` is where to look: `file:line:column` for YAML, a JSON pointer for the document.
 * The CLI prints `message` and `location` and exits non-zero; it never shows a stack.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  constructor(
    message: string,
    readonly location: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** One line a person can act on: where, what, and the fix when known. Spec text in it is escaped (escapeInvisible). */
  describe(): string {
    return escapeInvisible(`${this.location}: ${this.message}${this.hint ? ` (${this.hint})` : ''}`);
  }
}

/** Escape one JSON pointer token (RFC 6901 section 3). */
export function pointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return `#${tokens.map((t) => `/${pointerToken(t)}`).join('')}`;
}

/**
 * Characters that never reach a terminal, a CI log or a generated file as they are: controls
 * (Unicode Cc: line breaks, escape sequences), format characters (Cf: the bidi embeddings,
 * overrides and isolates U+202A-U+202E and U+2066-U+2069, the zero-width U+200B-U+200F, U+FEFF,
 * the soft hyphen, tag characters), the default-ignorable code points that render as nothing
 * (U+3164 HANGUL FILLER, U+115F, U+FFA0, variation selectors), the line and paragraph separators U+2028/U+2029 and lone
 * surrogates. Bidi controls make code read differently from how it runs ("Trojan Source",
 * CVE-2021-42574); a line break in a message forges a second log line.
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each INVISIBLE character written as an escape: `\n`, `\u202e`, `\u{e0001}`. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (char) => {
    const code = char.codePointAt(0)!;
    return SHORT[char] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/**
 * A message as the CLIs print it: each of its lines with INVISIBLE characters escaped, and no line
 * a GitHub Actions workflow command. The runner reads every line of a step's stdout and stderr,
 * trims leading white space and runs one starting with `::` (`::error`, `::add-mask::`,
 * `::stop-commands::`), and the older form `##[command]` anywhere in a line: their first character
 * is escaped. Text from a spec is one line already (SpecError.describe); the line breaks left are
 * the message's own.
 */
export function printable(message: string): string {
  return message
    .split('\n')
    .map((line) =>
      escapeInvisible(line)
        .replace(/^(\s*):(?=:)/u, '$1\\u003a')
        .replaceAll('##[', '\\u0023#['),
    )
    .join('\n');
}
