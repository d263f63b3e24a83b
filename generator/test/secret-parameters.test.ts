import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../src/load/refs.js';
import { parameterModel } from '../src/model/parameters.js';

// Which parameters the model marks `secret` (the descriptor field runtime/invoke.ts and
// middleware.ts read to hide a value): the schema's word first, then the name. The end-to-end
// half (debug lines, middleware views, errors) is runtime/hostile-client.test.ts.
const document: JsonObject = { components: { schemas: { Password: { type: 'string', format: 'password' } } } };
const secret = (object: JsonObject, rpc = false) =>
  parameterModel(document, { at: '#/paths/~1x/get/parameters/0', object }, rpc).secret === true;

describe('a parameter is secret', () => {
  it.each<[string, JsonObject, boolean?]>([
    ['format: password (OpenAPI 3.1 section 4.2)', { name: 'pin', in: 'query', schema: { type: 'string', format: 'password' } }],
    ['format: password behind a $ref', { name: 'pin', in: 'query', schema: { $ref: '#/components/schemas/Password' } }],
    ['writeOnly: true', { name: 'recoveryCode', in: 'query', schema: { type: 'string', writeOnly: true } }],
    ['a name ending in Secret', { name: 'ClientSecret', in: 'header', schema: { type: 'string' } }],
    ['a name ending in _password, in lower case', { name: 'db_password', in: 'query', schema: { type: 'string' } }],
    ['a name ending in Token, in a header', { name: 'X-Auth-Token', in: 'header', schema: { type: 'string' } }],
    ['a name ending in PASSWD', { name: 'userPASSWD', in: 'query', schema: { type: 'string' } }],
    ['an RPC parameter named like a password', { name: 'Password', in: 'query', schema: { type: 'string' } }, true],
    // Names the review of issue 17 saw shown in debug lines.
    ['a name ending in pwd', { name: 'pwd', in: 'query', schema: { type: 'string' } }],
    ['a passphrase', { name: 'passphrase', in: 'query', schema: { type: 'string' } }],
    ['a private key', { name: 'PrivateKey', in: 'query', schema: { type: 'string' } }],
    ['an API key as a plain query parameter', { name: 'apiKey', in: 'query', schema: { type: 'string' } }],
    ['a secret key', { name: 'secret_key', in: 'query', schema: { type: 'string' } }],
    ['credentials', { name: 'Credentials', in: 'header', schema: { type: 'string' } }],
  ])('%s', (_name, object, rpc) => {
    expect(secret(object, rpc)).toBe(true);
  });
});

describe('a parameter is not secret', () => {
  it.each<[string, JsonObject]>([
    // The idempotency token is a UUID the client makes itself (model/build.ts idempotency).
    ['the ClientToken idempotency token', { name: 'ClientToken', in: 'query', schema: { type: 'string' } }],
    [
      'a parameter marked x-slbkit-idempotency-token',
      { name: 'RequestToken', in: 'query', 'x-slbkit-idempotency-token': true, schema: { type: 'string' } },
    ],
    ['a name with Token inside, not at the end', { name: 'TokenType', in: 'query', schema: { type: 'string' } }],
    ['a plain string', { name: 'view', in: 'query', schema: { type: 'string' } }],
    ['a key that is no secret', { name: 'SortKey', in: 'query', schema: { type: 'string' } }],
  ])('%s', (_name, object) => {
    expect(secret(object)).toBe(false);
  });
});
