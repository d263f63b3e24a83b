#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_CONFIG_FILE, type PackageJob, readConfig } from './config.js';
import { dateFromSourceDateEpoch, releaseDateProblem } from './diff/release.js';
import { identityProblem } from './emit/package-json.js';
import { escapeInvisible, printable } from './errors.js';
import { SPEC_WARNING } from './load/warnings.js';
import { OWN_PACKAGE_JSON } from './paths.js';
import { runPackage } from './run-package.js';
import { flagHint } from './suggest.js';

/**
 * Arguments, exit codes, nothing else. 0: done or up to date; 1: --check found drift; 2: bad spec,
 * config or usage; 3: --fail-on-breaking refused a breaking change. With several packages, the
 * highest code of any package.
 */

const DEFAULT_SPEC = 'spec/slb-2014-05-15.yaml';
const DEFAULT_OUT = 'generated';

const USAGE = `Usage: slbkit generate [--spec FILE] [--out DIR] [--package-name NAME] [--package-version VERSION]
                       [--config FILE] [--check] [--force] [--watch] [--fail-on-breaking] [--release-notes FILE]
                       [--release-date YYYY-MM-DD] [--quiet] [--json]

  --config, -c FILE      the packages to generate, from a JSON file (default: ./${DEFAULT_CONFIG_FILE} when it exists
                         and none of --spec, --out, --package-name, --package-version is given); schema:
                         generator/schema/slbkit.config.schema.json; paths in it are relative to it
  --spec, -s FILE        OpenAPI spec to read (without a config; default: ${DEFAULT_SPEC})
  --out, -o DIR          package folder to write (without a config; default: ${DEFAULT_OUT})
  --package-name NAME    name in the package's package.json (without a config; default: the spec's info.title as an
                         npm name, e.g. "Notes API" -> notes-api, with a warning)
  --package-version V    version in the package's package.json (default: the previous output's, bumped by
                         semver from the API changes; 0.1.0 for a first output)
  --check                write nothing; exit 1 naming the generated files that differ from what the spec gives
  --force                generate even when the output records the same spec, generator and options
  --watch, -w            generate, then regenerate each package whose spec is saved, until Ctrl-C; a save writes a
                         draft (no version bump, no CHANGELOG entry): the next run without --watch releases
  --fail-on-breaking     exit 3 and write nothing when the API change is breaking, naming the changes
  --release-notes FILE   write the version bump and the classified changes to FILE as Markdown (one package)
  --release-date DATE    date of a new CHANGELOG entry, YYYY-MM-DD (default: a config package's releaseDate, else
                         the UTC date of SOURCE_DATE_EPOCH, whole seconds since 1970; else the entry has no date)
  --quiet, -q            print errors only
  --json                 print one JSON object at the end: each package's spec, out, exit code and lines (for CI)
  --help, -h; --version, -v`;

const PACKAGE_FLAGS = ['spec', 'out', 'package-name', 'package-version'] as const;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  spec: { type: 'string', short: 's' },
  out: { type: 'string', short: 'o' },
  check: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  watch: { type: 'boolean', short: 'w', default: false },
  'package-name': { type: 'string' },
  'package-version': { type: 'string' },
  'fail-on-breaking': { type: 'boolean', default: false },
  'release-notes': { type: 'string' },
  'release-date': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    }).values;
  } catch (error) {
    return usage(`${(error as Error).message}${flagHint((error as Error).message, Object.keys(OPTIONS))}`);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    const own = JSON.parse(readFileSync(OWN_PACKAGE_JSON, 'utf8')) as { version: string };
    process.stdout.write(`${own.version}\n`);
    return 0;
  }
  if (args.watch && args.check) return usage('--watch writes; it cannot be combined with --check');
  if (args.watch && args.json) return usage('--json prints one summary at the end; --watch has no end');
  const given = PACKAGE_FLAGS.filter((flag) => args[flag] !== undefined);
  if (args.config !== undefined && given.length)
    return usage(`--${given[0]} cannot be combined with --config: set it in the config's package instead`);
  const configFile = args.config ?? (given.length === 0 && existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let jobs: PackageJob[];
  if (configFile !== undefined) {
    try {
      jobs = await readConfig(configFile);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      print(process.stderr, `slbkit-generate: ${error.describe()}`);
      return 2;
    }
    if (args['release-notes'] !== undefined) {
      if (jobs.length > 1)
        return usage(
          `--release-notes names one file but ${configFile} lists ${jobs.length} packages: run one package per command for notes (--spec, --out)`,
        );
      jobs = [{ ...jobs[0]!, releaseNotes: args['release-notes'] }];
    }
  } else {
    const job = {
      spec: args.spec ?? DEFAULT_SPEC,
      out: args.out ?? DEFAULT_OUT,
      packageName: args['package-name'],
      packageVersion: args['package-version'],
      releaseNotes: args['release-notes'],
      at: 'the command line',
    };
    const badIdentity = identityProblem({ name: job.packageName ?? 'unnamed', version: job.packageVersion ?? '0.1.0' });
    if (badIdentity) {
      print(process.stderr, `slbkit-generate: ${badIdentity}`);
      return 2;
    }
    jobs = [job];
  }
  const dated = releaseDate(args['release-date'], process.env.SOURCE_DATE_EPOCH);
  if ('problem' in dated) return usage(dated.problem);
  if (dated.date !== undefined)
    jobs = jobs.map((job) => (dated.override || job.releaseDate === undefined ? { ...job, releaseDate: dated.date } : job));
  const settings = {
    check: args.check,
    force: args.force,
    failOnBreaking: args['fail-on-breaking'],
    quiet: args.quiet,
    // A long generation (20 s at 2,000 operations) says what it is doing, on a terminal only: the
    // line is rewritten in place (carriage return, erase line), which a log file or a CI step would keep.
    ...(process.stderr.isTTY && !args.quiet && !args.json
      ? {
          progress: (status: string | undefined) =>
            process.stderr.write(status === undefined ? '\r\x1b[K' : `\r\x1b[K${printable(status)}`),
        }
      : {}),
    out: (line: string) => print(process.stdout, line),
    err: (line: string) => print(process.stderr, line),
    // --quiet prints errors only; a warning is not one.
    ...(args.quiet ? {} : { warn: (line: string) => print(process.stderr, line) }),
  };
  const warnings = routeGeneratorWarnings(settings.warn);
  if (args.watch) {
    const { watchPackages } = await import('./watch.js');
    return watchPackages(jobs, settings);
  }
  let code = 0;
  const summary: { spec: string; out: string; exitCode: number; lines: string[]; errors: string[]; warnings: string[] }[] = [];
  for (const job of jobs) {
    const lines: string[] = [];
    const errors: string[] = [];
    const jobWarnings: string[] = [];
    // --json: each package's lines go into the summary (escaped as printed lines are), not to the terminal.
    const jobSettings = args.json
      ? {
          ...settings,
          out: (line: string) => lines.push(printable(line)),
          err: (line: string) => errors.push(printable(line)),
          warn: (line: string) => jobWarnings.push(printable(line)),
        }
      : settings;
    warnings.to = jobSettings.warn;
    const jobCode = await runPackage(job, jobSettings);
    // process.emitWarning delivers on a later tick: let the last ones arrive before the summary.
    await new Promise((resolve) => setImmediate(resolve));
    summary.push({ spec: job.spec, out: job.out, exitCode: jobCode, lines, errors, warnings: jobWarnings });
    code = Math.max(code, jobCode);
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ exitCode: code, packages: summary })}\n`);
  return code;
}

/** Warning codes of the generator's own: a spec read with a guess (load/warnings.ts), a schema ajv compiled leniently (emit/ajv-compile.ts). */
const GENERATOR_WARNINGS: ReadonlySet<string> = new Set([SPEC_WARNING, 'SLBKIT_LENIENT_SCHEMA']);

/**
 * The generator reports what it read with a guess as process warnings (a host app or a test can
 * listen for the codes); on the command line they go where the CLI's own warnings go: one
 * `slbkit-generate: warning:` line on stderr, into --json's `warnings`, nothing with --quiet.
 * Node's other warnings keep Node's own printing. The CLI is a process of its own, so taking
 * over the listeners for its life is safe.
 */
function routeGeneratorWarnings(to: ((line: string) => void) | undefined): { to: ((line: string) => void) | undefined } {
  const route = { to };
  const nodeListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code !== undefined && GENERATOR_WARNINGS.has(warning.code)) route.to?.(`slbkit-generate: warning: ${warning.message}`);
    else for (const listener of nodeListeners) listener(warning);
  });
  return route;
}

function usage(problem: string): number {
  print(process.stderr, `slbkit-generate: ${escapeInvisible(problem)}\n\n${USAGE}`);
  return 2;
}

/**
 * Every message goes out through errors.ts `printable`: a spec's path keys, titles and file
 * names may hold line breaks and bidi controls, and a line of a CI log that starts with `::` is
 * a command to the GitHub runner.
 */
function print(stream: NodeJS.WriteStream, message: string): void {
  stream.write(`${printable(message)}\n`);
}

/**
 * The CHANGELOG date (diff/release.ts): `--release-date` overrides each package's; SOURCE_DATE_EPOCH
 * dates the packages whose config gives none. A malformed value of either is refused (exit 2).
 */
function releaseDate(flag: string | undefined, epoch: string | undefined): { date?: string; override?: boolean } | { problem: string } {
  if (flag !== undefined) {
    const problem = releaseDateProblem(flag);
    return problem ? { problem: `--release-date: ${problem}` } : { date: flag, override: true };
  }
  if (epoch === undefined) return {};
  return dateFromSourceDateEpoch(epoch);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A failure no check foresaw (an slbkit bug): its stack, through the same printer, since its
  // message may quote spec text; exit 1 as node's own report would.
  print(process.stderr, `slbkit-generate: unexpected error (please report it): ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 1;
}
