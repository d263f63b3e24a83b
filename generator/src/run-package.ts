import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PackageJob } from './config.js';
import { API_SURFACE_FILE } from './diff/api-surface.js';
import { CHANGELOG_FILE, changeLine } from './diff/changelog.js';
import { planRelease, writeReleaseNotes } from './diff/release.js';
import { escapePrinted } from './emit/docs.js';
import { SpecError } from './errors.js';
import { generateFromFile } from './generate.js';
import { diffOutput } from './output/check.js';
import { OutputError } from './output/folder.js';
import { MANIFEST_FILE } from './output/manifest.js';
import { refuseUntrustedOutput } from './output/previous.js';
import { inputsHash, recordWritten, upToDateFiles } from './output/up-to-date.js';
import { lockOutput, type OutputLock, type WriteReport, writeOutput } from './output/write.js';

/**
 * One package, from its spec to its folder: the work behind one summary line, shared by a plain
 * run, a config's packages and --watch. Returns the exit code (cli.ts says what each means).
 */

export interface RunSettings {
  check: boolean;
  /** Generate even when the folder records the same inputs (up-to-date.ts). */
  force: boolean;
  failOnBreaking: boolean;
  /** The folder's lock when the caller holds it (--watch holds its folders' locks for its whole run). */
  lock?: OutputLock | undefined;
  /** One line per run (--watch): the release title on the line that says what was written. */
  oneLine?: boolean;
  /**
   * --watch: a draft, not a release. The previous output's version, CHANGELOG.md and API summary
   * are kept as they are, and the manifest records no inputs, so the next normal run compares
   * with the last release, bumps the version and writes the CHANGELOG entry once.
   */
  draft?: boolean;
  /** --quiet: the line of a successful run is not printed (errors still are). */
  quiet?: boolean;
  /** A transient status line (a terminal's only: cli.ts gives it when stderr is a TTY); undefined clears it. */
  progress?: (status: string | undefined) => void;
  out: (line: string) => void;
  err: (line: string) => void;
  /** A warning (the package named from the spec's title); cli.ts leaves it out under --quiet. */
  warn?: ((line: string) => void) | undefined;
}

export async function runPackage(job: PackageJob, settings: RunSettings): Promise<number> {
  const { out, err } = settings;
  const identity = { name: job.packageName, version: job.packageVersion ?? '0.1.0' };
  const spec = basename(job.spec);
  let lock = settings.lock;
  const ownLock = !lock && !settings.check;
  try {
    const started = performance.now();
    // Locked before generating, so a second run on the same folder is refused at once.
    if (ownLock) lock = await lockOutput(job.out);
    const specBytes = await readSpecBytes(job.spec);
    const inputs =
      specBytes &&
      // No name given: '' (never a valid name), the title it comes from being in the spec's bytes.
      (await inputsHash(specBytes, { packageName: job.packageName ?? '', packageVersion: job.packageVersion, specName: spec }));
    // --release-notes always generates: the notes are written from the comparison. --check always
    // generates too (issue 17): it is the proof that the folder is what the spec gives, so it
    // compares every byte with a new generation and takes nothing from the folder on trust.
    const current =
      inputs && !settings.check && !settings.force && !job.releaseNotes
        ? await upToDateFiles(lock?.folder ?? job.out, inputs, spec)
        : undefined;
    if (current !== undefined) {
      if (!settings.quiet)
        out(
          `${job.out} is up to date with ${job.spec} (same spec, generator and options as when it was written; --force regenerates) in ${Math.round(performance.now() - started)} ms`,
        );
      return 0;
    }
    settings.progress?.(`generating ${job.out} from ${job.spec} ...`);
    const files = await generateFromFile(job.spec, identity).finally(() => settings.progress?.(undefined));
    // A folder with files slbkit did not write where the package is published from, or with a
    // forged manifest, is refused before the release is planned from it (write.ts).
    if (!settings.check) await refuseUntrustedOutput(lock?.folder ?? job.out, files, inputs);
    const release = await planRelease(job.out, files, {
      specFile: job.spec,
      forcedVersion: job.packageVersion,
      releaseDate: job.releaseDate,
    });
    for (const [path, text] of release.files) files.set(path, text);
    const draft = settings.draft === true && release.previousVersion !== undefined && !settings.check;
    if (draft) await keepRelease(lock?.folder ?? job.out, files, release.previousVersion!);
    if (job.releaseNotes) await writeReleaseNotes(job.releaseNotes, release);
    if (settings.failOnBreaking && release.breaking.length) {
      err(
        `slbkit-generate: ${release.title}: refused by --fail-on-breaking, nothing was written:\n${release.breaking.map(changeLine).join('\n')}`,
      );
      return 3;
    }
    if (settings.check) {
      const { changed, missing, stale, notGenerated, manifest } = await diffOutput(job.out, files, { spec, inputs });
      const drift = [
        ...changed.map((f) => `changed  ${f}`),
        ...missing.map((f) => `missing  ${f}`),
        ...stale.map((f) => `stale    ${f}`),
        ...notGenerated.map((f) => `not generated  ${f}`),
      ];
      if (drift.length) {
        // What the fix is: a generation, unless a generation would refuse this folder (write.ts says why).
        const refusal = await refuseUntrustedOutput(job.out, files, inputs).then(
          () => undefined,
          (error: unknown) => (error instanceof OutputError ? error.message : Promise.reject(error)),
        );
        const fix = refusal ? `\`npm run generate\` would refuse this folder: ${refusal}` : 'run `npm run generate`';
        err(`${job.out} is not what ${job.spec} gives (${drift.length} files); ${fix}:\n${drift.map((d) => `  ${d}`).join('\n')}`);
        return 1;
      }
      // Every byte was just compared with a new generation: the next run may skip (up-to-date.ts).
      if (inputs) await recordWritten(manifest);
      out(`${job.out} is up to date with ${job.spec} (${files.size} files)`);
      return 0;
    }
    const report = await writeOutput(job.out, files, { spec, ...(draft ? {} : { inputs }), lock: lock! });
    // A draft records no inputs, so the next normal run releases; only a full write is trusted later.
    if (inputs && !draft) await recordWritten(report.manifest);
    // Said once the package is written: a refused or checked run has not named anything.
    if (job.packageName === undefined) settings.warn?.(unnamedWarning(files, job));
    const wrote = `wrote ${report.written} files to ${job.out} from ${job.spec} in ${Math.round(performance.now() - started)} ms${describeWrite(report)}`;
    if (settings.quiet) return 0;
    if (draft)
      out(
        `${wrote}; a draft of ${release.packageName} ${release.previousVersion} (${release.level ?? 'no change'} so far: version and CHANGELOG.md unchanged until a normal run)`,
      );
    else if (settings.oneLine)
      out(
        `${wrote}; ${release.title}${release.changes.length ? `, ${release.changes.length} API change${release.changes.length === 1 ? '' : 's'}` : ''}`,
      );
    else out(`${wrote}\n${release.title}${release.changes.map((c) => `\n${changeLine(c)}`).join('')}`);
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      err(`slbkit-generate: ${error.describe()}\n${settings.lock ? `${job.out} keeps its last good output` : 'nothing was written'}`);
      return 2;
    }
    if (error instanceof OutputError) {
      err(`slbkit-generate: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    if (ownLock) await lock?.release();
  }
}

/**
 * A draft keeps what makes a release: package.json's version, CHANGELOG.md and the API summary
 * the next run compares with, as the folder has them (a file that is not there is left out).
 */
async function keepRelease(folder: string, files: Map<string, string>, version: string): Promise<void> {
  const manifest = JSON.parse(files.get('package.json')!) as Record<string, unknown>;
  files.set('package.json', escapePrinted(`${JSON.stringify({ ...manifest, version }, null, 2)}\n`));
  for (const name of [CHANGELOG_FILE, API_SURFACE_FILE]) {
    const previous = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (previous === undefined) files.delete(name);
    else files.set(name, previous);
  }
}

/** Larger than any spec the loader accepts (load/bounds.ts); such a file is left to the loader to refuse. */
const MAX_HASHED_SPEC_BYTES = 64 * 1024 * 1024;

/**
 * The spec's bytes for the inputs hash, or undefined (then the run generates, and the loader
 * reports what is wrong). Only a regular file is read: a FIFO or a device would block or never end.
 */
async function readSpecBytes(path: string): Promise<Buffer | undefined> {
  try {
    const entry = await stat(path);
    if (!entry.isFile() || entry.size > MAX_HASHED_SPEC_BYTES) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
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
    report.removed.length
      ? `; removed ${report.removed.length} stale file${report.removed.length === 1 ? '' : 's'}: ${list(report.removed)}`
      : '',
    report.handEdited.length
      ? `; overwrote ${report.handEdited.length} generated file${report.handEdited.length === 1 ? '' : 's'} changed by hand: ${list(report.handEdited)}`
      : '',
    report.adopted ? `; adopted a previous output that had no ${MANIFEST_FILE}` : '',
  ].join('');
}

/** The one line said when no name was given: the name the title gave, and where to set one. */
function unnamedWarning(files: ReadonlyMap<string, string>, job: PackageJob): string {
  const { name } = JSON.parse(files.get('package.json') ?? '{}') as { name?: string };
  const where = job.at === 'the command line' ? '--package-name NAME' : `packageName in ${job.at}`;
  return `slbkit-generate: warning: no package name given; named it ${JSON.stringify(name)} from the spec's info.title (set ${where})`;
}
