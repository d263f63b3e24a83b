/**
 * Issue 13: three public specs this project did not write generate as published (the files in
 * fixtures/public/ are byte-for-byte their repositories' files, each LICENSE beside it; SOURCES.md
 * names the commits), and each package type-checks for a consumer that has no @types/node:
 * - OAI/learn.openapis.org examples/v3.0/petstore-expanded.yaml: OpenAPI 3.0.0 (upgraded by
 *   load/upgrade-3-0.ts), operationId "find pet by id";
 * - OAI/learn.openapis.org examples/v3.1/tictactoe.yaml: operationIds "get-board", ..., security
 *   schemes, a callback and a webhook, text/html error bodies;
 * - bump-sh-examples/train-travel-api openapi.yaml: 3.1, "get-stations", ..., JSON and XML bodies.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromFile } from '../src/generate.js';
import { REPO, runProcess, TSC, STRICT_CONSUMER_TSCONFIG as TSCONFIG, tscLinesByPlace } from './generated-package.js';

const PUBLIC = join(REPO, 'generator/test/fixtures/public');

const SPECS: [string, { spec: string; methods: string[] }][] = [
  [
    'petstore-expanded (OpenAPI 3.0.0)',
    { spec: 'oai-learn/petstore-expanded.yaml', methods: ['addPet', 'deletePet', 'findPetById', 'findPets', 'use'] },
  ],
  ['tic-tac-toe (OpenAPI 3.1.0)', { spec: 'oai-learn/tictactoe.yaml', methods: ['getBoard', 'getSquare', 'putSquare', 'use'] }],
  [
    'Train Travel API (OpenAPI 3.1.0)',
    {
      spec: 'train-travel-api/openapi.yaml',
      methods: ['createBooking', 'createBookingPayment', 'deleteBooking', 'getBooking', 'getBookings', 'getStations', 'getTrips', 'use'],
    },
  ],
];

// The consumer's tsconfig: STRICT_CONSUMER_TSCONFIG (generated-package.ts), no type packages at all.

/** Uses each package as its user would; the @ts-expect-error lines pin that the inputs stay strict. */
const CONSUMER = `import { createClient as petstore, type FindPetByIdOutput, type FindPetsInput } from './petstore/dist/index.js';
import { createClient as tictactoe, type GetSquareOutput } from './tictactoe/dist/index.js';
import { createClient as trains, type GetTripsInput, type CreateBookingInput } from './trains/dist/index.js';
import { createClient as slb, type RemoveBackendServersOutput } from './slb/dist/index.js';

export async function use(): Promise<string> {
  const pets = petstore({ endpoint: 'http://127.0.0.1:1' });
  const query: FindPetsInput = { tags: ['cat'], limit: 2 };
  const list = await pets.findPets(query);
  const pet: FindPetByIdOutput = await pets.findPetById({ id: 1 });
  await pets.addPet({ body: { name: 'Rex', tag: 'dog' } });
  // @ts-expect-error id is an integer
  await pets.findPetById({ id: '1' });
  // @ts-expect-error body.name is required
  await pets.addPet({ body: { tag: 'dog' } });
  // @ts-expect-error not a parameter of findPets
  await pets.findPets({ tag: 'cat' });

  // The spec names no server: the endpoint option is required (issue 19; main guessed http://localhost).
  // @ts-expect-error endpoint is required
  tictactoe();
  const game = tictactoe({ endpoint: 'http://127.0.0.1:1' });
  const mark: GetSquareOutput = await game.getSquare({ row: 1, column: 3 });
  await game.putSquare({ row: 1, column: 1, body: 'X' });
  // @ts-expect-error a mark is ".", "X" or "O"
  await game.putSquare({ row: 1, column: 1, body: 'Y' });

  const rail = trains();
  const trip: GetTripsInput = { origin: 'a', destination: 'b', date: '2024-02-01T09:00:00Z', dogs: true, page: undefined };
  const booking: CreateBookingInput = { body: { trip_id: 't', passenger_name: 'Ann', has_dog: true } };
  await rail.getTrips(trip);
  await rail.createBooking(booking);
  // @ts-expect-error origin is required
  await rail.getTrips({ destination: 'b', date: 'd' });

  const lb = slb({ regionId: 'cn-hangzhou', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });
  const removed: RemoveBackendServersOutput = await lb.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] });
  // @ts-expect-error BackendServers is the decoded list, not the JSON text
  await lb.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: '["vm-1"]' });
  // An optional field takes undefined for absent (as ClientOptions do)...
  await lb.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'], OwnerAccount: undefined });
  // @ts-expect-error ...but RegionId, which the client fills, is left out or given (exactOptionalPropertyTypes), as before
  await lb.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'], RegionId: undefined });
  return \`\${list[0]?.name ?? ''} \${pet.id} \${mark} \${removed.RequestId}\`;
}
`;

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-public-'));
  // The committed package of the bundled spec too, copied out of the repo (whose node_modules holds @types/node).
  cpSync(join(REPO, 'generated'), join(root, 'slb'), { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FOLDER: Record<string, string> = {
  'oai-learn/petstore-expanded.yaml': 'petstore',
  'oai-learn/tictactoe.yaml': 'tictactoe',
  'train-travel-api/openapi.yaml': 'trains',
};
const PACKAGES = [...Object.values(FOLDER), 'slb'];

describe('public specs generate unmodified', () => {
  it.each(SPECS)(
    '%s',
    async (_name, { spec, methods }) => {
      const files = await generateFromFile(join(PUBLIC, spec), { name: FOLDER[spec]!, version: '1.0.0' });
      for (const [path, content] of files) {
        mkdirSync(dirname(join(root, FOLDER[spec]!, path)), { recursive: true });
        writeFileSync(join(root, FOLDER[spec]!, path), content);
      }
      // The client's methods, as the naming rule (model/names.ts) gives them, read from the printed Client interface (in types.ts).
      const client = ts.createSourceFile('types.ts', files.get('src/types.ts')!, ts.ScriptTarget.ES2022);
      // Each method is declared twice (its plain and its `{ raw: true }` signature): names once.
      const declared = client.statements
        .filter(ts.isInterfaceDeclaration)
        .find((s) => s.name.text === 'Client')!
        .members.map((m) => (m.name as ts.Identifier).text);
      expect([...new Set(declared)].sort()).toEqual(methods);
    },
    60_000,
  );
});

/** Names only @types/node declares (Node's globals and modules), as identifiers or module specifiers in a .d.ts. */
const NODE_ONLY = new Set(['NodeJS', 'Buffer', 'process', 'global', 'require', '__dirname', '__filename', 'BufferEncoding']);

function nodeNames(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_ONLY.has(node.text)) found.push(`${file}: ${node.text}`);
    if (
      ts.isStringLiteral(node) &&
      ts.isImportDeclaration(node.parent) &&
      /^node:|^(fs|http|https|crypto|os|path|stream|url)$/.test(node.text)
    )
      found.push(`${file}: import '${node.text}'`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const ref of source.typeReferenceDirectives) found.push(`${file}: /// <reference types="${ref.fileName}" />`);
  return found;
}

function dtsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

describe('a consumer without @types/node type-checks every package strictly (the three above and the committed generated/)', () => {
  it('has no @types/node name in any dist/**/*.d.ts', () => {
    const found = PACKAGES.flatMap((folder) =>
      dtsFiles(join(root, folder, 'dist')).map((f) => nodeNames(f.slice(root.length + 1), readFileSync(f, 'utf8'))),
    ).flat();
    expect(found).toEqual([]);
    expect(dtsFiles(join(root, 'petstore', 'dist')).length).toBeGreaterThan(10);
  });

  it('tsc --strict --skipLibCheck false, types: [], passes; the same setup refuses Buffer (no @types/node reachable)', async () => {
    writeFileSync(join(root, 'consumer.ts'), CONSUMER);
    // The control, in the same program (one tsc start, one lib check): the setup really has no
    // @types/node, so a Node-only name fails to resolve there, and only there.
    writeFileSync(join(root, 'control.ts'), 'export const b = Buffer.from("x");\n');
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: [...TSCONFIG.files, 'control.ts'] }));
    const result = await runProcess(process.execPath, [TSC, '-p', join(root, 'tsconfig.json')], { cwd: root });
    const lines = tscLinesByPlace(`${result.stdout}${result.stderr}`, ['control.ts(']);
    expect(lines.get(null)).toEqual([]);
    expect(lines.get('control.ts(')).toEqual([expect.stringMatching(/^control\.ts\(1,18\): error TS2591: Cannot find name 'Buffer'/)]);
  }, 120_000);
});
