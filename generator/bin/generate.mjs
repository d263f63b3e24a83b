#!/usr/bin/env node
// `npm run generate`: run the generator from an esbuild bundle of generator/src, rebuilt whenever
// a source file is newer than it. Running the TypeScript sources through a loader (tsx) costs
// about 0.7 s per run, half of a whole generation (bench/RESULTS.md). Run it with --expose-gc
// (the npm script does): the generator then collects between stages, which keeps peak memory
// near what is live (437 MiB instead of 830 at 2,000 operations).
//
// Two choices make a cold run cheap (issue 13, item 5; figures in bench/RESULTS.md):
// - One TypeScript compiler per run. openapi-typescript imports the `typescript` package (5.9)
//   and ts-morph carries its own copy (@ts-morph/common/dist/typescript.js, 6.0); each costs
//   ~0.3-0.5 s to load. openapi-typescript is bundled here with its `typescript` import pointed
//   at ts-morph's copy, so the process loads one (generated/ is byte-identical either way). Its other imports stay external, resolved
//   where openapi-typescript's own folder resolves them (it has a nested supports-color).
// - Code splitting (format esm): the emitters are dynamic imports in generate.ts, so they stay in
//   chunks that a refused flag, an up-to-date output or a broken spec never loads.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const buildRoot = fileURLToPath(new URL('../.build/', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(`${path}/`) : statSync(path).mtimeMs);
  }
  return newest;
}

// One folder per state of the sources, named by their newest mtime and at the same depth as
// src/ (paths.ts finds generator/ by name). Built in a folder of this process and renamed into
// place, so a run never sees a half-written bundle and a run still loading chunks from an older
// folder keeps it (parallel test runs share this cache).
// This launcher and the config schema shape the bundle too.
const shaping = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../schema/slbkit.config.schema.json', import.meta.url))];
const stamp = Math.floor(Math.max(newestSource(src), ...shaping.map((path) => statSync(path).mtimeMs))).toString(36);
const folder = `${buildRoot}src-${stamp}/`;
const entry = `${folder}cli.mjs`;
let built = true;
try {
  statSync(entry);
} catch {
  built = false;
}
if (!built) {
  const { build } = await import('esbuild');
  const staging = `${buildRoot}staging-${process.pid}/`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(buildRoot, { recursive: true });
  await build({
    entryPoints: { cli: `${src}cli.ts` },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [oneTypeScript(), standaloneConfigValidator()],
    // The `require` the modules in REQUIRED use (an ES module has none of its own).
    banner: {
      js: "import { createRequire as slbkitCreateRequire } from 'node:module';\nconst require = slbkitCreateRequire(import.meta.url);",
    },
  });
  try {
    renameSync(staging, folder);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run built the same sources first
  }
  // Older builds: removed once they are a minute old (a run started from one has loaded its chunks by then).
  for (const name of readdirSync(buildRoot)) {
    const path = `${buildRoot}${name}`;
    if (
      path !== folder.slice(0, -1) &&
      /^(src-[0-9a-z]+|staging-\d+|src|cli\.mjs)$/.test(name) &&
      Date.now() - statSync(path).mtimeMs > 60_000
    )
      rmSync(path, { recursive: true, force: true });
  }
}
// Called by the bundle's emitter chunks just before they require TypeScript (see required()):
// a run that never loads the emitters (up to date, a refused flag, a broken spec) never pays it.
globalThis.slbkitLoadTypeScript = compileTypeScriptWithCache;
await import(pathToFileURL(entry).href);

/**
 * TypeScript (ts-morph's 9 MB copy, the one compiler the bundle uses) put in require's cache
 * before the bundle runs, compiled with a V8 code cache kept in generator/.build/v8-cache: node
 * 20 has no compile cache of its own (module.enableCompileCache is node 22), and compiling that
 * file was the largest single cost left in a cold run (about 0.2 s, measured with --cpu-prof).
 * V8 checks the cache against the source and its own version and rejects a stale one, which is
 * then rewritten; any failure here falls back to a plain require by the bundle.
 */
function compileTypeScriptWithCache() {
  try {
    const require = createRequire(import.meta.url);
    const filename = require.resolve('@ts-morph/common/dist/typescript.js');
    if (require.cache[filename]) return;
    const source = readFileSync(filename, 'utf8');
    const cacheDir = `${buildRoot}v8-cache/`;
    const cacheFile = `${cacheDir}typescript-${process.versions.v8}.bin`;
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // first run: produced below
    }
    const script = new Script(Module.wrap(source), { filename, cachedData, importModuleDynamically: undefined });
    const module = new Module(filename, undefined);
    module.filename = filename;
    module.paths = Module._nodeModulePaths(dirname(filename));
    const ownRequire = createRequire(filename);
    script.runInThisContext()(module.exports, ownRequire, module, filename, dirname(filename));
    module.loaded = true;
    require.cache[filename] = module;
    if (cachedData === undefined || script.cachedDataRejected) {
      // Written at exit, so it holds every function the run compiled, not only the top level.
      process.once('exit', () => {
        try {
          mkdirSync(cacheDir, { recursive: true });
          const temp = `${cacheFile}.${process.pid}`;
          writeFileSync(temp, script.createCachedData());
          renameSync(temp, cacheFile);
        } catch {
          // the next run compiles without it and tries again
        }
      });
    }
  } catch {
    // the bundle requires TypeScript itself
  }
}

/**
 * src/config-validator.ts compiles the config schema with ajv when the config is read; in the
 * bundle it is replaced by ajv's standalone code for the same schema and options (the options
 * are read from that module's AJV_OPTIONS line, so there is one copy), so a run does not load ajv.
 */
function standaloneConfigValidator() {
  return {
    name: 'standalone-config-validator',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]config-validator\.ts$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        const options = /export const AJV_OPTIONS = (\{[^}]*\}) as const;/.exec(source)?.[1];
        const schemaFile = fileURLToPath(new URL('../schema/slbkit.config.schema.json', import.meta.url));
        if (!options) return { errors: [{ text: 'AJV_OPTIONS not found in src/config-validator.ts' }] };
        const { default: Ajv2020 } = await import('ajv/dist/2020.js');
        const { default: standalone } = await import('ajv/dist/standalone/index.js');
        const Ajv = Ajv2020.default ?? Ajv2020;
        const ajv = new Ajv({ ...JSON.parse(options.replace(/(\w+):/g, '"$1":')), code: { source: true, esm: true } });
        const code = (standalone.default ?? standalone)(ajv, ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))));
        const exports = source
          .slice(0, source.indexOf('export async function configValidator'))
          .replace(/^import .*$/gm, '')
          .replace(/^export const CONFIG_SCHEMA_FILE.*$/m, '');
        return {
          contents: `${code
            .replace('"use strict";', '')
            .replace(/export default [^;]+;/, '')
            .replace(
              'export const validate = ',
              'const standaloneValidate = ',
            )}\n${exports}\nexport async function configValidator() { return standaloneValidate; }\n`,
          loader: 'ts',
        };
      });
    },
  };
}

/**
 * Packages loaded with require(), not import. An ESM import of a CommonJS package makes node
 * route the package's own require() calls through its ESM loader, which scans every file for
 * export names and module syntax (cjs-module-lexer, format detection): ts-morph loads its
 * 3 MB @ts-morph/common and the 9 MB TypeScript that way, 0.67 s against 0.29 s by require()
 * on this machine. `typescript` is ts-morph's copy: one compiler per run.
 */
function required() {
  return { typescript: '@ts-morph/common/dist/typescript.js', 'ts-morph': 'ts-morph' };
}

/**
 * The bundle's module for a package of required(): an ES module (so esbuild's CommonJS interop
 * does not copy TypeScript's thousands of exports onto a new object on every load) whose
 * exports are the package's, listed when the bundle is built.
 */
function requiredModule(path) {
  const load = `globalThis.slbkitLoadTypeScript?.();\nconst loaded = require(${JSON.stringify(path)});\n`;
  if (path !== 'ts-morph') return `${load}export default loaded;\n`;
  const names = Object.keys(createRequire(import.meta.url)('ts-morph')).filter(
    (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default',
  );
  return `${load}export const { ${names.join(', ')} } = loaded;\nexport default loaded;\n`;
}

/**
 * Bare imports stay external (node resolves them from node_modules), except openapi-typescript,
 * which is bundled so that its `typescript` import can be pointed at ts-morph's copy.
 */
function oneTypeScript() {
  return {
    name: 'one-typescript',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.skip) return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        if (args.namespace === 'required') return { path: args.path, external: true };
        if (Object.hasOwn(required(), args.path)) return { path: required()[args.path], namespace: 'required' };
        if (args.path === 'openapi-typescript' || args.path.startsWith('openapi-typescript/')) return undefined;
        if (args.importer.includes('/node_modules/openapi-typescript/')) {
          // Resolved where openapi-typescript resolves it; an absolute path stays external.
          const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { skip: true } });
          if (resolved.errors.length) return { errors: resolved.errors };
          return { path: resolved.path, external: true };
        }
        return { path: args.path, external: true };
      });
      // openapi-typescript only does `import ts from 'typescript'`, and generator/src only imports
      // names from ts-morph: both become a CommonJS module of the bundle that require()s the
      // package (esbuild's interop gives the names), through the `require` of the banner.
      build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({ contents: requiredModule(args.path), loader: 'js' }));
    },
  };
}
