import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFromFile } from '../src/generate.js';

// A spec is untrusted input, its package README too: a server URL or a path with a backtick or a
// `|` must stay inside its code span and its table cell (on e1ce6ea the URL was pasted between
// single backticks, so `/a|b`c` closed the span and split the endpoint row into five cells).

const dir = mkdtempSync(join(tmpdir(), 'slbkit-readme-md-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readme(server: string, path: string): Promise<string> {
  const spec = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    servers: [{ url: server }],
    paths: { [path]: { get: { operationId: 'getX', responses: { 200: { description: 'ok' } } } } },
  };
  writeFileSync(spec, JSON.stringify(document));
  return (await generateFromFile(spec, { name: 'md-test', version: '1.0.0' })).get('README.md')!;
}

/** The cells of a GFM table row: `|` splits unless escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).length - 2;

describe('spec text in the package README stays in its code span and cell', () => {
  it.each([
    ['a relative server with a backtick and a pipe', '/a|b`c', '/x', '``/a\\|b`c``'],
    ['a relative server ending with a backtick', '/x`', '/x', '`` /x` ``'],
    ['an absolute server with a pipe', 'https://h.example/a|b', '/x', '`https://h.example/a\\|b`'],
  ])('%s', async (_name, server, path, shown) => {
    const row = (await readme(server, path)).split('\n').find((line) => line.startsWith('| `endpoint` |'))!;
    expect(row).toContain(shown);
    expect(cells(row)).toBe(3);
  });

  it('a path with a backtick is one code span in its operation section', async () => {
    const text = await readme('https://h.example', '/a`b');
    expect(text).toContain('GET ``/a`b``.');
  });
});
