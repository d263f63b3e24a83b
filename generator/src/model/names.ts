import { SpecError, pointer, pointerToken } from '../errors.js';
import { HTTP_METHODS } from '../load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { OperationModel } from './api-model.js';

/** `RemoveBackendServers` -> `removeBackendServers`; `get_user-by id` -> `getUserById`. */
export function lowerCamel(id: string): string {
  const pascal = upperCamel(id);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

export function upperCamel(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The members of Object.prototype (ECMA-262 section 20.1.3, and Annex B.2.2 for the `__` ones):
 * every plain object answers to them, so a name among them is never "absent".
 */
export const OBJECT_PROTOTYPE_MEMBERS: ReadonlySet<string> = new Set([
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf',
  '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);

/**
 * Method names a client object must not carry: Object.prototype's members (shadowing them breaks
 * `String(client)`, `client.hasOwnProperty(...)`), `then` (a client with a `then` method is a
 * thenable: `await` on it, or returning it from an async function, calls the operation and never
 * settles; ECMA-262 section 27.2.1.3.2), `toJSON` (JSON.stringify(client) would call the API) and
 * `use`, the client's own middleware method.
 */
export const RESERVED_METHOD_NAMES: ReadonlySet<string> = new Set([...OBJECT_PROTOTYPE_MEMBERS, 'then', 'toJSON', 'use']);

/**
 * The client method for an operationId: lowerCamelCase, and a name JavaScript reserves for every
 * object (RESERVED_METHOD_NAMES) gets the suffix `Operation`: operationId `then` -> `thenOperation`.
 */
export function methodNameOf(operationId: string): string {
  const name = lowerCamel(operationId);
  return RESERVED_METHOD_NAMES.has(name) ? `${name}Operation` : name;
}

/** Where an operation's operationId is, for errors that name it. */
function operationIdPointer(operation: OperationModel): string {
  return pointer('paths', operation.path, operation.httpMethods[0]!.toLowerCase(), 'operationId');
}

/** Two operations that give one method name are refused, naming both. */
export function checkMethodNames(operations: readonly OperationModel[]): void {
  const seen = new Map<string, OperationModel>();
  for (const operation of operations) {
    const first = seen.get(operation.methodName);
    if (first) {
      throw new SpecError(
        `operationIds "${first.operationId}" (${operationIdPointer(first)}) and "${operation.operationId}" give the same method name ${operation.methodName}`,
        operationIdPointer(operation),
        'rename one of them',
      );
    }
    seen.set(operation.methodName, operation);
  }
}

/**
 * Header names the runtime writes itself or that HTTP reserves for the connection: a spec
 * parameter with one of these names would overwrite the signature, the host the request is
 * signed for, or the framing. Compared case-insensitively (RFC 9110 section 5.1). `x-acs-*` is
 * Alibaba signature V3's own set (x-acs-date, x-acs-signature-nonce, x-acs-content-sha256,
 * x-acs-security-token, x-acs-action, x-acs-version).
 */
const TRANSPORT_HEADERS = new Set([
  'host', 'authorization', 'proxy-authorization', 'content-length', 'content-type', 'content-encoding', 'connection',
  'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'accept', 'accept-encoding',
  'cookie', 'date',
]);

/** RFC 9110 section 5.6.2: a field name is a token. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Names the generated code would use as object keys or HTTP header names, checked on the raw
 * document so each refusal carries its own JSON pointer:
 * - `__proto__` as any key (a schema, a property, an example field): in a JavaScript object
 *   literal or `{...}` copy it sets the prototype instead of a property;
 * - a parameter named after an Object.prototype member (`constructor`, `toString`, ...): the
 *   client reads `input[name]` and would find the inherited function when the caller gives none;
 * - a header parameter that is not an RFC 9110 token or that the transport owns.
 */
export function checkSpecNames(document: JsonObject): void {
  findProtoKey(document, '#');
  for (const [path, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    const item = deref(document, rawItem, pointer('paths', path));
    if (!isObject(item)) continue;
    checkParameterNames(document, item.parameters, pointer('paths', path, 'parameters'));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation)) checkParameterNames(document, operation.parameters, pointer('paths', path, method, 'parameters'));
    }
  }
}

function findProtoKey(node: Json, at: string): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => findProtoKey(child, `${at}/${i}`));
  } else if (isObject(node)) {
    for (const key of Object.keys(node)) {
      const here = `${at}/${pointerToken(key)}`;
      if (key === '__proto__') throw new SpecError('"__proto__" cannot be a name: in JavaScript it sets an object\'s prototype', here, 'rename it');
      findProtoKey(node[key]!, here);
    }
  }
}

function checkParameterNames(document: JsonObject, list: Json | undefined, at: string): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    const parameter = deref(document, entry, `${at}/${i}`);
    if (!isObject(parameter) || typeof parameter.name !== 'string') return;
    const name = parameter.name;
    const nameAt = `${at}/${i}/name`;
    if (OBJECT_PROTOTYPE_MEMBERS.has(name)) {
      throw new SpecError(`parameter "${name}" has the name of a member every JavaScript object has`, nameAt, 'rename it; the client reads inputs by name');
    }
    if (parameter.in !== 'header') return;
    if (!HEADER_TOKEN.test(name)) {
      throw new SpecError(`header parameter ${JSON.stringify(name)} is not a valid header name`, nameAt, 'a header name is letters, digits and !#$%&\'*+-.^_`|~ (RFC 9110 section 5.6.2)');
    }
    const lower = name.toLowerCase();
    if (TRANSPORT_HEADERS.has(lower) || lower.startsWith('x-acs-')) {
      throw new SpecError(`header parameter "${name}" is written by the client's transport or signer`, nameAt, 'remove it from the spec; the client sets it on every request');
    }
  });
}
