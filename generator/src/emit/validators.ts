import Ajv2020 from 'ajv/dist/2020.js';
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { pointer, SpecError } from '../errors.js';
import { type Json, type JsonObject, rewriteReferences } from '../load/refs.js';
import type { ApiModel, OperationModel, RequestMediaModel } from '../model/api-model.js';
import { discriminatedComponents } from '../model/discriminators.js';
import { type ReadWriteViews, readWriteViews } from '../model/read-write.js';
import { compiling, LENIENT_STRICTNESS, readDraft04Id } from './ajv-compile.js';
import { literal } from './docs.js';
import type { Emitter } from './emitter.js';
import { generatedHeader } from './header.js';

export const COMPONENTS_ID = 'components.json';

/** JSON Schema's `then` keyword, by name: a literal `then` key reads as a thenable to the linter. */
const THEN = 'then';

/** Keywords OpenAPI 3.1 adds to JSON Schema (section 4.8.24): annotations for a validator. */
const OPENAPI_KEYWORDS = ['xml', 'example', 'externalDocs', 'discriminator'];

/**
 * Schema refs point into the OpenAPI document (`#/components/schemas/X`); for ajv the component
 * schemas live in one schema `components.json` under `$defs`. Which keys are references, data or
 * names is load/refs.ts's rule (a property named `default` or `x-id` is a schema). Pure: returns
 * a rewritten copy, without the `x-` extensions (not keywords).
 */
export function toAjvSchema(schema: Json): Json {
  return rewriteReferences(
    schema,
    (ref) => (ref.startsWith('#/components/schemas/') ? `${COMPONENTS_ID}#/$defs/${ref.slice('#/components/schemas/'.length)}` : ref),
    { dropExtensions: true },
  );
}

/**
 * The object the validator checks: the operation's inputs by name (and `body`), nothing else;
 * each schema as a request writes it (`views`: readOnly properties neither required nor accepted,
 * as in the Input type).
 */
export function inputSchema(operation: OperationModel, views?: ReadWriteViews): JsonObject {
  const request = views?.request ?? ((schema: Json) => schema);
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const parameter of operation.inputs) {
    const schema = toAjvSchema(request(parameter.schema));
    // One name in two locations (Trello's `token` in the path and the query; warned by the
    // model): one input field whose value is sent to both, so it must satisfy both schemas, and
    // `required` names it once (a name twice is invalid JSON Schema, which ajv refuses).
    const other = properties[parameter.name];
    properties[parameter.name] = other === undefined ? schema : { allOf: [other, schema] };
    if (parameter.required && !required.includes(parameter.name)) required.push(parameter.name);
  }
  const body = operation.requestBody;
  // Several media types: `contentType` names the one sent (absent: the first), and the body is
  // checked by that one's schema (if/then), so a multipart body missing its file is named so.
  const choice: JsonObject = {};
  if (body) {
    if (body.required) required.push('body');
    if (body.media.length === 1) properties.body = bodySchema(body.media[0]!, request);
    else if (properties.contentType !== undefined) {
      throw new SpecError(
        'a parameter named "contentType" and a request body of several media types: the input names the media type by that field',
        pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase(), 'requestBody', 'content'),
        'rename the parameter, or keep one media type',
      );
    } else {
      properties.body = {};
      properties.contentType = { enum: body.media.map((m) => m.mediaType) };
      choice.allOf = body.media.map((m) => ({
        if: { properties: { contentType: { const: m.mediaType } }, ...(m === body.media[0] ? {} : { required: ['contentType'] }) },
        [THEN]: { properties: { body: bodySchema(m, request) } },
      }));
    }
  }
  return { type: 'object', properties, required, additionalProperties: false, ...choice };
}

/**
 * A body schema as the validator checks the value the caller gives: in a multipart or binary
 * body, a `format: binary` string is a file (Blob, Uint8Array), which no JSON Schema type
 * describes, so it is left unchecked; the rest is checked as written.
 */
function bodySchema(media: RequestMediaModel, request: (schema: Json) => Json): Json {
  if (media.kind === 'binary') return {};
  const schema = toAjvSchema(request(media.schema));
  return media.kind === 'multipart' ? filesUnchecked(schema) : schema;
}

function filesUnchecked(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(filesUnchecked);
  if (typeof schema !== 'object' || schema === null) return schema;
  if (schema.format === 'binary' || typeof schema.contentMediaType === 'string') return {};
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, filesUnchecked(value)]));
}

export function validatorName(operation: OperationModel): string {
  return `validate${operation.typeName}Input`;
}

/** The success body's validator (for `validateResponses`); only operations with a success schema have one. */
export function responseValidatorName(operation: OperationModel): string | undefined {
  return operation.successSchema === undefined ? undefined : `validate${operation.typeName}Response`;
}

/**
 * ajv prints a run-time helper as the `code` string its function carries
 * (`require("ajv/dist/runtime/ucs2length").default`; compile/util.ts `useFunc`). While our
 * validators compile, the two helpers the package ships carry their own names instead, so ajv
 * prints calls to our copies (runtime/validator-support.ts) and its output is used as printed.
 */
const SHIPPED_HELPERS: [name: string, module: unknown][] = [
  ['equal', equal],
  ['ucs2length', ucs2length],
];

function withShippedHelpers<T>(compile: () => T): T {
  // Node gives a CommonJS module's exports object as the default import; bundlers give its `default`.
  const helpers = SHIPPED_HELPERS.map(([name, module]) => {
    const helper = ((module as { code?: string }).code === undefined ? (module as { default: unknown }).default : module) as {
      code: string;
    };
    return { name, helper, saved: helper.code };
  });
  for (const { name, helper } of helpers) helper.code = name;
  try {
    return compile();
  } finally {
    for (const { helper, saved } of helpers) helper.code = saved;
  }
}

/** The shipped helpers a module calls: ajv binds each one it uses once, `const funcN = name;`, on a line of its own (`lines: true`). */
function helpersCalled(code: string): string[] {
  return SHIPPED_HELPERS.map(([name]) => name).filter((name) => new RegExp(`^const func\\d+ = ${name};$`, 'm').test(code));
}

/**
 * One ajv instance compiles every operation's input validator into one standalone ES module
 * (shared component schemas are compiled once, not per operation). ajv's generated code calls
 * two run-time helpers; they are our own copies, so the package has no runtime dependency.
 */
export const validatorFiles: Emitter = (model) => {
  const validators = emitValidators(model);
  // The JavaScript is kept apart from the formatter (emitter.ts `formatted`): at scale it would take longer than all the rest.
  return [
    { path: 'src/validators.js', kind: 'js', text: validators.js, formatted: false },
    { path: 'src/validators.d.ts', kind: 'dts', text: validators.dts },
    // Loaded only with validateResponses (a dynamic import): not part of a bundle that does not use it.
    { path: 'src/response-validators.js', kind: 'js', text: validators.response.js, formatted: false },
    { path: 'src/response-validators.d.ts', kind: 'dts', text: validators.response.dts },
  ];
};

export function emitValidators(model: ApiModel): { js: string; dts: string; response: { js: string; dts: string } } {
  return withShippedHelpers(() => {
    const { ajv, exports, responseExports, responseOperations } = compileAll(model);
    const inputs = standaloneModule(ajv, exports, model.specName);
    const responses = standaloneModule(ajv, responseExports, model.specName);
    // The response module is printed whole, with its own copies of the component functions it
    // calls: it is loaded only with validateResponses. Keeping one copy by parsing both modules for
    // statements they share cost 4.7 s and 620 MiB at 2,000 operations (13.5 MB of input validators).
    const [inputJs, responseJs] = [inputs.js, responses.js];
    // Looked up by the operation's name (runtime/invoke.ts), since the module is loaded only with validateResponses.
    const table = `export const responseValidators = { ${Object.entries(responseOperations)
      .map(([name, validator]) => `${literal(name)}: ${validator}`)
      .join(', ')} };\n`;
    return {
      js: inputJs,
      dts: inputs.dts,
      response: {
        js: responseJs + table,
        dts: `${responses.dts}export declare const responseValidators: Record<string, InputValidator>;\n`,
      },
    };
  });
}

/** Every input and success-body schema compiled by one ajv, so shared components are one function. */
function compileAll(model: ApiModel) {
  const ajv = new Ajv2020.default({
    // lines: one statement per line, so a schema change reads as a small diff (issue 13); at 2,000
    // operations it adds 3% to validators.js (13.0 -> 13.5 MB) and no time measurable under load.
    code: { source: true, esm: true, lines: true },
    // A component used by many operations is one shared function, not a copy in each validator:
    // inlining made the validators grow with operations x references (13.7 MB at 2,000 operations).
    inlineRefs: false,
    allErrors: true,
    // Formats are checked by the server; the client has no format library to ship.
    validateFormats: false,
    ...LENIENT_STRICTNESS,
  });
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  readDraft04Id(ajv);
  const exports: Record<string, string> = {};
  const responseExports: Record<string, string> = {};
  const responseOperations: Record<string, string> = {};
  const refuse = (where: string, cause: unknown): never => {
    throw new SpecError(
      `a schema cannot be compiled: ${(cause as Error).message}`,
      where,
      'check the JSON Schema keywords (OpenAPI 3.1 schemas are JSON Schema 2020-12)',
    );
  };
  // Components first, each compiled on its own, so a bad one is named by its pointer. They are the
  // types document's: each as a response reads it, its `Writable` form as a request writes it
  // (read-write.ts), and typed by the discriminators that select them (discriminators.ts).
  const views = readWriteViews(model.componentSchemas);
  // The inputs are viewed first: the Writable forms in `views.components` are the ones they reach.
  const inputs = new Map(model.operations.map((operation) => [operation, viewedInput(operation, views)]));
  const responses = new Map(
    model.operations.map((operation) => [operation, toAjvSchema(views.response(operation.successSchema ?? {})) as JsonObject]),
  );
  const defs = toAjvSchema(discriminatedComponents(views.components, model.typesDocument)) as JsonObject;
  try {
    ajv.addSchema({ $id: COMPONENTS_ID, $defs: defs } as object);
  } catch (cause) {
    // The 2020-12 meta-schema refused a component that load/schema-repairs.ts could not read as meant (`type: file`): located, not an internal error.
    const first = /data\/\$defs\/(\S+)/.exec((cause as Error).message)?.[1];
    refuse(first ? `#/components/schemas/${first}` : '#/components/schemas', cause);
  }
  // Only the components the validators call are compiled. The others (GitHub's 327 webhook
  // payloads: 70% of its component bytes) are in no validator ajv prints, and compiling them was a
  // third of its compile time; their types are still printed (schema.ts).
  const roots: Json[] = [...responses.values()];
  for (const input of inputs.values()) {
    try {
      roots.push(input());
    } catch {
      // Refused below, at its operation's pointer.
    }
  }
  for (const name of calledComponents(defs, roots)) {
    try {
      compiling(`#/components/schemas/${name}`, () => ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`));
    } catch (cause) {
      refuse(`#/components/schemas/${name}`, cause);
    }
  }
  for (const operation of model.operations) {
    // The method name, not the operationId: an identifier (any operationId text, `#` or a space, is no URI for $id), and unique.
    const id = `input-${operation.methodName}.json`;
    try {
      ajv.addSchema({ $id: id, ...inputs.get(operation)!() });
      compiling(pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase()), () => ajv.getSchema(id));
    } catch (cause) {
      refuse(pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase(), 'parameters'), cause);
    }
    exports[validatorName(operation)] = id;
    // The success body, compiled by the same ajv: it calls the same component functions as the inputs.
    const responseName = responseValidatorName(operation);
    if (responseName) {
      const responseId = `response-${operation.methodName}.json`;
      try {
        ajv.addSchema({ $id: responseId, ...responses.get(operation)! });
        compiling(pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase(), 'responses'), () =>
          ajv.getSchema(responseId),
        );
      } catch (cause) {
        refuse(pointer('paths', operation.specPath, operation.httpMethods[0]!.toLowerCase(), 'responses', operation.success.code), cause);
      }
      responseExports[responseName] = responseId;
      responseOperations[operation.action ?? operation.operationId] = responseName;
    }
  }
  return { ajv, exports, responseExports, responseOperations };
}

/** The operation's input schema, or what refused it, given back when it is compiled (so a refusal is named as before). */
function viewedInput(operation: OperationModel, views: ReadWriteViews): () => JsonObject {
  try {
    const schema = inputSchema(operation, views);
    return () => schema;
  } catch (cause) {
    return () => {
      throw cause;
    };
  }
}

const COMPONENT_REF = `${COMPONENTS_ID}#/$defs/`;

/**
 * The component names `roots` reach through references (transitively, through the components
 * themselves), in the document's order. A reference whose component cannot be told (a pointer
 * escaped otherwise than ~0 ~1 and %-encoding) gives every component: compiled as before.
 */
export function calledComponents(defs: JsonObject, roots: readonly Json[]): string[] {
  const called = new Set<string>();
  let unknown = false;
  const visit = (schema: Json) =>
    rewriteReferences(schema, (ref) => {
      if (!ref.startsWith(COMPONENT_REF)) return ref;
      let name: string;
      try {
        name = decodeURIComponent(ref.slice(COMPONENT_REF.length).split('/')[0]!).replaceAll('~1', '/').replaceAll('~0', '~');
      } catch {
        unknown = true;
        return ref;
      }
      if (!Object.hasOwn(defs, name)) unknown = true;
      else if (!called.has(name)) {
        called.add(name);
        pending.push(defs[name]!);
      }
      return ref;
    });
  const pending: Json[] = [...roots];
  while (pending.length && !unknown) visit(pending.pop()!);
  const names = Object.keys(defs);
  return unknown ? names : names.filter((name) => called.has(name));
}

/** One standalone ES module of the named validators, calling the helpers the package ships. */
function standaloneModule(
  ajv: InstanceType<typeof Ajv2020.default>,
  exports: Record<string, string>,
  specName: string,
): { js: string; dts: string } {
  const code = standaloneCode.default(ajv, exports);
  const used = helpersCalled(code);
  // Any other helper would still be a `require("ajv/dist/runtime/...")`, which an ES module
  // cannot run. Spec text cannot produce this: ajv prints it inside JSON strings, quotes escaped.
  const foreign = /require\("ajv\/dist\/runtime\/(\w+)"\)/.exec(code);
  if (foreign) {
    throw new SpecError(
      `the validators need ajv's run-time helper "${foreign[1]}", which the generated package does not ship`,
      '#/components/schemas',
      'avoid the keyword that needs it (formats and $async schemas are not supported)',
    );
  }
  const imports = used.length ? `import { ${used.join(', ')} } from './runtime/validator-support.js';\n` : '';
  // ajv's module starts with "use strict", which an ES module is anyway; it stays.
  const js = `${generatedHeader(specName, 'validators compiled by ajv')}${imports}${code}\n`;
  const dts =
    generatedHeader(specName, 'validators compiled by ajv') +
    `import type { InputValidator } from './runtime/operation.js';\n` +
    Object.keys(exports)
      .map((name) => `export declare const ${name}: InputValidator;\n`)
      .join('');
  return { js, dts };
}
