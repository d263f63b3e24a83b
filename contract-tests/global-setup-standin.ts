import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEFAULT_ACCESS_KEY, DEFAULT_REGION_ID, startStandIn } from './standin/server.js';
import { BUNDLED_SPEC, entryName, generateClient, scratchDir } from './support/kits.js';
import { targetFromEnv } from './support/target.js';

/**
 * The contract suite's real-target mode, run in CI against the stand-in endpoint for the bundled
 * spec: the settings a user would export (CONTRACT_TARGET, ALIBABA_CLOUD_*, ...) go through the
 * same `targetFromEnv` as theirs. Mutation is not allowed, as for a user by default: the suite
 * must make its case with read-only calls, invalid input and resources that do not exist.
 * The stand-in plays the gateway, which is looser than the spec (a numeric-string Weight, an
 * unknown property of a server object): judged leniently (CONTRACT_LENIENT=1), as a user judges
 * a vendor endpoint; the benchmark's reference server (`conform`) is judged strictly.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const standIn = await startStandIn();
  const clientDir = join(`${scratchDir()}-standin`, 'bundled');
  const teardown = async () => {
    await standIn.close();
    rmSync(`${scratchDir()}-standin`, { recursive: true, force: true });
  };
  try {
    const resolved = targetFromEnv({
      CONTRACT_TARGET: standIn.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.secret,
      CONTRACT_REGION_ID: DEFAULT_REGION_ID,
      CONTRACT_LENIENT: '1',
    });
    await generateClient(BUNDLED_SPEC, clientDir);
    project.provide('kits', [
      {
        spec: BUNDLED_SPEC,
        name: entryName(BUNDLED_SPEC),
        clientDir,
        bundled: true,
        target: { ...resolved, url: standIn.url, label: `real (stand-in) ${standIn.url}`, standIn: true },
      },
    ]);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
