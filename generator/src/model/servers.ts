import { SpecError, pointer } from '../errors.js';
import { isObject, type Json } from '../load/refs.js';
import type { RegionEndpointsModel } from './api-model.js';

/**
 * OpenAPI 3.1 section 4.8.5 (Server Object) and 4.8.6 (Server Variable Object): how the endpoint
 * depends on the region. The first server whose URL has a `{regionId}` variable is the regional
 * pattern; its other variables take their defaults. The first server lists, under
 * `x-slbkit-region-ids`, the regions it serves instead (the exceptions of Alibaba's SDK
 * endpoint maps). No such server: the endpoint does not depend on the region.
 */
export function regionEndpoints(servers: readonly Json[]): { regionEndpoints?: RegionEndpointsModel } {
  const index = servers.findIndex((s) => isObject(s) && typeof s.url === 'string' && s.url.includes('{regionId}'));
  if (index < 0) return {};
  const server = servers[index] as { url: string; variables?: Record<string, { default?: unknown }> };
  let url = server.url.replace(/\/$/, '');
  for (const [name, variable] of Object.entries(server.variables ?? {})) {
    if (name === 'regionId') continue;
    if (typeof variable?.default !== 'string') throw new SpecError(`server variable ${name} has no string default`, pointer('servers', index, 'variables', name), 'give it a default (OpenAPI 3.1 section 4.8.6)');
    url = url.replaceAll(`{${name}}`, variable.default);
  }
  if (/\{(?!regionId\})[^}]*\}/.test(url)) throw new SpecError(`server URL ${server.url} uses a variable it does not define`, pointer('servers', index, 'url'), 'define every {variable} under variables');
  const first = servers[0];
  const listed = isObject(first) ? first['x-slbkit-region-ids'] : undefined;
  const central = Array.isArray(listed) ? listed.filter((r): r is string => typeof r === 'string') : [];
  return { regionEndpoints: { url, central } };
}
