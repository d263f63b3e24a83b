import { SpecError, pointer } from '../errors.js';
import { isObject, type JsonObject } from '../load/refs.js';

/** The endpoint when the spec names no server (OpenAPI's own default, `/`, is no endpoint). */
export const NO_SERVER_ENDPOINT = 'http://localhost';

/**
 * The client's default endpoint: the first Server Object's `url` (OpenAPI 3.1 section 4.8.5),
 * with each `{name}` replaced by its variable's `default` (section 4.8.6: the default "SHALL be
 * used" when nothing else is given). It must then be an absolute http or https URL with no user
 * name, query or fragment: a relative URL would be resolved against the document's own location,
 * which the generated client does not have. Printed as origin + path, no trailing slash.
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
      throw new SpecError(`server URL variable ${JSON.stringify(name)} has no default`, pointer('servers', 0, 'variables', name), `add \`variables: { ${JSON.stringify(name)}: { default: ... } }\``);
    }
    return variable.default;
  });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SpecError(`server URL ${JSON.stringify(url)} is not an absolute URL`, `${at}/url`, 'write the full endpoint, e.g. https://slb.aliyuncs.com');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SpecError(`server URL ${JSON.stringify(url)} is not http or https`, `${at}/url`, 'the client speaks HTTP(S) only');
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new SpecError(`server URL ${JSON.stringify(url)} carries a user name, a query or a fragment`, `${at}/url`, 'give the endpoint only: scheme, host, port and path');
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}
