import { type Credentials } from './credentials.js';
import { type OperationDescriptor } from './operation.js';
import { type Transport } from './transport.js';
/** Optional fields also take `undefined`, for callers under exactOptionalPropertyTypes. */
export interface ClientOptions {
    /** Base URL; default: the spec's first server. */
    endpoint?: string | undefined;
    /** RegionId sent when the input has none. */
    regionId?: string | undefined;
    /** Explicit credentials; else the environment, else ~/.alibabacloud/credentials. */
    credentials?: Credentials | undefined;
    /** 'v1' (HMAC-SHA1 over the query, the default) or 'v3' (ACS3-HMAC-SHA256, Authorization header). */
    signatureVersion?: 'v1' | 'v3' | undefined;
    /** HTTP method for operations that allow several (RPC actions: GET or POST). Default: the first the spec lists. */
    method?: 'GET' | 'POST' | undefined;
    /** Response format asked of an RPC API. 'XML' loads the optional peer fast-xml-parser. Default 'JSON'. */
    format?: 'JSON' | 'XML' | undefined;
    /** Retries after throttling, HTTP 500/502/503/504, timeouts and dropped connections. Default 3. */
    maxRetries?: number | undefined;
    /** Backoff: full jitter over min(maxDelayMs, baseDelayMs * 2^attempt). Defaults 200 and 5000. */
    retryBaseDelayMs?: number | undefined;
    retryMaxDelayMs?: number | undefined;
    /** Time allowed for one attempt. Default 10000. */
    timeoutMs?: number | undefined;
    /** Send with this fetch instead of node:http (e.g. a mock, or undici with a proxy). */
    fetch?: typeof fetch | undefined;
    /** Lower level than `fetch`: send with this function. */
    transport?: Transport | undefined;
}
export interface CallOptions {
    /** Ends the call, retries included, at once. */
    signal?: AbortSignal | undefined;
}
/** The settled options a client calls with; created once per `createClient`. */
export interface ClientContext {
    endpoint: string;
    options: ClientOptions;
    transport: Transport;
}
export declare function createContext(defaultEndpoint: string, options: ClientOptions): ClientContext;
/**
 * One call: validate, encode, sign, send, read; retried as the options say. Each attempt is
 * signed anew (fresh nonce and timestamp): Alibaba rejects a reused SignatureNonce.
 */
export declare function invoke<Output>(context: ClientContext, operation: OperationDescriptor, input: unknown, call?: CallOptions): Promise<Output>;
