/**
 * node:crypto for Alibaba's signatures (HMAC-SHA1 for V1, SHA-256 and HMAC-SHA256 for V3), asked
 * of process.getBuiltinModule (Node 20.16+ and 22.3+, inside engines) when a request is first
 * signed, not imported: a static `node:` import is refused by a bundler for the browser even on a
 * path a client never takes, and request.ts reaches signature-v1.ts for its percent-encoding.
 * Signing needs these synchronously, which Web Crypto (async only) cannot give: a client that
 * signs the Alibaba way runs on Node only, and says so here rather than with `undefined is not a function`.
 */
let crypto: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  crypto ??= globalThis.process?.getBuiltinModule?.('node:crypto');
  if (!crypto) throw new TypeError('Alibaba Cloud signing needs Node.js (node:crypto), which this environment does not have');
  return crypto;
}
