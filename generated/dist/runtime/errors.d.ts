/**
 * Every error the client throws. None of them ever holds the AccessKeySecret, the SecurityToken,
 * the Signature or a signed URL: they carry the action, the HTTP status and the server's own
 * words, which is what a person needs to act.
 */
/** One broken rule of the input: where (a JSON pointer into the input) and what. */
export interface ValidationIssue {
    path: string;
    message: string;
    keyword: string;
}
export declare class SlbkitError extends Error {
    name: string;
    /** The RPC action (or operationId) of the call that failed. */
    readonly action: string;
    readonly requestId: string | undefined;
    constructor(action: string, message: string, requestId?: string, options?: {
        cause?: unknown;
    });
    /** What `JSON.stringify(error)` shows: the public fields, no stack, no cause. */
    toJSON(): Record<string, unknown>;
}
/** The server answered with an error body (Code, Message, RequestId, HostId, Recommend). */
export declare class ApiError extends SlbkitError {
    name: string;
    readonly status: number;
    readonly code: string;
    readonly hostId: string | undefined;
    readonly recommend: string | undefined;
    constructor(action: string, fields: {
        status: number;
        code: string;
        message: string;
        requestId?: string;
        hostId?: string;
        recommend?: string;
    });
    readonly serverMessage: string;
}
/** The server refused the call because of the caller's request rate (Code `Throttling*`). */
export declare class ThrottlingError extends ApiError {
    name: string;
}
/** The input broke the spec's rules; nothing was sent. `issues` lists every broken rule. */
export declare class RequestValidationError extends SlbkitError {
    name: string;
    readonly issues: ValidationIssue[];
    constructor(action: string, issues: ValidationIssue[]);
}
/** No credentials were found; nothing was sent. */
export declare class CredentialsError extends SlbkitError {
    name: string;
}
/** An attempt took longer than `timeoutMs`, and no retry was left. */
export declare class TimeoutError extends SlbkitError {
    name: string;
    readonly timeoutMs: number;
    constructor(action: string, timeoutMs: number, attempts: number);
}
/**
 * The exchange itself failed: the connection was refused or reset, or the server answered
 * something that is not the body the API sends (an HTML gateway page, truncated JSON).
 * `status` is set when a response arrived; `bodyStart` holds its first bytes.
 */
export declare class TransportError extends SlbkitError {
    name: string;
    readonly status: number | undefined;
    readonly bodyStart: string | undefined;
    readonly errorCode: string | undefined;
    constructor(action: string, message: string, details?: {
        status?: number;
        bodyStart?: string;
        errorCode?: string;
        requestId?: string;
        cause?: unknown;
    });
}
