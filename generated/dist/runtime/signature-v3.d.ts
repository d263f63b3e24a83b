export declare const SIGNATURE_ALGORITHM_V3: 'ACS3-HMAC-SHA256';
export interface V3Request {
    method: string;
    host: string;
    /** Raw path, segments not yet percent-encoded; RPC APIs always use "/". */
    pathname: string;
    query: Readonly<Record<string, string>>;
    headers: Readonly<Record<string, string>>;
    /** Exact bytes to send (UTF-8); "" when the request has no body. */
    body: string;
}
export interface V3Credentials {
    accessKeyId: string;
    accessKeySecret: string;
    /** STS token; when present it travels (and is signed) as x-acs-security-token. */
    securityToken?: string;
}
export interface V3Stamp {
    /** ISO 8601 UTC without milliseconds, e.g. 2023-10-26T10:22:32Z. */
    date: string;
    /** Unique per request; the server rejects a nonce it has seen (replay guard). */
    nonce: string;
}
/** HashedRequestPayload: lower-case hex SHA-256 of the body (of "" when there is none). */
export declare function hashedPayload(body: string): string;
/** CanonicalURI: each path segment percent-encoded, the `/` separators kept. */
export declare function canonicalUri(pathname: string): string;
/**
 * CanonicalQueryString: parameters sorted by name (code-unit order), each
 * `enc(name)=enc(value)` with the same RFC 3986 encoding as V1; a parameter
 * with an empty value is written `name=`. No parameter is excluded: unlike
 * V1, the signature does not live in the query.
 */
export declare function canonicalQueryV3(query: Readonly<Record<string, string>>): string;
/**
 * The headers that take part in the signature: host, content-type and every
 * x-acs-* header (the docs: all common request headers except Authorization).
 * Names are lower-case, sorted.
 */
export declare function signedHeaderNames(headers: Readonly<Record<string, string>>): string[];
/**
 * CanonicalRequest for a request whose `headers` already hold every header to
 * send (host and the x-acs-* set included). CanonicalHeaders lines are
 * `name:trimmed value\n`, so the block ends with a newline before the
 * SignedHeaders line.
 */
export declare function canonicalRequestV3(request: V3Request): string;
/** StringToSign = algorithm, newline, hex SHA-256 of the canonical request. */
export declare function stringToSignV3(canonicalRequest: string): string;
/** Signature = hex HMAC-SHA256 keyed by the bare secret (no `&` suffix, unlike V1). */
export declare function signatureV3(stringToSign: string, accessKeySecret: string): string;
/** Authorization: `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>` (no spaces after commas). */
export declare function authorizationV3(accessKeyId: string, signedHeaders: readonly string[], signature: string): string;
/**
 * The header set to send before signing: the caller's headers (names
 * lower-cased) plus the protocol headers, which win over any caller value of
 * the same name so the signed request is the one the docs describe.
 */
export declare function protocolHeadersV3(request: V3Request, credentials: V3Credentials, stamp: V3Stamp, action: string, version: string): Record<string, string>;
/** Signs a request: returns every header to send, Authorization included. */
export declare function signV3(request: V3Request, credentials: V3Credentials, stamp: V3Stamp, action: string, version: string): Record<string, string>;
