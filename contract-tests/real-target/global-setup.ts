import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUNDLED_SPEC, entryName, generateClient, scratchDir } from '../support/kits.js';
import { FIXTURE } from './run-suite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The client of each spec the real-target tests run the suite for, generated once per run: spec -> folder. */
    preparedClients: Record<string, string>;
  }
}

/**
 * The `contract-real-target` project: the generated client of each spec its tests run the suite
 * for, made once here instead of once in every child run (generation is most of a child's time),
 * and handed to the child through SLBKIT_PREPARED_CLIENT (see prepared-setup.ts). Removed by the
 * teardown whatever the tests did.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const scratch = `${scratchDir()}-real-target`;
  const teardown = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const clients: Record<string, string> = {};
    for (const spec of [BUNDLED_SPEC, FIXTURE]) {
      clients[spec] = join(scratch, entryName(spec).replace(/\W+/g, '-'));
      await generateClient(spec, clients[spec]);
    }
    project.provide('preparedClients', clients);
  } catch (error) {
    teardown();
    throw error;
  }
  return teardown;
}
