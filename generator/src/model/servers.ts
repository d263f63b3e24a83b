import { pointer, SpecError } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../load/refs.js';
import type { RegionEndpointsModel } from './api-model.js';

/** The endpoint when the spec names no server: the `endpoint` option as given (runtime/endpoint.ts). */
export const NO_SERVER_ENDPOINT = '';

/**
 * Whether the client's default endpoint is relative (a relative server URL, or none): the
 * generated client then needs the `endpoint` option, typed as required (emit/client.ts) and
 * checked at construction (runtime/endpoint.ts).
 */
export function endpointIsRelative(endpoint: string): boolean {
  return !/^https?:\/\//.test(endpoint);
}

/**
 * The client's default endpoint: the first Server Object's `url` (OpenAPI 3.1 section 4.8.5),
 * with each `{name}` replaced by its variable's `default` (section 4.8.6: the default "SHALL be
 * used" when nothing else is given). An absolute URL must be http or https with no user name,
 * query or fragment; printed as origin + path, no trailing slash. A relative URL (`/api/v1`;
 * section 4.8.5: "relative to the location where the document is being served") is kept as a
 * path: the generated client does not know that location, so it resolves the path against the
 * caller's `endpoint` option (RFC 3986 section 5.2), which becomes required. No servers (or
 * `/`): the `endpoint` option as given.
 */
export function defaultEndpoint(document: JsonObject): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  if (servers.length === 0) return NO_SERVER_ENDPOINT;
  const server = servers[0];
  const at = pointer('servers', 0);
  if (!isObject(server) || typeof server.url !== 'string') throw new SpecError('a Server Object needs a "url" string', at);
  const variables = isObject(server.variables) ? server.variables : {};
  // Spec text in the messages below is JSON-quoted: an error stays one line whatever the URL holds.
  const url = server.url.replace(/\{([^{}]*)\}/g, (_all, name: string) => {
    const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (!isObject(variable) || typeof variable.default !== 'string') {
      throw new SpecError(
        `server URL variable ${JSON.stringify(name)} has no default`,
        pointer('servers', 0, 'variables', name),
        `add \`variables: { ${JSON.stringify(name)}: { default: ... } }\``,
      );
    }
    return variable.default;
  });
  // A scheme-relative URL (//host/api, common in specs converted from Swagger 2) names its host:
  // it takes https, the scheme a client should assume (the `endpoint` option can say otherwise).
  if (url.startsWith('//')) return checkedEndpoint(`https:${url}`, `${at}/url`);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return checkedRelative(url, `${at}/url`);
  return checkedEndpoint(url, `${at}/url`);
}

/** A relative server URL: a path (`/api/v1`, `v1`), no query or fragment, printed without its trailing slash; `/` alone is no path. */
function checkedRelative(url: string, at: string): string {
  if (/[?#\\]/.test(url) || /[\s\x00-\x1f]/.test(url))
    throw new SpecError(
      `server URL ${JSON.stringify(url)} is neither an absolute http(s) URL nor a relative path`,
      at,
      'write the full endpoint (https://api.example.com/v1) or a path (/v1)',
    );
  return url.replace(/\/+$/, '');
}

/** An absolute http(s) URL with no user name, query or fragment, printed as origin + path with no trailing slash. */
function checkedEndpoint(url: string, at: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpecError(
      `server URL ${JSON.stringify(url)} is not an absolute URL`,
      at,
      'write the full endpoint, e.g. https://slb.aliyuncs.com',
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SpecError(`server URL ${JSON.stringify(url)} is not http or https`, at, 'the client speaks HTTP(S) only');
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new SpecError(
      `server URL ${JSON.stringify(url)} carries a user name, a query or a fragment`,
      at,
      'give the endpoint only: scheme, host, port and path',
    );
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/**
 * OpenAPI 3.1 section 4.8.5 (Server Object) and 4.8.6 (Server Variable Object): how the endpoint
 * depends on the region. The first server whose URL has a `{regionId}` variable is the regional
 * pattern; its other variables take their defaults. The first server lists, under
 * `x-slbkit-region-ids`, the regions it serves instead (the exceptions of Alibaba's SDK
 * endpoint maps). No such server: the endpoint does not depend on the region. The pattern obeys
 * the same rules as the default endpoint, checked with a sample region in place of `{regionId}`.
 */
export function regionEndpoints(servers: readonly Json[]): { regionEndpoints?: RegionEndpointsModel } {
  const index = servers.findIndex((s) => isObject(s) && typeof s.url === 'string' && s.url.includes('{regionId}'));
  if (index < 0) return {};
  const server = servers[index] as { url: string; variables?: Record<string, { default?: unknown }> };
  let url = server.url.replace(/\/$/, '');
  for (const [name, variable] of Object.entries(server.variables ?? {})) {
    if (name === 'regionId') continue;
    if (typeof variable?.default !== 'string')
      throw new SpecError(
        `server variable ${JSON.stringify(name)} has no string default`,
        pointer('servers', index, 'variables', name),
        'give it a default (OpenAPI 3.1 section 4.8.6)',
      );
    url = url.replaceAll(`{${name}}`, variable.default);
  }
  if (/\{(?!regionId\})[^}]*\}/.test(url))
    throw new SpecError(
      `server URL ${JSON.stringify(server.url)} uses a variable it does not define`,
      pointer('servers', index, 'url'),
      'define every {variable} under variables',
    );
  checkedEndpoint(url.replaceAll('{regionId}', 'cn-hangzhou'), pointer('servers', index, 'url'));
  const first = servers[0];
  const listed = isObject(first) ? first['x-slbkit-region-ids'] : undefined;
  const central = Array.isArray(listed) ? listed.filter((r): r is string => typeof r === 'string') : [];
  return { regionEndpoints: { url, central } };
}
