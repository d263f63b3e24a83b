import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './generated-package.js';

// Issue 19, item 5: an app that imports the client and calls one operation must not load every
// operation's descriptor and input validator at start (113.6 kB min+gz at 1,000 operations on old
// main, against 11.4 kB for a one-operation package). The client's methods name their descriptor
// and the runtime imports operations.js at the first call (docs/bundle-size.md), so an
// application's bundler (real esbuild, code splitting on, as corpus-bundle.ts measures) puts them
// in a lazy chunk. On old main the client imported operations.js statically: both rows fail there.
// The repo's own generated package is the sample (SLB's spec, 50+ actions); the 1,000-operation
// measure is in bench/corpus-bundle.ts (`npm run corpus`), too slow for npm test.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-split-'));
let start = '';
let lazy = '';

beforeAll(async () => {
  const app = join(scratch, 'app.mjs');
  writeFileSync(
    app,
    `import { createClient } from ${JSON.stringify(join(REPO, 'generated', 'dist', 'index.js'))};\n` +
      "const client = createClient({ regionId: 'cn-hangzhou' });\n" +
      'console.log(await client.describeLoadBalancers({}));\n',
  );
  const result = await build({
    entryPoints: [app],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    write: false,
    metafile: true,
    outdir: join(scratch, 'out'),
    // The optional peer (aliyun CLI credentials) is not the package's code.
    external: ['@alicloud/credentials'],
    logLevel: 'silent',
  });
  ({ start, lazy } = startAndLazy(result.outputFiles, result.metafile));
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the app loads at start (its entry and the chunks imported statically, transitively), and the rest. */
function startAndLazy(files: OutputFile[], metafile: Metafile): { start: string; lazy: string } {
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [name(path), output]));
  const loaded = new Set(['app.js']);
  for (const file of loaded)
    for (const i of outputs.get(file)!.imports) if (i.kind === 'import-statement' && !i.external) loaded.add(name(i.path));
  const text = (keep: boolean) =>
    files
      .filter((f) => loaded.has(name(f.path)) === keep)
      .map((f) => f.text)
      .join('\n');
  return { start: text(true), lazy: text(false) };
}

describe('an app calling one operation: no descriptor or input validator in its start bundle', () => {
  it.each([
    // Every RPC descriptor carries the API version it sends; nothing else in the client does.
    { what: 'the descriptors (operations.js)', marker: '"2014-05-15"' },
    // ajv's message for a missing required parameter, in every input validator (and response validators, already lazy).
    { what: 'the input validators (validators.js)', marker: 'must have required property' },
  ])('$what: in a lazy chunk, not at start', ({ marker }) => {
    expect(lazy).toContain(marker);
    expect(start).not.toContain(marker);
  });
});
