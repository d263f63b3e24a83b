/**
 * Issue 19, item 2 ("Generation accepts what openapi-typescript accepts"): the refusals the
 * corpus met that openapi-typescript reads, each now read, through the kit's door (api.ts: the
 * real loader and model builder). Where the spec breaks a rule, the reading chosen is a process
 * warning (code SLBKIT_SPEC) at the spec's pointer, with the fix; the rows pin it. Every row was
 * refused on main (checked by running this file against main's sources).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiModel, type JsonObject, loadModelAndDocument } from '../src/api.js';

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-refusals-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Read {
  model: ApiModel;
  document: JsonObject;
  /** The SLBKIT_SPEC warnings the load gave, in order. */
  warnings: string[];
}

let files = 0;
async function read(yaml: string): Promise<Read> {
  const file = join(scratch, `spec-${files++}.yaml`);
  writeFileSync(file, yaml);
  const warnings: string[] = [];
  const listen = (w: Error & { code?: string }) => {
    if (w.code === 'SLBKIT_SPEC') warnings.push(w.message);
  };
  process.on('warning', listen);
  try {
    const loaded = await loadModelAndDocument(file);
    // process warnings are delivered on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    return { ...loaded, warnings };
  } finally {
    process.off('warning', listen);
  }
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
];

describe('what main refused and openapi-typescript reads is read', () => {
  it.each(rows)('%s', async (_name, { yaml, want }) => {
    want(await read(yaml));
  });
});
