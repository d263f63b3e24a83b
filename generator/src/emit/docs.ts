/** Text safe inside a JSDoc block: a `*​/` in a spec description must not end the comment. */
export function docText(text: string | undefined): string | undefined {
  return text?.replaceAll('*/', '*\\/').trim() || undefined;
}

/** TypeScript string literal for any text. */
export function literal(text: string): string {
  return JSON.stringify(text);
}
