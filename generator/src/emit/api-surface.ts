import { apiSurface, printApiSurface } from '../diff/api-surface.js';
import type { Emitter } from './emitter.js';

/**
 * `slbkit-api.json`: the package's public API as data (generator/src/diff/api-surface.ts), so the
 * next regeneration can tell what changed without the previous spec.
 */
export const apiSurfaceFiles: Emitter = (model) => [{ path: 'slbkit-api.json', kind: 'json', text: printApiSurface(apiSurface(model)) }];
