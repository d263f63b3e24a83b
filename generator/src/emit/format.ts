import { Biome } from '@biomejs/js-api/nodejs';
import { SpecError } from '../errors.js';
import type { FileKind, GeneratedFile } from './emitter.js';

/**
 * The formatter post-step: every generated code file (TypeScript, JavaScript, declarations) goes
 * through Biome's formatter, so the package reads in one style whichever printer wrote a file
 * (ts-morph, TypeScript's printer, openapi-typescript, ajv, the runtime's own source). Biome runs
 * in-process from its WebAssembly build (@biomejs/wasm-nodejs, pinned exactly: the same version
 * prints the same bytes), with fixed settings below, never a biome.json from the disk. ajv's
 * validators are kept apart (emitter.ts `formatted`: too large to reformat at scale). A
 * formatter only reprints tokens: a string literal keeps its value and its escapes (`\u202e`
 * stays six characters), though its quotes may change to the preferred single quote.
 */
const FORMATTED: ReadonlySet<FileKind> = new Set(['ts', 'types', 'js', 'dts']);

/** The repository's own settings (biome.json), written here so no file on disk changes the output. */
const SETTINGS = {
  // Biome skips a file over 1 MiB by default; at 2,000 operations client.ts alone is 1.4 MB.
  files: { maxSize: 1024 ** 3 },
  formatter: { enabled: true, indentStyle: 'space', indentWidth: 2, lineWidth: 140, lineEnding: 'lf' },
  javascript: { formatter: { quoteStyle: 'single', trailingCommas: 'all', semicolons: 'always' } },
} as const;

let biome: { instance: Biome; project: number } | undefined;

function formatter(): { instance: Biome; project: number } {
  if (!biome) {
    const instance = new Biome();
    const { projectKey } = instance.openProject();
    instance.applyConfiguration(projectKey, SETTINGS);
    biome = { instance, project: projectKey };
  }
  return biome;
}

export function formatFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  return files.map((file) =>
    FORMATTED.has(file.kind) && file.formatted !== false ? { ...file, text: formatCode(file.path, file.text) } : file,
  );
}

export function formatCode(path: string, text: string): string {
  const { instance, project } = formatter();
  let result: { content: string; diagnostics: { severity: string; description: string }[] };
  try {
    result = instance.formatContent(project, text, { filePath: path });
  } catch (error) {
    // Biome's WasmError carries no message of its own.
    const said = error instanceof Error && error.message ? error.message : 'the formatter refused it';
    throw new SpecError(
      `generated ${path} could not be formatted: ${said}`,
      path,
      'this is a generator bug; please report it with the spec',
    );
  }
  const problem = result.diagnostics.find((d) => d.severity === 'error' || d.severity === 'fatal');
  if (problem) {
    throw new SpecError(
      `generated ${path} could not be formatted: ${problem.description}`,
      path,
      'this is a generator bug; please report it with the spec',
    );
  }
  return result.content;
}
