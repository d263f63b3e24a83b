import { printStructure, type StatementStructures, StructureKind } from 'ts-morph';
import { clientInterfaceStatements, clientStatements, indexStatements } from './client.js';
import type { Emitter, GeneratedFile } from './emitter.js';
import { operationTypeStructures, typeHelperStructures } from './types.js';

/**
 * `types.ts` (declarations only: each operation's types and the Client interface), `client.ts` and
 * `index.ts`, each printed from its structures by ts-morph's structure printer. Not through a
 * project's createSourceFile: that prints the same text and then parses it into a syntax tree
 * nothing here reads (0.7 of 1.0 s at GitHub's 1,223 operations; the text is byte-identical on
 * every corpus spec). The formatter post-step parses each file anyway, and dist.ts compiles
 * client.ts and index.ts, reporting any text that does not compile.
 */
export const declarationFiles: Emitter = (model, { header }) => {
  const clientTypes = clientInterfaceStatements(model);
  const sources: [string, GeneratedFile['kind'], StatementStructures[]][] = [
    [
      'src/types.ts',
      'types',
      [
        { kind: StructureKind.ImportDeclaration, moduleSpecifier: './schema.js', namedImports: ['paths'], isTypeOnly: true },
        ...clientTypes.imports,
        ...typeHelperStructures(),
        ...model.operations.flatMap(operationTypeStructures),
        clientTypes.client,
      ],
    ],
    ['src/client.ts', 'ts', clientStatements(model)],
    ['src/index.ts', 'ts', indexStatements(model)],
  ];
  return sources.map(([path, kind, statements]) => ({
    path,
    kind,
    text: header + printStructure({ kind: StructureKind.SourceFile, statements }, PRINTING),
  }));
};

/** The settings the in-memory project had: two spaces, single quotes, line feeds. */
const PRINTING = { indentNumberOfSpaces: 2, useSingleQuote: true, newLine: '\n' } as const;
