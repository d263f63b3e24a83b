import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type FunctionDeclarationStructure, type ImportDeclarationStructure, type InterfaceDeclarationStructure, type StatementStructures } from 'ts-morph';
import type { ApiModel, OperationModel } from '../model/api-model.js';
import { isObject, type Json, type JsonObject } from '../load/refs.js';
import { commentText, literal } from './docs.js';
import { validatorName } from './validators.js';

/**
 * `operations.ts` and its two dist files, printed from the same structures: one descriptor per
 * operation, the data `invoke` reads. `ts` is the source; `js` drops the type import and the
 * annotations; `dts` declares each constant with its type. Printing the JavaScript directly
 * keeps the compiler away from what is megabytes of data at 2,000 operations.
 */
export function operationsStatements(model: ApiModel, form: 'ts' | 'js' | 'dts' = 'ts'): StatementStructures[] {
  const imports: ImportDeclarationStructure[] = [];
  if (form !== 'js') {
    imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/operation.js', namedImports: ['OperationDescriptor'], isTypeOnly: true });
  }
  if (form !== 'dts' && model.operations.length) {
    imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: './validators.js', namedImports: model.operations.map(validatorName) });
  }
  return [
    ...imports,
    ...model.operations.map((operation): StatementStructures => ({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      ...(form === 'dts' ? { hasDeclareKeyword: true } : {}),
      docs: [commentText(`${operation.action ?? operation.operationId}: how to call it, from the spec.`)],
      declarations: [
        {
          name: descriptorName(operation),
          ...(form === 'js' ? {} : { type: 'OperationDescriptor' }),
          ...(form === 'dts' ? {} : { initializer: (writer: CodeBlockWriter) => writeDescriptor(writer, operation) }),
        },
      ],
    })),
  ];
}

export function descriptorName(operation: OperationModel): string {
  return `${operation.methodName}Operation`;
}

/** The descriptor's data: JSON only; the validator is added by name when printing. */
export function descriptorData(operation: OperationModel): JsonObject {
  return {
    name: operation.action ?? operation.operationId,
    style: operation.style,
    ...(operation.action ? { action: operation.action, ...(operation.version === undefined ? {} : { version: operation.version }) } : {}),
    methods: operation.httpMethods,
    path: operation.path,
    parameters: operation.inputs.map((p) => ({
      name: p.name,
      in: p.in,
      wire: p.wireEncoding,
      ...(p.clientDefault ? { clientDefault: p.clientDefault } : {}),
    })),
    fixed: operation.fixed.map((f) => ({ ...f })),
    ...(operation.requestBody ? { body: { required: operation.requestBody.required } } : {}),
    ...(operation.xmlShape ? { xml: { ...operation.xmlShape } } : {}),
  };
}

function writeDescriptor(writer: CodeBlockWriter, operation: OperationModel): void {
  writeObject(writer, Object.entries(descriptorData(operation)), () => writer.write(`validate: ${validatorName(operation)}`));
}

/**
 * JSON -> an object literal, printed by ts-morph's writer: keys as identifiers when they are
 * ones, else string literals; every string through `literal`. No spec text is written any other way.
 */
export function writeJson(writer: CodeBlockWriter, value: Json): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      writer.write('[]');
      return;
    }
    writer.write('[').newLine();
    writer.indent(() => value.forEach((item) => (writeJson(writer, item), writer.write(',').newLine())));
    writer.write(']');
  } else if (isObject(value)) {
    writeObject(writer, Object.entries(value));
  } else {
    writer.write(typeof value === 'string' ? literal(value) : JSON.stringify(value));
  }
}

function writeObject(writer: CodeBlockWriter, entries: [string, Json][], last?: () => void): void {
  if (entries.length === 0 && !last) {
    writer.write('{}');
    return;
  }
  writer.write('{').newLine();
  writer.indent(() => {
    for (const [key, item] of entries) {
      writer.write(`${propertyKey(key)}: `);
      writeJson(writer, item);
      writer.write(',').newLine();
    }
    if (last) (last(), writer.write(',').newLine());
  });
  writer.write('}');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A key as written: `__proto__` as a plain or quoted key would set the prototype (ECMA-262 Annex B.3.1), so it is computed. */
function propertyKey(key: string): string {
  if (key === '__proto__') return `[${literal(key)}]`;
  return IDENTIFIER.test(key) ? key : literal(key);
}

/** `client.ts`: the Client interface (one method per operation) and createClient. */
export function clientStatements(model: ApiModel): StatementStructures[] {
  const typeNames = model.operations.flatMap((o) => [`${o.typeName}Input`, `${o.typeName}Output`]);
  const client: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: 'Client',
    isExported: true,
    docs: [commentText(`A client of ${model.title}: one method per operation of the spec.`)],
    methods: model.operations.map((o) => ({
      name: o.methodName,
      parameters: [
        { name: 'input', type: `${o.typeName}Input` },
        { name: 'options', type: 'CallOptions', hasQuestionToken: true },
      ],
      returnType: `Promise<${o.typeName}Output>`,
      docs: [methodDoc(o)],
    })),
  };
  const create: FunctionDeclarationStructure = {
    kind: StructureKind.Function,
    name: 'createClient',
    isExported: true,
    docs: ['Create a client. Options are read once; credentials are looked up on each call (option, environment, profile file).'],
    parameters: [{ name: 'options', type: 'ClientOptions', initializer: '{}' }],
    returnType: 'Client',
    statements: [
      'const context = createContext(DEFAULT_ENDPOINT, options);',
      // Method, type and descriptor names are identifiers by construction (model/names.ts).
      (writer) => {
        writer.write('return {').newLine();
        writer.indent(() => model.operations.forEach((o) => writer.writeLine(`${o.methodName}: (input, call) => invoke<${o.typeName}Output>(context, ${descriptorName(o)}, input, call),`)));
        writer.write('};');
      },
    ],
  };
  return [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/invoke.js', namedImports: ['createContext', 'invoke'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/invoke.js', namedImports: ['CallOptions', 'ClientOptions'], isTypeOnly: true },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './operations.js', namedImports: model.operations.map(descriptorName) },
    ...(typeNames.length ? [{ kind: StructureKind.ImportDeclaration, moduleSpecifier: './types.js', namedImports: typeNames, isTypeOnly: true } as ImportDeclarationStructure] : []),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The endpoint used when the options name none: the first server of the spec.'],
      declarations: [{ name: 'DEFAULT_ENDPOINT', type: 'string', initializer: literal(model.defaultEndpoint) }],
    },
    client,
    create,
  ];
}

/** The method's JSDoc: spec text, escaped once as a whole. */
function methodDoc(operation: OperationModel): string {
  const lines = [operation.summary?.trim() || operation.operationId];
  if (operation.description?.trim()) lines.push('', operation.description.trim());
  lines.push('', `Sends ${operation.action ? `Action=${operation.action} (Version ${operation.version}) ` : ''}by ${operation.httpMethods.join(' or ')} ${operation.path}.`);
  lines.push('@throws RequestValidationError when the input breaks the spec (nothing is sent)');
  lines.push('@throws ApiError (ThrottlingError) when the server answers an error body');
  lines.push('@throws TimeoutError, TransportError when no usable answer arrives');
  return commentText(lines.join('\n'));
}

/** `index.ts`: the package's public surface. */
export function indexStatements(model: ApiModel): StatementStructures[] {
  return [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['createClient', 'DEFAULT_ENDPOINT'] },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['Client'], isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './operations.js', namedExports: model.operations.map(descriptorName) },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './types.js', isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './schema.js', namedExports: ['components', 'operations', 'paths'], isTypeOnly: true },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/errors.js',
      namedExports: ['ApiError', 'CredentialsError', 'RequestValidationError', 'SlbkitError', 'ThrottlingError', 'TimeoutError', 'TransportError'],
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/errors.js', namedExports: ['ValidationIssue'], isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/invoke.js', namedExports: ['CallOptions', 'ClientOptions'], isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/credentials.js', namedExports: ['Credentials'], isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/transport.js', namedExports: ['Transport', 'TransportRequest', 'TransportResponse'], isTypeOnly: true },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/signature-v1.js', namedExports: ['signV1', 'percentEncode'] },
  ];
}
