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

  /** One line a person can act on: where, what, and the fix when known. */
  describe(): string {
    return `${this.location}: ${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }
}

/** Escape one JSON pointer token (RFC 6901 section 3). */
export function pointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return '#' + tokens.map((t) => '/' + pointerToken(t)).join('');
}
