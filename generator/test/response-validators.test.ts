/**
 * Issue 12, item 4: success-body validators, in `response-validators.js` (imported by the client
 * only with validateResponses), compiled by the same ajv instance as the input validators. The
 * response module is whole: it imports nothing from validators.js (see emit/validators.ts for why).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { emitDist } from '../src/emit/dist.js';
import { emitRuntime } from '../src/emit/runtime.js';
import { emitValidators } from '../src/emit/validators.js';
import type { Json } from '../src/load/refs.js';
import type { ApiModel, OperationModel } from '../src/model/api-model.js';
import { operation } from './model-builders.js';

const apiModel = (operations: OperationModel[], componentSchemas: Record<string, Json> = {}): ApiModel => ({
  title: 'Test API',
  apiVersion: '1',
  specName: 'test.yaml',
  defaultEndpoint: 'https://api.example.com',
  operations,
  componentSchemas,
  typesDocument: {},
});

const Id = { $ref: '#/components/schemas/Id' };
const shared = apiModel(
  [
    operation({
      inputs: [{ name: 'Id', in: 'query', required: true, wireEncoding: 'plain', schema: Id, examples: [] }],
      successSchema: { type: 'object', required: ['RequestId', 'Id'], properties: { RequestId: { type: 'string' }, Id } },
    }),
  ],
  // minLength and maxLength: both modules need the ucs2length helper and the component's function.
  { Id: { type: 'string', minLength: 2, maxLength: 8 } },
);

/** Top-level function names a module defines. */
const defined = (js: string) => [...js.matchAll(/(?:^|[;\n}])\s*function (\w+)/g)].map((m) => m[1]).sort();

describe('emitValidators: the response module', () => {
  const rows: [string, { given: ApiModel; want: { responseExports: string[]; sharedFromInputs: boolean } }][] = [
    ['no success schema: an empty table', { given: apiModel([operation()]), want: { responseExports: [], sharedFromInputs: false } }],
    [
      'a success schema of its own',
      {
        given: apiModel([
          operation({ successSchema: { type: 'object', required: ['RequestId'], properties: { RequestId: { type: 'string' } } } }),
        ]),
        want: { responseExports: ['validateDoThingResponse'], sharedFromInputs: false },
      },
    ],
    [
      'a component the input uses too: the response module has its own copy',
      { given: shared, want: { responseExports: ['validateDoThingResponse'], sharedFromInputs: false } },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const { js, response } = emitValidators(given);
    expect([...response.js.matchAll(/export const (validate\w+) =/g)].map((m) => m[1])).toEqual(want.responseExports);
    expect(response.js).toContain(
      `export const responseValidators = { ${want.responseExports.map((name) => `"DoThing": ${name}`).join(', ')} };`,
    );
    expect(response.js.includes("from './validators.js'")).toBe(want.sharedFromInputs);
    // A component both use is a function in each module (the response module stands alone).
    if (given === shared) expect(defined(response.js).filter((name) => defined(js).includes(name)).length).toBeGreaterThan(0);
    expect(response.dts).toContain('export declare const responseValidators: Record<string, InputValidator>;');
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('both modules run against the shipped runtime helpers, each on its own', async () => {
    const { js, response } = emitValidators(shared);
    const files = new Map([
      ['dist/validators.js', js],
      ['dist/response-validators.js', response.js],
      ...emitDist(emitRuntime(shared.specName)),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'slbkit-response-validators-'));
    dirs.push(dir);
    for (const path of ['dist/validators.js', 'dist/response-validators.js', 'dist/runtime/validator-support.js']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), files.get(path)!);
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] };
    const { responseValidators } = (await import(pathToFileURL(join(dir, 'dist/response-validators.js')).href)) as {
      responseValidators: Record<string, Validator>;
    };
    const { validateDoThingInput } = (await import(pathToFileURL(join(dir, 'dist/validators.js')).href)) as {
      validateDoThingInput: Validator;
    };
    const check = (validate: Validator, data: unknown) =>
      validate(data) ? 'ok' : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).join('; ');
    expect([
      check(responseValidators.DoThing!, { RequestId: 'r', Id: 'ab' }),
      check(responseValidators.DoThing!, { RequestId: 'r', Id: 'a' }),
      check(responseValidators.DoThing!, { Id: 'abcdefghi' }),
      check(validateDoThingInput, { Id: 'a' }),
    ]).toEqual(['ok', '/Id minLength', ' required; /Id maxLength', '/Id minLength']);
  });
});
