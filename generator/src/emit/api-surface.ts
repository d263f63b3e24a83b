import { apiSurface, printApiSurface } from '../diff/api-surface.js';
import type { ApiModel } from '../model/api-model.js';

/**
 * `slbkit-api.json`: the package's public API as data (generator/src/diff/api-surface.ts), so the
 * next regeneration can tell what changed without the previous spec.
 */
export function emitApiSurface(model: ApiModel): string {
  return printApiSurface(apiSurface(model));
}
