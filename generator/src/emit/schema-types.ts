import { createConfig } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
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
  const ast = await openapiTS(model.typesDocument as Parameters<typeof openapiTS>[0], {
    redocly: await offlineRedoclyConfig(),
    silent: true,
    alphabetize: false,
    exportType: false,
    transform: fileType,
  });
  return `${generatedHeader(model.specName, 'types by openapi-typescript')}${astToString(ast)}`;
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
 * openapi-typescript lints and bundles the document with @redocly/openapi-core, whose resolver
 * follows every `$ref` and `externalValue` it meets, over HTTP or from disk
 * (lib/resolve.js BaseResolver). No network, no files: the types document holds only local
 * refs (load/refs.ts checkAllRefs refused the others, inertDocument dropped the ones in data),
 * and as a second lock the resolver's HTTP fetch is one that refuses. The rest is
 * openapi-typescript 7.13's own default config (src/index.ts: the minimal ruleset, duplicate
 * operationIds an error). Redocly has no hook for its file reads, so those rest on the first lock.
 *
 * Only the rules that refuse run: openapi-typescript throws on a problem of severity `error` and,
 * `silent`, drops every other one unread. The minimal ruleset's `warn` rules (examples checked
 * against their schemas, unused components, ambiguous paths, ...) are turned off: the same
 * documents are refused, the same types printed, and GitHub's spec lints in about half the time.
 */
async function offlineRedoclyConfig(): Promise<Awaited<ReturnType<typeof createConfig>>> {
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
