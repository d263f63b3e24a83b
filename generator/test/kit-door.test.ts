/**
 * One door (issue 18, /work/shared/STYLE.md "One door, one pass"): the contract kit
 * (contract-tests/) enters the generator through generator/src/api.ts and nowhere else. Each
 * import specifier of every .ts file under contract-tests/ is read by TypeScript's own
 * pre-processor (static imports, `export ... from`, `import type`, dynamic `import()`), resolved
 * against its file, and refused when it lands in generator/ anywhere but the allowed list.
 * bench/ is left out on purpose: it times the generator's stages one by one (bench/stages.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import * as wire from '../runtime/wire.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KIT = join(ROOT, 'contract-tests');

/**
 * Where the kit may land inside generator/, and why. The door itself; the CLI harness the
 * generator's own tests spawn processes with (test code, not the generator). Nothing in
 * generator/runtime: api.ts re-exports the runtime pieces the kit needs (wire types, transport,
 * redactor, XML parser), and the wire decoder lives in the kit (contract-tests/mock/wire-decode.ts).
 */
const ALLOWED = ['generator/src/api.ts', 'generator/test/cli-harness.ts'];

/** The generator-relative path a specifier of `file` resolves to (`.js` read as the `.ts` it is), or undefined outside generator/. */
function generatorTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(ROOT, resolve(dirname(file), specifier))
    .split(sep)
    .join('/');
  if (!target.startsWith('generator/')) return undefined;
  return target.replace(/\.(js|mjs|cjs)$/, '.ts').replace(/^(?!.*\.[cm]?ts$)(.*)$/, '$1.ts');
}

/** Every import of `text` (written as file `file`) that lands in generator/ outside ALLOWED. */
function strayImports(file: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((ref) => ({ specifier: ref.fileName, target: generatorTarget(file, ref.fileName) }))
    .filter(({ target }) => target !== undefined && !ALLOWED.includes(target))
    .map(({ specifier, target }) => `${relative(ROOT, file)}: ${specifier} -> ${target}`);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return /\.[cm]?ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the scanner: what counts as a stray import (one file of contract-tests/support/)', () => {
  const file = join(KIT, 'support', 'x.ts');
  // Every hostile row is a form the kit used on main before the door (errors.js, load/refs.js,
  // generate.js, runtime/wire.js, runtime/transport.js) or a way around a plain text search.
  it.each([
    ['the door', "import { loadModel } from '../../generator/src/api.js';", []],
    ['the door without an extension', "import { loadModel } from '../../generator/src/api';", []],
    ['the CLI harness (test code)', "import { runProcess } from '../../generator/test/cli-harness.js';", []],
    ['a package, not a path', "import { ts } from 'ts-morph';", []],
    ['a kit file', "import { decodeWire } from '../mock/wire-decode.js';", []],
    [
      'errors.ts directly',
      "import { SpecError } from '../../generator/src/errors.js';",
      ['../../generator/src/errors.js -> generator/src/errors.ts'],
    ],
    [
      'a type-only import of the loader',
      "import type { JsonObject } from '../../generator/src/load/refs.js';",
      ['../../generator/src/load/refs.js -> generator/src/load/refs.ts'],
    ],
    [
      'a re-export',
      "export { generateFromFile } from '../../generator/src/generate.js';",
      ['../../generator/src/generate.js -> generator/src/generate.ts'],
    ],
    [
      'a dynamic import',
      "const m = await import('../../generator/src/generate.js');",
      ['../../generator/src/generate.js -> generator/src/generate.ts'],
    ],
    [
      'the runtime, over several lines',
      "import {\n  decodeWire,\n  type WirePair,\n} from '../../generator/runtime/wire.js';",
      ['../../generator/runtime/wire.js -> generator/runtime/wire.ts'],
    ],
    [
      'a detour through another folder',
      "import { redirectTarget } from './../mock/../../generator/runtime/transport.js';",
      ['./../mock/../../generator/runtime/transport.js -> generator/runtime/transport.ts'],
    ],
    [
      'a file next to the door whose name starts like it',
      "import { x } from '../../generator/src/api-extra.js';",
      ['../../generator/src/api-extra.js -> generator/src/api-extra.ts'],
    ],
  ] as [string, string, string[]][])('%s', (_name, text, want) => {
    expect(strayImports(file, text)).toEqual(want.map((w) => `contract-tests/support/x.ts: ${w}`));
  });
});

describe('contract-tests/ enters the generator only through generator/src/api.ts', () => {
  const files = tsFiles(KIT);

  it('scans the whole kit (mock, stand-in, support, real-target, the suite)', () => {
    const folders = new Set(files.map((f) => relative(KIT, dirname(f)).split(sep)[0] || '.'));
    expect([...folders].sort()).toEqual(['.', 'mock', 'real-target', 'standin', 'support']);
  });

  it('no file imports anything else from generator/', () => {
    expect(files.flatMap((f) => strayImports(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});

describe("the wire decoder is the kit's, not shipped in every client", () => {
  // generator/runtime/ is copied verbatim into each generated package: what wire.ts exports,
  // every client carries. A client only encodes; the mock, stand-in and suite decode.
  it('generator/runtime/wire.ts exports the encoder only', () => {
    expect(Object.keys(wire).sort()).toEqual(['encodeWire']);
  });
});
