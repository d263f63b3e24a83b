import { createConfig } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
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
  });
  return `${generatedHeader(model.specName, 'types by openapi-typescript')}${astToString(ast)}`;
}

/**
 * openapi-typescript lints and bundles the document with @redocly/openapi-core, whose resolver
 * follows every `$ref` and `externalValue` it meets, over HTTP or from disk
 * (lib/resolve.js BaseResolver). No network, no files: the types document holds only local
 * refs (load/refs.ts checkAllRefs refused the others, inertDocument dropped the ones in data),
 * and as a second lock the resolver's HTTP fetch is one that refuses. The rest is
 * openapi-typescript 7.13's own default config (src/index.ts: the minimal ruleset, duplicate
 * operationIds an error). Redocly has no hook for its file reads, so those rest on the first lock.
 */
async function offlineRedoclyConfig(): Promise<Awaited<ReturnType<typeof createConfig>>> {
  const config = await createConfig({ rules: { 'operation-operationId-unique': { severity: 'error' } } }, { extends: ['minimal'] });
  config.resolve.http.customFetch = (url: string): never => {
    throw new Error(`slbkit never downloads: refused to fetch ${url}`);
  };
  return config;
}
