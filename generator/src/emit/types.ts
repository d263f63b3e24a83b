import { StructureKind, type InterfaceDeclarationStructure, type PropertySignatureStructure, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { OperationModel, ParameterModel } from '../model/api-model.js';
import { commentText, docText, literal } from './docs.js';

/**
 * `types.ts`, as structures: each operation's Input, Output and ErrorBody. The types themselves
 * are openapi-typescript's (in schema.ts); this only names them and writes the docs.
 */
export function operationTypeStructures(operation: OperationModel): (InterfaceDeclarationStructure | TypeAliasDeclarationStructure)[] {
  const op = `operations[${literal(operation.operationId)}]`;
  const input: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: `${operation.typeName}Input`,
    isExported: true,
    docs: [commentText(`Input of ${operation.action ?? operation.operationId}.${operation.summary?.trim() ? ` ${operation.summary.trim()}.` : ''}`)],
    properties: [
      ...operation.inputs.map((p) => inputProperty(op, p)),
      ...(operation.requestBody
        ? [{ name: 'body', type: `NonNullable<${op}["requestBody"]>["content"]["application/json"]`, hasQuestionToken: !operation.requestBody.required, docs: ['The JSON request body.'] }]
        : []),
    ],
  };
  const success = `${op}["responses"][${operation.success.status}]`;
  const jsonType = operation.success.mediaTypes.find((t) => /json/.test(t));
  const output: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}Output`,
    isExported: true,
    docs: [commentText(`The HTTP ${operation.success.status} body of ${operation.action ?? operation.operationId}.`)],
    type: jsonType ? `${success}["content"][${literal(jsonType)}]` : 'unknown',
  };
  const errorTypes = operation.errors
    .filter((e) => e.mediaTypes.some((t) => /json/.test(t)))
    .map((e) => `${op}["responses"][${e.status === 0 ? '"default"' : e.status}]["content"][${literal(e.mediaTypes.find((t) => /json/.test(t))!)}]`);
  const errorBody: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}ErrorBody`,
    isExported: true,
    docs: ['An error body the spec documents for this operation (the fields of ApiError).'],
    type: errorTypes.length ? errorTypes.join(' | ') : 'unknown',
  };
  return [input, output, errorBody];
}

function inputProperty(op: string, parameter: ParameterModel): PropertySignatureStructure {
  const notes = [
    docText(parameter.description),
    parameter.wireEncoding === 'json' ? 'Give the value itself: the client sends it JSON-encoded.' : undefined,
    parameter.clientDefault === 'regionId' ? 'Defaults to the client\'s `regionId` option.' : undefined,
  ].filter(Boolean);
  return {
    kind: StructureKind.PropertySignature,
    name: /^[A-Za-z_$][\w$]*$/.test(parameter.name) ? parameter.name : literal(parameter.name),
    // NonNullable: openapi-typescript makes the whole `query` group optional when no member is required.
    type: `NonNullable<${op}["parameters"][${literal(parameter.in)}]>[${literal(parameter.name)}]`,
    hasQuestionToken: !parameter.required || parameter.clientDefault !== undefined,
    ...(notes.length ? { docs: [notes.join('\n\n')] } : {}),
  };
}
