import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emitDist } from '../src/emit/dist.js';
import { emitRuntime } from '../src/emit/runtime.js';
import { emitValidators } from '../src/emit/validators.js';
import type { ApiModel } from '../src/model/api-model.js';

/** `load()`'s value and the SLBKIT_SPEC warnings it gave, in order (load/warnings.ts). */
export async function withSpecWarnings<T>(load: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const listen = (w: Error & { code?: string }) => {
    if (w.code === 'SLBKIT_SPEC') warnings.push(w.message);
  };
  process.on('warning', listen);
  try {
    const value = await load();
    // process warnings are delivered on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    return { value, warnings };
  } finally {
    process.off('warning', listen);
  }
}

/** A validator of the emitted dist/validators.js, with ajv's errors of its last call. */
export type EmittedValidator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] };

/**
 * The model's validators.js and the runtime helper it imports, written to `dir` as a package
 * and imported as a consumer would: the validators named by `names`.
 */
export async function importValidators(model: ApiModel, dir: string): Promise<Record<string, EmittedValidator>> {
  const files = new Map([['dist/validators.js', emitValidators(model).js], ...emitDist(emitRuntime(model.specName))]);
  for (const path of ['dist/validators.js', 'dist/runtime/validator-support.js']) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), files.get(path)!);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  return (await import(pathToFileURL(join(dir, 'dist/validators.js')).href)) as Record<string, EmittedValidator>;
}
