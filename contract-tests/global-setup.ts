import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { SpecError } from '../generator/src/api.js';
import { type Mock, startMock } from './mock/server.js';
import { BUNDLED_SPEC, entryName, generateClient, type KitEntry, scratchDir, specsFromEnv } from './support/kits.js';
import { targetFromEnv } from './support/target.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kits: KitEntry[];
  }
}

/**
 * For each spec (CONTRACT_SPEC, else the bundled one, the fixtures and the public one): the
 * client generated into a scratch folder, and the enforcing mock on a free port unless
 * CONTRACT_TARGET names a real endpoint (then exactly one spec). Every test file reads the
 * result with `inject('kits')`. The teardown stops the mocks and removes the clients whatever
 * the tests did.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const resolved = targetFromEnv(process.env);
  const specs = specsFromEnv(process.env);
  if (resolved.url && specs.length !== 1)
    throw new Error(`CONTRACT_TARGET runs the suite for one spec; CONTRACT_SPEC names ${specs.length}`);
  const scratch = scratchDir();
  const mocks: Mock[] = [];
  const teardown = async () => {
    await Promise.all(mocks.map((m) => m.close()));
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const kits: KitEntry[] = [];
    for (const [i, spec] of specs.entries()) {
      const clientDir = join(scratch, `${i}-${entryName(spec).replace(/\W+/g, '-')}`);
      const [, mock] = await Promise.all([generateClient(spec, clientDir), resolved.url ? undefined : startMock({ spec })]).catch(
        (error: unknown) => {
          throw oneLine(error, spec);
        },
      );
      if (mock) mocks.push(mock);
      const url = resolved.url ?? mock!.url;
      kits.push({
        spec,
        name: entryName(spec),
        clientDir,
        bundled: spec === BUNDLED_SPEC,
        target: { ...resolved, url, label: `${resolved.url ? 'real' : 'mock'} ${url}` },
      });
    }
    project.provide('kits', kits);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** A spec the kit cannot run for: one line with the location and the fix, no stack (vitest prints the stack it is given). */
function oneLine(error: unknown, spec: string): Error {
  if (!(error instanceof SpecError)) return error as Error;
  const line = `contract suite: cannot run for ${spec}: ${error.describe()}`;
  const plain = new Error(line);
  plain.stack = line;
  return plain;
}
