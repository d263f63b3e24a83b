import type { WirePair } from './wire.js';
/**
 * The Cookie header of a request's cookie parameters (OpenAPI 3.1 section 4.8.12.4, style `form`):
 * `name=value` pairs joined by `; ` (RFC 6265 section 4.2.1), each value percent-encoded so that
 * it stays within cookie-octets (no `;`, `,`, space or quote); names are tokens (model/names.ts).
 */
export function cookieText(pairs: readonly WirePair[]): string {
  return pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
}
