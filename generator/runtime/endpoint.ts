/**
 * How the endpoint depends on the region, from the spec's `servers`: a URL with a `{regionId}`
 * variable, and the regions the first (default) server answers for instead. This is the rule
 * of Alibaba's SDKs (EndpointRule "regional" plus an EndpointMap of exceptions).
 */
export interface RegionEndpoints {
  /** e.g. `https://slb.{regionId}.aliyuncs.com`. */
  url: string;
  /** Regions served by the default endpoint. */
  central: readonly string[];
}

/**
 * The endpoint of a client: the `endpoint` option; else, with a `regionId`, the regional URL
 * (or the default one for the regions it serves); else the default. A region ID becomes part of
 * a host name, so it must look like one (`cn-hangzhou`): anything else could send the signed
 * request to another host.
 *
 * A spec whose server URL is relative (`/api/v1`) or absent gives a `fallback` that is no URL
 * (generator/src/model/servers.ts): the `endpoint` option is then required, and the server's path
 * is resolved against it (RFC 3986 section 5.2: `/api/v1` against `http://127.0.0.1:8080` is
 * `http://127.0.0.1:8080/api/v1`; no path, the endpoint as given).
 */
export function chooseEndpoint(
  fallback: string,
  regional: RegionEndpoints | undefined,
  endpoint: string | undefined,
  regionId: string | undefined,
): string {
  const relative = !/^https?:\/\//.test(fallback);
  if (endpoint !== undefined) return relative ? resolveServerPath(fallback, endpoint) : endpoint;
  if (regionId === undefined || !regional || regional.central.includes(regionId)) {
    if (relative)
      throw new TypeError(
        `option endpoint is required: the spec gives ${fallback ? `the relative server URL ${JSON.stringify(fallback)}` : 'no server URL'}; pass the API's base URL, e.g. createClient({ endpoint: 'https://api.example.com' })`,
      );
    return fallback;
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(regionId))
    throw new TypeError(`option regionId must be a region ID such as cn-hangzhou, not ${JSON.stringify(regionId)}`);
  return regional.url.replace('{regionId}', regionId);
}

/** The spec's relative server path resolved against the caller's endpoint; an endpoint that is no URL is left for the caller's check to name. */
function resolveServerPath(path: string, endpoint: string): string {
  if (path === '') return endpoint;
  try {
    return new URL(path, endpoint).href.replace(/\/+$/, '');
  } catch {
    return endpoint;
  }
}
