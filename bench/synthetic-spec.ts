import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';

/**
 * RPC-style OpenAPI 3.1 specs of any size, for the scale part of the bench.
 *
 * OpenAPI allows one GET per path, so N actions cannot all live at `/` (the real RPC shape);
 * each action gets its own path `/{ActionName}` with a GET whose required `Action` query
 * parameter allows exactly that one value. The generator treats non-`/` paths as HTTP style,
 * which is fine for measuring how it scales. Every operation has what the real spec has: shared
 * component parameters, a JSON-encoded `content` parameter whose schema is a shared component,
 * plain parameters, and responses by `$ref` whose schemas reference each other.
 *
 * Deterministic: the same N gives the same bytes.
 */

const VERBS = ['Describe', 'Create', 'Delete', 'Modify', 'Add', 'Remove', 'Set', 'Start', 'Stop', 'List'];
const NOUNS = [
  'LoadBalancer',
  'Listener',
  'BackendServer',
  'VServerGroup',
  'Rule',
  'AccessControlList',
  'Certificate',
  'Tag',
  'Zone',
  'DomainExtension',
];

export function actionName(i: number): string {
  return `${VERBS[i % VERBS.length]}${NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]}${String(i).padStart(4, '0')}`;
}

/**
 * One shared "resource" schema per 5 operations (at least 3). Resources come in chains of
 * `refDepth` (default 4): each refers to the one before it in its chain, as real APIs nest a
 * few levels (listener -> load balancer -> zone). `refDepth: Infinity` makes one chain through
 * every resource, a stress case: the nesting depth then grows with N.
 */
function resourceCount(operations: number): number {
  return Math.max(3, Math.ceil(operations / 5));
}

export interface SyntheticOptions {
  refDepth?: number;
}

export function syntheticSpec(operations: number, { refDepth = 4 }: SyntheticOptions = {}): Record<string, unknown> {
  const resources = resourceCount(operations);
  const schemas: Record<string, unknown> = {
    Tag: {
      type: 'object',
      required: ['Key'],
      additionalProperties: false,
      properties: { Key: { type: 'string', minLength: 1, maxLength: 128 }, Value: { type: 'string', maxLength: 128 } },
    },
    ErrorResponse: {
      type: 'object',
      required: ['Code', 'Message', 'RequestId'],
      properties: { Code: { type: 'string' }, Message: { type: 'string' }, RequestId: { type: 'string' }, HostId: { type: 'string' } },
    },
  };
  const responses: Record<string, unknown> = {
    BadRequest: {
      description: 'A parameter is missing or not valid.',
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ErrorResponse' },
          examples: {
            invalid: {
              value: {
                Code: 'InvalidParameter',
                Message: 'The specified parameter is not valid.',
                RequestId: '0669D684-69D8-408E-A4FA-B9011E0F4E66',
              },
            },
          },
        },
      },
    },
    InternalError: {
      description: 'The service failed.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
    },
  };
  for (let r = 0; r < resources; r++) {
    schemas[`Resource${r}`] = {
      description: `Resource kind ${r}.`,
      type: 'object',
      required: ['Id', 'Name'],
      additionalProperties: false,
      properties: {
        Id: { type: 'string', minLength: 1 },
        Name: { type: 'string', maxLength: 80 },
        Status: { type: 'string', enum: ['active', 'inactive', 'locked'] },
        Weight: { type: 'integer', minimum: 0, maximum: 100 },
        Tags: { type: 'array', maxItems: 20, items: { $ref: '#/components/schemas/Tag' } },
        ...(r % refDepth !== 0 ? { Parent: { $ref: `#/components/schemas/Resource${r - 1}` } } : {}),
      },
    };
    schemas[`Resource${r}Filter`] = {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { oneOf: [{ type: 'string', minLength: 1 }, { $ref: `#/components/schemas/Resource${r}` }] },
    };
    schemas[`Resource${r}Response`] = {
      type: 'object',
      required: ['RequestId', 'Items'],
      properties: {
        RequestId: { type: 'string' },
        TotalCount: { type: 'integer', minimum: 0 },
        Items: {
          type: 'object',
          required: ['Item'],
          properties: { Item: { type: 'array', items: { $ref: `#/components/schemas/Resource${r}` } } },
        },
      },
    };
    responses[`Resource${r}Ok`] = {
      description: `Resource kind ${r} answered.`,
      content: {
        'application/json': {
          schema: { $ref: `#/components/schemas/Resource${r}Response` },
          examples: {
            ok: { value: { RequestId: '365F4154-92F6-4AE4-92F8-7FF34B540710', Items: { Item: [{ Id: `r-${r}`, Name: 'example' }] } } },
          },
        },
      },
    };
  }
  const parameters = {
    Version: {
      name: 'Version',
      in: 'query',
      required: true,
      description: 'The API version.',
      schema: { type: 'string', enum: ['2014-05-15'] },
    },
    RegionId: { name: 'RegionId', in: 'query', required: true, description: 'The region.', schema: { type: 'string', minLength: 1 } },
    PageSize: {
      name: 'PageSize',
      in: 'query',
      required: false,
      description: 'Page size.',
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    },
  };
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < operations; i++) {
    const name = actionName(i);
    const r = i % resources;
    paths[`/${name}`] = {
      get: {
        operationId: name,
        summary: `${name} (synthetic)`,
        description: `Synthetic RPC action number ${i}, on resource kind ${r}.`,
        parameters: [
          {
            name: 'Action',
            in: 'query',
            required: true,
            description: `Valid value: **${name}**.`,
            schema: { type: 'string', enum: [name] },
          },
          { $ref: '#/components/parameters/Version' },
          { $ref: '#/components/parameters/RegionId' },
          { $ref: '#/components/parameters/PageSize' },
          { name: 'ResourceId', in: 'query', required: true, description: 'The resource.', schema: { type: 'string', minLength: 1 } },
          {
            name: 'Filter',
            in: 'query',
            required: i % 2 === 0,
            description: 'JSON-encoded list of resources or IDs.',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/Resource${r}Filter` } } },
          },
        ],
        responses: {
          '200': { $ref: `#/components/responses/Resource${r}Ok` },
          '400': { $ref: '#/components/responses/BadRequest' },
          '500': { $ref: '#/components/responses/InternalError' },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `Synthetic RPC API with ${operations} actions`, version: '2014-05-15' },
    servers: [{ url: 'https://slb.aliyuncs.com' }],
    paths,
    components: { parameters, schemas, responses },
  };
}

/** Write the spec of `operations` actions as YAML; returns the file's path. */
export function writeSyntheticSpec(operations: number, file: string, options: SyntheticOptions = {}): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, yaml.dump(syntheticSpec(operations, options), { lineWidth: -1, noRefs: true }));
  return file;
}

// `tsx bench/synthetic-spec.ts --operations 500 --out /tmp/spec-500.yaml [--ref-depth N|deep]`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { operations: { type: 'string', default: '100' }, out: { type: 'string' }, 'ref-depth': { type: 'string', default: '4' } },
  });
  const n = Number(values.operations);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--operations must be a positive integer, got ${values.operations}`);
  const refDepth = values['ref-depth'] === 'deep' ? Infinity : Number(values['ref-depth']);
  if (!(refDepth >= 1)) throw new Error(`--ref-depth must be a positive integer or "deep", got ${values['ref-depth']}`);
  const out = values.out ?? `synthetic-${n}.yaml`;
  process.stdout.write(`${writeSyntheticSpec(n, out, { refDepth })}\n`);
}
