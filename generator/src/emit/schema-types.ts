import openapiTS, { astToString } from 'openapi-typescript';
import type { ApiModel } from '../model/api-model.js';
import { generatedHeader } from './header.js';

/**
 * `schema.ts`: openapi-typescript's types for the whole document (paths, components,
 * operations), from the model's types document, in which JSON-encoded parameters already carry
 * their decoded schema. Our own emitters only point into these types.
 */
export async function emitSchemaTypes(model: ApiModel): Promise<string> {
  const ast = await openapiTS(model.typesDocument as Parameters<typeof openapiTS>[0], {
    // No network, no files: the document is already in memory and has only local refs.
    silent: true,
    alphabetize: false,
    exportType: false,
  });
  return `${generatedHeader(model.specName, 'types by openapi-typescript')}${astToString(ast)}`;
}
