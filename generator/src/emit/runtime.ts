import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_DIR } from '../paths.js';
import type { Emitter } from './emitter.js';
import { generatedHeader } from './header.js';

export const runtimeFiles: Emitter = (model) => [...emitRuntime(model.specName)].map(([path, text]) => ({ path, kind: 'ts', text }));

/** `src/runtime/**\/*.ts`: the runtime sources (signers/ included) with the generated-file header. */
export function emitRuntime(specName: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(RUNTIME_DIR, folder), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const name = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        files.set(
          `src/runtime/${name}`,
          generatedHeader(specName, `runtime copied from slbkit generator/runtime/${name}`) + readFileSync(join(RUNTIME_DIR, name), 'utf8'),
        );
    }
  };
  walk('');
  return files;
}
