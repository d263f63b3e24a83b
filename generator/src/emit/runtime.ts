import { readdirSync, readFileSync } from 'node:fs';
import { RUNTIME_DIR } from '../paths.js';
import { generatedHeader } from './header.js';

/** `src/runtime/*.ts`: the runtime sources with the generated-file header. */
export function emitRuntime(specName: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(RUNTIME_DIR).filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts')).sort()) {
    files.set(`src/runtime/${name}`, generatedHeader(specName, `runtime copied from slbkit generator/runtime/${name}`) + readFileSync(RUNTIME_DIR + name, 'utf8'));
  }
  return files;
}
