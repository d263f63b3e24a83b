/**
 * The request target and form body of an RPC call, read strictly. WHATWG `URL` and
 * `URLSearchParams` are lenient: they keep `%zz` as text, read `//?` as a host, resolve `..` and
 * accept an absolute URL, so a mock built on them validates something other than what was sent
 * (or fails with a 500). Every refusal here says which part is malformed and never quotes the request,
 * except a parameter name that looks like one.
 */
export interface Target {
  /** The path as sent (still percent-encoded), for Prism, which decodes it itself. */
  rawPath: string;
  /** The decoded path, compared with the spec's paths. */
  path: string;
  /** The query without its `?`, not decoded yet. */
  query: string;
}

export interface Malformed {
  malformed: string;
}

/**
 * Origin-form only (RFC 9112 section 3.2.1: absolute-path [ "?" query ]): the absolute-form is
 * for proxies and the asterisk-form for OPTIONS of the whole server, neither of which the mock is.
 */
export function parseTarget(target: string): Target | Malformed {
  if (!target.startsWith('/'))
    return { malformed: 'The request target must be a path starting with "/" (origin-form, RFC 9112 section 3.2.1).' };
  if (target.includes('#')) return { malformed: 'The request target must not contain a fragment ("#").' };
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const segments = rawPath.split('/').slice(1);
  const decoded: string[] = [];
  for (const [i, segment] of segments.entries()) {
    // "//" is an empty segment, which WHATWG URL reads as the start of a host.
    if (segment === '' && i < segments.length - 1) return { malformed: 'The request path has an empty segment ("//").' };
    const text = decode(segment);
    if (text === undefined) return { malformed: 'The request path has a malformed percent-encoding.' };
    // RFC 3986 section 5.2.4 would remove these; a server that did so answered another path than the one sent.
    if (text === '.' || text === '..') return { malformed: 'The request path has a "." or ".." segment.' };
    decoded.push(text);
  }
  return { rawPath, path: `/${decoded.join('/')}`, query: mark === -1 ? '' : target.slice(mark + 1) };
}

/**
 * `name=value&...` as application/x-www-form-urlencoded (WHATWG URL section 5.1: `+` is a space,
 * empty fields are skipped), with every `%XX` required to be valid UTF-8. Used for the query and
 * for a form body: Alibaba's RPC gateway takes the parameters from either.
 */
export function parseFields(text: string, where: 'query' | 'body'): [string, string][] | Malformed {
  const fields: [string, string][] = [];
  for (const [i, field] of text.split('&').entries()) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const name = decode((eq === -1 ? field : field.slice(0, eq)).replaceAll('+', ' '));
    if (name === undefined) return { malformed: `The name of field ${i + 1} of the ${where} has a malformed percent-encoding.` };
    const value = decode((eq === -1 ? '' : field.slice(eq + 1)).replaceAll('+', ' '));
    if (value === undefined)
      return { malformed: `The value of the ${describeName(name)} in the ${where} has a malformed percent-encoding.` };
    fields.push([name, value]);
  }
  return fields;
}

/**
 * The parameters of one call, from the query and the form body together. A name given in both
 * is refused: which of the two the gateway takes is not documented, and the mock must not
 * validate one value while Prism answers for the other. A name repeated inside one of them is
 * the wire encoding's business (a `form` list repeats its name); the last value wins here.
 */
export function mergeFields(query: [string, string][], body: [string, string][]): Record<string, string> | Malformed {
  const inQuery = new Set(query.map(([name]) => name));
  const both = body.find(([name]) => inQuery.has(name));
  if (both) return { malformed: `The ${describeName(both[0])} is given both in the query and in the body.` };
  // fromEntries defines own properties: a field called "__proto__" stays a field.
  return Object.fromEntries([...query, ...body]);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    // URIError: "%" not followed by two hex digits, or bytes that are not UTF-8.
    return undefined;
  }
}

/** A parameter name quoted only when it looks like one; anything else is not echoed. */
function describeName(name: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? `parameter "${name}"` : 'field whose name is not shown (not a parameter name)';
}
