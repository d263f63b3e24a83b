import { getHeapStatistics } from 'node:v8';
import { IndentationText, NewLineKind, Project, QuoteKind, type StatementStructures, StructureKind } from 'ts-morph';
import type { ApiModel } from '../model/api-model.js';
import { emitApiSurface } from './api-surface.js';
import { clientStatements, indexStatements } from './client.js';
import { type DistHints, emitDist } from './dist.js';
import { escapePrinted } from './docs.js';
import { generatedHeader } from './header.js';
import { printOperations } from './operations.js';
import { emitPackageJson, type PackageIdentity } from './package-json.js';
import { emitReadme } from './readme.js';
import { emitRuntime } from './runtime.js';
import { emitSchemaTypes } from './schema-types.js';
import { operationTypeStructures, typeHelperStructures } from './types.js';
import { emitValidators } from './validators.js';

/** model -> files. Deterministic: the same model gives byte-identical files, in sorted order. */
/**
 * schema.ts and types.ts hold declarations only; operations.ts is printed with its dist files
 * (printStatements): none of them needs the compiler, which at scale is the slowest stage.
 */
export const DIST_HINTS: DistHints = {
  typeOnly: new Set(['src/schema.ts', 'src/types.ts']),
  printedWithDist: new Set(['src/operations.ts']),
};

export async function generatePackage(model: ApiModel, identity: PackageIdentity): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const validators = emitValidators(model);
  collectGarbage();
  files.set('src/schema.ts', await emitSchemaTypes(model));
  files.set('src/validators.js', validators.js);
  files.set('src/validators.d.ts', validators.dts);
  // Loaded only with validateResponses (a dynamic import): not part of a bundle that does not use it.
  files.set('src/response-validators.js', validators.response.js);
  files.set('src/response-validators.d.ts', validators.response.dts);
  collectGarbage();
  for (const [path, text] of printStatements(model)) files.set(path, text);
  collectGarbage();
  for (const [path, text] of emitRuntime(model.specName)) files.set(path, text);
  for (const [path, text] of emitDist(files, generatedHeader(model.specName), DIST_HINTS)) files.set(path, text);
  files.set('package.json', emitPackageJson(model, identity));
  files.set('README.md', emitReadme(model, identity));
  files.set('slbkit-api.json', emitApiSurface(model));
  // Last: no file holds a raw bidi, zero-width or control character from the spec (docs.ts).
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => [path, escapePrinted(text)]));
}

/**
 * Each stage leaves hundreds of MB of garbage on a large spec (ajv's compiler, openapi-typescript's
 * AST, ts-morph's project) that V8 would otherwise collect late: peak memory at 2,000 operations
 * was 3x what is live. When node runs with --expose-gc (npm run generate does), collect between stages.
 */
function collectGarbage(): void {
  // Only where it pays: a full collection costs 30-60 ms, and on a small spec (the bundled one:
  // about 100 MiB of heap) eight of them were a quarter of the run's CPU (bench/RESULTS.md).
  if (getHeapStatistics().used_heap_size > GC_THRESHOLD_BYTES) (globalThis as { gc?: () => void }).gc?.();
}

const GC_THRESHOLD_BYTES = 256 * 1024 * 1024;

/** The printed part: one in-memory ts-morph project, each file added once from its structures; operations.* by TypeScript's printer. */
export function printStatements(model: ApiModel): Map<string, string> {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, newLineKind: NewLineKind.LineFeed },
  });
  const sources: [string, StatementStructures[]][] = [
    [
      'src/types.ts',
      [
        { kind: StructureKind.ImportDeclaration, moduleSpecifier: './schema.js', namedImports: ['paths'], isTypeOnly: true },
        ...typeHelperStructures(),
        ...model.operations.flatMap(operationTypeStructures),
      ],
    ],
    ['src/client.ts', clientStatements(model)],
    ['src/index.ts', indexStatements(model)],
  ];
  const printed = new Map<string, string>();
  for (const [path, statements] of sources) {
    const file = project.createSourceFile(path, { statements }, { overwrite: true });
    printed.set(path, generatedHeader(model.specName) + file.getFullText());
    project.removeSourceFile(file);
  }
  // operations.ts and its dist files come from TypeScript's printer directly (emit/operations.ts).
  // Each is megabytes at 2,000 operations, its nodes garbage once printed: collecting between
  // them keeps the peak where it was when only one was printed here.
  for (const [path, form] of [
    ['src/operations.ts', 'ts'],
    ['dist/operations.js', 'js'],
    ['dist/operations.d.ts', 'dts'],
  ] as const) {
    collectGarbage();
    printed.set(path, generatedHeader(model.specName) + printOperations(model, form));
  }
  return printed;
}
