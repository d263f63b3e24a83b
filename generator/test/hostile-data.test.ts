/**
 * Issue 17 item 1: data is data everywhere. A `$ref` inside `example`, a schema's `examples`
 * list, an Example Object's `value`, `default`, `const`, an `enum` item or any `x-*` extension is
 * inert: no consumer of the document (model, API summary, diff, README, validators, schema.ts,
 * the mock, the contract kit's samples) may follow it. load/refs.ts is the one place that knows
 * which keywords hold data; everything that follows references asks it (`referencesIn`,
 * `checkAllRefs`, `inertDocument`).
 *
 * One spec per kind of reference puts it in every data position, each naming its own marker:
 * - a file by absolute path, by path relative to the spec, and as a file: URL (the marker is
 *   the file's content);
 * - an http URL on a trap server on 127.0.0.1 (the marker is its answer; it must see nothing);
 * - a local pointer to a component that nothing else reaches (the marker is in that component's
 *   `x-marker`): the API summary used to follow it and copy the component into slbkit-api.json.
 * Each spec is generated once with the real CLI into a temp folder; every output file is read;
 * each row is one (kind, position) marker that must appear in none of them. The mock's spec
 * loading and the kit's samples read the same specs.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismOperations } from '../../contract-tests/mock/prism-operations.js';
import { loadWireModel } from '../../contract-tests/mock/wire-model.js';
import { sampleOf } from '../../contract-tests/support/sample.js';
import { loadModel } from '../src/api.js';
import { hashTree, runCli } from './cli-harness.js';

const CLI_TIMEOUT = 120_000;
const KILL_AFTER = 60_000;

type Kind = 'absolute path' | 'relative path' | 'file: URL' | 'http URL' | 'local pointer';
const KINDS: Kind[] = ['absolute path', 'relative path', 'file: URL', 'http URL', 'local pointer'];

/** The data positions, as `name`; `R(name)` in the template is the reference placed there. */
const POSITIONS = [
  'schema-example',
  'schema-examples',
  'parameter-example',
  'media-example',
  'examples-value',
  'default',
  'const',
  'enum',
  'x-schema',
  'x-operation',
  'x-root',
] as const;
type Position = (typeof POSITIONS)[number];

function template(R: (position: Position) => string, hidden: string): string {
  return `openapi: 3.1.0
info: {title: Data API, version: "1"}
x-foo: ${R('x-root')}
paths:
  /things:
    post:
      operationId: makeThing
      x-foo: ${R('x-operation')}
      parameters:
        - {name: q, in: query, required: true, example: ${R('parameter-example')}, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: ${R('media-example')}
              examples:
                one: {value: ${R('examples-value')}}
components:
  schemas:
    Thing:
      type: object
      example: ${R('schema-example')}
      examples: [${R('schema-examples')}]
      x-foo: ${R('x-schema')}
      required: [d, c, e]
      properties:
        d: {type: object, default: ${R('default')}}
        c: {const: ${R('const')}}
        e: {enum: [${R('enum')}]}
${hidden}`;
}

let root = '';
let trap: Server | undefined;
let trapUrl = '';
const trapped: string[] = [];
/** By kind: every output file's text, the mock's loaded model, the kit's samples. */
const seen = new Map<Kind, { output: Record<string, string>; mock: string; samples: string }>();

const marker = (kind: Kind, position: Position): string => `LEAK-${kind.replace(/\W/g, '')}-${position}-${process.pid}`;

function specFor(kind: Kind, dir: string): string {
  const R = (position: Position): string => {
    const file = join(dir, `marker-${position}.json`);
    writeFileSync(file, JSON.stringify({ content: marker(kind, position) }));
    switch (kind) {
      case 'absolute path':
        return `{$ref: "${file}"}`;
      case 'relative path':
        return `{$ref: "./marker-${position}.json"}`;
      case 'file: URL':
        return `{$ref: "${pathToFileURL(file).href}"}`;
      case 'http URL':
        return `{$ref: "${trapUrl}/${position}"}`;
      case 'local pointer':
        return `{$ref: "#/components/schemas/Hidden-${position}"}`;
    }
  };
  const hidden =
    kind === 'local pointer' ? POSITIONS.map((p) => `    Hidden-${p}: {type: object, x-marker: ${marker(kind, p)}}\n`).join('') : '';
  return template(R, hidden);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-data-'));
  trap = createServer((request, response) => {
    trapped.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ content: `LEAK-httpURL-${request.url?.slice(1)}-${process.pid}` }));
  });
  await new Promise<void>((resolve) => trap!.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;

  // One kind at a time: each run costs 1.5-2 s of CPU on a shared machine.
  for (const kind of KINDS) {
    const dir = join(root, kind.replace(/\W/g, ''));
    mkdirSync(dir);
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(specFile, specFor(kind, dir));
    const out = join(dir, 'client');
    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });
    expect(run, `generating the ${kind} spec`).toMatchObject({ code: 0, stderr: '' });
    const output = Object.fromEntries(Object.keys(hashTree(out)).map((path) => [path, readFileSync(join(out, path), 'utf8')]));
    // The mock: its wire model and the operations Prism answers from (dereferenced by prism-operations.ts).
    const wire = await loadWireModel(specFile);
    const mock = JSON.stringify({ routes: wire.routes.map((r) => r.operation), prism: prismOperations(wire.prismDocument) });
    // The contract kit: a sample for every input and body, built from the model.
    const model = await loadModel(specFile);
    const samples = JSON.stringify(
      model.operations.map((op) => [...op.inputs.map((p) => sampleOf(model, p.schema)), sampleOf(model, op.requestBody?.schema)]),
    );
    seen.set(kind, { output, mock, samples });
  }
}, CLI_TIMEOUT * 2);

afterAll(async () => {
  if (trap) await new Promise((resolve) => trap!.close(resolve));
  if (root) rmSync(root, { recursive: true, force: true });
});

const ROWS: [Kind, Position][] = KINDS.flatMap((kind) => POSITIONS.map((position): [Kind, Position] => [kind, position]));

describe('a $ref in data is data: no output file holds what it names', () => {
  it.each(ROWS)('%s in %s', (kind, position) => {
    const { output } = seen.get(kind)!;
    const leaks = Object.keys(output).filter((path) => output[path]!.includes(marker(kind, position)));
    expect(leaks).toEqual([]);
  });

  it('the trap server saw no request', () => {
    expect(trapped).toEqual([]);
  });
});

describe('the mock and the kit read the same specs without following data', () => {
  // The mock holds the whole spec, so a local pointer's Hidden component is in it by right: only
  // what a reference outside the document names is checked there.
  it.each(ROWS.filter(([kind]) => kind !== 'local pointer'))('mock: %s in %s', (kind, position) => {
    expect(seen.get(kind)!.mock.includes(marker(kind, position))).toBe(false);
  });

  it.each(ROWS)('kit samples: %s in %s', (kind, position) => {
    expect(seen.get(kind)!.samples.includes(marker(kind, position))).toBe(false);
  });
});

// The other side of the same rule: a property whose name is a data keyword (`default`, `enum`,
// `example`, `x-tag`) is a schema, and a `$ref` in it is a reference. The validator emitter had a
// rule of its own: on main a property named `default` that refers to a component stopped the
// generation (exit 2, ajv "can't resolve reference #/components/schemas/Inner"), and one named
// `x-tag` was left out of the validator.
describe('a property named like a data keyword is a schema: the generated validator checks it', () => {
  const NAMES = ['default', 'enum', 'const', 'example', 'examples', 'x-tag'];
  let validate: ((value: unknown) => boolean) | undefined;

  beforeAll(async () => {
    const dir = join(root, 'names');
    mkdirSync(dir);
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(
      specFile,
      `openapi: 3.1.0
info: {title: Names, version: "1"}
paths:
  /w:
    post:
      operationId: postW
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/W'}}}}
      responses:
        '200': {description: ok}
components:
  schemas:
    Inner: {type: object, required: [n], properties: {n: {type: integer}}}
    W:
      type: object
      properties:
${NAMES.map((name) => `        ${name}: {$ref: '#/components/schemas/Inner'}\n`).join('')}`,
    );
    const out = join(dir, 'client');
    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });
    expect(run, 'generating the spec').toMatchObject({ code: 0, stderr: '' });
    const validators = (await import(pathToFileURL(join(out, 'src/validators.js')).href)) as Record<string, (value: unknown) => boolean>;
    validate = validators.validatePostWInput;
  }, CLI_TIMEOUT);

  it.each(NAMES)('property %s: a valid value passes, a wrong one is refused', (name) => {
    expect(validate!({ body: { [name]: { n: 1 } } })).toBe(true);
    expect(validate!({ body: { [name]: { n: 'not a number' } } })).toBe(false);
  });
});

// An Example Object may itself be a reference to `#/components/examples/X` (OpenAPI 3.1 section
// 4.8.20): that one is followed, and the `$ref` inside its `value` stays data.
describe('an example by reference to components/examples is followed; the $ref in its value is data', () => {
  it('the model holds the component example with its value as written, and no output holds the file', {
    timeout: CLI_TIMEOUT,
  }, async () => {
    const dir = join(root, 'example-ref');
    mkdirSync(dir);
    const file = join(dir, 'marker.json');
    const text = `LEAK-exampleref-${process.pid}`;
    writeFileSync(file, JSON.stringify({ content: text }));
    const specFile = join(dir, 'spec.yaml');
    writeFileSync(
      specFile,
      `openapi: 3.1.0
info: {title: Example refs, version: "1"}
paths:
  /w:
    get:
      operationId: getW
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
              examples:
                byRef: {$ref: '#/components/examples/Shared'}
components:
  examples:
    Shared: {value: {$ref: "${file}"}}
`,
    );
    const model = await loadModel(specFile);
    expect(model.operations[0]!.success.examples).toEqual([{ name: 'byRef', mediaType: 'application/json', value: { $ref: file } }]);
    const out = join(dir, 'client');
    const run = await runCli(['--spec', specFile, '--out', out, '--package-name', 'hostile-client'], {
      entry: 'bin',
      timeoutMs: KILL_AFTER,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(Object.keys(hashTree(out)).filter((path) => readFileSync(join(out, path), 'utf8').includes(text))).toEqual([]);
  });
});
