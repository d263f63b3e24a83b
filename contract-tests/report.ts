import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run contract:report` (the second half of `npm start`): runs the contract suite for the
 * bundled spec (or the specs CONTRACT_SPEC names) against the mock (or CONTRACT_TARGET) through
 * vitest, then prints one line per documented example and derived case: pass/fail and, for a
 * failure, why. CONTRACT_JUNIT=FILE also writes JUnit XML.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const json = 'reports/contract.json';
mkdirSync(`${root}/reports`, { recursive: true });

const reporters = ['--reporter=json', `--outputFile.json=${json}`];
if (process.env.CONTRACT_JUNIT) reporters.push('--reporter=junit', `--outputFile.junit=${process.env.CONTRACT_JUNIT}`);
const started = Date.now();
const code = await new Promise<number>((resolve) => {
  const env = { ...process.env, CONTRACT_SPEC: process.env.CONTRACT_SPEC ?? 'spec/slb-2014-05-15.yaml' };
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'contract', ...reporters], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (status) => resolve(status ?? 1));
});

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
  /** operations.test.ts keeps what the lenient judgement let pass here. */
  meta?: { letPass?: string[] };
}
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; assertionResults: Assertion[] }[];
}

let report: Report;
try {
  report = JSON.parse(readFileSync(`${root}/${json}`, 'utf8')) as Report;
} catch {
  console.error(`the contract suite did not produce a report (vitest exit code ${code})`);
  process.exit(code || 1);
}

const mark = { passed: 'pass', failed: 'FAIL', skipped: 'skip', pending: 'skip', todo: 'todo' } as const;
for (const file of report.testResults) {
  console.log(`\n${file.name.replace(`${root}`, '')}`);
  let group = '';
  for (const a of file.assertionResults) {
    const heading = a.ancestorTitles.join(' > ');
    if (heading !== group) {
      group = heading;
      if (heading) console.log(`  ${heading}`);
    }
    console.log(`    ${mark[a.status]}  ${a.title}`);
    if (a.status === 'failed') console.log(`          why: ${(a.failureMessages[0] ?? '').split('\n')[0]}`);
    for (const text of a.meta?.letPass ?? []) console.log(`          lenient, let pass: ${text}`);
  }
}
const derived = report.testResults
  .flatMap((f) => f.assertionResults)
  .filter((a) => a.title.startsWith('target: ') && a.status !== 'skipped').length;
// CONTRACT_LENIENT=1 or x-slbkit-lenient: what passed only because the judgement was lenient, counted.
const letPass = report.testResults.flatMap((f) => f.assertionResults).reduce((n, a) => n + (a.meta?.letPass?.length ?? 0), 0);
console.log(
  `\ncontract suite: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped; ${derived} derived cases sent to the target; ${letPass} answers let pass by the lenient judgement; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(code);
