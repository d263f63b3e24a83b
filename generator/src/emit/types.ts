import { StructureKind, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { OperationModel, ParameterModel, ResponseModel } from '../model/api-model.js';
import { bodyKind } from '../model/media-types.js';
import { commentText, literal } from './docs.js';

/**
 * The helpers types.ts declares once (exported, as a .d.ts exports every declaration anyway).
 * `Simplify` is an identity on what a type accepts: a homomorphic mapped type keeps every
 * modifier, and an intersection of objects becomes one object, so an editor's hover on an Input
 * or Output lists its fields (TypeScript prints an interface as its name only, and an indexed
 * access as the chain it was written as). `OptionalFields` is how optional inputs were typed
 * before: `name?: T | undefined`.
 */
export function typeHelperStructures(): TypeAliasDeclarationStructure[] {
  return [
    {
      kind: StructureKind.TypeAlias,
      name: 'Simplify',
      isExported: true,
      typeParameters: ['T'],
      docs: [
        'The fields of T as one object type, and of the items of a list (tuples, read-only lists, unions and scalars as they are): what an editor shows on hover.',
      ],
      // `number extends T["length"]`: a list, not a tuple (a tuple's length is a literal).
      type: 'T extends readonly unknown[] ? T extends (infer E)[] ? number extends T["length"] ? Simplify<E>[] : T : T : T extends object ? { [K in keyof T]: T[K] } : T',
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'OptionalFields',
      isExported: true,
      typeParameters: ['T'],
      docs: ['Every field of T optional; `undefined` stands for absent.'],
      type: '{ [K in keyof T]?: T[K] | undefined }',
    },
  ];
}

/**
 * `types.ts`, as structures: each operation's Input, Output and ErrorBody. The types themselves
 * are openapi-typescript's (in schema.ts): an Input picks its fields from the operation's
 * parameter groups, so each field keeps openapi-typescript's type and doc comment.
 */
export function operationTypeStructures(operation: OperationModel): TypeAliasDeclarationStructure[] {
  // By path and method rather than operationId: openapi-typescript lists only operations that have one.
  const op = `paths[${literal(operation.specPath)}][${literal(operation.httpMethods[0]!.toLowerCase())}]`;
  const notes = operation.inputs.flatMap((p) => {
    const note = [
      p.wireEncoding === 'json' ? 'give the value itself: the client sends it JSON-encoded' : undefined,
      p.clientDefault === 'regionId' ? "defaults to the client's `regionId` option" : undefined,
    ].filter(Boolean);
    return note.length ? [`- \`${p.name}\`: ${note.join('; ')}.`] : [];
  });
  const input: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}Input`,
    isExported: true,
    // One blank line before each operation's three types.
    leadingTrivia: (writer) => {
      if (writer.getLength() > 0) writer.blankLineIfLastNot();
    },
    docs: [
      commentText(
        [
          `Input of ${operation.action ?? operation.operationId}.${operation.summary?.trim() ? ` ${operation.summary.trim()}.` : ''}`,
          ...(notes.length ? ['', ...notes] : []),
        ].join('\n'),
      ),
    ],
    type: inputType(op, operation),
  };
  const name = operation.action ?? operation.operationId;
  const output: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}Output`,
    isExported: true,
    docs: [commentText(`The HTTP ${operation.success.code} body of ${name}.`)],
    type: successType(op, operation),
  };
  // An RPC action's error bodies are its JSON ones (Alibaba's Code/Message); an HTTP operation's every one, read by its media type.
  const errorTypes =
    operation.style === 'rpc'
      ? operation.errors
          .filter((e) => e.mediaTypes.some((t) => /json/.test(t)))
          .map((e) => `${responseKey(op, e)}["content"][${literal(e.mediaTypes.find((t) => /json/.test(t))!)}]`)
      : operation.errors.map((e) => bodyType(op, e));
  const errorBody: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}ErrorBody`,
    isExported: true,
    docs: ['An error body the spec documents for this operation (`body` of its ApiError).'],
    type: errorTypes.length ? `Simplify<${[...new Set(errorTypes)].join(' | ')}>` : 'unknown',
  };
  const error: TypeAliasDeclarationStructure = {
    kind: StructureKind.TypeAlias,
    name: `${operation.typeName}Error`,
    isExported: true,
    docs: [
      commentText(
        `The ApiError of ${name}, its \`body\` typed: \`catch (e) { if (e instanceof ApiError) (e as ${operation.typeName}Error).body }\`.`,
      ),
    ],
    type: `import("./runtime/errors.js").ApiError<${operation.typeName}ErrorBody>`,
  };
  return [input, output, errorBody, error];
}

/** The response's key in openapi-typescript's `responses`: a number for an exact status (as it prints them), else the code. */
function responseKey(op: string, response: ResponseModel): string {
  return `${op}["responses"][${/^\d+$/.test(response.code) ? response.code : literal(response.code)}]`;
}

/**
 * The success result: an RPC action's JSON body (its XML is read into the same shape); for an
 * HTTP operation, its JSON body when it documents one (Accept asks for JSON first), else the
 * union of what its media types are read as (text a string, bytes a Uint8Array).
 */
function successType(op: string, operation: OperationModel): string {
  const success = operation.success;
  const json = success.mediaTypes.find((t) => (operation.style === 'rpc' ? /json/.test(t) : bodyKind(t) === 'json'));
  if (json) return `Simplify<${responseKey(op, success)}["content"][${literal(json)}]>`;
  if (operation.style === 'rpc' || !success.mediaTypes.length) return 'unknown';
  return bodyType(op, success);
}

function bodyType(op: string, response: ResponseModel): string {
  if (!response.mediaTypes.length) return 'undefined';
  const json = response.mediaTypes.find((t) => bodyKind(t) === 'json');
  if (json) return `${responseKey(op, response)}["content"][${literal(json)}]`;
  return [...new Set(response.mediaTypes.map((t) => (bodyKind(t) === 'text' ? 'string' : 'Uint8Array')))].join(' | ');
}

/**
 * The Input: per parameter location, the fields picked from openapi-typescript's group
 * (NonNullable: it makes a group optional when no member is required), each as strict as it
 * was when the Input was an interface of `NonNullable<group>[name]` fields: a required one
 * required; an optional one `name?: T | undefined`; one the client fills (RegionId) optional,
 * its type as the spec gives it. Then the JSON body.
 */
function inputType(op: string, operation: OperationModel): string {
  const parts: string[] = [];
  for (const location of ['path', 'query', 'header'] as const) {
    const group = `NonNullable<${op}["parameters"][${literal(location)}]>`;
    const inGroup = operation.inputs.filter((p) => p.in === location);
    const names = (keep: (p: ParameterModel) => boolean) =>
      inGroup
        .filter(keep)
        .map((p) => literal(p.name))
        .join(' | ');
    const required = names((p) => p.required && p.clientDefault === undefined);
    const filled = names((p) => p.clientDefault !== undefined);
    const optional = names((p) => !p.required && p.clientDefault === undefined);
    if (required) parts.push(`Required<Pick<${group}, ${required}>>`);
    if (filled) parts.push(`Partial<Pick<${group}, ${filled}>>`);
    if (optional) parts.push(`OptionalFields<Pick<${group}, ${optional}>>`);
  }
  const body = operation.requestBody;
  if (body) {
    // One branch per media type: `body` typed by it, `contentType` naming it (optional for the first, the default).
    const mark = body.required ? '' : '?';
    const branches = body.media.map((m, i) => {
      const type =
        m.kind === 'text'
          ? 'string'
          : m.kind === 'binary'
            ? 'Blob | Uint8Array'
            : `NonNullable<${op}["requestBody"]>["content"][${literal(m.mediaType)}]`;
      const choice = body.media.length > 1 ? `; contentType${i === 0 ? '?' : ''}: ${literal(m.mediaType)}` : '';
      return `{ body${mark}: ${type}${choice} }`;
    });
    parts.push(branches.length > 1 ? `(${branches.join(' | ')})` : branches[0]!);
  }
  return parts.length ? `Simplify<${parts.join(' & ')}>` : '{}';
}
