/**
 * `slbkit contract`: the contract suite as a command (issue 21, item 2). The user gives a spec and,
 * optionally, a server; the command runs this package's own suite files (examples, operations,
 * client replay, errata) through vitest's node API with an inline configuration, so the user
 * needs no vitest config of theirs. The suite reads its settings from the environment
 * (contract-tests/support/target.ts, kits.ts); this command only sets them, runs it, and prints
 * a summary table and each failure in full.
 *
 * Exit codes: 0 every contract held; 1 a contract was broken (or the run failed); 2 bad usage or
 * a spec the kit cannot read (with its location).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closest, escapeInvisible, flagHint, loadModel, printable, SpecError } from '../generator/src/api.js';
import { targetFromEnv } from './support/target.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLED_SPEC = join(PACKAGE_ROOT, 'spec/slb-2014-05-15.yaml');

const USAGE = `Usage: slbkit contract [--spec FILE] [--target URL] [--auth FILE] [--operation NAME]... [--junit FILE]
                       [--allow-mutation] [--region-id ID] [--json] [--quiet]

  --spec, -s FILE        OpenAPI 3.0/3.1 spec to check against (default: the bundled SLB spec)
  --target, -t URL       the server to check (default: start the enforcing mock of the spec and check it)
  --auth, -a FILE        JSON file with the values of the spec's security schemes, by scheme name:
                         {"bearerAuth": "TOKEN", "basicAuth": {"username": "u", "password": "p"}}
                         (or the same JSON in CONTRACT_AUTH). Alibaba-signed actions take
                         ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (/ ..._SECURITY_TOKEN)
                         from the environment: a secret is never read from the command line (ps shows it)
  --operation, -o NAME   check only this operation (operationId or RPC action; repeat for several)
  --junit FILE           also write a JUnit XML report to FILE
  --allow-mutation       on a --target, send documented requests of operations that may change things
                         as documented (default: only requests that cannot change anything)
  --region-id ID         RegionId for Alibaba RPC actions (default: cn-hangzhou on a target)
  --json                 print the summary as one JSON object instead of the table
  --quiet, -q            print failures and the last line only
  --help, -h             this text

Exit codes: 0 every contract held, 1 a contract was broken, 2 bad usage or an unreadable spec.`;

const OPTIONS = {
  spec: { type: 'string', short: 's' },
  target: { type: 'string', short: 't' },
  auth: { type: 'string', short: 'a' },
  operation: { type: 'string', short: 'o', multiple: true },
  junit: { type: 'string' },
  'allow-mutation': { type: 'boolean' },
  'region-id': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Assertion {
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}
interface JsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  success: boolean;
  testResults: { name: string; message?: string; assertionResults: Assertion[] }[];
}

/** Every line through errors.ts `printable` (spec text may hold line breaks, bidi controls, `::`), with the run's secrets hidden. */
function writer(stream: NodeJS.WriteStream, secrets: string[]) {
  return (text: string) => stream.write(`${printable(redact(text, secrets))}\n`);
}

/** The suite already redacts what it prints about a target; this pass hides the values given to this command as well, whatever printed them. */
function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

function usage(problem: string): number {
  process.stderr.write(`${printable(`slbkit contract: ${escapeInvisible(problem)}`)}\n\n${USAGE}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return usage(`${(error as Error).message}${flagHint((error as Error).message, Object.keys(OPTIONS))}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const spec = resolve(values.spec ?? BUNDLED_SPEC);
  if (!existsSync(spec) || !statSync(spec).isFile()) return usage(`--spec: no file ${spec}`);

  const env: Record<string, string> = { CONTRACT_SPEC: spec };
  if (values.target !== undefined) env.CONTRACT_TARGET = values.target;
  if (values['allow-mutation']) env.CONTRACT_ALLOW_MUTATION = '1';
  if (values['region-id'] !== undefined) env.CONTRACT_REGION_ID = values['region-id'];
  if (values.auth !== undefined) {
    try {
      env.CONTRACT_AUTH = readFileSync(values.auth, 'utf8');
    } catch (error) {
      return usage(`--auth: cannot read ${values.auth} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
  const settings = { ...process.env, ...env };
  let secrets: string[] = [];
  try {
    // The same check the suite makes (a URL without user name, JSON auth, both Alibaba keys or neither), said before anything starts.
    const target = targetFromEnv(settings);
    secrets = [
      target.credentials?.accessKeySecret,
      target.credentials?.securityToken,
      ...Object.values(target.auth).flatMap((v) => (typeof v === 'string' ? [v] : [v.password])),
    ].filter((s): s is string => !!s);
    if (target.kind === 'real' && !/^https?:$/.test(new URL(values.target!).protocol)) return usage('--target must be an http(s) URL');
  } catch (error) {
    return usage((error as Error).message);
  }
  const out = writer(process.stdout, secrets);
  const err = writer(process.stderr, secrets);

  let names: string[];
  try {
    const model = await loadModel(spec);
    names = model.operations.map((op) => (op.style === 'rpc' ? op.action! : op.operationId));
    // Said once, before anything starts, rather than as one failure per case.
    if (values.target !== undefined && !process.env.ALIBABA_CLOUD_ACCESS_KEY_ID && model.operations.some((op) => op.style === 'rpc')) {
      return usage(
        `${spec} has Alibaba RPC actions, which are signed: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET for --target`,
      );
    }
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    err(`slbkit contract: cannot check against ${spec}: ${error.describe()}`);
    return 2;
  }
  const wanted = values.operation ?? [];
  for (const name of wanted) {
    if (names.includes(name)) continue;
    const guess = closest(name, names);
    return usage(`--operation: ${spec} has no operation "${name}"${guess ? ` (did you mean ${guess}?)` : ''}; it has ${names.join(', ')}`);
  }

  const scratch = mkdtempSync(join(tmpdir(), 'slbkit-contract-'));
  const jsonFile = join(scratch, 'report.json');
  const started = Date.now();
  let report: JsonReport;
  try {
    Object.assign(process.env, env);
    const { startVitest } = await import('vitest/node');
    const reporters: [string, Record<string, unknown>][] = [['json', { outputFile: jsonFile }]];
    if (values.junit !== undefined) reporters.push(['junit', { outputFile: resolve(values.junit) }]);
    // Operations are filtered by test name: every case is named "<spec> [mode] > <Operation> (RPC|METHOD path) > ...".
    const testNamePattern = wanted.length
      ? new RegExp(`(^| )(${wanted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}) \\(`)
      : undefined;
    const files = ['examples', 'operations', 'client-replay', 'errata', 'sequences'].map((name) =>
      join(PACKAGE_ROOT, 'contract-tests', `${name}.test.ts`),
    );
    const exitBefore = process.exitCode;
    const vitest = await startVitest(
      'test',
      [],
      {
        config: false,
        root: PACKAGE_ROOT,
        watch: false,
        include: files,
        exclude: [],
        globalSetup: [join(PACKAGE_ROOT, 'contract-tests/global-setup.ts')],
        // The files share each worker's module cache, and with it the kit they open (support/kit.ts `openKit`), as the contract project does.
        isolate: false,
        testTimeout: 30_000,
        hookTimeout: 60_000,
        reporters,
        ...(testNamePattern ? { testNamePattern } : {}),
        passWithNoTests: true,
      } as never,
      { logLevel: 'silent', cacheDir: join(scratch, 'vite') },
      // vitest's own lines ("JSON report written to ...", the tests' console output) are not the user's: the summary below is.
      { stdout: new Writable({ write: (_chunk, _encoding, done) => done() }) },
    );
    const errors = vitest?.state.getUnhandledErrors() ?? [];
    // vitest flags a failure that ran no file at all (its globalSetup threw: a spec the kit's ajv could
    // not compile) only in process.exitCode: broken, never "held" with 0 passed.
    const setupFailed = process.exitCode !== exitBefore && Boolean(process.exitCode) && (vitest?.state.getFiles().length ?? 0) === 0;
    process.exitCode = exitBefore;
    await vitest?.close();
    for (const error of errors) err(`slbkit contract: ${(error as Error)?.message ?? String(error)}`);
    if (!existsSync(jsonFile)) {
      err('slbkit contract: the suite did not run (see above)');
      return 1;
    }
    report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
    if (errors.length || setupFailed) report.success = false;
    if (setupFailed) err('slbkit contract: the suite did not start (its setup failed: see above)');
    // A suite file that failed to load or collect (a spec the kit could not read) ran no test: the run is broken, not "held" with 0 passed.
    for (const file of report.testResults.filter((f) => f.message)) {
      err(`slbkit contract: ${file.message}`);
      report.success = false;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const rows = summarize(report, names).filter((row) => wanted.length === 0 || wanted.includes(row.operation));
  const failed = report.testResults.flatMap((file) => file.assertionResults.filter((a) => a.status === 'failed'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const verdict = `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`;
  if (values.json) {
    out(
      JSON.stringify({
        spec,
        target: values.target ?? 'mock',
        passed: report.numPassedTests,
        failed: report.numFailedTests,
        skipped: report.numPendingTests,
        seconds: Number(seconds),
        operations: rows,
        failures: failed.map((a) => ({ name: a.fullName, message: clean(a.failureMessages[0] ?? '') })),
      }),
    );
  } else {
    if (!values.quiet) {
      const width = Math.max(9, ...rows.map((r) => r.operation.length));
      out(`${'operation'.padEnd(width)}  passed  failed  skipped`);
      for (const r of rows)
        out(
          `${r.operation.padEnd(width)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`,
        );
      out('');
    }
    for (const a of failed) {
      out(`FAIL ${a.fullName}`);
      out(indent(clean(a.failureMessages[0] ?? '')));
      out('');
    }
    for (const file of report.testResults) if (file.message) err(`slbkit contract: ${file.message}`);
    out(
      `contract ${report.numFailedTests === 0 && report.success ? 'held' : 'broken'}: ${verdict} (${values.target ? `target ${values.target}` : 'against the mock'}, ${seconds} s)${values.junit ? `; JUnit in ${values.junit}` : ''}`,
    );
  }
  if (report.numFailedTests > 0 || !report.success) return 1;
  return 0;
}

/** One row per operation (by its label in the test name), and one for the checks of the whole spec. */
function summarize(report: JsonReport, names: string[]) {
  const rows = new Map<string, { operation: string; passed: number; failed: number; skipped: number }>();
  for (const a of report.testResults.flatMap((f) => f.assertionResults)) {
    const name = names.find((n) => a.fullName.includes(` ${n} (`) || a.fullName.startsWith(`${n} (`)) ?? '(whole spec)';
    const row = rows.get(name) ?? { operation: name, passed: 0, failed: 0, skipped: 0 };
    if (a.status === 'passed') row.passed++;
    else if (a.status === 'failed') row.failed++;
    else row.skipped++;
    rows.set(name, row);
  }
  return [...rows.values()].sort((a, b) => a.operation.localeCompare(b.operation));
}

/** The failure message in full (the request, the answer and the schema errors the suite wrote), without the stack of the test file. */
function clean(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trimEnd();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `${printable(`slbkit contract: unexpected error (please report it): ${(error as Error)?.stack ?? String(error)}`)}\n`,
  );
  process.exitCode = 1;
}
