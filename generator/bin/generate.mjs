#!/usr/bin/env node
// `npm run generate`: run the generator from a bundle of generator/src, rebuilt with esbuild
// whenever a source file is newer than it. Running the TypeScript sources through a loader
// (tsx) costs about 0.7 s per run, half of a whole generation (bench/RESULTS.md). Run it with
// --expose-gc (the npm script does): the generator then collects between stages, which keeps
// peak memory near what is live (437 MiB instead of 830 at 2,000 operations).
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
// The bundle sits at the same depth as src/cli.ts, so its paths to ../../runtime still resolve.
const bundle = fileURLToPath(new URL('../.build/src/cli.mjs', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(`${path}/`) : statSync(path).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {
  // not built yet
}
if (built < newestSource(src)) {
  const { build } = await import('esbuild');
  await build({ entryPoints: [`${src}cli.ts`], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
}
await import(bundle);
