import { BaseResolver, createConfig, lintDocument, Source } from '@redocly/openapi-core';
import { astToString, type OpenAPI3, resolveRef, scanDiscriminators, transformSchema } from 'openapi-typescript';
import ts from 'typescript';
import { type JsonObject, referencesIn, resolvePointer } from '../load/refs.js';
import type { ApiModel } from '../model/api-model.js';
import type { Emitter } from './emitter.js';
import { generatedHeader } from './header.js';

/**
 * `schema.ts`: openapi-typescript's types for the whole document (paths, components,
 * operations), from the model's types document, in which JSON-encoded parameters already carry
 * their decoded schema. Our own emitters only point into these types.
 */
export const schemaFiles: Emitter = async (model) => [{ path: 'src/schema.ts', kind: 'types', text: await emitSchemaTypes(model) }];

export async function emitSchemaTypes(model: ApiModel): Promise<string> {
  const header = generatedHeader(model.specName, 'types by openapi-typescript');
  const document = model.typesDocument as unknown as OpenAPI3;
  checkReferences(model.typesDocument as JsonObject);
  const redoc = await offlineRedoclyConfig();
  await lintRefusals(document, redoc);
  return `${header}${astToString(transformSchema(document, typesContext(document, redoc)))}`;
}

type RedoclyConfig = Awaited<ReturnType<typeof createConfig>>;

/**
 * What Redocly's bundle refused here ("Can't resolve $ref"): a reference to nothing, which
 * openapi-typescript would print as a type path to nothing. The loader resolved every $ref of the
 * spec (load/refs.ts checkAllRefs) and the types document is the model's, so this is a guard
 * against a generator bug, located like the loader's refusal.
 */
function checkReferences(document: JsonObject): void {
  for (const { ref, at } of referencesIn(document)) resolvePointer(document, ref, at);
}

/**
 * openapiTS() (openapi-typescript 7.13, src/index.ts) in its two steps, without the Redocly
 * `bundle` between them: that walks the whole document to inline references into other files,
 * and the types document has none (load/refs.ts checkAllRefs refused them; every $ref is local),
 * so it handed the document back as it was after 1.4 s at GitHub's spec. Then transformSchema
 * with openapiTS's context for the options it was called with (silent, not alphabetized, no
 * exported type aliases, fileType): every other field at openapiTS's default. The printed types
 * are byte-identical on every corpus spec (checked when this was written).
 */
function typesContext(document: OpenAPI3, redoc: RedoclyConfig): Parameters<typeof transformSchema>[1] {
  const options = { silent: true, alphabetize: false, exportType: false, transform: fileType };
  return {
    ...options,
    additionalProperties: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(document, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc,
    inject: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(document, $ref, { silent: true }),
  };
}

/**
 * openapiTS's lint step: the document linted by the config below, and refused by the last
 * problem of severity `error`, as openapi-typescript words it (message, then "at" its pointer).
 */
async function lintRefusals(document: OpenAPI3, redoc: RedoclyConfig): Promise<void> {
  const problems = await lintDocument({
    // openapi-typescript's document for an object: its JSON text as the source, from the working folder.
    document: { source: new Source(`${process.cwd()}/`, JSON.stringify(document), 'application/json'), parsed: document },
    config: redoc.styleguide,
    externalRefResolver: new BaseResolver(redoc.resolve),
  });
  const refusal = problems.filter((problem) => problem.severity === 'error').pop();
  if (refusal) {
    const at = refusal.location[0]?.pointer;
    throw new Error(at ? `${refusal.message} at ${at}` : refusal.message);
  }
}

/**
 * A file in a request body (a `format: binary` string, or one with a `contentMediaType`, in a
 * multipart or binary body) is what the client sends as bytes: `Blob | Uint8Array`, not the
 * `string` openapi-typescript would say. Only under a request body: in a response, such a
 * string is text, and a component keeps its one type.
 */
function fileType(
  schema: { format?: unknown; contentMediaType?: unknown; type?: unknown },
  options: { path?: string },
): ts.TypeNode | undefined {
  if (!options.path?.includes('/requestBody/content/') || /\/content\/[^/]*json/.test(options.path)) return undefined;
  if (schema.format !== 'binary' && typeof schema.contentMediaType !== 'string') return undefined;
  return ts.factory.createUnionTypeNode([ts.factory.createTypeReferenceNode('Blob'), ts.factory.createTypeReferenceNode('Uint8Array')]);
}

/**
 * The document is linted (lintRefusals) with @redocly/openapi-core, whose resolver
 * follows every `$ref` and `externalValue` it meets, over HTTP or from disk
 * (lib/resolve.js BaseResolver). No network, no files: the types document holds only local
 * refs (load/refs.ts checkAllRefs refused the others, inertDocument dropped the ones in data),
 * and as a second lock the resolver's HTTP fetch is one that refuses. The rest is
 * openapi-typescript 7.13's own default config (src/index.ts: the minimal ruleset, duplicate
 * operationIds an error). Redocly has no hook for its file reads, so those rest on the first lock.
 *
 * Only the rules that refuse run: openapi-typescript throws on a problem of severity `error` and,
 * `silent`, drops every other one unread (as lintRefusals does). The minimal ruleset's `warn` rules (examples checked
 * against their schemas, unused components, ambiguous paths, ...) are turned off: the same
 * documents are refused, the same types printed, and GitHub's spec lints in about half the time.
 */
async function offlineRedoclyConfig(): Promise<RedoclyConfig> {
  const config = await createConfig({ rules: { 'operation-operationId-unique': { severity: 'error' } } }, { extends: ['minimal'] });
  config.resolve.http.customFetch = (url: string): never => {
    throw new Error(`slbkit never downloads: refused to fetch ${url}`);
  };
  for (const rules of Object.values(config.styleguide.rules)) {
    for (const [rule, setting] of Object.entries(rules)) {
      // A setting is a severity, or an object whose severity defaults to `error` (Config.getRuleSettings).
      const severity = typeof setting === 'string' ? setting : ((setting as { severity?: string }).severity ?? 'error');
      if (severity !== 'error') rules[rule] = 'off';
    }
  }
  return config;
}
