/**
 * Issue 17 item 2: a `$ref` fan-out has a budget (load/refs.ts EXPANSION_BUDGET). A few KB of
 * spec whose schemas refer to the next level ten times stand for 10^6 nodes at six levels:
 * on main that took 70 s and 1.9 GB and wrote 187 MB (the XML shapes, the input copies of
 * schemas with a `default`), and seven levels crashed V8. Now the spec is refused with exit 2,
 * naming the schema and the budget, before any step expands it.
 *
 * The CLI runs as a child with `--max-old-space-size=512`, so running out of memory shows as a
 * crash (not exit 2) and a run that hangs is killed and fails its row. No timing assertions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWireModel } from '../../contract-tests/mock/wire-model.js';
import { SpecError } from '../src/errors.js';
import { parseSpecText } from '../src/load/read-yaml.js';
import { checkExpansion, type JsonObject } from '../src/load/refs.js';
import { runProcess } from './cli-harness.js';

const root = mkdtempSync(join(tmpdir(), 'slbkit-budget-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = 'openapi: 3.1.0\ninfo: {title: Fan, version: "1"}\n';

/**
 * `levels` schemas L0..; each has `fan` required properties referring to the next level, the
 * last level integers with a default. L0 is a JSON query parameter, the body and the answer:
 * every expanding step meets it.
 */
function fanOut(levels: number, fan: number): string {
  const ref = "{$ref: '#/components/schemas/L0'}";
  let text = `${HEAD}paths:\n  /l0:\n    post:\n      operationId: postL0\n      parameters:\n        - {name: filter, in: query, content: {application/json: {schema: ${ref}}}}\n      requestBody: {content: {application/json: {schema: ${ref}}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: ${ref}}}}\ncomponents:\n  schemas:\n`;
  for (let level = 0; level < levels; level++) {
    const names = Array.from({ length: fan }, (_, i) => `p${i}`);
    const property = level + 1 < levels ? `{$ref: '#/components/schemas/L${level + 1}'}` : '{type: integer, default: 1}';
    text += `    L${level}:\n      type: object\n      required: [${names.join(', ')}]\n      properties: {${names.map((n) => `${n}: ${property}`).join(', ')}}\n`;
  }
  return text;
}

/** `n` schemas, each referring to every other one: each path through them is a new expansion (n! of them). */
function denseCycle(n: number): string {
  let text = `${HEAD}paths:\n  /s:\n    get:\n      operationId: getS\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}\ncomponents:\n  schemas:\n`;
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    text += `    S${i}: {type: object, properties: {${others.map((j) => `q${j}: {$ref: '#/components/schemas/S${j}'}`).join(', ')}}}\n`;
  }
  return text;
}

const CLI = join(process.cwd(), 'generator/bin/generate.mjs');

async function generate(name: string, text: string) {
  const spec = join(root, `${name}.yaml`);
  writeFileSync(spec, text);
  return runProcess(
    process.execPath,
    ['--max-old-space-size=512', '--expose-gc', CLI, '--spec', spec, '--out', join(root, name), '--package-name', 'budget-client'],
    {
      timeoutMs: 90_000,
    },
  );
}

describe('a $ref fan-out past the budget is exit 2 naming the schema, never an out-of-memory crash', () => {
  const refused: [string, { spec: string; location: string }][] = [
    // L1 alone stands for 111,111 nodes (10^5 leaves): the innermost schema over the budget is named.
    ['6 levels x 10 references (10^6 nodes; 70 s and 1.9 GB on main)', { spec: fanOut(6, 10), location: '#/components/schemas/L1' }],
    ['7 levels x 10 references (V8 out of memory on main)', { spec: fanOut(7, 10), location: '#/components/schemas/L2' }],
    [
      '10 schemas each referring to the 9 others (every path through a cycle)',
      { spec: denseCycle(10), location: '#/components/schemas/S' },
    ],
  ];
  it.each(refused)('%s', { timeout: 120_000 }, async (name, { spec, location }) => {
    const run = await generate(name.replace(/\W+/g, '-'), spec);
    expect(run.killed).toBeUndefined();
    expect(run.stderr).toContain(`slbkit-generate: ${location}`);
    expect(run.stderr).toContain('stands for more than 100,000 nodes once its $refs are followed');
    expect(run.code).toBe(2);
  });

  it('a wide but legitimate spec still generates: 4 levels x 10 references (43,000 nodes per use)', { timeout: 120_000 }, async () => {
    const run = await generate('legit-4x10', fanOut(4, 10));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

// The mock reads specs through the same loader: its wire hints and Prism's dereferencing would
// expand the schema too.
describe('the mock refuses the same spec when it loads it', () => {
  it('7 levels x 10 references: a SpecError naming the schema', async () => {
    const spec = join(root, 'mock-7x10.yaml');
    writeFileSync(spec, fanOut(7, 10));
    await expect(loadWireModel(spec)).rejects.toMatchObject({ name: 'SpecError', location: '#/components/schemas/L2' });
  });
});

describe('checkExpansion: what counts, with small budgets', () => {
  const budget = { part: 200, document: 1000, nesting: 8 };
  const doc = (text: string) => parseSpecText(`${HEAD}${text}`, 'spec.yaml') as JsonObject;
  const tree =
    'paths: {}\ncomponents:\n  schemas:\n    Node: {type: object, properties: {name: {type: string}, children: {type: array, items: {$ref: "#/components/schemas/Node"}}}}\n';
  const rows: [string, { given: JsonObject; want: string | undefined }][] = [
    // A recursive schema stands for itself once: the reference back is where every walker stops.
    ['a recursive schema (a tree of nodes) is fine', { given: doc(tree), want: undefined }],
    [
      'references in data are data, not followed',
      {
        given: doc(
          `paths: {}\ncomponents:\n  schemas:\n    Big: {type: object, properties: {${Array.from({ length: 150 }, (_, i) => `p${i}: {}`).join(', ')}}}\n    Small: {example: [${Array.from({ length: 5 }, () => '{$ref: "#/components/schemas/Big"}').join(', ')}]}\n`,
        ),
        want: undefined,
      },
    ],
    [
      'a component used twice past the part budget names the user',
      {
        given: doc(
          `paths: {}\ncomponents:\n  schemas:\n    Big: {type: object, properties: {${Array.from({ length: 120 }, (_, i) => `p${i}: {}`).join(', ')}}}\n    User: {allOf: [{$ref: "#/components/schemas/Big"}, {$ref: "#/components/schemas/Big"}]}\n`,
        ),
        want: '#/components/schemas/User: this part of the spec stands for more than 200 nodes',
      },
    ],
    [
      'many parts under the part budget but past the document budget name the document',
      {
        given: doc(
          `paths: {}\ncomponents:\n  schemas:\n    Big: {type: object, properties: {${Array.from({ length: 120 }, (_, i) => `p${i}: {}`).join(', ')}}}\n${Array.from({ length: 9 }, (_, i) => `    U${i}: {$ref: "#/components/schemas/Big"}\n`).join('')}`,
        ),
        want: '#: the document stands for more than 1,000 nodes',
      },
    ],
    [
      'a chain of references deeper than the nesting budget',
      {
        given: doc(
          `paths: {}\ncomponents:\n  schemas:\n${Array.from({ length: 10 }, (_, i) => `    C${i}: {items: {$ref: "#/components/schemas/C${i + 1}"}}\n`).join('')}    C10: {}\n`,
        ),
        want: 'references nest more than 8 deep',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    let got: string | undefined;
    try {
      checkExpansion(given, budget);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      got = error.describe();
    }
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(want);
  });
});
