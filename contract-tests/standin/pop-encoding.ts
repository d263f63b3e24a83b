import { timingSafeEqual } from 'node:crypto';

/**
 * Alibaba POP percent-encoding, shared by signature V1 ("Encode parameters") and V3
 * (canonical query string): RFC 3986 unreserved characters A-Z a-z 0-9 - _ . ~ stay as they
 * are, every other UTF-8 byte becomes %XY, so a space is %20 (never +) and * is %2A.
 * encodeURIComponent already does this except for ! ' ( ) *, which it leaves alone.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Compares a received signature with the expected one without leaking where they differ. */
export function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
