import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Biome } from '@biomejs/js-api/nodejs';
import { SpecError } from '../errors.js';
import { sha256 } from '../output/manifest.js';
import { GENERATOR_DIR } from '../paths.js';
import type { FileKind, GeneratedFile } from './emitter.js';
import { headerLine, PLACEHOLDER_HEADER } from './header.js';

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

/** Loaded on the first file the cache does not hold: compiling Biome's WebAssembly costs about 0.3 s. */
function formatter(): { instance: Biome; project: number } {
  if (!biome) {
    const instance = new (require('@biomejs/js-api/nodejs') as typeof import('@biomejs/js-api/nodejs')).Biome();
    const { projectKey } = instance.openProject();
    instance.applyConfiguration(projectKey, SETTINGS);
    biome = { instance, project: projectKey };
  }
  return biome;
}

export function formatFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  const format = (file: GeneratedFile) =>
    FORMATTED.has(file.kind) && file.formatted !== false ? formatCode(file.path, file.text) : file.text;
  const sources = new Map(files.filter((file) => file.copyOf === undefined).map((file) => [file.path, { file, text: format(file) }]));
  // A copy (emitter.ts `copyOf`) of the same text takes its source's formatted text: Biome
  // prints a declarations-only file the same as .ts and as .d.ts (emitters.test.ts checks it on
  // the repo's own package), so it reads each once.
  return files.map((file) => {
    if (file.copyOf === undefined) return { ...file, text: sources.get(file.path)!.text };
    const source = sources.get(file.copyOf);
    return { ...file, text: source && source.file.text === file.text ? source.text : format(file) };
  });
}

/**
 * Formatted files, kept between runs as dist.ts keeps the runtime's compiled files: about 90 of
 * a package's 100 files are the runtime, the same text in every package, and formatting them
 * (Biome's start-up included) cost about 2 s of a 2.5 s generation of the bundled spec. Keyed by
 * everything the output depends on (Biome's version, the settings, the file's extension, the
 * text), so a hit is the bytes Biome would print; written whole under a temp name, then renamed.
 */
const require = createRequire(import.meta.url);
const CACHE_DIR = join(GENERATOR_DIR, '.build', 'formatted');
const inMemory = new Map<string, string>();

export function formatCode(path: string, text: string): string {
  // A runtime file is the same in every package but for its header line, which names the spec
  // (header.ts headerLine): it is cached by the rest, formatted behind a placeholder line that takes
  // the header's place (Biome keeps a `//` comment line as written). Keyed by the whole text, every
  // spec of a new file name formatted the runtime's 87 files again, Biome's start-up included.
  const header = /^(src|dist)\/runtime\//.test(path) ? headerLine(text) : undefined;
  if (header !== undefined) {
    const formatted = formatCached(path, PLACEHOLDER_HEADER + text.slice(header.length));
    if (formatted.startsWith(PLACEHOLDER_HEADER)) return header + formatted.slice(PLACEHOLDER_HEADER.length);
  }
  return formatCached(path, text);
}

function formatCached(path: string, text: string): string {
  const extension = path.endsWith('.d.ts') ? '.d.ts' : path.slice(path.lastIndexOf('.'));
  const key = sha256(JSON.stringify([BIOME_VERSION(), SETTINGS, extension, text]));
  // The runtime's files in memory and on disk. The spec's own files on disk only, and only small
  // ones: they change with every spec, and kept in memory or at any size they would grow a --watch
  // process and the cache by megabytes per save at scale; small ones are what repeated runs of
  // the same spec (CI's regenerations, the tests' fixtures) format again for nothing.
  const runtime = /^(src|dist)\/runtime\//.test(path);
  const onDisk = runtime || text.length <= SMALL_FILE;
  const known = runtime ? (inMemory.get(key) ?? readCached(key, true)) : onDisk ? readCached(key, false) : undefined;
  if (known !== undefined) return known;
  const formatted = formatUncached(path, text);
  if (runtime) inMemory.set(key, formatted);
  if (onDisk) writeCached(key, formatted);
  return formatted;
}

/** The largest file of the spec's own kept on disk (characters). */
const SMALL_FILE = 64 * 1024;

let biomeVersion: string | undefined;
function BIOME_VERSION(): string {
  biomeVersion ??= (require('@biomejs/wasm-nodejs/package.json') as { version: string }).version;
  return biomeVersion;
}

function readCached(key: string, keep: boolean): string | undefined {
  try {
    const text = readFileSync(join(CACHE_DIR, `${key}.txt`), 'utf8');
    if (keep) inMemory.set(key, text);
    return text;
  } catch {
    return undefined;
  }
}

function writeCached(key: string, text: string): void {
  // Best effort: a cache that cannot be written only costs the next run the formatting.
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const file = join(CACHE_DIR, `${key}.txt`);
    writeFileSync(`${file}.${process.pid}.tmp`, text);
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // ignored, as said
  }
}

function formatUncached(path: string, text: string): string {
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
