import { parseArgs } from 'node:util';

/**
 * Child script: our generator's stages timed one by one in a fresh process, in the order
 * `generatePackage` runs them (with --warm, then the whole `generatePackage` again). Prints JSON.
 * `node --import tsx bench/stages.ts --spec FILE --out DIR [--warm]`
 *
 * Each stage calls the generator's own emitters (emit/package-files.ts exports the printing step
 * and the dist hints it uses). Some are called through loose signatures (extra arguments are
 * harmless), so a change shows up as a failed stage in RESULTS.md, not a bench that does not compile.
 */

type Loose = (...args: any[]) => any;

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
  const { emitValidators } = await import('../generator/src/emit/validators.js');
  mark('import: ajv', t1);
  const t2 = performance.now();
  const { emitSchemaTypes } = await import('../generator/src/emit/schema-types.js');
  mark('import: openapi-typescript (+ typescript)', t2);
  const t3 = performance.now();
  const packageFiles = await import('../generator/src/emit/package-files.js');
  const { generatedHeader } = await import('../generator/src/emit/header.js');
  const { emitRuntime } = await import('../generator/src/emit/runtime.js');
  const emitDist = (await import('../generator/src/emit/dist.js')).emitDist as Loose;
  const { generatePackage } = await import('../generator/src/generate.js');
  const { writeOutput } = await import('../generator/src/output/write.js');
  mark('import: ts-morph and the rest', t3);

  const loaded = await stage('load (read YAML, check)', () => loadSpec(spec));
  const model = await stage('model (buildApiModel)', () => buildApiModel(loaded));
  const files = new Map<string, string>();
  const validators = await stage('emit validators (ajv compile + standalone)', () => emitValidators(model));
  files.set('src/validators.js', validators.js);
  files.set('src/validators.d.ts', validators.dts);
  files.set('src/schema.ts', await stage('emit schema.ts (openapi-typescript)', () => emitSchemaTypes(model)));
  for (const [path, text] of await stage('emit types/operations/client/index (ts-morph print)', () => packageFiles.printStatements(model)))
    files.set(path, text);
  for (const [path, text] of await stage('emit runtime copy', () => emitRuntime(model.specName))) files.set(path, text);
  for (const [path, text] of await stage(
    'emit dist (transpile client/index/runtime; copy or split the rest)',
    () => emitDist(files, generatedHeader(model.specName), packageFiles.DIST_HINTS) as Map<string, string>,
  ))
    files.set(path, text);
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
