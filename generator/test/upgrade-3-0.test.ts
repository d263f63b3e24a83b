/**
 * load/upgrade-3-0.ts: each rule as a row, a 3.0 fragment given and the 3.1 fragment wanted.
 * Sources: learn.openapis.org "Upgrading from OpenAPI 3.0 to 3.1" (the rules), OpenAPI 3.0.4
 * section 4.7.24.2 (what `nullable` means), section 4.7.26 (siblings of `$ref` are ignored).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { loadSpec } from '../src/load/openapi-document.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import { upgradeToOpenApi31 } from '../src/load/upgrade-3-0.js';

/** A 3.0 document with `schema` as a component, a parameter's schema and a response body's schema. */
function doc30(schema: Json, version = '3.0.3'): JsonObject {
  return {
    openapi: version,
    info: { title: 'T', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'getThings',
          parameters: [{ name: 'q', in: 'query', schema }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
        },
      },
    },
    components: { schemas: { S: schema } },
  };
}

/** The three places the schema sits in doc30, after the upgrade: they must agree. */
function upgradedSchemas(document: JsonObject): Json[] {
  const up = upgradeToOpenApi31(document) as any;
  return [
    up.components.schemas.S,
    up.paths['/things'].get.parameters[0].schema,
    up.paths['/things'].get.responses['200'].content['application/json'].schema,
  ];
}

describe('upgradeToOpenApi31: each 3.0 schema rule, given a 3.0 schema, wants the 3.1 schema', () => {
  const rows: [string, { given: Json; want: Json }][] = [
    ['nullable beside a type adds "null" to it', { given: { type: 'string', nullable: true }, want: { type: ['string', 'null'] } }],
    ['nullable: false is removed', { given: { type: 'string', nullable: false }, want: { type: 'string' } }],
    // 3.0.4: nullable "only takes effect if type is explicitly defined within the same Schema Object".
    [
      'nullable without a type has no effect, and goes',
      { given: { allOf: [{ $ref: '#/components/schemas/S' }], nullable: true }, want: { allOf: [{ $ref: '#/components/schemas/S' }] } },
    ],
    // 3.0.4: "Other Schema Object constraints retain their defined behavior": the enum still refuses null.
    [
      'nullable with an enum: the enum stays as written',
      { given: { type: 'string', enum: ['a', 'b'], nullable: true }, want: { type: ['string', 'null'], enum: ['a', 'b'] } },
    ],
    [
      'exclusiveMinimum: true takes the minimum as its value',
      { given: { type: 'integer', minimum: 0, exclusiveMinimum: true }, want: { type: 'integer', exclusiveMinimum: 0 } },
    ],
    [
      'exclusiveMaximum: true takes the maximum as its value',
      { given: { type: 'number', maximum: 5.5, exclusiveMaximum: true }, want: { type: 'number', exclusiveMaximum: 5.5 } },
    ],
    [
      'exclusiveMinimum: false is removed, the minimum stays',
      { given: { type: 'integer', minimum: 1, exclusiveMinimum: false }, want: { type: 'integer', minimum: 1 } },
    ],
    [
      'exclusiveMaximum: true without a maximum means nothing, and goes',
      { given: { type: 'integer', exclusiveMaximum: true }, want: { type: 'integer' } },
    ],
    [
      'a numeric exclusiveMinimum (already 3.1) stays',
      { given: { type: 'integer', exclusiveMinimum: 3 }, want: { type: 'integer', exclusiveMinimum: 3 } },
    ],
    [
      'example becomes examples: [example]',
      { given: { type: 'string', example: 'fedora' }, want: { type: 'string', examples: ['fedora'] } },
    ],
    [
      'an object example stays data, its keys untouched',
      {
        given: { type: 'object', example: { nullable: true, example: 1 } },
        want: { type: 'object', examples: [{ nullable: true, example: 1 }] },
      },
    ],
    [
      'examples already there win over example',
      { given: { type: 'string', example: 'a', examples: ['b'] }, want: { type: 'string', examples: ['b'] } },
    ],
    [
      'siblings of $ref are dropped (3.0 ignores them)',
      { given: { $ref: '#/components/schemas/S', nullable: true, description: 'd' }, want: { $ref: '#/components/schemas/S' } },
    ],
    [
      'the rules reach every subschema: properties, items, additionalProperties, allOf, anyOf, oneOf, not',
      {
        given: {
          type: 'object',
          properties: { a: { type: 'integer', nullable: true }, nullable: { type: 'string', example: 'x' } },
          additionalProperties: { type: 'number', minimum: 0, exclusiveMinimum: true },
          allOf: [{ type: 'object', nullable: true }],
          anyOf: [{ type: 'string', nullable: true }],
          oneOf: [{ type: 'array', items: { type: 'boolean', nullable: true } }],
          not: { type: 'string', example: 'no' },
        },
        want: {
          type: 'object',
          properties: { a: { type: ['integer', 'null'] }, nullable: { type: 'string', examples: ['x'] } },
          additionalProperties: { type: 'number', exclusiveMinimum: 0 },
          allOf: [{ type: ['object', 'null'] }],
          anyOf: [{ type: ['string', 'null'] }],
          oneOf: [{ type: 'array', items: { type: ['boolean', 'null'] } }],
          not: { type: 'string', examples: ['no'] },
        },
      },
    ],
    [
      'format is left as written (byte, binary: in the OpenAPI format registry)',
      { given: { type: 'string', format: 'binary' }, want: { type: 'string', format: 'binary' } },
    ],
    [
      'default, enum and x- extensions are data, copied as they are',
      {
        given: { type: 'string', default: 'a', enum: ['a'], 'x-note': { nullable: true } },
        want: { type: 'string', default: 'a', enum: ['a'], 'x-note': { nullable: true } },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(upgradedSchemas(doc30(given))).toEqual([want, want, want]);
  });
});

describe('upgradeToOpenApi31: which documents, and what else it leaves alone', () => {
  it.each(['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4'])('OpenAPI %s is upgraded to 3.1.0', (version) => {
    expect((upgradeToOpenApi31(doc30({ type: 'string' }, version)) as JsonObject).openapi).toBe('3.1.0');
  });

  const untouched: [string, unknown][] = [
    ['a 3.1 document (nullable is just an unknown keyword there)', { ...doc30({ type: 'string', nullable: true }), openapi: '3.1.0' }],
    ['3.0.5 (not a 3.0 release: the checks refuse it by name)', doc30({ type: 'string', nullable: true }, '3.0.5')],
    ['openapi as a YAML number', { ...doc30({ type: 'string', nullable: true }), openapi: 3 }],
    ['a list', [1]],
  ];
  it.each(untouched)('%s is returned as it is', (_name, given) => {
    expect(upgradeToOpenApi31(given)).toBe(given);
  });

  it('outside schemas nothing changes: a parameter named "schema", media type and parameter examples, a $ref with a description', () => {
    const given: JsonObject = {
      openapi: '3.0.0',
      info: { title: 'T', version: '1' },
      paths: {
        '/x': {
          get: {
            parameters: [{ $ref: '#/components/parameters/schema', description: 'kept: not a schema' }],
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { example: { nullable: true }, schema: { type: 'object', nullable: true } } },
              },
            },
          },
        },
      },
      components: { parameters: { schema: { name: 'schema', in: 'query', example: 'e', schema: { type: 'string', example: 'e' } } } },
    };
    const before = structuredClone(given);
    const up = upgradeToOpenApi31(given) as any;
    expect(given).toEqual(before); // pure
    expect(up.paths['/x'].get.parameters[0]).toEqual({ $ref: '#/components/parameters/schema', description: 'kept: not a schema' });
    expect(up.paths['/x'].get.responses['200'].content['application/json']).toEqual({
      example: { nullable: true },
      schema: { type: ['object', 'null'] },
    });
    expect(up.components.parameters.schema).toEqual({
      name: 'schema',
      in: 'query',
      example: 'e',
      schema: { type: 'string', examples: ['e'] },
    });
  });

  it('shares no object with the original (js-yaml aliases share them)', () => {
    const shared = { type: 'string' };
    const up = upgradedSchemas(doc30(shared));
    expect(up.every((s) => s !== shared)).toBe(true);
  });

  it.each([
    [
      'swagger: "2.0"',
      { swagger: '2.0', info: { title: 'T', version: '1' }, paths: {} },
      '#/swagger: Swagger "2.0" (OpenAPI 2.0) is not supported (convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.yaml -o spec-3.yaml`; the generator reads OpenAPI 3.0 and 3.1)',
    ],
  ])('%s is refused, saying so', (_name, given, want) => {
    let thrown: unknown;
    try {
      upgradeToOpenApi31(given);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).describe()).toBe(want);
  });
});

describe('loadSpec on a 3.0 file: upgraded first, errors still point into the original', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'slbkit-upgrade-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rows: [string, { given: string; want: string }][] = [
    [
      'a $ref that does not resolve, inside a nullable schema',
      {
        given: "{type: object, nullable: true, properties: {a: {$ref: '#/components/schemas/Nope'}}}",
        want: '#/components/schemas/S/properties/a/$ref: $ref "#/components/schemas/Nope" does not resolve (no "Nope")',
      },
    ],
    ['a 3.0 schema with an example loads, as 3.1', { given: '{type: string, example: x}', want: 'ok' }],
  ];
  it.each(rows)('%s', async (_name, { given, want }) => {
    const file = join(dir, `${rows.findIndex(([name]) => name === _name)}.yaml`);
    writeFileSync(
      file,
      `openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    S: ${given}\n`,
    );
    let got = 'ok';
    try {
      const loaded = await loadSpec(file);
      expect(loaded.document.openapi).toBe('3.1.0');
    } catch (error) {
      got = error instanceof SpecError ? error.describe() : String(error);
    }
    expect(got).toBe(want);
  });
});
