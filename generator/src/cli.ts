#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { changeLine } from './diff/changelog.js';
import { planRelease, writeReleaseNotes } from './diff/release.js';
import { SpecError } from './errors.js';
import { identityProblem } from './emit/package-json.js';
import { DEFAULT_PACKAGE, generateFromFile } from './generate.js';
import { OWN_PACKAGE_JSON } from './paths.js';
import { MANIFEST_FILE } from './output-manifest.js';
import { OutputError, type OutputLock, type WriteReport, diffOutput, lockOutput, writeOutput } from './write.js';

/** Arguments, exit codes, nothing else. 0: done or up to date; 1: --check found drift; 2: bad spec or usage; 3: --fail-on-breaking refused a breaking change. */

const USAGE = `Usage: slbkit-generate [--spec FILE] [--out DIR] [--check] [--package-name NAME] [--package-version VERSION]
                      [--fail-on-breaking] [--release-notes FILE]

  --spec FILE            OpenAPI 3.1 spec to read (default: spec/slb-2014-05-15.yaml)
  --out DIR              package folder to write (default: generated)
  --check                write nothing; exit 1 naming the generated files that differ from what the spec gives
  --package-name NAME    name in the package's package.json (default: ${DEFAULT_PACKAGE.name})
  --package-version V    version in the package's package.json (default: the previous output's, bumped by
                         semver from the API changes; ${DEFAULT_PACKAGE.version} for a first output)
  --fail-on-breaking     exit 3 and write nothing when the API change is breaking, naming the changes
  --release-notes FILE   write the version bump and the classified changes to FILE as Markdown
  --help, --version`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        spec: { type: 'string', default: 'spec/slb-2014-05-15.yaml' },
        out: { type: 'string', default: 'generated' },
        check: { type: 'boolean', default: false },
        'package-name': { type: 'string', default: DEFAULT_PACKAGE.name },
        'package-version': { type: 'string' },
        'fail-on-breaking': { type: 'boolean', default: false },
        'release-notes': { type: 'string' },
        help: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`slbkit-generate: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
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
  const identity = { name: args['package-name'], version: args['package-version'] ?? DEFAULT_PACKAGE.version };
  const badIdentity = identityProblem(identity);
  if (badIdentity) {
    process.stderr.write(`slbkit-generate: ${badIdentity}\n`);
    return 2;
  }
  let lock: OutputLock | undefined;
  try {
    const started = performance.now();
    // Locked before generating, so a second run on the same folder is refused at once.
    if (!args.check) lock = await lockOutput(args.out);
    const files = await generateFromFile(args.spec, identity);
    const spec = basename(args.spec);
    const release = await planRelease(args.out, files, { specFile: args.spec, forcedVersion: args['package-version'] });
    for (const [path, text] of release.files) files.set(path, text);
    if (args['release-notes']) await writeReleaseNotes(args['release-notes'], release);
    if (args['fail-on-breaking'] && release.breaking.length) {
      process.stderr.write(`slbkit-generate: ${release.title}: refused by --fail-on-breaking, nothing was written:\n${release.breaking.map(changeLine).join('\n')}\n`);
      return 3;
    }
    if (args.check) {
      const { changed, missing, stale } = await diffOutput(args.out, files, { spec });
      const drift = [...changed.map((f) => `changed  ${f}`), ...missing.map((f) => `missing  ${f}`), ...stale.map((f) => `stale    ${f}`)];
      if (drift.length) {
        process.stderr.write(`${args.out} is not what ${args.spec} gives (${drift.length} files); run \`npm run generate\`:\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write(`${args.out} is up to date with ${args.spec} (${files.size} files)\n`);
      return 0;
    }
    const report = await writeOutput(args.out, files, { spec, lock: lock! });
    process.stdout.write(`wrote ${report.written} files to ${args.out} from ${args.spec} in ${Math.round(performance.now() - started)} ms${describeWrite(report)}\n`);
    process.stdout.write(`${release.title}\n${release.changes.map(changeLine).join('\n')}${release.changes.length ? '\n' : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(`slbkit-generate: ${error.describe()}\nnothing was written\n`);
      return 2;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`slbkit-generate: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await lock?.release();
  }
}

/**
 * What else the run did, on the same line. A generated file changed by hand is overwritten, not
 * refused: generated files are never edited by hand (the README says so, `--check` reports it),
 * and the edit is still in version control; the line names it so it is not lost unseen.
 */
function describeWrite(report: WriteReport): string {
  const list = (paths: string[]) => paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
  return [
    report.removed.length ? `; removed ${report.removed.length} stale file${report.removed.length === 1 ? '' : 's'}: ${list(report.removed)}` : '',
    report.handEdited.length ? `; overwrote ${report.handEdited.length} generated file${report.handEdited.length === 1 ? '' : 's'} changed by hand: ${list(report.handEdited)}` : '',
    report.adopted ? `; adopted a previous output that had no ${MANIFEST_FILE}` : '',
  ].join('');
}

process.exitCode = await main(process.argv.slice(2));
