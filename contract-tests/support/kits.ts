import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFromFile } from '../../generator/src/api.js';
import type { ContractTarget } from './target.js';

/**
 * The specs the contract suite runs for, and the client generated for each. One generation and
 * one mock per spec per run, shared by every test file (globalSetup hands them over).
 */
export interface KitEntry {
  /** Absolute path of the spec. */
  spec: string;
  /** How test names show the spec: its file name. */
  name: string;
  /** The generated package (its dist/ is imported), inside this repository's node_modules so that its optional peers resolve. */
  clientDir: string;
  target: ContractTarget;
  /** The bundled spec: its errata pins run too. */
  bundled: boolean;
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLED_SPEC = join(ROOT, 'spec/slb-2014-05-15.yaml');
const FIXTURES = join(ROOT, 'generator/test/fixtures/specs');
/** The public spec the suite holds out (generator/test/fixtures/public/SOURCES.md). */
export const PUBLIC_SPEC = join(ROOT, 'generator/test/fixtures/public/redocly-museum/redocly-museum.yaml');

/**
 * CONTRACT_SPEC: one spec, or several separated by the platform's path delimiter (":" on
 * POSIX). Unset: the bundled spec, every fixture spec, the public one (the kit's proof that it
 * is not written for one spec) and the kit's own fixture of the wire encodings and security
 * schemes the others do not use (contract-tests/fixtures/).
 */
export function specsFromEnv(env: Record<string, string | undefined>): string[] {
  if (env.CONTRACT_SPEC)
    return env.CONTRACT_SPEC.split(delimiter)
      .filter(Boolean)
      .map((file) => resolve(file));
  if (env.CONTRACT_TARGET) return [BUNDLED_SPEC];
  const yaml = (dir: string) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  return [BUNDLED_SPEC, ...yaml(FIXTURES), PUBLIC_SPEC, ...yaml(join(ROOT, 'contract-tests/fixtures'))];
}

/** The spec -> a package folder (the generator's own functions, in this process), written fresh. */
export async function generateClient(spec: string, into: string): Promise<void> {
  const files = await generateFromFile(spec);
  rmSync(into, { recursive: true, force: true });
  for (const [relative, text] of files) {
    const file = join(into, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Where this run's clients go: node_modules/.slbkit-contract/<pid>/, removed by the teardown. */
export function scratchDir(): string {
  return join(ROOT, 'node_modules/.slbkit-contract', String(process.pid));
}

export function entryName(spec: string): string {
  return basename(spec);
}
