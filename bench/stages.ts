import { parseArgs } from 'node:util';

/**
 * Child script: our generator's stages timed one by one in a fresh process, in the order
 * `generatePackage` runs them (with --warm, then the whole `generatePackage` again). Prints JSON.
 * `node --import tsx bench/stages.ts --spec FILE --out DIR [--warm]`
 *
 * Each stage calls the generator's own emitters (emit/index.ts exports the list of emitters;
 * dist, escape and format are its post-steps), so a change shows up as a failed stage in
 * RESULTS.md, not a bench that does not compile.
 */

const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' }, warm: { type: 'boolean', default: false } } });
const spec = values.spec!;
const out = values.out!;
/** [stage, ms, peak RSS of the process so far in MiB]: the stage whose peak jumps is the one holding memory. */
const times: [string, number, number][] = [];
const peakMiB = () => process.resourceUsage().maxRSS / 1024;
async function stage<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await fn();
  times.push([name, performance.now() - started, peakMiB()]);
  return value;
}
function mark(name: string, since: number): void {
  times.push([name, performance.now() - since, peakMiB()]);
}

try {
  const t0 = performance.now();
  const { loadSpec } = await import('../generator/src/load/openapi-document.js');
  const { buildApiModel } = await import('../generator/src/model/build.js');
  mark('import: generator load+model (js-yaml)', t0);
  const t1 = performance.now();
  const emit = await import('../generator/src/emit/index.js');
  const { generatedHeader } = await import('../generator/src/emit/header.js');
  const { distFiles } = await import('../generator/src/emit/dist.js');
  const { escapePrinted } = await import('../generator/src/emit/docs.js');
  const { formatFiles } = await import('../generator/src/emit/format.js');
  const { generatePackage } = await import('../generator/src/generate.js');
  const { writeOutput } = await import('../generator/src/output/write.js');
  mark('import: emitters (ajv, openapi-typescript, ts-morph, Biome) and the rest', t1);

  const loaded = await stage('load (read YAML, check)', () => loadSpec(spec));
  const model = await stage('model (buildApiModel)', () => buildApiModel(loaded));
  const header = generatedHeader(model.specName);
  const context = { identity: { name: '@slbkit/client', version: '0.1.0' }, header };
  // Each emitter of the list as its own stage (emit/index.ts EMITTERS), then the post-steps.
  const files: import('../generator/src/emit/index.js').GeneratedFile[] = [];
  for (const emitter of emit.EMITTERS) files.push(...(await stage(`emit ${emitter.name}`, () => emitter(model, context))));
  const dist = await stage('dist (transpile client/index/runtime; copy or split the rest)', () => distFiles(files, header));
  const escaped = [...files, ...dist].map((file) => ({ ...file, text: escapePrinted(file.text) }));
  await stage('format (Biome, every code file)', () => formatFiles(escaped));
  // --warm: the whole generatePackage once more in the same process, to tell JIT warm-up from real work.
  const all = values.warm ? await stage('generatePackage again, whole (warm)', () => generatePackage(model)) : await generatePackage(model);
  await stage('write (temp dir, then swap)', () => writeOutput(out, all));
  const bytes = Object.fromEntries(
    [...all].filter(([p]) => p.startsWith('src/') && !p.startsWith('src/runtime/')).map(([p, t]) => [p, t.length]),
  );
  process.stdout.write(
    `${JSON.stringify({ ok: true, times, bytes, heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20, maxRssMiB: peakMiB() })}\n`,
  );
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({
      ok: false,
      times,
      error: String((error as Error).stack ?? error)
        .split('\n')
        .slice(0, 3)
        .join(' | '),
    })}\n`,
  );
}
