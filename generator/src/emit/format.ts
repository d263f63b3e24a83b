import { Biome } from '@biomejs/js-api/nodejs';
import { SpecError } from '../errors.js';
import type { FileKind, GeneratedFile } from './emitter.js';

/**
 * The formatter post-step: every generated code file (TypeScript, JavaScript, declarations) goes
 * through Biome's formatter, so the package reads in one style whichever printer wrote a file
 * (ts-morph, TypeScript's printer, openapi-typescript, ajv, the runtime's own source). Biome runs
 * in-process from its WebAssembly build (@biomejs/wasm-nodejs, pinned exactly: the same version
 * prints the same bytes), with fixed settings below, never a biome.json from the disk. A
 * formatter only reprints tokens: a string literal keeps its value and its escapes (`\u202e`
 * stays six characters), though its quotes may change to the preferred single quote.
 */
const FORMATTED: ReadonlySet<FileKind> = new Set(['ts', 'types', 'js', 'dts']);

/** The repository's own settings (biome.json), written here so no file on disk changes the output. */
const SETTINGS = {
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
  return files.map((file) => (FORMATTED.has(file.kind) ? { ...file, text: formatCode(file.path, file.text) } : file));
}

export function formatCode(path: string, text: string): string {
  const { instance, project } = formatter();
  const result = instance.formatContent(project, text, { filePath: path });
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
