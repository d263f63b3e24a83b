import type { SignerName } from '../../runtime/signers/signer.js';
import { pointer, pointerToken, SpecError } from '../errors.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { OperationModel, SecurityRequirementModel, SecuritySchemeModel } from './api-model.js';

/**
 * OpenAPI 3.1 section 4.8.30 (Security Requirement Object): the operation's `security`, else the
 * document's; a list of alternatives, each naming schemes that must all be satisfied. An empty
 * alternative (`{}`) makes the security optional; `security: []` on the operation means none.
 */
export function securityOf(document: JsonObject, op: JsonObject, at: string): SecurityRequirementModel[] {
  const list = op.security ?? document.security;
  const where = op.security !== undefined ? `${at}/security` : '#/security';
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new SpecError(
      'security must be a list of Security Requirement Objects',
      where,
      'write it as a list: security: [{ schemeName: [] }]',
    );
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return list.map((requirement, i) => {
    if (!isObject(requirement)) throw new SpecError('a Security Requirement must be an object', `${where}/${i}`);
    return Object.keys(requirement).map((name) => {
      const scheme = deref(document, schemes[name] ?? null, pointer('components', 'securitySchemes', name));
      if (!isObject(scheme))
        throw new SpecError(
          `security scheme "${name}" is not defined`,
          `${where}/${i}/${pointerToken(name)}`,
          'add it under components.securitySchemes',
        );
      return schemeModel(name, scheme, pointer('components', 'securitySchemes', name));
    });
  });
}

/** OpenAPI 3.1 section 4.8.27 (Security Scheme Object), the fields the client and the mock read. */
function schemeModel(name: string, scheme: JsonObject, at: string): SecuritySchemeModel {
  const type = String(scheme.type);
  if (type === 'http') return { name, type: 'http', scheme: String(scheme.scheme ?? '').toLowerCase() };
  if (type === 'apiKey') {
    if (scheme.in !== 'header' && scheme.in !== 'query' && scheme.in !== 'cookie')
      throw new SpecError(`apiKey scheme "${name}" must say in: header, query or cookie`, `${at}/in`);
    // The name travels as a header name, a query name or a cookie name: a token either way (RFC 9110 section 5.6.2; RFC 6265 section 4.1.1).
    if (typeof scheme.name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(scheme.name))
      throw new SpecError(`apiKey scheme "${name}" needs a name made of token characters`, `${at}/name`, 'e.g. name: X-Api-Key');
    return { name, type: 'apiKey', in: scheme.in, parameterName: scheme.name };
  }
  return { name, type: type as 'oauth2' | 'openIdConnect' | 'mutualTLS' };
}

export const SIGNATURE_EXTENSION = 'x-slbkit-signature';

/**
 * Whether a plain HTTP operation is signed the Alibaba way: `x-slbkit-signature: v3` on the
 * operation, else on the document (ROA-style APIs sign every call with ACS3-HMAC-SHA256);
 * `none` on an operation turns a document's `v3` off. Without it a plain HTTP operation is sent
 * unsigned and never asks for Alibaba credentials. RPC actions are always signed, V3 unless the
 * client's `signatureVersion` says v1; `v1` on an RPC action (or the document) makes V1 its
 * default, for an API whose gateway takes only V1 (the client's option still wins); `none` on
 * one is refused, and so is `v1` on a plain HTTP operation (V1 signs an RPC query).
 */
export function signatureOf(document: JsonObject, op: JsonObject, rpc: boolean, at: string): 'v3' | 'v1' | undefined {
  const own = op[SIGNATURE_EXTENSION];
  const marked = own ?? document[SIGNATURE_EXTENSION];
  const where = own !== undefined ? `${at}/${SIGNATURE_EXTENSION}` : `#/${SIGNATURE_EXTENSION}`;
  if (marked === undefined) return undefined;
  if (marked !== 'v3' && marked !== 'v1' && marked !== 'none')
    throw new SpecError(
      `${SIGNATURE_EXTENSION} must be "v3", "v1" or "none", not ${JSON.stringify(marked)}`,
      where,
      'write x-slbkit-signature: v3 on an operation (or the document) that Alibaba signature V3 signs',
    );
  if (rpc && marked === 'none' && own !== undefined)
    throw new SpecError(`an RPC action is always signed; ${SIGNATURE_EXTENSION}: none does not apply`, where, 'remove it');
  if (!rpc && marked === 'v1' && own !== undefined)
    throw new SpecError(
      `${SIGNATURE_EXTENSION}: v1 applies to RPC actions only (V1 signs the RPC query)`,
      where,
      'write v3 for an operation Alibaba signs, or remove it',
    );
  if (rpc) return marked === 'v1' ? 'v1' : undefined;
  return marked === 'v3' ? 'v3' : undefined;
}

/**
 * Who puts credentials on the operation's requests, in order (runtime/signers/signer.ts): the
 * spec's own security when the client can send one of its alternatives, then Alibaba's signature
 * for an RPC action (V1 or V3, as the client's `signatureVersion` says) or for an operation
 * marked `x-slbkit-signature: v3`. Decided here once and printed in the descriptor; the runtime
 * only follows it.
 */
export function signersOf(operation: Pick<OperationModel, 'style' | 'signature' | 'security'>): SignerName[] {
  return [
    ...(sendableSecurity(operation) ? (['spec-security'] as const) : []),
    ...(operation.style === 'rpc'
      ? operation.signature === 'v1'
        ? (['alibaba-rpc-v1'] as const)
        : (['alibaba-rpc'] as const)
      : operation.signature === 'v3'
        ? (['alibaba-v3'] as const)
        : []),
  ];
}

/**
 * The operation's security as runtime/auth.ts reads it: the alternatives by scheme name, and the
 * schemes it can send. oauth2 and openIdConnect access tokens travel as bearer tokens (RFC 6750
 * section 2.1). A scheme it cannot send (mutualTLS, http digest, ...) is left out, so an
 * alternative naming it is never chosen; when no alternative is left that it can send, there is
 * none at all and the caller adds it with `client.use` (README).
 */
export function sendableSecurity(
  operation: Pick<OperationModel, 'security'>,
): { security: string[][]; schemes: Record<string, Json> } | undefined {
  const alternatives = operation.security;
  if (alternatives.every((names) => names.length === 0)) return undefined;
  const schemes: Record<string, Json> = {};
  for (const scheme of alternatives.flat()) {
    const sendable = sendableScheme(scheme);
    if (sendable) schemes[scheme.name] = sendable;
  }
  if (!alternatives.some((names) => names.every((scheme) => schemes[scheme.name] !== undefined))) return undefined;
  return { security: alternatives.map((names) => names.map((scheme) => scheme.name)), schemes };
}

function sendableScheme(scheme: SecuritySchemeModel): JsonObject | undefined {
  if (scheme.type === 'apiKey') return { type: 'apiKey', in: scheme.in, name: scheme.parameterName };
  if (scheme.type === 'http') return scheme.scheme === 'basic' || scheme.scheme === 'bearer' ? { type: scheme.scheme } : undefined;
  return scheme.type === 'oauth2' || scheme.type === 'openIdConnect' ? { type: 'bearer' } : undefined;
}
