import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The generator runs from its sources (tests, tsx) and from the bundle generator/bin builds into
// generator/.build/: locate its folder by name rather than by this file's depth.
const here = fileURLToPath(import.meta.url);
const marker = `${sep}generator${sep}`;

/** generator/ of this checkout. */
export const GENERATOR_DIR: string = here.slice(0, here.lastIndexOf(marker) + marker.length);
/** generator/runtime/: hand-written, tested where it lives, shipped verbatim in every package. */
export const RUNTIME_DIR: string = join(GENERATOR_DIR, 'runtime') + sep;
/** slbkit's own package.json, for --version. */
export const OWN_PACKAGE_JSON: string = join(GENERATOR_DIR, '..', 'package.json');
