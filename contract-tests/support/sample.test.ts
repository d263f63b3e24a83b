import { describe, expect, it } from 'vitest';
import type { ApiModel, Json } from '../../generator/src/api.js';
import { errorBodyFor } from '../mock/error-body.js';
import { modelAjv } from './model-ajv.js';
import { sampleOf } from './sample.js';

// The values the kit invents where a spec documents none: a request value for a required
// parameter without an example, and an error body for a refusal without an example. Each must be
// accepted by the schema it was made for (ajv over the same model, so the rows cannot drift).

const model = {
  componentSchemas: {
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string', format: 'uri-reference' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
      },
    },
    Base: { type: 'object', required: ['code'], properties: { code: { type: 'integer' } } },
  },
  operations: [],
} as unknown as ApiModel;
const ajv = modelAjv(model);

describe('sampleOf: a value the schema accepts', () => {
  it.each([
    ['an identifier pattern', { type: 'string', pattern: '^[a-z]+-[0-9a-z]+$' }, 'a-0'],
    ['a pattern with a group and a count', { type: 'string', pattern: '^(lb|slb)-[0-9]{3}$' }, 'lb-000'],
    ['a date', { type: 'string', format: 'date' }, '2024-01-31'],
    ['a uuid', { type: 'string', format: 'uuid' }, '3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['minLength', { type: 'string', minLength: 3 }, 'xxx'],
    ['an integer with an exclusive minimum', { type: 'integer', exclusiveMinimum: 4 }, 5],
    ['a minimum above 1', { type: 'integer', minimum: 10, maximum: 20 }, 10],
    ['an example wins', { type: 'string', pattern: '^\\d{4}$', example: '2024' }, '2024'],
    [
      'an object: its required properties',
      { type: 'object', required: ['a'], properties: { a: { type: 'boolean' }, b: { type: 'string' } } },
      { a: true },
    ],
    ['an array: minItems copies', { type: 'array', minItems: 2, items: { type: 'string', enum: ['x'] } }, ['x', 'x']],
  ] as [string, Json, Json][])('%s', (_name, schema, want) => {
    const value = sampleOf(model, schema);
    expect(value).toEqual(want);
    expect(ajv.compile(schema)(value)).toBe(true);
  });
});

describe("errorBodyFor: the spec's own error shape, filled by meaning", () => {
  const facts = {
    code: 'InvalidParameter',
    message: 'The specified parameter "x" is not valid.',
    status: 400,
    requestId: 'R-1',
    hostId: 'h',
  };
  it.each([
    [
      'RFC 9457 problem details',
      { $ref: '#/components/schemas/Problem' },
      { type: 'about:blank', title: facts.message, status: 400, detail: facts.message },
    ],
    [
      'Alibaba shape',
      {
        type: 'object',
        required: ['Code', 'Message'],
        properties: { Code: { type: 'string' }, Message: { type: 'string' }, RequestId: { type: 'string' }, HostId: { type: 'string' } },
      },
      { Code: 'InvalidParameter', Message: facts.message, RequestId: 'R-1', HostId: 'h' },
    ],
    [
      '{code: integer, message} (an integer code is the status)',
      { type: 'object', required: ['code', 'message'], properties: { code: { type: 'integer' }, message: { type: 'string' } } },
      { code: 400, message: facts.message },
    ],
    [
      'allOf of a base and more',
      {
        allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['error'], properties: { error: { type: 'string' } } }],
      },
      // Nothing else says the message, so `error` does (zapier-nla's {error}: a refusal names its parameter).
      { code: 400, error: facts.message },
    ],
    ['a string schema: the message', { type: 'string', maxLength: 256 }, facts.message],
  ] as [string, Json, Json][])('%s', (_name, schema, want) => {
    const body = errorBodyFor(model, schema, facts);
    expect(body).toEqual(want);
    expect(ajv.compile(schema)(body)).toBe(true);
  });
});
