import { IndentationText, NewLineKind, Project, QuoteKind, type StatementStructures, StructureKind } from 'ts-morph';
import { clientInterfaceStatements, clientStatements, indexStatements } from './client.js';
import type { Emitter, GeneratedFile } from './emitter.js';
import { operationTypeStructures, typeHelperStructures } from './types.js';

/**
 * `types.ts` (declarations only: each operation's types and the Client interface), `client.ts` and `index.ts`: one in-memory ts-morph project,
 * each file added once from its structures, printed, and removed.
 */
export const declarationFiles: Emitter = (model, { header }) => {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Single, newLineKind: NewLineKind.LineFeed },
  });
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
  return sources.map(([path, kind, statements]) => {
    const file = project.createSourceFile(path, { statements }, { overwrite: true });
    const text = header + file.getFullText();
    project.removeSourceFile(file);
    return { path, kind, text };
  });
};
