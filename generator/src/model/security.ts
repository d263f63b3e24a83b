import { SpecError, pointer, pointerToken } from '../errors.js';
import { deref, isObject, type JsonObject } from '../load/refs.js';
import type { SecurityRequirementModel, SecuritySchemeModel } from './api-model.js';

/**
 * OpenAPI 3.1 section 4.8.30 (Security Requirement Object): the operation's `security`, else the
 * document's; a list of alternatives, each naming schemes that must all be satisfied. An empty
 * alternative (`{}`) makes the security optional; `security: []` on the operation means none.
 */
export function securityOf(document: JsonObject, op: JsonObject, at: string): SecurityRequirementModel[] {
  const list = op.security ?? document.security;
  const where = op.security !== undefined ? `${at}/security` : '#/security';
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new SpecError('security must be a list of Security Requirement Objects', where, 'write it as a list: security: [{ schemeName: [] }]');
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return list.map((requirement, i) => {
    if (!isObject(requirement)) throw new SpecError('a Security Requirement must be an object', `${where}/${i}`);
    return Object.keys(requirement).map((name) => {
      const scheme = deref(document, schemes[name] ?? null, pointer('components', 'securitySchemes', name));
      if (!isObject(scheme)) throw new SpecError(`security scheme "${name}" is not defined`, `${where}/${i}/${pointerToken(name)}`, 'add it under components.securitySchemes');
      return schemeModel(name, scheme, pointer('components', 'securitySchemes', name));
    });
  });
}

/** OpenAPI 3.1 section 4.8.27 (Security Scheme Object), the fields the client and the mock read. */
function schemeModel(name: string, scheme: JsonObject, at: string): SecuritySchemeModel {
  const type = String(scheme.type);
  if (type === 'http') return { name, type: 'http', scheme: String(scheme.scheme ?? '').toLowerCase() };
  if (type === 'apiKey') {
    if (scheme.in !== 'header' && scheme.in !== 'query' && scheme.in !== 'cookie') throw new SpecError(`apiKey scheme "${name}" must say in: header, query or cookie`, `${at}/in`);
    // The name travels as a header name, a query name or a cookie name: a token either way (RFC 9110 section 5.6.2; RFC 6265 section 4.1.1).
    if (typeof scheme.name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(scheme.name)) throw new SpecError(`apiKey scheme "${name}" needs a name made of token characters`, `${at}/name`, 'e.g. name: X-Api-Key');
    return { name, type: 'apiKey', in: scheme.in, parameterName: scheme.name };
  }
  return { name, type: type as 'oauth2' | 'openIdConnect' | 'mutualTLS' };
}

export const SIGNATURE_EXTENSION = 'x-slbkit-signature';

/**
 * Whether a plain HTTP operation is signed the Alibaba way: `x-slbkit-signature: v3` on the
 * operation, else on the document (ROA-style APIs sign every call with ACS3-HMAC-SHA256);
 * `none` on an operation turns a document's `v3` off. Without it a plain HTTP operation is sent
 * unsigned and never asks for Alibaba credentials. RPC actions are always signed (V1 or V3, as
 * the client's `signatureVersion` says); `none` on one is refused.
 */
export function signatureOf(document: JsonObject, op: JsonObject, rpc: boolean, at: string): 'v3' | undefined {
  const own = op[SIGNATURE_EXTENSION];
  const marked = own ?? document[SIGNATURE_EXTENSION];
  const where = own !== undefined ? `${at}/${SIGNATURE_EXTENSION}` : `#/${SIGNATURE_EXTENSION}`;
  if (marked === undefined) return undefined;
  if (marked !== 'v3' && marked !== 'none') throw new SpecError(`${SIGNATURE_EXTENSION} must be "v3" or "none", not ${JSON.stringify(marked)}`, where, 'write x-slbkit-signature: v3 on an operation (or the document) that Alibaba signature V3 signs');
  if (rpc && marked === 'none' && own !== undefined) throw new SpecError(`an RPC action is always signed; ${SIGNATURE_EXTENSION}: none does not apply`, where, 'remove it');
  return !rpc && marked === 'v3' ? 'v3' : undefined;
}
