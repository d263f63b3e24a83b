import { CredentialsError } from './errors.js';

/**
 * The spec's own security (OpenAPI 3.1 sections 4.8.27 and 4.8.30) for operations that are not
 * signed the Alibaba way: http `basic` (RFC 7617), http `bearer` (RFC 6750; also how oauth2 and
 * openIdConnect access tokens travel) and `apiKey` in a header, the query or a cookie.
 */
export type AuthScheme = { type: 'basic' } | { type: 'bearer' } | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string };

/** A scheme's value in `createClient({ auth })`: basic takes a user name and password, the rest a string. */
export type AuthValue = string | { username: string; password: string };

/** What the chosen requirement adds to a request, and the texts that must never be shown. */
export interface AuthPlacement {
  add: { name: string; in: 'query' | 'header'; value: string }[];
  secrets: string[];
}

/**
 * The first alternative all of whose schemes the caller gave (an empty one, `{}`, only when no
 * other is given): its values placed as each scheme says. None: a CredentialsError naming the
 * schemes the spec asks for, never a value; nothing is sent.
 */
export function placeAuth(
  operation: string,
  security: readonly (readonly string[])[],
  schemes: Readonly<Record<string, AuthScheme>>,
  auth: Readonly<Record<string, AuthValue>> = {},
): AuthPlacement {
  // Checked here, not in createClient: only a client with an operation that has security loads this file.
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth))
    throw new TypeError('option auth must be an object: { schemeName: value }');
  const given = (name: string) => Object.hasOwn(schemes, name) && Object.hasOwn(auth, name) && auth[name] !== undefined;
  const chosen = security.find((names) => names.length > 0 && names.every(given)) ?? security.find((names) => names.length === 0);
  if (!chosen) {
    const ask = security
      .map((names) =>
        names.map((name) => `"${name}" (${describe(Object.hasOwn(schemes, name) ? schemes[name] : undefined)})`).join(' and '),
      )
      .join(', or ');
    const example = security.flat().find((name) => Object.hasOwn(schemes, name)) ?? 'schemeName';
    throw new CredentialsError(
      operation,
      `${operation}: the spec asks for ${ask}; pass createClient({ auth: { ${example}: ... } }); nothing was sent`,
    );
  }
  // Every value the caller gave is kept out of errors and middleware views, sent this time or not.
  const placement: AuthPlacement = {
    add: [],
    secrets: Object.values(auth).map((value) =>
      typeof value === 'string' ? value : typeof value?.password === 'string' ? value.password : '',
    ),
  };
  const cookies: string[] = [];
  for (const name of chosen) {
    const scheme = schemes[name]!;
    const value = auth[name]!;
    const text = checked(operation, name, scheme, value);
    if (scheme.type === 'basic') {
      placement.add.push({ name: 'authorization', in: 'header', value: `Basic ${text}` });
      placement.secrets.push(text);
    } else {
      if (scheme.type === 'bearer') placement.add.push({ name: 'authorization', in: 'header', value: `Bearer ${text}` });
      else if (scheme.in === 'cookie') cookies.push(`${scheme.name}=${text}`);
      else placement.add.push({ name: scheme.in === 'header' ? scheme.name.toLowerCase() : scheme.name, in: scheme.in, value: text });
    }
  }
  if (cookies.length) placement.add.push({ name: 'cookie', in: 'header', value: cookies.join('; ') });
  return placement;
}

function describe(scheme: AuthScheme | undefined): string {
  if (!scheme?.type) return 'a scheme this client cannot send';
  return scheme.type === 'apiKey' ? `apiKey ${scheme.name} in ${scheme.in}` : `http ${scheme.type}`;
}

/**
 * The text that travels: basic's `user:password` in base64 (RFC 7617 section 2, UTF-8), else the
 * string as given. Refused by the scheme's name, never showing the value: an empty value, a line
 * break or control character (it would end the header), `:` in a basic user name (RFC 7617 section
 * 2), and in a cookie any character outside RFC 6265's cookie-octet.
 */
function checked(operation: string, name: string, scheme: AuthScheme, value: AuthValue): string {
  const refuse = (why: string) => new CredentialsError(operation, `${operation}: auth.${name} ${why}; nothing was sent`);
  if (scheme.type === 'basic') {
    const { username, password } = (typeof value === 'object' && value !== null ? value : {}) as Partial<{
      username: unknown;
      password: unknown;
    }>;
    if (typeof username !== 'string' || typeof password !== 'string') throw refuse('must be { username, password } (http basic)');
    if (username.includes(':')) throw refuse('has a ":" in its username, which basic authentication cannot carry');
    if (/[\0-\x1f\x7f]/.test(username + password)) throw refuse('has a control character');
    return base64Utf8(`${username}:${password}`);
  }
  if (typeof value !== 'string' || value === '') throw refuse(`must be a non-empty string (${describe(scheme)})`);
  if (/[\0-\x1f\x7f]/.test(value)) throw refuse('has a control character');
  if (scheme.type === 'apiKey' && scheme.in === 'cookie' && !/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/.test(value))
    throw refuse('has a character a cookie value cannot carry (RFC 6265 section 4.1.1)');
  if (scheme.type !== 'apiKey' || scheme.in === 'header') {
    // A header value is Latin-1 on the wire; anything above would be mangled or refused by the transport.
    if (/[^\x20-\xff]/.test(value)) throw refuse('has a character a header cannot carry');
  }
  return value;
}

/** RFC 7617 section 2.1: the UTF-8 bytes of user-pass in Base64, with web globals only (btoa takes one byte per character). */
function base64Utf8(text: string): string {
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return btoa(bytes);
}
