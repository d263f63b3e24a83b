export type RpcMethod = 'GET' | 'POST';
/**
 * POP percent-encoding: RFC 3986, where only A-Z a-z 0-9 - _ . ~ stay as-is
 * and every other UTF-8 byte becomes %XX (upper-case hex).
 *
 * The docs give the Java recipe (URLEncoder, then `+`->%20, `*`->%2A,
 * %7E->~). encodeURIComponent already writes space as %20, `+` as %2B and
 * leaves `~` alone, so here only the five sub-delims it keeps, `!'()*`,
 * need encoding — the same steps pop-core's `encode` takes.
 */
export declare function percentEncode(value: string): string;
/**
 * The canonicalized query string: parameters sorted by name (UTF-16 code-unit
 * order, i.e. Array#sort's default, which is what pop-core's `Object.keys().sort()`
 * does), each written `enc(name)=enc(value)`, joined by `&`.
 * `Signature` is left out: it is the output of signing, not an input.
 */
export declare function canonicalizedQuery(params: Readonly<Record<string, string>>): string;
/**
 * StringToSign = METHOD & percentEncode("/") & percentEncode(canonicalized query).
 * The canonicalized query is encoded a second time, so `:` in a Timestamp ends
 * up as %253A (the docs' example shows exactly that).
 */
export declare function stringToSignV1(method: RpcMethod, params: Readonly<Record<string, string>>): string;
/**
 * Signature = Base64(HMAC-SHA1(key, StringToSign)). The key is the
 * AccessKey secret followed by `&` (the docs: "AccessKeySecret + '&'").
 */
export declare function signV1(method: RpcMethod, params: Readonly<Record<string, string>>, accessKeySecret: string): string;
