import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { oursArgs } from './generation.js';
import { firstErrorLine, NODE, spawnMeasured, tempDir } from './measure.js';
import { writeSyntheticSpec } from './synthetic-spec.js';

/**
 * Issue 19, item 5's size target: "an app that imports the client and calls one operation of a
 * 1,000+-operation package bundles (esbuild, min+gz) under 2x what it does for a one-operation
 * package". Both packages are generated from bench/synthetic-spec.ts (RPC actions of SLB's shape);
 * the app is the same few lines for both, calling the first action. The bundle is split as an
 * application's bundler splits it: what the app loads at start is its entry chunk and the chunks
 * that chunk imports statically (a dynamic import() is loaded only when reached); the package's
 * optional peers stay external, as weight.ts does.
 */

export interface BundleSizes {
  operations: number;
  /** Gzipped bytes (level 9) of what the app loads at start. */
  startGz: number;
  /** Gzipped bytes of every chunk, lazy ones too. */
  allGz: number;
}

/** The first method of the printed Client interface (types.ts; the first action, by the naming rule). */
function firstMethod(clientSource: string): string {
  const body = clientSource.slice(clientSource.indexOf('export interface Client {'));
  const methods = [...body.matchAll(/^ {2}([a-z][A-Za-z0-9]*)\(/gm)].map((m) => m[1]!).filter((name) => name !== 'use');
  if (!methods.length) throw new Error('no method in the generated Client interface');
  return methods[0]!;
}

async function appBundle(pkg: string, work: string): Promise<{ startGz: number; allGz: number }> {
  const method = firstMethod(readFileSync(join(pkg, 'src', 'types.ts'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
  const app = join(work, 'app.mjs');
  writeFileSync(
    app,
    `import { createClient } from ${JSON.stringify(join(pkg, 'dist', 'index.js'))};\n` +
      "const client = createClient({ regionId: 'cn-hangzhou', credentials: { accessKeyId: 'id', accessKeySecret: 'secret' } });\n" +
      `console.log(await client.${method}({}));\n`,
  );
  const result = await build({
    entryPoints: [app],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    outdir: join(work, 'out'),
    external: Object.keys(manifest.peerDependencies ?? {}),
    logLevel: 'silent',
  });
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const contents = new Map(result.outputFiles.map((f) => [name(f.path), f.contents]));
  const outputs = new Map(Object.entries(result.metafile.outputs).map(([path, output]) => [name(path), output]));
  const start = new Set(['app.js']);
  for (const file of start)
    for (const i of outputs.get(file)!.imports) if (i.kind === 'import-statement' && !i.external) start.add(name(i.path));
  const gz = (files: string[]) => gzipSync(Buffer.concat(files.map((f) => contents.get(f)!)), { level: 9 }).length;
  return { startGz: gz([...start]), allGz: gz([...contents.keys()]) };
}

/** Generate the synthetic package of `operations` actions with the CLI, bundle the app over it. */
export async function bundleSizes(operations: number): Promise<BundleSizes> {
  const work = tempDir(`bundle-${operations}`);
  try {
    const spec = writeSyntheticSpec(operations, join(work, 'spec.yaml'));
    const pkg = join(work, 'pkg');
    const run = await spawnMeasured(NODE, oursArgs(spec, pkg), { timeoutMs: 600_000 });
    if (run.code !== 0) throw new Error(`generating ${operations} operations failed: ${firstErrorLine(run.stderr, run.stdout)}`);
    return { operations, ...(await appBundle(pkg, work)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
