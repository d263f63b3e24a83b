// Over 400 lines: one table per emitter with the exact printed text as the want; splitting per emitter would repeat the hand-built models.
/**
 * emit/: model -> printed code. The models are built by hand (the model is plain data); the
 * wants are the exact text printed, or the exact data a printed literal evaluates to.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndentationText, NewLineKind, Project, QuoteKind, type StatementStructures, ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { emitDist } from '../src/emit/dist.js';
import { commentText, literal } from '../src/emit/docs.js';
import { generatedHeader } from '../src/emit/header.js';
import { descriptorName, jsonExpression, printOperations } from '../src/emit/operations.js';
import { identityProblem } from '../src/emit/package-json.js';
import { constraints } from '../src/emit/readme.js';
import { emitRuntime } from '../src/emit/runtime.js';
import { operationTypeStructures } from '../src/emit/types.js';
import { emitValidators, inputSchema, toAjvSchema } from '../src/emit/validators.js';
import { SpecError } from '../src/errors.js';
import { generateFromFile } from '../src/generate.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import type { ApiModel, OperationModel, ParameterModel } from '../src/model/api-model.js';
import { operation } from './model-builders.js';

const BUNDLED_SPEC = 'spec/slb-2014-05-15.yaml';

// ------------------------------------------------------------------ hand-built models

const str: JsonObject = { type: 'string' };
const param = (name: string, extra: Partial<ParameterModel> = {}): ParameterModel => ({
  name,
  in: 'query',
  required: false,
  wireEncoding: 'plain',
  schema: str,
  examples: [],
  ...extra,
});

/** An http-style operation: no action, path parameters, maybe a body. */
function httpOperation(extra: Partial<OperationModel> = {}): OperationModel {
  const {
    action: _action,
    version: _version,
    ...rest
  } = operation({
    operationId: 'put_thing',
    sourceOperationIds: ['put_thing'],
    methodName: 'putThing',
    typeName: 'PutThing',
    specPath: '/things/{id}',
    style: 'http',
    httpMethods: ['PUT'],
    path: '/things/{id}',
    fixed: [],
  });
  return { ...rest, ...extra };
}

function apiModel(operations: OperationModel[], componentSchemas: Record<string, Json> = {}): ApiModel {
  return {
    title: 'Test API',
    apiVersion: '1',
    specName: 'test.yaml',
    defaultEndpoint: 'https://api.example.com',
    operations,
    componentSchemas,
    typesDocument: {},
  };
}

/** Print structures the way generate.ts does: one in-memory project, fixed formatting. */
function print(statements: StatementStructures[]): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, newLineKind: NewLineKind.LineFeed },
  });
  return project.createSourceFile('file.ts', { statements }).getFullText();
}

// ------------------------------------------------------------------ types.ts

describe('operationTypeStructures: Input, Output and ErrorBody of one operation', () => {
  const rows: [string, { given: OperationModel; want: string }][] = [
    [
      'RPC: a JSON-encoded input, a client default, a header with a dash, JSON errors only',
      {
        given: operation({
          summary: 'Do it',
          inputs: [
            param('Ids', { required: true, wireEncoding: 'json', description: 'The ids. A */ inside stays in the comment.' }),
            param('RegionId', { required: true, clientDefault: 'regionId' }),
            param('X-Trace', { in: 'header' }),
          ],
          errors: [
            { status: 400, code: '400', mediaTypes: ['application/json'], examples: [], schemas: {} },
            { status: 0, code: 'default', mediaTypes: ['text/plain'], examples: [], schemas: {} },
          ],
        }),
        // Each field picked from openapi-typescript's parameter group (its type and doc comment), so a hover lists the fields;
        // the client's notes on fields go into the type's comment, through the comment escaper.
        want: `/**
 * Input of DoThing. Do it.
 *
 * - \`Ids\`: give the value itself: the client sends it JSON-encoded.
 * - \`RegionId\`: defaults to the client's \`regionId\` option.
 */
export type DoThingInput = Simplify<Required<Pick<NonNullable<paths["/"]["get"]["parameters"]["query"]>, "Ids">> & Partial<Pick<NonNullable<paths["/"]["get"]["parameters"]["query"]>, "RegionId">> & OptionalFields<Pick<NonNullable<paths["/"]["get"]["parameters"]["header"]>, "X-Trace">>>;
/** The HTTP 200 body of DoThing. */
export type DoThingOutput = Simplify<paths["/"]["get"]["responses"][200]["content"]["application/json"]>;
/** An error body the spec documents for this operation (\`body\` of its ApiError). */
export type DoThingErrorBody = Simplify<paths["/"]["get"]["responses"][400]["content"]["application/json"]>;
/** The ApiError of DoThing, its \`body\` typed: \`catch (e) { if (e instanceof ApiError) (e as DoThingError).body }\`. */
export type DoThingError = import("./runtime/errors.js").ApiError<DoThingErrorBody>;
`,
      },
    ],
    [
      'http: a path parameter, an optional body, no JSON success, a JSON default error',
      {
        given: httpOperation({
          inputs: [param('id', { in: 'path', required: true })],
          requestBody: {
            required: false,
            schema: { type: 'object' },
            media: [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object' } }],
          },
          success: { status: 204, code: '204', mediaTypes: [], examples: [], schemas: {} },
          errors: [
            { status: 404, code: '404', mediaTypes: ['application/problem+json'], examples: [], schemas: {} },
            { status: 0, code: 'default', mediaTypes: ['application/json'], examples: [], schemas: {} },
          ],
        }),
        // Looked up by path and method: openapi-typescript's \`operations\` lists only operations with an operationId.
        want: `/** Input of put_thing. */
export type PutThingInput = Simplify<Required<Pick<NonNullable<paths["/things/{id}"]["put"]["parameters"]["path"]>, "id">> & { body?: NonNullable<paths["/things/{id}"]["put"]["requestBody"]>["content"]["application/json"] }>;
/** The HTTP 204 body of put_thing. */
export type PutThingOutput = unknown;
/** An error body the spec documents for this operation (\`body\` of its ApiError). */
export type PutThingErrorBody = Simplify<paths["/things/{id}"]["put"]["responses"][404]["content"]["application/problem+json"] | paths["/things/{id}"]["put"]["responses"]["default"]["content"]["application/json"]>;
/** The ApiError of put_thing, its \`body\` typed: \`catch (e) { if (e instanceof ApiError) (e as PutThingError).body }\`. */
export type PutThingError = import("./runtime/errors.js").ApiError<PutThingErrorBody>;
`,
      },
    ],
    [
      'no inputs and no documented errors',
      {
        given: operation(),
        want: `/** Input of DoThing. */
export type DoThingInput = {};
/** The HTTP 200 body of DoThing. */
export type DoThingOutput = Simplify<paths["/"]["get"]["responses"][200]["content"]["application/json"]>;
/** An error body the spec documents for this operation (\`body\` of its ApiError). */
export type DoThingErrorBody = unknown;
/** The ApiError of DoThing, its \`body\` typed: \`catch (e) { if (e instanceof ApiError) (e as DoThingError).body }\`. */
export type DoThingError = import("./runtime/errors.js").ApiError<DoThingErrorBody>;
`,
      },
    ],
    [
      'a parameter name with a comment end and a quote: a literal in the type, escaped in the comment',
      {
        given: operation({ inputs: [param('a*/"b', { required: true, wireEncoding: 'json' })] }),
        want: `/**
 * Input of DoThing.
 *
 * - \`a*\\/"b\`: give the value itself: the client sends it JSON-encoded.
 */
export type DoThingInput = Simplify<Required<Pick<NonNullable<paths["/"]["get"]["parameters"]["query"]>, "a*/\\"b">>>;
/** The HTTP 200 body of DoThing. */
export type DoThingOutput = Simplify<paths["/"]["get"]["responses"][200]["content"]["application/json"]>;
/** An error body the spec documents for this operation (\`body\` of its ApiError). */
export type DoThingErrorBody = unknown;
/** The ApiError of DoThing, its \`body\` typed: \`catch (e) { if (e instanceof ApiError) (e as DoThingError).body }\`. */
export type DoThingError = import("./runtime/errors.js").ApiError<DoThingErrorBody>;
`,
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(print(operationTypeStructures(given))).toBe(want);
  });
});

// ------------------------------------------------------------------ operations.ts

/**
 * The descriptor of one operation as Node reads it: dist/operations.js printed, written beside a
 * validators.js whose exports are the names, and imported.
 */
async function descriptorData(model: ApiModel, index: number): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'slbkit-operations-'));
  try {
    const names = model.operations.map((o) => `validate${o.typeName}Input`);
    writeFileSync(join(dir, 'validators.js'), names.map((n) => `export const ${n} = ${JSON.stringify(`<${n}>`)};\n`).join(''));
    writeFileSync(join(dir, 'operations.js'), printOperations(model, 'js'));
    const module = (await import(pathToFileURL(join(dir, 'operations.js')).href)) as Record<string, unknown>;
    return module[descriptorName(model.operations[index]!)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('operationsStatements: the descriptor invoke() reads', () => {
  const rows: [string, { given: OperationModel; want: unknown }][] = [
    [
      'RPC: action, version, methods, wire encodings, client default, fixed',
      {
        given: operation({
          httpMethods: ['GET', 'POST'],
          inputs: [param('Ids', { required: true, wireEncoding: 'json' }), param('RegionId', { clientDefault: 'regionId' })],
          fixed: [
            { name: 'Action', in: 'query', value: 'DoThing' },
            { name: 'Version', in: 'query', value: '2014-05-15' },
          ],
          signerOwned: ['AccessKeyId'],
        }),
        want: {
          name: 'DoThing',
          style: 'rpc',
          action: 'DoThing',
          version: '2014-05-15',
          methods: ['GET', 'POST'],
          path: '/',
          parameters: [
            { name: 'Ids', in: 'query', wire: 'json' },
            { name: 'RegionId', in: 'query', wire: 'plain', clientDefault: 'regionId' },
          ],
          fixed: [
            { name: 'Action', in: 'query', value: 'DoThing' },
            { name: 'Version', in: 'query', value: '2014-05-15' },
          ],
          signers: ['alibaba-rpc'],
          validate: '<validateDoThingInput>',
        },
      },
    ],
    [
      'http: no action, a body, an XML shape',
      {
        given: httpOperation({
          inputs: [param('id', { in: 'path', required: true })],
          requestBody: { required: true, schema: {}, media: [{ mediaType: 'application/json', kind: 'json', schema: {} }] },
          xmlShape: { root: 'Thing', arrays: ['Items.Item'], numbers: ['Items.Item.N'], booleans: ['Ok'], objects: ['Items'] },
        }),
        want: {
          name: 'put_thing',
          style: 'http',
          methods: ['PUT'],
          path: '/things/{id}',
          parameters: [{ name: 'id', in: 'path', wire: 'plain' }],
          fixed: [],
          body: { required: true, media: [{ type: 'application/json', kind: 'json' }] },
          accept: 'application/json',
          responses: { '200': ['json'] },
          xml: { root: 'Thing', arrays: ['Items.Item'], numbers: ['Items.Item.N'], booleans: ['Ok'], objects: ['Items'] },
          signers: [],
          validate: '<validatePutThingInput>',
        },
      },
    ],
  ];
  it.each(rows)('%s', async (_name, { given, want }) => {
    expect(await descriptorData(apiModel([given]), 0)).toEqual(want);
  });

  // The three files are printed by TypeScript's printer from the same nodes: the source, and its
  // two dist files (the JavaScript without types, the declarations without values).
  const body = `{
    name: "DoThing",
    style: "rpc",
    action: "DoThing",
    version: "2014-05-15",
    methods: [
        "GET"
    ],
    path: "/",
    parameters: [],
    fixed: [
        {
            name: "Action",
            in: "query",
            value: "DoThing"
        }
    ],
    signers: [
        "alibaba-rpc"
    ],
    validate: validateDoThingInput
};
`;
  it.each([
    [
      'ts',
      `import type { OperationDescriptor } from "./runtime/operation.js";
import { validateDoThingInput } from "./validators.js";
/** DoThing: how to call it, from the spec. */
export const doThingOperation: OperationDescriptor = ${body}`,
    ],
    [
      'js',
      `import { validateDoThingInput } from "./validators.js";
/** DoThing: how to call it, from the spec. */
export const doThingOperation = ${body}`,
    ],
    [
      'dts',
      `import type { OperationDescriptor } from "./runtime/operation.js";
/** DoThing: how to call it, from the spec. */
export declare const doThingOperation: OperationDescriptor;
`,
    ],
  ] as const)('prints operations (%s) exactly for the smallest operation', (form, want) => {
    expect(printOperations(apiModel([operation()]), form)).toBe(want);
  });

  it('a doc comment of several lines, with a comment end in it', () => {
    expect(printOperations(apiModel([operation({ action: 'A */ b\nc' })]), 'dts')).toContain(`/**
 * A *\\/ b
 * c: how to call it, from the spec.
 */
export declare const doThingOperation: OperationDescriptor;`);
  });
});

describe('jsonExpression: data -> an object literal that evaluates to the same data', () => {
  const rows: [string, Json][] = [
    ['scalars and empty containers', { a: 1, b: true, c: null, d: [], e: {}, f: -0.5 }],
    ['keys that are not identifiers', { 'a-b': 1, '1x': 2, '': 3, 'x y': 4, $ok: 5 }],
    ['spec text: quotes, comment ends, line breaks, U+2028', { t: ['"', "'", '`${x}`', '*/', '\n\r', '\u2028\u2029', '</script>', '\\'] }],
    // A plain or quoted `__proto__` key sets the prototype; the printed key is computed, an own property.
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "b": 1}') as Json],
  ];
  it.each(rows)('%s', (_name, given) => {
    const printed = ts
      .createPrinter()
      .printNode(ts.EmitHint.Expression, jsonExpression(given), ts.createSourceFile('x.ts', '', ts.ScriptTarget.ES2022));
    const value = new Function(`return (${printed});`)() as unknown;
    expect(value).toEqual(given);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

// ------------------------------------------------------------------ README constraints

describe("constraints: the README's one-line summary of a schema", () => {
  const model = apiModel([], {
    Id: { type: 'string', minLength: 1 },
    Alias: { $ref: '#/components/schemas/Id' },
  });
  const rows: [string, { given: Json; want: string }][] = [
    ['no keywords', { given: {}, want: '' }],
    ['a type', { given: str, want: 'string' }],
    ['lengths', { given: { type: 'string', minLength: 1, maxLength: 64 }, want: 'string, at least 1 characters, at most 64 characters' }],
    ['an enum', { given: { type: 'string', enum: ['ecs', 'eni'] }, want: 'string, one of `ecs`, `eni`' }],
    ['a range', { given: { type: 'integer', minimum: 0, maximum: 100 }, want: 'integer, 0 to 100' }],
    ['a lower bound only', { given: { type: 'number', minimum: 1 }, want: 'number, 1 to inf' }],
    ['a pattern with "|" (escaped for the table)', { given: { type: 'string', pattern: '^(a|b)$' }, want: 'string, matches `^(a\\|b)$`' }],
    [
      'an array',
      {
        given: { type: 'array', minItems: 1, maxItems: 20, items: { $ref: '#/components/schemas/Id' } },
        want: 'array, 1 to 20 items, items: string, at least 1 characters',
      },
    ],
    [
      'an array with no upper bound',
      { given: { type: 'array', minItems: 2, items: str }, want: 'array, 2 to any number of items, items: string' },
    ],
    ['a chain of $refs', { given: { $ref: '#/components/schemas/Alias' }, want: 'string, at least 1 characters' }],
    ['oneOf', { given: { oneOf: [str, { type: 'integer' }] }, want: '(string) or (integer)' }],
    [
      'an object, optional members marked',
      {
        given: { type: 'object', required: ['a'], properties: { a: str, b: { type: 'boolean' } } },
        want: 'object, { a: string; b?: boolean }',
      },
    ],
    ['a $ref to nothing', { given: { $ref: '#/components/schemas/Nope' }, want: '' }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(constraints(model, given)).toBe(want);
  });
});

// ------------------------------------------------------------------ validators

describe('toAjvSchema: component refs point into components.json', () => {
  const rows: [string, { given: Json; want: Json }][] = [
    ['a component ref', { given: { $ref: '#/components/schemas/Id' }, want: { $ref: 'components.json#/$defs/Id' } }],
    [
      'nested in items, properties and oneOf',
      {
        given: {
          type: 'array',
          items: { oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'object', properties: { b: { $ref: '#/components/schemas/B' } } }] },
        },
        want: {
          type: 'array',
          items: {
            oneOf: [{ $ref: 'components.json#/$defs/A' }, { type: 'object', properties: { b: { $ref: 'components.json#/$defs/B' } } }],
          },
        },
      },
    ],
    ['a ref that is not to a component stays', { given: { $ref: '#/$defs/local' }, want: { $ref: '#/$defs/local' } }],
    [
      'data keywords are not rewritten',
      {
        given: {
          example: { $ref: '#/components/schemas/A' },
          default: { $ref: '#/components/schemas/A' },
          const: { $ref: '#/components/schemas/A' },
          enum: [{ $ref: '#/components/schemas/A' }],
        },
        want: {
          example: { $ref: '#/components/schemas/A' },
          default: { $ref: '#/components/schemas/A' },
          const: { $ref: '#/components/schemas/A' },
          enum: [{ $ref: '#/components/schemas/A' }],
        },
      },
    ],
    ['scalars', { given: 3, want: 3 }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const before = structuredClone(given);
    expect(toAjvSchema(given)).toEqual(want);
    expect(given).toEqual(before);
  });
});

describe('inputSchema: the object the validator checks', () => {
  const rows: [string, { given: OperationModel; want: JsonObject }][] = [
    ['no inputs', { given: operation(), want: { type: 'object', properties: {}, required: [], additionalProperties: false } }],
    [
      'inputs by name, required ones listed',
      {
        given: operation({
          inputs: [param('Ids', { required: true, wireEncoding: 'json', schema: { $ref: '#/components/schemas/Ids' } }), param('Owner')],
        }),
        want: {
          type: 'object',
          properties: { Ids: { $ref: 'components.json#/$defs/Ids' }, Owner: str },
          required: ['Ids'],
          additionalProperties: false,
        },
      },
    ],
    [
      'a required body',
      {
        given: httpOperation({
          inputs: [param('id', { in: 'path', required: true })],
          requestBody: {
            required: true,
            schema: { type: 'object' },
            media: [{ mediaType: 'application/json', kind: 'json', schema: { type: 'object' } }],
          },
        }),
        want: { type: 'object', properties: { id: str, body: { type: 'object' } }, required: ['id', 'body'], additionalProperties: false },
      },
    ],
    [
      'an optional body',
      {
        given: httpOperation({
          requestBody: { required: false, schema: {}, media: [{ mediaType: 'application/json', kind: 'json', schema: {} }] },
        }),
        want: { type: 'object', properties: { body: {} }, required: [], additionalProperties: false },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(inputSchema(given)).toEqual(want);
  });
});

describe('emitValidators: one ES module, no require, helpers from the runtime only', () => {
  const rows: [string, { given: ApiModel; helpers: string[] }][] = [
    [
      'needs no helper',
      { given: apiModel([operation({ inputs: [param('N', { schema: { type: 'integer', minimum: 1 } })] })]), helpers: [] },
    ],
    [
      'minLength needs ucs2length',
      {
        given: apiModel([operation({ inputs: [param('Id', { schema: { $ref: '#/components/schemas/Id' } })] })], {
          Id: { type: 'string', minLength: 1 },
        }),
        helpers: ['ucs2length'],
      },
    ],
    [
      'an enum of objects needs equal',
      { given: apiModel([operation({ inputs: [param('P', { schema: { enum: [{ a: 1 }, { a: 2 }] } })] })]), helpers: ['equal'] },
    ],
    [
      'two operations share one component',
      {
        given: apiModel(
          [
            operation({ inputs: [param('Id', { schema: { $ref: '#/components/schemas/Id' } })] }),
            httpOperation({ inputs: [param('id', { in: 'path', required: true, schema: { $ref: '#/components/schemas/Id' } })] }),
          ],
          { Id: { type: 'string', maxLength: 8 } },
        ),
        helpers: ['ucs2length'],
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, helpers }) => {
    const { js, dts } = emitValidators(given);
    expect(js).not.toMatch(/\brequire\s*\(/);
    const imports = [...js.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[0]);
    expect(imports).toEqual(helpers.length ? [`import { ${helpers.join(', ')} } from './runtime/validator-support.js';`] : []);
    expect(js.startsWith(generatedHeader('test.yaml', 'validators compiled by ajv'))).toBe(true);
    expect(dts).toBe(
      generatedHeader('test.yaml', 'validators compiled by ajv') +
        "import type { InputValidator } from './runtime/operation.js';\n" +
        given.operations.map((o) => `export declare const validate${o.typeName}Input: InputValidator;\n`).join(''),
    );
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('the module runs against the shipped runtime helpers', async () => {
    const model = apiModel(
      [
        operation({
          inputs: [
            param('Id', { required: true, schema: { $ref: '#/components/schemas/Id' } }),
            param('P', { schema: { enum: [{ a: 1 }] } }),
          ],
        }),
      ],
      { Id: { type: 'string', minLength: 2 } },
    );
    const files = new Map([['dist/validators.js', emitValidators(model).js], ...emitDist(emitRuntime(model.specName))]);
    const dir = mkdtempSync(join(tmpdir(), 'slbkit-validators-'));
    dirs.push(dir);
    for (const path of ['dist/validators.js', 'dist/runtime/validator-support.js']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), files.get(path)!);
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    const { validateDoThingInput: validate } = (await import(pathToFileURL(join(dir, 'dist/validators.js')).href)) as {
      validateDoThingInput: ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] };
    };
    const cases: [unknown, boolean, string[]][] = [
      [{ Id: 'ab' }, true, []],
      [{ Id: '😀😀' }, true, []], // two code points, four UTF-16 units: ucs2length counts 2
      [{ Id: '😀' }, false, ['/Id minLength']],
      [{ Id: 'ab', P: { a: 1 } }, true, []],
      [{ Id: 'ab', P: { a: 2 } }, false, ['/P enum']],
      [{}, false, [' required']],
      [{ Id: 'ab', Other: 1 }, false, [' additionalProperties']],
    ];
    const got = cases.map(([input]) => {
      const ok = validate(input);
      return [input, ok, (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`)];
    });
    expect(got).toEqual(cases);
  });
});

// ------------------------------------------------------------------ dist

describe('emitDist: src/*.ts -> dist/*.js and dist/*.d.ts, file by file', () => {
  const rows: [string, { given: Record<string, string>; want: Record<string, string> }][] = [
    [
      'a typed module',
      {
        given: {
          'src/a.ts':
            "import type { B } from './b.js';\nexport interface A { b: B }\nexport const one: number = 1;\nexport function twice(n: number): number {\n  return n * 2;\n}\n",
        },
        want: {
          'dist/a.js': 'export const one = 1;\nexport function twice(n) {\n    return n * 2;\n}\n',
          'dist/a.d.ts':
            "import type { B } from './b.js';\nexport interface A {\n    b: B;\n}\nexport declare const one: number;\nexport declare function twice(n: number): number;\n",
        },
      },
    ],
    [
      'JavaScript and declarations are copied; files outside src/ ignored',
      {
        given: {
          'src/v.js': 'export const v = 1;\n',
          'src/v.d.ts': 'export declare const v: 1;\n',
          'README.md': '# x\n',
          'src/notes.txt': 'x',
        },
        want: { 'dist/v.js': 'export const v = 1;\n', 'dist/v.d.ts': 'export declare const v: 1;\n' },
      },
    ],
    [
      'a nested folder keeps its place',
      {
        given: { 'src/runtime/r.ts': 'export const r: string = "r";\n' },
        want: { 'dist/runtime/r.js': 'export const r = "r";\n', 'dist/runtime/r.d.ts': 'export declare const r: string;\n' },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(Object.fromEntries(emitDist(new Map(Object.entries(given))))).toEqual(want);
  });

  it('a file that cannot compile alone is a SpecError at its line and column', () => {
    let thrown: unknown;
    try {
      emitDist(new Map([['src/bad.ts', 'export const ok: number = 1;\nexport const inferred = [1].map((n) => n);\n']]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).location).toBe('src/bad.ts:2:14');
    expect((thrown as SpecError).message).toMatch(
      /^generated src\/bad\.ts does not compile on its own: Variable must have an explicit type annotation with --isolatedDeclarations\.$/,
    );
  });
});

// ------------------------------------------------------------------ header and determinism

describe('generatedHeader: fixed text, no timestamp, no absolute path', () => {
  const rows: [string, { given: [string, string?]; want: string }][] = [
    [
      'the default source',
      {
        given: ['slb-2014-05-15.yaml'],
        want: '// Generated by slbkit from slb-2014-05-15.yaml (the spec). Do not edit: change the spec and run `npm run generate`.\n',
      },
    ],
    [
      'a named source',
      {
        given: ['x.yaml', 'types by openapi-typescript'],
        want: '// Generated by slbkit from x.yaml (types by openapi-typescript). Do not edit: change the spec and run `npm run generate`.\n',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(generatedHeader(...given)).toBe(want);
  });
});

describe('generateFromFile: the bundled spec, twice', () => {
  it('gives byte-identical files in the same order, with no timestamp or absolute path in any', async () => {
    const [first, second] = [await generateFromFile(BUNDLED_SPEC), await generateFromFile(BUNDLED_SPEC)];
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, text] of first) expect(second.get(path), path).toBe(text);
    expect([...first.keys()]).toEqual([...first.keys()].sort());
    // Today's date would be a generation timestamp (the runtime quotes dated signing vectors, so not just any date).
    const today = new Date().toISOString().slice(0, 10);
    const leaks = [...first].filter(([, text]) => text.includes(process.cwd()) || text.includes(today)).map(([path]) => path);
    expect(leaks).toEqual([]);
    // src/ only: TypeScript drops the header from dist/*.d.ts and from dist files whose first statement is a type import.
    const headerless = [...first]
      .filter(([path, text]) => path.startsWith('src/') && !text.startsWith('// Generated by slbkit from slb-2014-05-15.yaml ('))
      .map(([path]) => path);
    expect(headerless).toEqual([]);
  });
});

// ------------------------------------------------------------------ flags and spec text

describe('identityProblem: --package-name (npm rules) and --package-version (semver 2.0)', () => {
  const NAME = /^--package-name .* is not a valid npm package name/;
  const VERSION = /^--package-version .* is not a semantic version/;
  const rows: [string, { given: { name: string; version: string }; want: RegExp | undefined }][] = [
    ['the default', { given: { name: '@slbkit/client', version: '0.1.0' }, want: undefined }],
    [
      'a plain name, a pre-release with build metadata',
      { given: { name: 'my-client.v2_x', version: '1.0.0-beta.1+sha.5114f85' }, want: undefined },
    ],
    ['214 characters', { given: { name: 'a'.repeat(214), version: '1.0.0' }, want: undefined }],
    ['215 characters', { given: { name: 'a'.repeat(215), version: '1.0.0' }, want: NAME }],
    ['upper case (npm refuses it for new packages)', { given: { name: 'MyClient', version: '1.0.0' }, want: NAME }],
    ['a leading dot', { given: { name: '.hidden', version: '1.0.0' }, want: NAME }],
    ['a leading underscore', { given: { name: '_x', version: '1.0.0' }, want: NAME }],
    ['a scope without a name', { given: { name: '@scope/', version: '1.0.0' }, want: NAME }],
    ['two slashes', { given: { name: '@a/b/c', version: '1.0.0' }, want: NAME }],
    ['a space', { given: { name: 'a b', version: '1.0.0' }, want: NAME }],
    ["special characters ~'!()*", { given: { name: 'a~b', version: '1.0.0' }, want: NAME }],
    ['a Node built-in', { given: { name: 'fs', version: '1.0.0' }, want: NAME }],
    ['node_modules', { given: { name: 'node_modules', version: '1.0.0' }, want: NAME }],
    ['empty', { given: { name: '', version: '1.0.0' }, want: NAME }],
    ['two parts', { given: { name: 'x', version: '1.0' }, want: VERSION }],
    ['a leading zero', { given: { name: 'x', version: '01.0.0' }, want: VERSION }],
    ['a v prefix', { given: { name: 'x', version: 'v1.0.0' }, want: VERSION }],
    ['a line break', { given: { name: 'x', version: '1.0.0\n' }, want: VERSION }],
    ['an empty pre-release part', { given: { name: 'x', version: '1.0.0-a..b' }, want: VERSION }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const problem = identityProblem(given);
    if (want === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(want);
    expect(problem ?? '').not.toMatch(/\n/);
  });
});

describe('commentText and literal: spec text in comments and strings', () => {
  const rows: [string, { given: string; block: string; line: string }][] = [
    ['plain text', { given: 'Remove servers', block: 'Remove servers', line: 'Remove servers' }],
    ['*/ ends a block comment', { given: 'a */ b', block: 'a *\\/ b', line: 'a *\\/ b' }],
    [
      'line breaks: LF, CR LF, CR, U+2028, U+2029',
      { given: 'a\nb\r\nc\rd\u2028e\u2029f', block: 'a\nb\nc\nd\ne\nf', line: 'a\\nb\\r\\nc\\rd\\u2028e\\u2029f' },
    ],
  ];
  it.each(rows)('%s', (_name, { given, block, line }) => {
    expect(commentText(given)).toBe(block);
    expect(commentText(given, 'line')).toBe(line);
  });

  it.each(['a"b', "a'b", 'a`${b}`', 'a\u2028b\u2029c', 'a\\', '</script>', '\u0000'])(
    'literal(%j) is one line that evaluates to the text',
    (given) => {
      const printed = literal(given);
      expect(printed).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(new Function(`return ${printed};`)()).toBe(given);
    },
  );
});
