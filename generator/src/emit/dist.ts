import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { SpecError } from '../errors.js';
import { sha256 } from '../output/manifest.js';
import { GENERATOR_DIR } from '../paths.js';
import type { FileKind, GeneratedFile } from './emitter.js';
import { headerLine, PLACEHOLDER_HEADER } from './header.js';

/**
 * src/*.ts -> dist/*.js and dist/*.d.ts, file by file. Every source (runtime and generated) is
 * written for isolated declarations, so each file compiles alone: no program, no lib files, no
 * type check here (the tests type-check the package with tsc). That keeps generation fast and
 * the output a pure function of each file's text.
 */
const JS_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  newLine: ts.NewLineKind.LineFeed,
};
const DECLARATION_OPTIONS: ts.CompilerOptions = { ...JS_OPTIONS, declaration: true, isolatedDeclarations: true };

/**
 * The dist post-step: what each src/ file becomes in dist/, chosen by its kind (emitter.ts):
 * `ts` is compiled, `types` is its own .d.ts beside an empty module, `js` and `dts` are copied
 * (ajv's validators are JavaScript already, with a hand-printed .d.ts), and a `ts` file whose
 * emitter returned its dist files (`distIncluded`) is left alone.
 */
export function distFiles(files: readonly GeneratedFile[], header = ''): GeneratedFile[] {
  const dist: GeneratedFile[] = [];
  for (const file of files) {
    const { path, text, kind, distIncluded } = file;
    if (!path.startsWith('src/')) continue;
    const target = `dist/${path.slice('src/'.length)}`;
    const js = target.replace(/\.ts$/, '.js');
    const dts = target.replace(/\.ts$/, '.d.ts');
    if (kind === 'js' || kind === 'dts') dist.push({ ...file, path: target, copyOf: path });
    else if (kind === 'types')
      dist.push({ path: dts, kind: 'dts', text, copyOf: path }, { path: js, kind: 'js', text: `${header}export {};\n` });
    else if (kind === 'ts' && !distIncluded) {
      const compiled = compile(path, text);
      dist.push(
        { path: js, kind: 'js', text: withHeader(header, compiled.js) },
        { path: dts, kind: 'dts', text: withHeader(header, compiled.dts) },
      );
    }
  }
  return dist;
}

/** The same for files known by path alone (tests): the kind is read from the extension. */
export function emitDist(sources: ReadonlyMap<string, string>, header = ''): Map<string, string> {
  const files = [...sources].map(([path, text]): GeneratedFile => ({ path, text, kind: kindOfPath(path) }));
  return new Map(distFiles(files, header).map((file) => [file.path, file.text]));
}

function kindOfPath(path: string): FileKind {
  if (path.endsWith('.d.ts')) return 'dts';
  if (path.endsWith('.ts')) return 'ts';
  if (path.endsWith('.js')) return 'js';
  return path.endsWith('.md') ? 'markdown' : 'json';
}

function compile(path: string, text: string): Transpiled {
  // The runtime is the same text in every package but for its header line: its compiled files
  // are cached by the rest (below), printed behind PLACEHOLDER_HEADER (header.ts). Whether
  // TypeScript keeps a leading `//` comment does not depend on its words (it goes with an elided
  // type import, stays before a statement that stays), so the file's own header takes the
  // placeholder's line where it was kept. Keyed by the whole text, every spec of a new file name
  // transpiled the 29 runtime files again (about 1.5 s of a small spec's first generation).
  const header = path.startsWith('src/runtime/') ? headerLine(text) : undefined;
  if (header === undefined) return transpile(path, text);
  const body = text.slice(header.length);
  const cached = readCached(path, body) ?? writeCached(path, body, transpile(path, PLACEHOLDER_HEADER + body));
  return { js: withOwnHeader(header, cached.js), dts: withOwnHeader(header, cached.dts) };
}

function withOwnHeader(header: string, printed: string): string {
  return printed.startsWith(PLACEHOLDER_HEADER) ? header + printed.slice(PLACEHOLDER_HEADER.length) : printed;
}

function transpile(path: string, text: string): Transpiled {
  const js = ts.transpileModule(text, { compilerOptions: JS_OPTIONS, fileName: path, reportDiagnostics: true });
  const dts = ts.transpileDeclaration(text, { compilerOptions: DECLARATION_OPTIONS, fileName: path, reportDiagnostics: true });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])];
  if (problems.length) {
    const first = problems[0]!;
    const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    throw new SpecError(
      `generated ${path} does not compile on its own: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`,
      where ? `${path}:${where.line + 1}:${where.character + 1}` : path,
      'this is a generator bug; please report it with the spec',
    );
  }
  return { js: js.outputText, dts: dts.outputText };
}

// TypeScript drops a file's leading comment when nothing follows it in the output.
function withHeader(header: string, text: string): string {
  return header === '' || text.startsWith('// Generated by slbkit') ? text : header + text;
}

/**
 * The runtime's dist files, kept between runs (issue 13, item 5). The runtime is the same
 * hand-written code in every package (only the header names the spec), and transpiling its
 * files is most of a small spec's compiler time: about 0.4 s of a cold run. The cache is keyed by
 * everything the output depends on (TypeScript's version, the options, the path, the text), so
 * a hit is the bytes the compiler would print; it lives beside the bundle in generator/.build
 * (as trusted as the bundle itself) and is written whole under a temp name, then renamed.
 * Only files that compiled cleanly are kept; a problem is reported by compiling again.
 */
const CACHE_DIR = join(GENERATOR_DIR, '.build', 'transpiled');

interface Transpiled {
  js: string;
  dts: string;
}

function cacheFile(path: string, text: string): string {
  return join(CACHE_DIR, `${sha256(JSON.stringify([ts.version, JS_OPTIONS, DECLARATION_OPTIONS, PLACEHOLDER_HEADER, path, text]))}.json`);
}

/** This process's hits, by text (a --watch process reuses them on every regeneration without reading or hashing). */
const inMemory = new Map<string, Transpiled>();

function readCached(path: string, text: string): Transpiled | undefined {
  const known = inMemory.get(`${path}\0${text}`);
  if (known) return known;
  try {
    const data = JSON.parse(readFileSync(cacheFile(path, text), 'utf8')) as Partial<Transpiled>;
    if (typeof data.js !== 'string' || typeof data.dts !== 'string') return undefined;
    const hit = { js: data.js, dts: data.dts };
    inMemory.set(`${path}\0${text}`, hit);
    return hit;
  } catch {
    return undefined;
  }
}

function writeCached(path: string, text: string, transpiled: Transpiled): Transpiled {
  inMemory.set(`${path}\0${text}`, transpiled);
  // Best effort: a cache that cannot be written only costs the next run the compile.
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const file = cacheFile(path, text);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(transpiled));
    renameSync(temp, file);
  } catch {
    // ignored, as said
  }
  return transpiled;
}
