import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { ApiModel, OperationModel } from '../../generator/src/api.js';
import { REPO, type Run, runProcess } from '../../generator/test/cli-harness.js';
import type { RecordedExchange } from '../support/replay-server.js';

/** The real-target tests' own spec (its header says what each operation is for). */
export const FIXTURE = join(REPO, 'contract-tests/fixtures/real-target/orders.yaml');

export interface SuiteRun extends Run {
  /** vitest's JSON report: every test with its status and failure messages. */
  report: { numFailedTests: number; testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
  junit: string;
}

/**
 * The contract suite in its own vitest process, as a user starts it for a real endpoint: the
 * spec and the target from the environment, nothing of this process's CONTRACT_* or
 * ALIBABA_CLOUD_* settings, the default, JSON and JUnit reporters, the client generated once by
 * this project's globalSetup. Bounded: killed after 50 s.
 */
export async function runSuite(spec: string, target: string, env: Record<string, string> = {}): Promise<SuiteRun> {
  const client = inject('preparedClients')[spec];
  if (!client) throw new Error(`no client prepared for ${spec} (contract-tests/real-target/global-setup.ts)`);
  const dir = mkdtempSync(join(tmpdir(), 'slbkit-real-target-'));
  try {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CONTRACT_|ALIBABA_CLOUD_|VITEST)/.test(name)));
    const args = [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'contract-tests/real-target/suite.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(dir, 'report.json')}`,
      '--reporter=junit',
      `--outputFile.junit=${join(dir, 'junit.xml')}`,
    ];
    const run = await runProcess(process.execPath, args, {
      cwd: REPO,
      timeoutMs: 50_000,
      env: {
        ...inherited,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        CONTRACT_SPEC: spec,
        CONTRACT_TARGET: target,
        SLBKIT_PREPARED_CLIENT: client,
        ...env,
      },
    });
    const read = (file: string) => {
      try {
        return readFileSync(join(dir, file), 'utf8');
      } catch {
        throw new Error(`the spawned suite wrote no ${file} (exit ${run.code}${run.killed ? ', killed' : ''}): ${run.stderr.slice(-2000)}`);
      }
    };
    return { ...run, report: JSON.parse(read('report.json')), junit: read('junit.xml') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The operation a request is for: an RPC action by its Action (query, or form body), else by method and path template. */
export function operationOf(model: ApiModel, request: RecordedExchange): OperationModel | undefined {
  const { url } = request;
  const form = /x-www-form-urlencoded/.test(String(request.headers['content-type'] ?? '')) ? new URLSearchParams(request.body) : undefined;
  // A V3 call (the client's default) names its action in the x-acs-action header only, as Alibaba's gateway reads it.
  const header = request.headers['x-acs-action'];
  const action = url.searchParams.get('Action') ?? form?.get('Action') ?? (typeof header === 'string' ? header : undefined);
  if (action) return model.operations.find((op) => op.style === 'rpc' && op.action === action);
  return model.operations.find(
    (op) =>
      op.style === 'http' &&
      op.httpMethods.includes(request.method) &&
      new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(url.pathname),
  );
}

/** Path and query of a recorded request, as sent. */
export function pathOf(request: RecordedExchange): string {
  return `${request.url.pathname}${request.url.search}`;
}
