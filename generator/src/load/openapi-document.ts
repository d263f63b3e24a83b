import { pointer, SpecError } from '../errors.js';
import { bundleLocalFiles } from './external-refs.js';
import { readPathTemplates } from './path-templates.js';
import { checkPatterns } from './patterns.js';
import { readSpecFile } from './read-yaml.js';
import { checkAllRefs, deref, emptyEnums, isObject, type Json, type JsonObject } from './refs.js';
import { repairSchemas } from './schema-repairs.js';
import { upgradeToOpenApi31 } from './upgrade-3-0.js';
import { specWarning } from './warnings.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A spec read from disk that passed the structural checks below, as OpenAPI 3.1. */
export interface LoadedSpec {
  file: string;
  document: JsonObject;
}

/**
 * Read (with the files its $refs name: load/external-refs.ts), upgrade a 3.0 document to 3.1 (load/upgrade-3-0.ts: its pointers stay the original's),
 * repair the schema keywords whose meaning is plain but which JSON Schema 2020-12 refuses (load/schema-repairs.ts), check: the structure, then every regular expression (load/patterns.ts), before the client's
 * validators, its response validators or the mock compile one.
 */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  // A spec published as several files is one document from here on (load/external-refs.ts).
  const document = upgradeToOpenApi31(await bundleLocalFiles(await readSpecFile(file), file));
  // Keywords the 2020-12 meta-schema refuses but whose meaning is plain, read as meant, each with a warning (load/schema-repairs.ts).
  repairSchemas(document);
  checkOpenApiDocument(document);
  await checkPatterns(document);
  return { file, document };
}

/**
 * The structural checks the generator relies on, each failing with the JSON pointer of the
 * offending node. This is not a linter (the tests run @redocly/cli for that): it refuses the
 * documents the later steps could not read, before any of them runs.
 */
export function checkOpenApiDocument(document: unknown): asserts document is JsonObject {
  if (!isObject(document)) throw new SpecError('an OpenAPI document must be a mapping at the top level', '#');
  const version = document.openapi;
  if (version === undefined) throw new SpecError('missing "openapi" version field', '#', 'add `openapi: 3.1.0`');
  // `openapi: 3.1` unquoted is the YAML number 3.1: say so rather than claim the field is missing.
  if (typeof version !== 'string')
    throw new SpecError(
      `"openapi" must be a string, not the ${typeof version} ${JSON.stringify(version)}`,
      pointer('openapi'),
      'write the full version in quotes, e.g. `openapi: "3.1.0"`',
    );
  if (!/^3\.1\.\d+$/.test(version)) {
    throw new SpecError(`OpenAPI ${version} is not supported`, pointer('openapi'), 'the generator reads OpenAPI 3.0.0 to 3.0.4 and 3.1.x');
  }
  const info = document.info;
  if (!isObject(info)) throw new SpecError('missing "info" object', '#');
  // `version: 1.0` unquoted is the YAML number 1: openapi-typescript reads it, so does the
  // generator, as the string of that number, and says how to keep what was meant.
  if (typeof info.version === 'number') {
    const read = String(info.version);
    specWarning(
      pointer('info', 'version'),
      `info.version is the number ${read}, read as the string "${read}"`,
      'quote it in the YAML, e.g. version: "1.0" (unquoted, 1.0 is the number 1)',
    );
    info.version = read;
  }
  for (const key of ['title', 'version']) {
    if (typeof info[key] !== 'string')
      throw new SpecError(
        `info.${key} must be a string`,
        pointer('info', key),
        info[key] === undefined ? undefined : 'quote it in the YAML',
      );
  }
  // OpenAPI 3.1 section 4.8.1: a document has paths, webhooks or components. Webhooks (and
  // callbacks) are requests the API sends, not the client: typed (schema.ts), no client methods.
  const webhooks = webhookOperations(document);
  // A document of components alone (a shared schema library, as 3.1 allows) is typed, with no client methods.
  const components = isObject(document.components) && Object.keys(document.components).length > 0;
  if (document.paths === undefined && webhooks === 0 && !components)
    throw new SpecError(
      'the document has neither "paths" nor "webhooks"',
      '#',
      'the generator needs at least one operation: add paths (client methods), or webhooks or components (types only)',
    );
  const paths = document.paths ?? {};
  if (!isObject(paths)) throw new SpecError('"paths" must be a mapping', pointer('paths'));
  checkAllRefs(document);
  readPathTemplates(document);
  for (const at of emptyEnums(document))
    specWarning(
      at,
      'an empty enum: no value is valid (typed never, refused by the validator)',
      'list the allowed values, or remove the enum',
    );

  const operationIds = new Map<string, string>();
  let operations = 0;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemAt = pointer('paths', path);
    if (!path.startsWith('/')) throw new SpecError(`path "${path}" must start with "/"`, itemAt);
    const item = deref(document, rawItem, itemAt);
    if (!isObject(item)) throw new SpecError('a path item must be a mapping', itemAt);
    checkParameters(document, item.parameters, [...itemPath(path), 'parameters']);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const at = pointer('paths', path, method);
      if (!isObject(operation)) throw new SpecError('an operation must be a mapping', at);
      // Any text names a method (model/names.ts); an operation without one is named by method and path.
      const id = operation.operationId;
      if (id !== undefined && typeof id !== 'string')
        throw new SpecError('operationId must be a string', `${at}/operationId`, 'quote it in the YAML');
      if (typeof id === 'string') {
        // OpenAPI 3.1 section 4.8.10.1: "The id MUST be unique among all operations described in
        // the API." Read anyway: the second is renamed as openapi-generator renames it
        // (DefaultGenerator's unique-name rule: addPet, then addPet_0, addPet_1), in the document,
        // so the model, the types' `operations` and the mock all see one name per operation.
        const other = operationIds.get(id);
        if (other) {
          let unique = id;
          for (let counter = 0; operationIds.has(unique); counter++) unique = `${id}_${counter}`;
          specWarning(
            `${at}/operationId`,
            `operationId ${JSON.stringify(id)} is used twice (also at ${other}/operationId): read here as ${JSON.stringify(unique)}`,
            'operationIds must be unique: rename one of them',
          );
          operation.operationId = unique;
          operationIds.set(unique, at);
        } else operationIds.set(id, at);
      }
      checkParameters(document, operation.parameters, [...itemPath(path), method, 'parameters']);
      // Required in 3.0, optional in 3.1 (section 4.8.10.1): none documented, the client returns the body it gets, typed unknown.
      if (operation.responses !== undefined && !isObject(operation.responses))
        throw new SpecError('"responses" must be a mapping of status codes', `${at}/responses`);
      operations++;
    }
  }
  if (operations === 0 && webhooks === 0 && !components) throw new SpecError('the document has no operations', pointer('paths'));
}

/** How many operations `webhooks` lists (OpenAPI 3.1 section 4.8.1: a map of Path Item Objects). */
function webhookOperations(document: JsonObject): number {
  const webhooks = document.webhooks;
  if (webhooks === undefined) return 0;
  if (!isObject(webhooks)) throw new SpecError('"webhooks" must be a mapping of path items', pointer('webhooks'));
  let count = 0;
  for (const [name, item] of Object.entries(webhooks)) {
    const resolved = deref(document, item, pointer('webhooks', name));
    if (isObject(resolved)) count += HTTP_METHODS.filter((method) => isObject(resolved[method])).length;
  }
  return count;
}

function itemPath(path: string): string[] {
  return ['paths', path];
}

function checkParameters(document: JsonObject, raw: Json | undefined, tokens: string[]): void {
  if (raw === undefined) return;
  const at = pointer(...tokens);
  if (!Array.isArray(raw)) throw new SpecError('"parameters" must be a list', at);
  // OpenAPI 3.1 sections 4.8.9.1 and 4.8.10.1: the list must not repeat a name and location (the model would keep only the last silently).
  const seen = new Map<string, number>();
  raw.forEach((entry, i) => {
    const paramAt = `${at}/${i}`;
    const parameter = deref(document, entry, paramAt);
    if (!isObject(parameter)) throw new SpecError('a parameter must be a mapping', paramAt);
    if (typeof parameter.name !== 'string' || parameter.name === '') throw new SpecError('a parameter needs a "name"', paramAt);
    if (!['query', 'header', 'path', 'cookie'].includes(String(parameter.in))) {
      throw new SpecError(
        `parameter "${parameter.name}" has "in: ${String(parameter.in)}"`,
        `${paramAt}/in`,
        'use query, header, path or cookie',
      );
    }
    const hasSchema = parameter.schema !== undefined;
    const hasContent = parameter.content !== undefined;
    // OpenAPI 3.1 section 4.8.12.2: a parameter has either schema or content, never both.
    if (hasSchema === hasContent) {
      throw new SpecError(`parameter "${parameter.name}" must have exactly one of "schema" and "content"`, paramAt);
    }
    if (hasContent && (!isObject(parameter.content) || Object.keys(parameter.content).length !== 1)) {
      throw new SpecError(`parameter "${parameter.name}": "content" must hold exactly one media type`, `${paramAt}/content`);
    }
    const key = `${String(parameter.in)}:${parameter.name}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new SpecError(
        `${String(parameter.in)} parameter "${parameter.name}" is listed twice (also at ${at}/${first})`,
        paramAt,
        'remove one of them',
      );
    seen.set(key, i);
  });
}
