/**
 * The two helpers ajv's standalone validators call at run time, so the generated package needs
 * no ajv. Same contracts as ajv/dist/runtime/ucs2length and ajv/dist/runtime/equal.
 */
/** Length in Unicode code points, as JSON Schema's minLength/maxLength count (RFC 8259 strings). */
export declare function ucs2length(value: string): number;
/** Deep equality of JSON values, for `const` and `enum` with objects or arrays. */
export declare function equal(a: unknown, b: unknown): boolean;
