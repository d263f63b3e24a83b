import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BUNDLED_SPEC, ROOT } from '../contract-tests/support/kits.js';
import { runSuiteAgainst } from './mutants.js';
import { type Mutant, startMutantServer } from './mutants-servers.js';

/**
 * A peer of the mutation benchmark: Prism's validation proxy (`prism proxy SPEC UPSTREAM`)
 * between the contract suite and the server. The suite's traffic (CONTRACT_ALLOW_MUTATION=1,
 * which reaches the success path) goes through it, and Prism's verdict is what it logs as a
 * violation of a response ("Violation: response..."): its request violations are the suite's
 * deliberately invalid requests, not the server's bugs. Without `--errors` by default: with it
 * (BENCH_PRISM_ERRORS=1) Prism answers an invalid request itself (the server never sees the
 * 21-server request, so Prism cannot see the server accept it) and its log says only
 * "Request/Response not valid", not which. Bounded: the proxy is killed when the run ends.
 * Dredd and Portman are not run (see bench/RESULTS.md, section 6).
 */
export interface PeerVerdict {
  /** The distinct response violations Prism logged (its message, without time stamps). */
  violations: string[];
  seconds: number;
}

const PRISM = join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function prismProxyVerdict(mutant: Mutant | undefined, clientDir: string): Promise<PeerVerdict> {
  const started = performance.now();
  const server = await startMutantServer(mutant);
  try {
    const violations = await prismProxyRun(BUNDLED_SPEC, server.url, (proxy) =>
      runSuiteAgainst(proxy, clientDir, { CONTRACT_ALLOW_MUTATION: '1' }),
    );
    return { violations, seconds: (performance.now() - started) / 1000 };
  } finally {
    await server.close();
  }
}

/**
 * Prism's proxy for `spec` in front of `upstream` while `traffic` sends through it (its URL);
 * the distinct response violations it logged. The public-spec benchmark (bench/mutants-public/)
 * uses it with each spec's own server. Bounded: the proxy is killed when `traffic` ends.
 */
export async function prismProxyRun(spec: string, upstream: string, traffic: (proxy: string) => Promise<unknown>): Promise<string[]> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      PRISM,
      'proxy',
      spec,
      upstream,
      ...(process.env.BENCH_PRISM_ERRORS === '1' ? ['--errors'] : []),
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  try {
    const deadline = Date.now() + 30_000;
    while (!/Prism is listening/.test(log)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`prism proxy did not start: ${log.slice(-800)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await traffic(`http://127.0.0.1:${port}`);
    if (process.env.BENCH_PRISM_LOG) (await import('node:fs')).writeFileSync(process.env.BENCH_PRISM_LOG, log);
    return [
      ...new Set(
        log
          .split('\n')
          .filter((line) => /Violation: response/i.test(line))
          .map((line) => line.replace(/^.*Violation:\s*/, '').trim()),
      ),
    ];
  } finally {
    child.kill('SIGKILL');
  }
}
