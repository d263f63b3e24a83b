import {
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
} from 'ts-morph';
import type { ApiModel, OperationModel } from '../model/api-model.js';
import { endpointIsRelative } from '../model/servers.js';
import { commentText, literal } from './docs.js';
import { descriptorName } from './operations.js';

/**
 * The Client interface (one method per operation), printed into `types.ts`, a declarations-only
 * file: its .d.ts is the file itself, so the interface is neither transpiled nor formatted a
 * second time for dist/ (at GitHub's 1,223 operations it is 1.5 MB, and transpiling it for
 * client.js and client.d.ts cost about 2 s of a 16 s generation).
 */
export function clientInterfaceStatements(model: ApiModel): {
  imports: ImportDeclarationStructure[];
  client: InterfaceDeclarationStructure;
} {
  const client: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: 'Client',
    isExported: true,
    docs: [commentText(`A client of ${model.title}: one method per operation of the spec.`)],
    methods: [
      {
        name: 'use',
        parameters: [{ name: 'middleware', type: 'Middleware' }],
        returnType: 'this',
        docs: ['Add hooks called for every attempt (see Middleware); returns the client.'],
      },
      // Two signatures each: `{ raw: true }` resolves to the status and headers with the body (RawResult).
      ...model.operations.flatMap((o) => [
        {
          name: o.methodName,
          parameters: [
            { name: 'input', type: `${o.typeName}Input`, hasQuestionToken: !needsInput(o) },
            { name: 'options', type: 'CallOptions', hasQuestionToken: true },
          ],
          returnType: `Promise<${o.typeName}Output>`,
          docs: [methodDoc(o)],
        },
        {
          name: o.methodName,
          parameters: [
            { name: 'input', type: needsInput(o) ? `${o.typeName}Input` : `${o.typeName}Input | undefined` },
            { name: 'options', type: 'RawCallOptions' },
          ],
          returnType: `Promise<RawResult<${o.typeName}Output>>`,
        },
      ]),
    ],
  };
  const imports: ImportDeclarationStructure[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/context.js', namedImports: ['CallOptions'], isTypeOnly: true },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/middleware.js', namedImports: ['Middleware'], isTypeOnly: true },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/response.js',
      namedImports: ['RawCallOptions', 'RawResult'],
      isTypeOnly: true,
    },
  ];
  return { imports, client };
}

/** `client.ts`: createClient, which returns the Client interface of `types.ts` (clientInterfaceStatements). */
export function clientStatements(model: ApiModel): StatementStructures[] {
  const create: FunctionDeclarationStructure = {
    kind: StructureKind.Function,
    name: 'createClient',
    isExported: true,
    docs: [
      'Create a client. Options are read once; credentials are looked up on each call (option or provider, environment, aliyun CLI profile, profile file).',
    ],
    // A relative server URL (or none) has no default endpoint: the option is required (model/servers.ts).
    parameters: [
      endpointIsRelative(model.defaultEndpoint)
        ? { name: 'options', type: 'ClientOptions & { endpoint: string }' }
        : { name: 'options', type: 'ClientOptions', initializer: '{}' },
    ],
    returnType: 'Client',
    statements: [
      `const context = createContext(DEFAULT_ENDPOINT, options, ${model.regionEndpoints ? 'REGION_ENDPOINTS' : 'undefined'}, () => import('./response-validators.js'), () => import('./operations.js'));`,
      // Method, type and descriptor names are identifiers by construction (model/names.ts); `use` is reserved there.
      (writer) => {
        writer.write('return {').newLine();
        writer.indent(() => {
          writer.writeLine('use(middleware) {');
          writer.indent(() => writer.writeLine('context.middleware.push(middleware);').writeLine('return this;'));
          writer.writeLine('},');
          // The Client interface types each method (two signatures); `never` fits both of their results.
          // Each names its descriptor, read from operations.js at the first call (a dynamic import):
          // an app's start bundle then holds no operation's data or validator (docs/bundle-size.md).
          model.operations.forEach((o) =>
            writer.writeLine(
              `${o.methodName}: (input: unknown, call?: CallOptions) => invoke<never>(context, ${literal(descriptorName(o))}, input, call),`,
            ),
          );
        });
        writer.write('};');
      },
    ],
  };
  return [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/context.js', namedImports: ['createContext'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './runtime/invoke.js', namedImports: ['invoke'] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/context.js',
      namedImports: ['CallOptions', 'ClientOptions'],
      isTypeOnly: true,
    },
    ...(model.regionEndpoints
      ? [
          {
            kind: StructureKind.ImportDeclaration,
            moduleSpecifier: './runtime/endpoint.js',
            namedImports: ['RegionEndpoints'],
            isTypeOnly: true,
          } as ImportDeclarationStructure,
        ]
      : []),
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: './types.js', namedImports: ['Client'], isTypeOnly: true },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The endpoint used when the options name none: the first server of the spec.'],
      declarations: [{ name: 'DEFAULT_ENDPOINT', type: 'string', initializer: literal(model.defaultEndpoint) }],
    },
    ...(model.regionEndpoints ? [regionEndpointsStatement(model.regionEndpoints)] : []),
    create,
  ];
}

/** The spec's region rule (model/servers.ts), printed as data for runtime/endpoint.ts; spec text only as literals. */
function regionEndpointsStatement(regional: NonNullable<ApiModel['regionEndpoints']>): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "The endpoint of a regionId, from the spec's servers: the URL with {regionId}, except for the regions the default endpoint serves.",
    ],
    declarations: [
      {
        name: 'REGION_ENDPOINTS',
        type: 'RegionEndpoints',
        initializer: `{ url: ${literal(regional.url)}, central: [${regional.central.map(literal).join(', ')}] }`,
      },
    ],
  };
}

/** Whether the caller must pass an input: a required parameter the client does not fill, or a required body. */
function needsInput(operation: OperationModel): boolean {
  return operation.inputs.some((p) => p.required && p.clientDefault === undefined) || operation.requestBody?.required === true;
}

/** The method's JSDoc: spec text, escaped once as a whole. */
function methodDoc(operation: OperationModel): string {
  const lines = [operation.summary?.trim() || operation.operationId];
  if (operation.description?.trim()) lines.push('', operation.description.trim());
  lines.push(
    '',
    `Sends ${operation.action ? `Action=${operation.action} (Version ${operation.version}) ` : ''}by ${operation.httpMethods.join(' or ')} ${operation.path}.`,
  );
  lines.push('@throws RequestValidationError when the input breaks the spec (nothing is sent)');
  lines.push(`@throws ApiError (ThrottlingError) when the server answers an error body (\`body\` typed as ${operation.typeName}ErrorBody)`);
  lines.push('@throws TimeoutError, TransportError when no usable answer arrives');
  return commentText(lines.join('\n'));
}

/**
 * `index.ts`: the package's public surface, what a client user needs: the client factory, the
 * types, the error classes, the credential and middleware types. The operation descriptors, the
 * signing functions and the wire encoding are the client's inside (a test or a tool that needs
 * them imports generator/runtime, or the package's own dist/runtime files).
 */
export function indexStatements(_model: ApiModel): StatementStructures[] {
  return [
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './client.js', namedExports: ['createClient', 'DEFAULT_ENDPOINT'] },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './types.js', isTypeOnly: true },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './schema.js',
      namedExports: ['components', 'operations', 'paths'],
      isTypeOnly: true,
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/errors.js',
      namedExports: [
        'ApiError',
        'CredentialsError',
        'RequestValidationError',
        'ResponseValidationError',
        'SlbkitError',
        'ThrottlingError',
        'TimeoutError',
        'TransportError',
      ],
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/middleware.js',
      namedExports: ['AttemptFailure', 'AttemptRequest', 'AttemptResponse', 'Middleware'],
      isTypeOnly: true,
    },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: './runtime/errors.js', namedExports: ['ValidationIssue'], isTypeOnly: true },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/response.js',
      namedExports: ['RawCallOptions', 'RawResult'],
      isTypeOnly: true,
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/context.js',
      namedExports: ['CallOptions', 'ClientOptions'],
      isTypeOnly: true,
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/credentials.js',
      namedExports: ['CredentialProvider', 'Credentials'],
      isTypeOnly: true,
    },
    {
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: './runtime/transport.js',
      namedExports: ['Transport', 'TransportRequest', 'TransportResponse'],
      isTypeOnly: true,
    },
  ];
}
