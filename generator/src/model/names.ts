import { pointer, pointerToken, SpecError } from '../errors.js';
import { HTTP_METHODS } from '../load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import { specWarning } from '../load/warnings.js';
import type { OperationModel } from './api-model.js';

/**
 * The naming rule for client methods and types, from any operationId (or action name):
 * 1. Accents are dropped (Unicode NFKD, combining marks removed: `café` -> `cafe`), then the text
 *    is split into words at every character that is not an ASCII letter or digit:
 *    `get-board` -> get, board; `find pet by id` -> find, pet, by, id; `get_user-by id` -> get, user, by, id.
 *    Names stay ASCII: ajv's standalone code, and many editors and tools, accept no other identifiers.
 * 2. Each word starts with its first letter upper-cased; a word in capitals throughout (`GET`,
 *    `ID`) is written as a word (`Get`, `Id`); any other word keeps its letters
 *    (`RemoveBackendServers`, `getHTTPResponse` stay as they are).
 * 3. Type names are the words joined (PascalCase: `FindPetById`); method names the same with
 *    the leading capitals lower-cased (`findPetById`, `HTTPGet` -> `httpGet`).
 * 4. A name that would start with a digit (`2fa-verify`) is prefixed with `Op` / `op`
 *    (`Op2faVerify`, `op2faVerify`).
 * 5. An operationId with no ASCII letter or digit (`查询`, `---`) counts as absent: the
 *    operation is named by its method and path (nameFromMethodAndPath).
 */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(capitalize);
}

function capitalize(word: string): string {
  const allCaps = word === word.toUpperCase() && word !== word.toLowerCase();
  const rest = allCaps ? word.slice(1).toLowerCase() : word.slice(1);
  return word.charAt(0).toUpperCase() + rest;
}

/** `get-board` -> `GetBoard`; '' when the text has no letter or digit. */
export function upperCamel(text: string): string {
  const pascal = nameWords(text).join('');
  return pascal === '' || /^[A-Za-z]/.test(pascal) ? pascal : `Op${pascal}`;
}

/** `RemoveBackendServers` -> `removeBackendServers`; `HTTPGet` -> `httpGet`; `URL` -> `url`. */
export function lowerCamel(text: string): string {
  const pascal = upperCamel(text);
  const capitals = /^[A-Z]+/.exec(pascal)?.[0] ?? '';
  // In `HTTPGet` the last capital starts the next word (Get); in `URL` or `ID2` the run is one word.
  const word = capitals.length > 1 && /^[a-z]/.test(pascal.slice(capitals.length)) ? capitals.slice(0, -1) : capitals;
  return word.toLowerCase() + pascal.slice(word.length);
}

/**
 * The name of an operation without an operationId (or with one that has no letter or digit):
 * its method and path, a `{parameter}` read as "by parameter": `GET /pets/{id}` -> `getPetsById`,
 * `DELETE /users/{userId}/posts` -> `deleteUsersByUserIdPosts`, `GET /` -> `get`.
 */
export function nameFromMethodAndPath(method: string, path: string): string {
  const parts = path.split('/').map((segment) => segment.replace(/\{([^{}]*)\}/g, ' by $1 '));
  return [method.toLowerCase(), ...parts].join(' ');
}

/** What every name above is: an ASCII identifier. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The members of Object.prototype (ECMA-262 section 20.1.3, and Annex B.2.2 for the `__` ones):
 * every plain object answers to them, so a name among them is never "absent".
 */
export const OBJECT_PROTOTYPE_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
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

/**
 * The method and type names of an operation: from its action (RPC), else its operationId, else
 * (no operationId, or one without a letter or digit) its method and path.
 */
export function operationNames(
  callName: string | undefined,
  method: string,
  path: string,
): { methodName: string; typeName: string; fromPath: boolean } {
  const fromPath = callName === undefined || upperCamel(callName) === '';
  const source = fromPath ? nameFromMethodAndPath(method, path) : callName;
  const names = { methodName: methodNameOf(source), typeName: upperCamel(source), fromPath };
  // By construction (ASCII words, never a leading digit); checked so that a corner case fails
  // here, named, rather than as generated code that does not parse.
  if (!IDENTIFIER.test(names.methodName) || !IDENTIFIER.test(names.typeName)) {
    throw new SpecError(
      `${JSON.stringify(source)} gives no JavaScript name (${JSON.stringify(names.methodName)})`,
      pointer('paths', path, method),
      'give the operation an operationId of letters and digits',
    );
  }
  return names;
}

/** Where an operation's name comes from, for errors that name it: its operationId, or the operation itself. */
function namePointer(operation: OperationModel): string {
  const at = pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase());
  return operation.nameFromPath ? at : `${at}/operationId`;
}

function nameSource(operation: OperationModel): string {
  if (operation.action !== undefined) return `action ${operation.action}`;
  return operation.nameFromPath
    ? `${operation.httpMethods[0]} ${operation.specPath}`
    : `operationId ${JSON.stringify(operation.operationId)}`;
}

/** Two operations that give one method name are refused, naming both. */
export function checkMethodNames(operations: readonly OperationModel[]): void {
  const seen = new Map<string, OperationModel>();
  for (const operation of operations) {
    const first = seen.get(operation.methodName);
    if (first) {
      throw new SpecError(
        `${nameSource(first)} (${namePointer(first)}) and ${nameSource(operation)} give the same method name ${operation.methodName}`,
        namePointer(operation),
        'give one of them another operationId',
      );
    }
    seen.set(operation.methodName, operation);
  }
}

/**
 * Header names the transport owns, each with why a spec's value could not be sent correctly:
 * they describe the connection or the body's framing, which node:http and fetch write from the
 * request itself (RFC 9110 section 7.6.1, RFC 9112 section 6). Compared case-insensitively (RFC
 * 9110 section 5.1). `x-acs-*` is Alibaba signature V3's own set (x-acs-date,
 * x-acs-signature-nonce, x-acs-content-sha256, x-acs-security-token, x-acs-action,
 * x-acs-version). Headers the client only defaults (Accept, User-Agent, Date), and those it never
 * writes although they describe the body (Content-Encoding: the client does not compress, so the
 * caller's bytes are sent as they are and the spec's value, S3's `Content-Encoding: gzip` of an
 * object uploaded compressed, says what they are) are the spec's to set: its value wins (runtime/request.ts places parameters after the defaults); Content-Type
 * and Authorization depend on the operation (model/parameters.ts `checkClientHeaders`).
 */
const TRANSPORT_HEADERS = new Map([
  ['host', 'the transport writes it from the endpoint the request is sent (and signed) for'],
  ['proxy-authorization', "a proxy's credentials belong to the transport (pass fetch or transport)"],
  ['content-length', 'the transport writes it from the body it sends'],
  ['connection', 'it describes the connection, which the transport manages'],
  ['keep-alive', 'it describes the connection, which the transport manages'],
  ['proxy-connection', 'it describes the connection, which the transport manages'],
  ['transfer-encoding', 'the transport frames the body itself'],
  ['te', 'it describes the connection, which the transport manages'],
  ['trailer', 'the client sends no trailers'],
  ['upgrade', 'the client speaks HTTP/1.1 on this connection only'],
  ['expect', 'the transport sends the body without waiting for 100-continue'],
  ['accept-encoding', 'the transport asks for identity (uncompressed) answers, to count the bytes it reads'],
  ['cookie', 'the client writes it from cookie parameters and apiKey schemes: describe each cookie with in: cookie'],
]);

/** Transport headers a spec may list anyway: left out of the method's inputs (model/build.ts), the transport's value sent. */
export const TRANSPORT_WRITTEN_INPUTS: ReadonlySet<string> = new Set(['content-length']);

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
      if (key === '__proto__')
        throw new SpecError('"__proto__" cannot be a name: in JavaScript it sets an object\'s prototype', here, 'rename it');
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
      throw new SpecError(
        `parameter "${name}" has the name of a member every JavaScript object has`,
        nameAt,
        'rename it; the client reads inputs by name',
      );
    }
    // RFC 6265 section 4.1.1: a cookie-name is a token, as a header name is.
    if (parameter.in === 'cookie' && !HEADER_TOKEN.test(name))
      throw new SpecError(
        `cookie parameter ${JSON.stringify(name)} is not a valid cookie name`,
        nameAt,
        "a cookie name is letters, digits and !#$%&'*+-.^_`|~",
      );
    if (parameter.in !== 'header') return;
    if (!HEADER_TOKEN.test(name)) {
      throw new SpecError(
        `header parameter ${JSON.stringify(name)} is not a valid header name`,
        nameAt,
        "a header name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110 section 5.6.2)",
      );
    }
    const lower = name.toLowerCase();
    // S3 lists Content-Length as a required header of its uploads: what the transport writes from the
    // body it sends, so the request is right without it. Read (not an input of the method), with a warning.
    if (TRANSPORT_WRITTEN_INPUTS.has(lower)) {
      specWarning(
        nameAt,
        `header parameter "${name}" is not an input of the method: ${TRANSPORT_HEADERS.get(lower)}`,
        'remove it from the spec',
      );
      return;
    }
    const why =
      TRANSPORT_HEADERS.get(lower) ?? (lower.startsWith('x-acs-') ? "Alibaba's signature V3 writes the x-acs-* headers" : undefined);
    if (why) {
      throw new SpecError(
        `header parameter "${name}" is written by the client's transport or signer: ${why}`,
        nameAt,
        'remove it from the spec; the client sets it on every request',
      );
    }
  });
}
