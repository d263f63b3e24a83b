/**
 * Issue 17, found by the review after the first fixes: a `$ref` that leads INTO data. The walks
 * that check schemas (patterns, the expansion budget) pass over data (example, default, const,
 * enum, x-*), while ajv and Prism follow the reference: `q: {$ref: '#/components/schemas/Holder/example'}`
 * with `example: {type: string, pattern: '^(a+)+$'}` put the regex bomb into validators.js and
 * held the mock for 139 s on one 30-character request. Such a reference is refused now, with the
 * pointer of its `$ref`; a reference TO an Example Object (`#/components/examples/X`) stays fine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { loadSpec } from '../src/load/openapi-document.js';
import { runCli } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'slbkit-ref-into-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One POST /things whose JSON body property `q` is `{$ref: target}`; Holder carries data of every kind. */
function spec(target: string): string {
  return `openapi: 3.1.0
info: { title: Ref into data, version: 1.0.0 }
paths:
  /things:
    post:
      operationId: postThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                q: { $ref: "${target}" }
            examples:
              named: { $ref: "#/components/examples/Named" }
      responses:
        "204": { description: Done. }
components:
  examples:
    Named:
      value: { type: string, pattern: "^(a+)+$" }
  schemas:
    Holder:
      type: object
      example: { type: string, pattern: "^(a+)+$" }
      default: { type: string, pattern: "^(a+)+$" }
      const: { type: string, pattern: "^(a+)+$" }
      enum: [{ type: string, pattern: "^(a+)+$" }]
      examples: [{ type: string, pattern: "^(a+)+$" }]
      x-schema: { type: string, pattern: "^(a+)+$" }
    Plain: { type: string, maxLength: 8 }
`;
}

function write(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('a $ref that leads into data is refused, with the pointer of the $ref', () => {
  it.each([
    ['a schema example', '#/components/schemas/Holder/example', '#/components/schemas/Holder/example'],
    ['a default', '#/components/schemas/Holder/default', '#/components/schemas/Holder/default'],
    ['a const', '#/components/schemas/Holder/const', '#/components/schemas/Holder/const'],
    ['an enum item', '#/components/schemas/Holder/enum/0', '#/components/schemas/Holder/enum'],
    ['an examples list item', '#/components/schemas/Holder/examples/0', '#/components/schemas/Holder/examples'],
    ['an x- extension', '#/components/schemas/Holder/x-schema', '#/components/schemas/Holder/x-schema'],
    ["an Example Object's value", '#/components/examples/Named/value', '#/components/examples/Named/value'],
  ])('%s (%s)', async (_name, target, data) => {
    const file = write(`into-${target.replace(/\W+/g, '-')}`, spec(target));
    const refused = await loadSpec(file).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SpecError);
    const message = (refused as SpecError).describe();
    expect(message).toContain('#/paths/~1things/post/requestBody/content/application~1json/schema/properties/q/$ref');
    expect(message).toContain(`this $ref leads into data (${data}`);
  });

  it('control: a reference to a schema, and one to an Example Object, still load', async () => {
    await expect(loadSpec(write('plain', spec('#/components/schemas/Plain')))).resolves.toBeDefined();
  });

  it('through the CLI: exit 2 naming the $ref, nothing written, no regex bomb in any output', async () => {
    const out = join(dir, 'out');
    const run = await runCli(['--spec', write('cli', spec('#/components/schemas/Holder/example')), '--out', out]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('properties/q/$ref');
    expect(run.stderr).toContain('leads into data');
  });
});
