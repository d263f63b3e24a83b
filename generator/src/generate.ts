import { loadSpec } from './load/openapi-document.js';
import { buildApiModel } from './model/build.js';
import type { ApiModel } from './model/api-model.js';
import type { PackageIdentity } from './emit/package-json.js';

export const DEFAULT_PACKAGE: PackageIdentity = { name: '@slbkit/client', version: '0.1.0' };

/** spec file -> every file of the package, by relative path. Writes nothing. */
export async function generateFromFile(specFile: string, identity: PackageIdentity = DEFAULT_PACKAGE): Promise<Map<string, string>> {
  const model = buildApiModel(await loadSpec(specFile));
  return generatePackage(model, identity);
}

/**
 * model -> files. The emitters (ts-morph, openapi-typescript, ajv: about a second of imports)
 * are loaded only once the spec has loaded and modelled cleanly, so a broken spec is reported
 * at once.
 */
export async function generatePackage(model: ApiModel, identity: PackageIdentity = DEFAULT_PACKAGE): Promise<Map<string, string>> {
  const { generatePackage: emitAll } = await import('./emit/package-files.js');
  return emitAll(model, identity);
}
