/**
 * The tools of the public-spec mutation benchmark, each run against one server (a fresh
 * reference, or a mutant) and reduced to its findings: the contract suite in both modes (failed
 * test titles), Prism's validation proxy carrying the suite's traffic (its logged response
 * violations: bench/mutants-peers.ts), Dredd and Portman (bench/mutants-public/dredd-portman.ts).
 * Every server is started fresh per run (its state unshared) and always stopped.
 */
import { join } from 'node:path';
import { ROOT } from '../../contract-tests/support/kits.js';
import { runSuiteAgainst } from '../mutants.js';
import { prismProxyRun } from '../mutants-peers.js';
import { dreddRun, portmanRun } from './dredd-portman.js';
import type { Mutant, PublicServer, PublicSpec } from './http.js';

export interface ToolRun {
  /** What the tool reported, one line each, stable across runs (no ports, no times). */
  findings: string[];
  seconds: number;
  /** The tool could not run on this spec (it refused it): its message. */
  error?: string;
}

export interface ToolContext {
  /** The client generated from the spec, for the suite. */
  clientDir: string;
}

export type ToolName = 'slbkit default' | 'slbkit mutation' | 'prism' | 'dredd' | 'portman';

/** The suite's environment for a public spec: the spec, its auth, the mode. */
export function suiteEnv(spec: PublicSpec, mutation: boolean): Record<string, string> {
  return {
    CONTRACT_SPEC: join(ROOT, spec.spec),
    ...(spec.auth ? { CONTRACT_AUTH: JSON.stringify(spec.auth) } : {}),
    ...(mutation ? { CONTRACT_ALLOW_MUTATION: '1' } : {}),
  };
}

async function timed(
  spec: PublicSpec,
  mutant: Mutant | undefined,
  body: (server: PublicServer) => Promise<Omit<ToolRun, 'seconds'>>,
): Promise<ToolRun> {
  const started = performance.now();
  const server = await spec.start(mutant);
  try {
    return { ...(await body(server)), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { findings: [], error: (error as Error).message.split('\n')[0]!.slice(0, 300), seconds: (performance.now() - started) / 1000 };
  } finally {
    await server.close();
  }
}

const suite = (mutation: boolean) => (spec: PublicSpec, mutant: Mutant | undefined, context: ToolContext) =>
  timed(spec, mutant, async (server) => ({
    findings: (await runSuiteAgainst(server.url, context.clientDir, suiteEnv(spec, mutation))).failedTests,
  }));

export const TOOLS: Record<ToolName, (spec: PublicSpec, mutant: Mutant | undefined, context: ToolContext) => Promise<ToolRun>> = {
  'slbkit default': suite(false),
  'slbkit mutation': suite(true),
  // Prism validates what passes through it; the traffic is the suite's (mutation allowed: the success paths too).
  prism: (spec, mutant, context) =>
    timed(spec, mutant, async (server) => ({
      findings: await prismProxyRun(join(ROOT, spec.spec), server.url, (proxy) =>
        runSuiteAgainst(proxy, context.clientDir, suiteEnv(spec, true)),
      ),
    })),
  dredd: (spec, mutant) => timed(spec, mutant, (server) => dreddRun(spec, server.url)),
  portman: (spec, mutant) => timed(spec, mutant, (server) => portmanRun(spec, server.url)),
};
