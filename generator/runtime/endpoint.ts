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
 */
export function chooseEndpoint(
  fallback: string,
  regional: RegionEndpoints | undefined,
  endpoint: string | undefined,
  regionId: string | undefined,
): string {
  if (endpoint !== undefined) return endpoint;
  if (regionId === undefined || !regional || regional.central.includes(regionId)) return fallback;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(regionId))
    throw new TypeError(`option regionId must be a region ID such as cn-hangzhou, not ${JSON.stringify(regionId)}`);
  return regional.url.replace('{regionId}', regionId);
}
