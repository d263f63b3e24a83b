import { ts } from 'ts-morph';
import { isObject, type Json, type JsonObject } from '../load/refs.js';
import type { ApiModel, OperationModel } from '../model/api-model.js';
import { bodyKind } from '../model/media-types.js';
import { sendableSecurity, signersOf } from '../model/security.js';
import { commentText } from './docs.js';
import type { Emitter, GeneratedFile } from './emitter.js';
import { collectGarbage } from './gc.js';
import { validatorName } from './validators.js';

const f = ts.factory;

/**
 * `operations.ts` and its two dist files: one descriptor per operation, the data `invoke` reads.
 * All three are printed by TypeScript's printer from nodes built here with `ts.factory`: `ts` is
 * the source, `js` the same statements without the type import and annotations, `dts` each
 * constant declared with its type. No text is parsed or edited: at 2,000 operations these are
 * megabytes, and parsing them (as ts-morph does for a file built from structures) cost about
 * 0.6 s per file.
 */
export const operationFiles: Emitter = (model, { header }) =>
  (
    [
      ['src/operations.ts', 'ts', 'ts'],
      ['dist/operations.js', 'js', 'js'],
      ['dist/operations.d.ts', 'dts', 'dts'],
    ] as const
  ).map(([path, form, kind]): GeneratedFile => {
    // Each is megabytes at 2,000 operations, its nodes garbage once printed: collecting between
    // them keeps the peak where it was when only one was printed.
    collectGarbage();
    const text = header + printOperations(model, form);
    return form === 'ts' ? { path, kind, text, distIncluded: true } : { path, kind, text };
  });

export function printOperations(model: ApiModel, form: 'ts' | 'js' | 'dts'): string {
  const statements: ts.Statement[] = [];
  if (form !== 'js') statements.push(namedImport(['OperationDescriptor'], './runtime/operation.js', true));
  if (form !== 'dts' && model.operations.length)
    statements.push(namedImport(model.operations.map(validatorName), './validators.js', false));
  for (const operation of model.operations) statements.push(descriptorStatement(operation, form));
  const file = f.createSourceFile(statements, f.createToken(ts.SyntaxKind.EndOfFileToken), ts.NodeFlags.None);
  return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(file);
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
      ...(p.secret ? { secret: true } : {}),
    })),
    fixed: operation.fixed.map((fixed) => ({ ...fixed })),
    ...(operation.idempotency ? { idempotency: { ...operation.idempotency } } : {}),
    ...(operation.requestBody
      ? {
          body: {
            required: operation.requestBody.required,
            media: operation.requestBody.media.map((m) => ({
              type: m.mediaType,
              kind: m.kind,
              ...(m.encoding ? { encoding: m.encoding as JsonObject } : {}),
            })),
          },
        }
      : {}),
    ...(operation.style === 'http' ? answerData(operation) : {}),
    ...(operation.xmlShape ? { xml: { ...operation.xmlShape } } : {}),
    signers: signersOf(operation),
    ...sendableSecurity(operation),
  };
}

/**
 * What an HTTP operation answers: the Accept header (every media type its responses document,
 * the success's first) and, per response code (`200`, `4XX`, `default`), how each documented
 * body is read (runtime/media.ts). RPC actions have neither: Alibaba's wire is the format's.
 */
function answerData(operation: OperationModel): JsonObject {
  const responses = [operation.success, ...operation.errors.filter((e) => e !== operation.success)];
  // JSON-like types first: the result is typed by the JSON body when the operation documents one.
  const types = [...new Set(responses.flatMap((r) => r.mediaTypes))];
  const accept = [...types.filter((t) => bodyKind(t) === 'json'), ...types.filter((t) => bodyKind(t) !== 'json')];
  return {
    ...(accept.length ? { accept: accept.join(', ') } : {}),
    responses: Object.fromEntries(responses.map((r) => [r.code, r.mediaTypes.map(bodyKind)])),
  };
}

function namedImport(names: string[], from: string, typeOnly: boolean): ts.ImportDeclaration {
  const specifiers = names.map((name) => f.createImportSpecifier(false, undefined, f.createIdentifier(name)));
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(typeOnly, undefined, f.createNamedImports(specifiers)),
    f.createStringLiteral(from),
  );
}

function descriptorStatement(operation: OperationModel, form: 'ts' | 'js' | 'dts'): ts.VariableStatement {
  const modifiers = [
    f.createModifier(ts.SyntaxKind.ExportKeyword),
    ...(form === 'dts' ? [f.createModifier(ts.SyntaxKind.DeclareKeyword)] : []),
  ];
  const type = form === 'js' ? undefined : f.createTypeReferenceNode('OperationDescriptor');
  const initializer =
    form === 'dts'
      ? undefined
      : jsonExpression(descriptorData(operation), [f.createPropertyAssignment('validate', f.createIdentifier(validatorName(operation)))]);
  const statement = f.createVariableStatement(
    modifiers,
    f.createVariableDeclarationList(
      [f.createVariableDeclaration(descriptorName(operation), undefined, type, initializer)],
      ts.NodeFlags.Const,
    ),
  );
  return withDoc(statement, `${operation.action ?? operation.operationId}: how to call it, from the spec.`);
}

/** A JSDoc block before `node`; the text goes through the comment escaper. */
function withDoc<T extends ts.Node>(node: T, text: string): T {
  const lines = commentText(text).split('\n');
  const body = lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((line) => ` * ${line}`.trimEnd()).join('\n')}\n `;
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, body, true);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * JSON -> an expression node: strings are string-literal nodes (the printer escapes quotes,
 * backslashes, line breaks, U+2028/U+2029 and non-ASCII), keys identifiers when they are ones,
 * else string literals; `__proto__` is a computed key, since a plain or quoted one sets the
 * prototype (ECMA-262 Annex B.3.1). `extra` members go last (the validator, by name).
 */
export function jsonExpression(value: Json, extra: ts.ObjectLiteralElementLike[] = []): ts.Expression {
  if (Array.isArray(value))
    return f.createArrayLiteralExpression(
      value.map((item) => jsonExpression(item)),
      value.length > 0,
    );
  if (isObject(value)) {
    const members = Object.entries(value).map(([key, item]) => f.createPropertyAssignment(propertyName(key), jsonExpression(item)));
    members.push(...(extra as ts.PropertyAssignment[]));
    return f.createObjectLiteralExpression(members, members.length > 0);
  }
  if (typeof value === 'string') return f.createStringLiteral(value);
  if (typeof value === 'number') {
    const literal = f.createNumericLiteral(Math.abs(value));
    return value < 0 || Object.is(value, -0) ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, literal) : literal;
  }
  if (typeof value === 'boolean') return value ? f.createTrue() : f.createFalse();
  return f.createNull();
}

function propertyName(key: string): ts.PropertyName {
  if (key === '__proto__') return f.createComputedPropertyName(f.createStringLiteral(key));
  return IDENTIFIER.test(key) ? f.createIdentifier(key) : f.createStringLiteral(key);
}
