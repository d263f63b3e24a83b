/**
 * Issue 19, item 2 ("Generation accepts what openapi-typescript accepts"): the refusals the
 * corpus met that openapi-typescript reads, each now read, through the kit's door (api.ts: the
 * real loader and model builder). Where the spec breaks a rule, the reading chosen is a process
 * warning (code SLBKIT_SPEC) at the spec's pointer, with the fix; the rows pin it. Every row was
 * refused on main (checked by running this file against main's sources).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiModel, type JsonObject, loadModelAndDocument, SpecError } from '../src/api.js';
import { MAX_SPEC_FILES } from '../src/load/external-refs.js';
import { withSpecWarnings } from './load-helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-refusals-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Read {
  model: ApiModel;
  document: JsonObject;
  /** The SLBKIT_SPEC warnings the load gave, in order. */
  warnings: string[];
}

let files = 0;
/** Load `yaml` as spec.yaml in a folder of its own, beside `siblings` (relative path -> text). */
async function read(yaml: string, siblings: Record<string, string> = {}): Promise<Read> {
  const folder = join(scratch, `spec-${files++}`);
  const file = join(folder, 'spec.yaml');
  for (const [name, text] of Object.entries({ ...siblings, 'spec.yaml': yaml })) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const { value, warnings } = await withSpecWarnings(() => loadModelAndDocument(file));
  return { ...value, warnings };
}

const HEAD = 'openapi: 3.1.0\ninfo: {title: T, version: "1"}\nservers: [{url: "https://api.example.com"}]\n';
const OK = '{"200": {description: ok, content: {application/json: {schema: {type: object}}}}}';
const op = (m: ApiModel, name: string) => m.operations.find((o) => o.methodName === name);

const rows: [string, { yaml: string; want: (r: Read) => void }][] = [
  [
    'no responses (optional in 3.1): a method whose success documents nothing, no warning',
    {
      yaml: `${HEAD}paths:\n  /users: {get: {operationId: listUsers}}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'listUsers')?.success).toMatchObject({ status: 200, mediaTypes: [] });
        expect(warnings).toEqual([]);
      },
    },
  ],
  [
    'info.version the YAML number 1.0: read as "1", a warning with the fix',
    {
      yaml: `${HEAD.replace('version: "1"', 'version: 1.0')}paths:\n  /x: {get: {operationId: x, responses: ${OK}}}\n`,
      want: ({ model, warnings }) => {
        expect(model.apiVersion).toBe('1');
        expect(warnings).toEqual([
          '#/info/version: info.version is the number 1, read as the string "1" (quote it in the YAML, e.g. version: "1.0" (unquoted, 1.0 is the number 1))',
        ]);
      },
    },
  ],
  [
    'a document of components alone (no paths, no webhooks): typed, no methods',
    {
      yaml: 'openapi: 3.1.0\ninfo: {title: T, version: "1"}\ncomponents: {schemas: {Node: {type: object, properties: {next: {$ref: "#/components/schemas/Node"}}}}}\n',
      want: ({ model }) => expect([model.operations.length, Object.keys(model.componentSchemas)]).toEqual([0, ['Node']]),
    },
  ],
  [
    'one operationId on two operations: the second renamed as openapi-generator does (addPet_0), both pointers in the warning',
    {
      yaml: `${HEAD}paths:\n  /pets: {post: {operationId: addPet, responses: ${OK}}}\n  /no_auth/pets: {post: {operationId: addPet, responses: ${OK}}}\n`,
      want: ({ model, document, warnings }) => {
        expect(model.operations.map((o) => [o.operationId, o.methodName, o.specPath])).toEqual([
          ['addPet', 'addPet', '/pets'],
          ['addPet_0', 'addPet0', '/no_auth/pets'],
        ]);
        // In the document too: openapi-typescript's `operations` interface and the mock see one name each.
        expect(((document.paths as JsonObject)['/no_auth/pets'] as { post: { operationId: string } }).post.operationId).toBe('addPet_0');
        expect(warnings).toEqual([
          '#/paths/~1no_auth~1pets/post/operationId: operationId "addPet" is used twice (also at #/paths/~1pets/post/operationId): read here as "addPet_0" (operationIds must be unique: rename one of them)',
        ]);
      },
    },
  ],
  [
    'a fixed query in a path key (/responses?beta=true): a fixed pair, and a second operation beside /responses',
    {
      yaml: `${HEAD}paths:\n  /responses: {post: {operationId: create, responses: ${OK}}}\n  /responses?beta=true: {post: {operationId: betaCreate, responses: ${OK}}}\n`,
      want: ({ model }) =>
        expect(model.operations.map((o) => [o.methodName, o.path, o.specPath, o.fixed])).toEqual([
          ['create', '/responses', '/responses', []],
          ['betaCreate', '/responses', '/responses?beta=true', [{ name: 'beta', in: 'query', value: 'true' }]],
        ]),
    },
  ],
  [
    'an empty enum: typed never by openapi-typescript, the warning at its pointer',
    {
      yaml: `${HEAD}paths:\n  /x: {get: {operationId: x, parameters: [{name: state, in: query, schema: {type: string, enum: []}}], responses: ${OK}}}\n`,
      want: ({ warnings }) =>
        expect(warnings).toEqual([
          '#/paths/~1x/get/parameters/0/schema/enum: an empty enum: no value is valid (typed never, refused by the validator) (list the allowed values, or remove the enum)',
        ]),
    },
  ],
  [
    'a Content-Length header parameter: no input (the transport writes it), a warning',
    {
      yaml: `${HEAD}paths:\n  /x: {put: {operationId: x, parameters: [{name: Content-Length, in: header, required: true, schema: {type: integer}}], responses: ${OK}}}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'x')?.inputs).toEqual([]);
        expect(warnings).toEqual([
          '#/paths/~1x/put/parameters/0/name: header parameter "Content-Length" is not an input of the method: the transport writes it from the body it sends (remove it from the spec)',
        ]);
      },
    },
  ],
  [
    'a form-style query list of objects: an input whose value the client refuses, a warning with the fix',
    {
      yaml: `${HEAD}paths:\n  /x: {get: {operationId: x, parameters: [{name: f, in: query, schema: {type: array, items: {type: object}}}], responses: ${OK}}}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'x')?.inputs.map((p) => [p.name, p.wireEncoding])).toEqual([['f', 'noWireForm']]);
        expect(warnings[0]).toBe(
          '#/paths/~1x/get/parameters/0/schema/items: parameter "f": OpenAPI form style has no wire form for a list of objects: the client refuses a value given for it (use content: application/json)',
        );
      },
    },
  ],
  [
    'RFC 6570 operators in a path key: {.x} label, {;y*} matrix exploded, {z*} simple exploded, each given to its parameter',
    {
      yaml: `${HEAD}paths:\n  /p/{.x}/{;y*}/{z*}:\n    get:\n      operationId: p\n      parameters: [{name: x, in: path, required: true, schema: {type: string}}, {name: y, in: path, required: true, schema: {type: array, items: {type: string}}}, {name: z, in: path, required: true, schema: {type: object}}]\n      responses: ${OK}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'p')?.path).toBe('/p/{x}/{y}/{z}');
        expect(op(model, 'p')?.inputs.map((p) => [p.name, p.wireEncoding])).toEqual([
          ['x', 'label'],
          ['y', 'matrixExplode'],
          ['z', 'simpleExplode'],
        ]);
        expect(warnings).toEqual([]);
      },
    },
  ],
  [
    'a template with no declared parameter ({api-version}): one is added, a required string, with a warning',
    {
      yaml: `${HEAD}paths:\n  /api/v{api-version}/x: {get: {operationId: x, responses: ${OK}}}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'x')?.inputs.map((p) => [p.name, p.in, p.required])).toEqual([['api-version', 'path', true]]);
        expect(warnings[0]).toMatch(
          /^#\/paths\/~1api~1v\{api-version\}~1x\/get: path .* declares no path parameter "api-version": read as a required string/,
        );
      },
    },
  ],
  [
    'a declared path parameter the path has no place for: no input, a warning',
    {
      yaml: `${HEAD}paths:\n  /x: {get: {operationId: x, parameters: [{name: foo, in: path, required: true, schema: {type: string}}], responses: ${OK}}}\n`,
      want: ({ model, warnings }) => {
        expect(op(model, 'x')?.inputs).toEqual([]);
        expect(warnings).toEqual([
          '#/paths/~1x/get/parameters/0/name: path parameter "foo" does not appear in the path "/x": not an input of the method (add {foo} to the path or change "in")',
        ]);
      },
    },
  ],
];

describe('what main refused and openapi-typescript reads is read', () => {
  it.each(rows)('%s', async (_name, { yaml, want }) => {
    want(await read(yaml));
  });
});

/** A spec published as several files: the `$ref`s name siblings, relative to the file that holds them. */
const SPEC = (ref: string) =>
  `${HEAD}paths:\n  /x: {get: {operationId: x, responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "${ref}"}}}}}}}\n`;
const SHARED = JSON.stringify({
  components: {
    schemas: {
      Shared: {
        type: 'object',
        properties: { inner: { $ref: '#/components/schemas/Inner' }, deep: { $ref: 'deep/more.json#/components/schemas/Deep' } },
      },
      Inner: { type: 'string' },
    },
  },
});
const MORE = JSON.stringify({ components: { schemas: { Deep: { type: 'integer', 'x-note': { $ref: 'https://example.com/never' } } } } });

describe('local file $refs: brought into the one document, inside the spec folder only', () => {
  it('a sibling, its own local refs and a file it names in turn become components; the x- data is not followed', async () => {
    const { document } = await read(SPEC('./shared.json#/components/schemas/Shared'), { 'shared.json': SHARED, 'deep/more.json': MORE });
    const schemas = (document.components as JsonObject).schemas as JsonObject;
    expect(schemas.Shared).toEqual({
      type: 'object',
      properties: { inner: { $ref: '#/components/schemas/Inner' }, deep: { $ref: '#/components/schemas/Deep' } },
    });
    expect([schemas.Inner, schemas.Deep]).toEqual([
      { type: 'string' },
      { type: 'integer', 'x-note': { $ref: 'https://example.com/never' } },
    ]);
  });

  it('a name the spec already has for another component: the brought one is renamed Name_1', async () => {
    const yaml = `${SPEC('shared.json#/components/schemas/Inner')}components: {schemas: {Inner: {type: boolean}}}\n`;
    const { document } = await read(yaml, { 'shared.json': SHARED });
    const schemas = (document.components as JsonObject).schemas as JsonObject;
    expect([schemas.Inner, schemas.Inner_1]).toEqual([{ type: 'boolean' }, { type: 'string' }]);
  });

  const refused: [string, { ref: string; siblings?: Record<string, string>; link?: string; want: RegExp }][] = [
    // A URL and an absolute path are never read: the one $ref rule (load/refs.ts) refuses them as before.
    ['an http URL', { ref: 'https://example.com/s.json#/components/schemas/A', want: /points outside this document \(bundle the spec/ }],
    ['an absolute path', { ref: '/etc/passwd', want: /"\/etc\/passwd" points outside this document/ }],
    [
      'a way out of the folder',
      { ref: '../outside.json#/components/schemas/A', want: /points outside this document and outside the spec's folder/ },
    ],
    [
      'a symbolic link in the folder that leads out of it',
      { ref: 'link.json#/components/schemas/A', link: 'link.json', want: /outside the spec's folder/ },
    ],
    ['a file that is not there', { ref: 'gone.json#/components/schemas/A', want: /to a file that cannot be read \(ENOENT\)/ }],
    [
      'a pointer into the file that is not a component',
      {
        ref: 'shared.json#/components',
        siblings: { 'shared.json': SHARED },
        want: /points outside this document, at "#\/components" of another file, not at a component/,
      },
    ],
  ];
  it.each(refused)('refused with its pointer: %s', async (_name, { ref, siblings = {}, link, want }) => {
    writeFileSync(join(scratch, 'outside.json'), SHARED);
    const folder = join(scratch, `spec-${files}`);
    if (link) {
      mkdirSync(folder, { recursive: true });
      symlinkSync(join(scratch, 'outside.json'), join(folder, link));
    }
    const error = await read(SPEC(ref), siblings).then(
      () => undefined,
      (e: unknown) => e as SpecError,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect(error!.describe()).toMatch(
      new RegExp(`^#/paths/~1x/get/responses/200/content/application~1json/schema/\\$ref: .*${want.source}`),
    );
  });

  it(`at most ${MAX_SPEC_FILES} files besides the spec: the bound holds across files`, async () => {
    // A chain of files, each naming the next: the one past the bound is refused, named.
    const chain: Record<string, string> = {};
    for (let i = 0; i <= MAX_SPEC_FILES; i++)
      chain[`f${i}.json`] = JSON.stringify({
        components: { schemas: { [`S${i}`]: { $ref: `f${i + 1}.json#/components/schemas/S${i + 1}` } } },
      });
    chain[`f${MAX_SPEC_FILES + 1}.json`] = JSON.stringify({ components: { schemas: { [`S${MAX_SPEC_FILES + 1}`]: { type: 'string' } } } });
    await expect(read(SPEC('f0.json#/components/schemas/S0'), chain)).rejects.toThrow(
      `would read more than ${MAX_SPEC_FILES} files besides the spec`,
    );
  });
});
