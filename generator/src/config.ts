import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type ConfigSchemaError, configValidator } from './config-validator.js';
import { releaseDateProblem } from './diff/release.js';
import { identityProblem } from './emit/package-json.js';
import { escapeInvisible } from './errors.js';
import { GENERATOR_DIR } from './paths.js';
import { closest } from './suggest.js';

/**
 * slbkit.config.json: the packages one run generates (issue 13, item 3). Plain JSON checked
 * against generator/schema/slbkit.config.schema.json; a config is as untrusted as a spec: nothing
 * in it is run, its paths are only paths (relative ones taken from the config's folder), and each
 * `out` gets every guarantee of `--out` (write.ts: the manifest, the lock). It names no other file
 * to write: release notes are only written where the command line says (--release-notes), since
 * a path in a config from elsewhere could name any file the user can write.
 */

export const DEFAULT_CONFIG_FILE = 'slbkit.config.json';
/** A config lists a few packages; anything far larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** One package to generate, paths resolved. `at` names where it was given, for messages. */
export interface PackageJob {
  spec: string;
  out: string;
  /** Undefined: named from the spec's info.title, with a warning (run-package.ts). */
  packageName?: string | undefined;
  packageVersion?: string | undefined;
  /** YYYY-MM-DD for a new CHANGELOG entry (diff/release.ts); undefined: no date. */
  releaseDate?: string | undefined;
  releaseNotes?: string | undefined;
  at: string;
}

/** A config that cannot be used; `location` is `file` or `file#/json/pointer`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(message);
  }

  /** One line: a key or path in the config may hold any character (errors.ts escapeInvisible). */
  describe(): string {
    return escapeInvisible(`${this.location}: ${this.message}`);
  }
}

interface PackageEntry {
  spec: string;
  out: string;
  packageName?: string;
  packageVersion?: string;
  releaseDate?: string;
}

export async function readConfig(file: string): Promise<PackageJob[]> {
  const text = await readText(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // One line: V8's message may quote the text around the error, newlines and all.
    const message = (error as Error).message.replace(/\s+/g, ' ').slice(0, 200);
    throw new ConfigError(`not JSON: ${message} (the config is plain JSON, no comments)`, `${file}${lineColumn(text, error as Error)}`);
  }
  const validate = await configValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new ConfigError(
      `${describeSchemaError(first)}${more}; see generator/schema/slbkit.config.schema.json`,
      `${file}#${first?.instancePath ?? ''}`,
    );
  }
  const base = dirname(resolve(file));
  // Relative to the working folder from here on, so messages show short paths; absolute ones stay.
  const path = (given: string) => (isAbsolute(given) ? given : relative(process.cwd(), resolve(base, given)) || '.');
  const jobs: PackageJob[] = [];
  const outs = new Map<string, string>();
  (data as { packages: PackageEntry[] }).packages.forEach((entry, index) => {
    const at = `${file}#/packages/${index}`;
    const problem = identityProblem({ name: entry.packageName ?? 'unnamed', version: entry.packageVersion ?? '0.0.0' });
    if (problem) {
      const key = problem.startsWith('--package-name') ? 'packageName' : 'packageVersion';
      throw new ConfigError(problem.replace(/^--package-(name|version)/, key), `${at}/${key}`);
    }
    const badDate = entry.releaseDate === undefined ? undefined : releaseDateProblem(entry.releaseDate);
    if (badDate) throw new ConfigError(badDate, `${at}/releaseDate`);
    const out = path(entry.out);
    const earlier = outs.get(resolve(out));
    if (earlier) throw new ConfigError(`the same folder as ${earlier}/out; each package needs its own out`, `${at}/out`);
    outs.set(resolve(out), `#/packages/${index}`);
    jobs.push({
      spec: path(entry.spec),
      out,
      packageName: entry.packageName,
      packageVersion: entry.packageVersion,
      ...(entry.releaseDate === undefined ? {} : { releaseDate: entry.releaseDate }),
      at,
    });
  });
  return jobs;
}

async function readText(file: string): Promise<string> {
  let size: number;
  try {
    const entry = await stat(file);
    if (!entry.isFile()) throw new ConfigError('not a file; --config names a JSON file', file);
    size = entry.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'no such file; check the --config path' : `cannot be read (${code})`, file);
  }
  if (size > MAX_CONFIG_BYTES) throw new ConfigError(`larger than ${MAX_CONFIG_BYTES} bytes; a config lists packages, not data`, file);
  return readFile(file, 'utf8');
}

/** ":line:column" from JSON.parse's "at position N" (Node 20), or nothing. */
function lineColumn(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return `:${before.length}:${before.at(-1)!.length + 1}`;
}

/**
 * The property names the schema allows at the place of an `additionalProperties` error (its
 * `instancePath`: `` the top level, `/packages/1` a package), for a "did you mean": the schema
 * is walked by the data's path through `properties`, `items` and local `$ref`s. Read only on this
 * error path; nothing when the schema cannot be read.
 */
function allowedProperties(instancePath: string): string[] {
  try {
    const schema = JSON.parse(readFileSync(join(GENERATOR_DIR, 'schema', 'slbkit.config.schema.json'), 'utf8')) as Json;
    const resolve = (node: Json): Json =>
      typeof node.$ref === 'string' && node.$ref.startsWith('#/')
        ? resolve(
            node.$ref
              .slice(2)
              .split('/')
              .reduce<Json>((at, key) => at[key] as Json, schema),
          )
        : node;
    let node = resolve(schema);
    for (const key of instancePath.split('/').slice(1))
      node = resolve(((node.properties as Json | undefined)?.[key] ?? (/^\d+$/.test(key) ? node.items : undefined)) as Json);
    return Object.keys((node.properties ?? {}) as object);
  } catch {
    return [];
  }
}
type Json = Record<string, unknown>;

function describeSchemaError(error: ConfigSchemaError | undefined): string {
  if (!error) return 'does not match the config schema';
  const { keyword, params } = error;
  if (keyword === 'additionalProperties') {
    const guess = closest(String(params.additionalProperty), allowedProperties(error.instancePath));
    return `has the unknown property ${JSON.stringify(params.additionalProperty)} (${guess ? `did you mean ${JSON.stringify(guess)}?` : 'a typo? the schema lists the allowed ones'})`;
  }
  if (keyword === 'required') return `needs the property ${JSON.stringify(params.missingProperty)}`;
  if (keyword === 'pattern') return 'must be 1 to 1024 characters without NUL';
  return error.message ?? `fails "${keyword}"`;
}
