import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { firstErrorLine, fmtNumber, log, markdownTable, type PartReport, ROOT, spawnMeasured, tempDir } from './measure.js';

/**
 * Part 5: weight of the generated package (what a user's bundle gains) and the wall time of
 * `npm test` and `npm start`. The npm scripts run in a copy of the repo (node_modules linked):
 * `npm start` regenerates `generated/` and writes reports, which must not touch the working tree
 * this bench measures.
 */

const GENERATED = join(ROOT, 'generated');
const SCRIPT_TIMEOUT_MS = 180_000;

function sumJs(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .reduce((total, e) => total + statSync(join(e.parentPath, e.name)).size, 0);
}

async function bundleSize(external: string[]): Promise<{ min: number; gz: number; inputs: number }> {
  const result = await build({
    entryPoints: [join(GENERATED, 'dist', 'index.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length, inputs: Object.keys(result.metafile.inputs).length };
}

/**
 * The same bundle with code splitting, as an application's bundler makes it: what every user
 * loads (the entry chunk and the chunks it imports statically) apart from what only some load
 * (modules behind `import()`: the success-body validators with validateResponses, the credential
 * files part of the chain without a credentials option, the middleware view with client.use or
 * debug, the XML reader with format 'XML').
 */
export async function splitBundleSize(
  external: string[],
  generated: string = GENERATED,
): Promise<{ baseGz: number; lazy: { name: string; gz: number }[] }> {
  const result = await build({
    entryPoints: [join(generated, 'dist', 'index.js')],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    outdir: join(generated, 'split'),
    external,
    logLevel: 'silent',
  });
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const contents = new Map(result.outputFiles.map((f) => [name(f.path), f.contents]));
  const outputs = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [name(path), output]));
  const base = new Set(['index.js']);
  for (const file of base)
    for (const i of outputs.get(file)!.imports) if (i.kind === 'import-statement' && !i.external) base.add(name(i.path));
  const baseCode = Buffer.concat([...base].map((file) => contents.get(file)!));
  const lazy = [...contents]
    .filter(([file]) => !base.has(file))
    .map(([file, code]) => ({ name: file.replace(/-[A-Z0-9]{8}\.js$/, '.js'), gz: gzipSync(code, { level: 9 }).length }));
  return { baseGz: gzipSync(baseCode, { level: 9 }).length, lazy };
}

/** A throwaway copy of the repo for npm scripts with side effects. */
function repoCopy(): string {
  const dir = tempDir('repo');
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.git)([/\\]|$)/.test(source.slice(ROOT.length)),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The line a person would quote from an npm script's output. */
function summaryLine(stdout: string, stderr: string, code: number | null): string {
  const clean = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const tests = /Tests\s+(.+)/.exec(clean)?.[1]?.trim();
  const files = /Test Files\s+(.+)/.exec(clean)?.[1]?.trim();
  if (tests) return `Test Files ${files ?? '?'}; Tests ${tests}`;
  return code === 0 ? (clean.trim().split('\n').filter(Boolean).pop()?.slice(0, 200) ?? '') : firstErrorLine(stderr, stdout);
}

export async function weightPart(runs: number): Promise<PartReport> {
  void runs; // sizes are exact; the npm scripts run once each (they take tens of seconds)
  const pkg = JSON.parse(readFileSync(join(GENERATED, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const deps = Object.keys(pkg.dependencies ?? {});
  const peers = Object.keys(pkg.peerDependencies ?? {});
  // Optional peers are the user's choice (fast-xml-parser only for format 'XML'): left out of the size.
  const bundle = await bundleSize(peers);
  const split = await splitBundleSize(peers);
  const distJs = sumJs(join(GENERATED, 'dist'));

  const scripts: string[][] = [];
  const copy = repoCopy();
  try {
    for (const script of ['test', 'start']) {
      log('weight', `npm ${script} (in a copy of the repo)`);
      const result = await spawnMeasured('npm', [script], { cwd: copy, timeoutMs: SCRIPT_TIMEOUT_MS, env: { CI: '1', FORCE_COLOR: '0' } });
      scripts.push([
        `npm ${script}`,
        fmtNumber(result.wallMs),
        result.timedOut ? `killed after ${SCRIPT_TIMEOUT_MS / 1000} s` : String(result.code),
        summaryLine(result.stdout, result.stderr, result.code),
      ]);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }

  const body = [
    markdownTable(
      ['generated package', 'value'],
      [
        ['dist/*.js, raw', `${fmtNumber(distJs / 1024, 1)} kB`],
        [
          `esbuild bundle of dist/index.js (minified, esm, node; optional peers ${peers.join(', ') || 'none'} external)`,
          `${fmtNumber(bundle.min / 1024, 1)} kB from ${bundle.inputs} inputs`,
        ],
        ['the same, gzipped (zlib level 9)', `${fmtNumber(bundle.gz / 1024, 2)} kB (${bundle.gz} bytes)`],
        [
          'with code splitting: what every user loads (entry + static chunks), gzipped',
          `${fmtNumber(split.baseGz / 1024, 2)} kB (${split.baseGz} bytes)`,
        ],
        ...split.lazy.map((chunk) => [
          `with code splitting: ${chunk.name}, loaded by import() only when used, gzipped`,
          `${fmtNumber(chunk.gz / 1024, 2)} kB`,
        ]),
        ['runtime dependencies (generated/package.json "dependencies")', `${deps.length}${deps.length ? `: ${deps.join(', ')}` : ''}`],
        ['peer dependencies', peers.length ? peers.map((p) => `${p} ${pkg.peerDependencies![p]}`).join(', ') : 'none'],
      ],
    ),
    `npm scripts, once each, in a throwaway copy of the repo (node_modules linked), wall time from spawn to exit:`,
    markdownTable(['script', 'wall ms', 'exit', 'outcome'], scripts),
  ].join('\n\n');
  return {
    part: 'weight',
    title: '5. Weight and npm scripts',
    body,
    targets: [
      {
        name: 'weight: generated client, minified + gzipped',
        target: '< 8 kB',
        measured: `${fmtNumber(bundle.gz / 1024, 2)} kB`,
        met: bundle.gz < 8 * 1024,
      },
      // Issue 12: the base every user loads; optional features behind import() are listed above.
      {
        name: 'weight: generated client with code splitting, base (entry + static chunks), gzipped',
        target: '< 10 kB',
        measured: `${fmtNumber(split.baseGz / 1024, 2)} kB`,
        met: split.baseGz < 10 * 1024,
      },
      { name: 'weight: runtime dependencies', target: '0', measured: String(deps.length), met: deps.length === 0 },
    ],
  };
}
