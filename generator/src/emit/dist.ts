import { ts } from 'ts-morph';
import { SpecError } from '../errors.js';

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

export function emitDist(sources: ReadonlyMap<string, string>): Map<string, string> {
  const dist = new Map<string, string>();
  for (const [path, text] of sources) {
    if (!path.startsWith('src/')) continue;
    const target = `dist/${path.slice('src/'.length)}`;
    if (path.endsWith('.js') || path.endsWith('.d.ts')) {
      dist.set(target, text); // ajv's validators are JavaScript already, with a hand-printed .d.ts
      continue;
    }
    if (!path.endsWith('.ts')) continue;
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
    dist.set(target.replace(/\.ts$/, '.js'), js.outputText);
    dist.set(target.replace(/\.ts$/, '.d.ts'), dts.outputText);
  }
  return dist;
}
