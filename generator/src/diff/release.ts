import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { escapePrinted } from '../emit/docs.js';
import { OutputError } from '../output/folder.js';
import { sha256 } from '../output/manifest.js';
import { type PreviousOutputFiles, previousOutputReader } from '../output/previous.js';
import { API_SURFACE_FILE, API_SURFACE_FORMAT, type ApiSurface } from './api-surface.js';
import { CHANGELOG_FILE, changeLine, countByLevel, type Entry, renderChangelog, renderEntry } from './changelog.js';
import { type Change, type ChangeLevel, compareSurfaces } from './compare.js';
import { bumpVersion, parseVersion, releaseLevel } from './semver.js';

/**
 * What a regeneration over a previous output is, as a release: the changes of the public API
 * (classified), the version they call for, the CHANGELOG entry, and the two files that carry
 * them (package.json with the version, CHANGELOG.md). Reads the previous output; writes nothing.
 *
 * "Previous" is the output folder as it is: `generate --check` plans against the same folder,
 * so a folder written by `generate` plans to itself (no change, same version, same CHANGELOG).
 */
export interface ReleasePlan {
  packageName: string;
  /** The previous output's version; undefined when there is no previous output. */
  previousVersion?: string;
  version: string;
  /** The highest level among the changes; undefined when the API and the files are unchanged. */
  level?: ChangeLevel;
  changes: Change[];
  breaking: Change[];
  /** One line: "@slbkit/client 0.1.0 -> 0.2.0 (breaking)". */
  title: string;
  /** Markdown: the title as a heading and the classified change list (a CI job summary, a pull request body). */
  notes: string;
  /** Files to set in the output: package.json with `version`, CHANGELOG.md. */
  files: Map<string, string>;
}

export interface ReleaseOptions {
  specFile: string;
  /** `--package-version`: used as it is, whatever the changes. */
  forcedVersion?: string;
  /** YYYY-MM-DD for a new CHANGELOG entry (`--release-date`, the config, SOURCE_DATE_EPOCH); else the entry has no date. */
  releaseDate?: string;
}

interface Previous {
  version: string;
  surface?: ApiSurface;
  changelog?: string;
  /** What the previous output's manifest recorded, and its reader. */
  files: PreviousOutputFiles;
}

export async function planRelease(outDir: string, files: ReadonlyMap<string, string>, options: ReleaseOptions): Promise<ReleasePlan> {
  const manifest = JSON.parse(files.get('package.json') ?? '{}') as { name?: string; version?: string };
  const surfaceText = files.get(API_SURFACE_FILE);
  if (surfaceText === undefined) throw new Error(`the generator emitted no ${API_SURFACE_FILE}`);
  const packageName = manifest.name ?? 'the package';
  const specName = basename(options.specFile);
  // The emitters' garbage goes before the two summaries are parsed (5 MB of JSON each at 2,000 operations).
  collectGarbage();
  const previous = await readPrevious(outDir, files);
  let changes: Change[] = [];
  let note: string | undefined;
  let version: string;
  if (!previous) {
    version = options.forcedVersion ?? manifest.version ?? '0.1.0';
    note = firstVersionNote(JSON.parse(surfaceText) as ApiSurface);
  } else {
    changes = await classify(files, previous, JSON.parse(surfaceText) as ApiSurface);
    const level = releaseLevel(changes.map((c) => c.level));
    version = options.forcedVersion ?? (level ? nextVersion(outDir, previous.version, level) : previous.version);
    if (!level && version !== previous.version) note = 'Version set by --package-version; the API and the generated files are unchanged.';
  }
  const level = releaseLevel(changes.map((c) => c.level));
  const changed = !previous || level !== undefined || version !== previous.version;
  const entry: Entry | undefined = changed
    ? {
        version,
        ...(previous ? { previousVersion: previous.version } : {}),
        ...(options.releaseDate ? { date: options.releaseDate } : {}),
        specName,
        changes,
        ...(note ? { note } : {}),
      }
    : undefined;
  const out = new Map<string, string>();
  // Printed again here, so escaped again as every generated file is (emit/docs.ts escapePrinted): the
  // description and the change lines carry spec text.
  if (manifest.version !== version) out.set('package.json', escapePrinted(`${JSON.stringify({ ...manifest, version }, null, 2)}\n`));
  if (entry || previous?.changelog !== undefined)
    out.set(CHANGELOG_FILE, escapePrinted(renderChangelog(packageName, entry && renderEntry(entry), previous?.changelog)));
  const kind = level ?? (!previous ? 'first version' : version !== previous.version ? 'version set by --package-version' : 'no change');
  const title = `${packageName} ${previous && previous.version !== version ? `${previous.version} -> ` : ''}${version} (${kind})`;
  const list = changes.length ? changes.map(changeLine).join('\n') : (note ?? 'No change in the public API or the generated files.');
  return {
    packageName,
    ...(previous ? { previousVersion: previous.version } : {}),
    version,
    ...(level ? { level } : {}),
    changes,
    breaking: changes.filter((c) => c.level === 'breaking'),
    title,
    // A job summary and a pull request body: escaped as the files are.
    notes: escapePrinted(`## ${title}\n\nFrom \`${specName}\` (${countByLevel(changes)}).\n\n${list}\n`),
    files: out,
  };
}

/** `--release-notes FILE`: the notes, or an error naming the file (never a raw stack). */
export async function writeReleaseNotes(file: string, plan: ReleasePlan): Promise<void> {
  try {
    await writeFile(file, plan.notes);
  } catch (error) {
    throw new OutputError(
      `cannot write the release notes to ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the --release-notes path`,
    );
  }
}

/**
 * The previous output's version, API summary and changelog; undefined when `outDir` is absent or
 * empty. Only what write.ts trusts as a previous output is read: a folder that is not one (a
 * user's project, whatever its package.json says) is refused there with an OutputError.
 */
async function readPrevious(outDir: string, files: ReadonlyMap<string, string>): Promise<Previous | undefined> {
  const previous = await previousOutputReader(outDir, files);
  if (!previous) return undefined;
  // The folder is a previous output (write.ts proved it), so a package.json without a version was
  // deleted or edited by hand. Planning as if there were none would restart at a first version
  // and drop the CHANGELOG's entries: refused, with the fix.
  let version: unknown;
  try {
    version = (JSON.parse((await previous.read('package.json')) ?? 'null') as { version?: unknown } | null)?.version;
  } catch {
    version = undefined;
  }
  if (typeof version !== 'string') {
    throw new OutputError(
      `${join(outDir, 'package.json')}: the previous output's package.json is missing or has no "version" (changed since slbkit wrote it), so the next version is unknown; restore it from version control, or empty --out to start again at a first version`,
    );
  }
  const surfaceText = await previous.read(API_SURFACE_FILE);
  // A summary edited since slbkit wrote it (its bytes are not what the manifest recorded) is not
  // the previous API: it could hide a breaking change. It is then not compared (see `classify`).
  const recorded = previous.recorded.get(API_SURFACE_FILE);
  const trusted = surfaceText !== undefined && (recorded === null || recorded === sha256(surfaceText));
  let surface: ApiSurface | undefined;
  try {
    const parsed = trusted ? (JSON.parse(surfaceText) as ApiSurface) : undefined;
    surface = parsed?.format === API_SURFACE_FORMAT ? parsed : undefined;
  } catch {
    surface = undefined;
  }
  const changelog = await previous.read(CHANGELOG_FILE);
  return { version, ...(surface ? { surface } : {}), ...(changelog === undefined ? {} : { changelog }), files: previous };
}

/**
 * The API changes, and the generated files that differ other than by version or changelog. Files
 * that differ with no API change are a fix (documentation, or a new slbkit). Without a comparable
 * previous summary (an output of an older slbkit) nothing can be classified: breaking, unless the
 * only difference is the summary itself being added.
 */
async function classify(files: ReadonlyMap<string, string>, previous: Previous, surface: ApiSurface): Promise<Change[]> {
  const changes = previous.surface ? compareSurfaces(previous.surface, surface) : [];
  // The summaries are not needed to read the previous files, the largest of which is 12 MB at 2,000 operations.
  const comparable = previous.surface !== undefined;
  delete previous.surface;
  collectGarbage();
  const differing = await differingFiles(files, previous, comparable ? [] : [API_SURFACE_FILE]);
  if (!comparable) {
    if (differing.length === 0) return [];
    // Change texts go into CHANGELOG.md: no path of this machine (--out as typed) in them.
    return [
      {
        level: 'breaking',
        text: `API not compared: the previous output has no ${API_SURFACE_FILE} of format ${API_SURFACE_FORMAT} as slbkit wrote it (an output of another slbkit version, or the file was edited since), so the change is counted as breaking`,
      },
    ];
  }
  if (changes.length === 0 && differing.length > 0) {
    const shown = differing.slice(0, 5).join(', ');
    changes.push({
      level: 'fix',
      text: `generated code changed without an API change (${differing.length} file${differing.length === 1 ? '' : 's'}: ${shown}${differing.length > 5 ? ', ...' : ''})`,
    });
  }
  return changes;
}

/**
 * Paths whose new text differs from what the previous output was, with package.json compared at
 * the previous version and CHANGELOG.md left out (it carries the release itself). "What it was"
 * is what the manifest recorded, not the disk: a generated file edited by hand (or deleted) since
 * is overwritten (or restored) by this run, and a hand edit is no release. So a run whose new files
 * are the recorded ones keeps the version, whatever was edited. Only an adopted legacy output
 * (nothing recorded) is compared with its bytes on disk. A file the previous output had and the
 * new one has not (stale, deleted by this run) and a new file are differences.
 */
async function differingFiles(files: ReadonlyMap<string, string>, previous: Previous, ignore: string[]): Promise<string[]> {
  const comparable = new Map(files);
  const manifest = JSON.parse(files.get('package.json') ?? '{}') as Record<string, unknown>;
  comparable.set('package.json', `${JSON.stringify({ ...manifest, version: previous.version }, null, 2)}\n`);
  const left = (path: string) => path === CHANGELOG_FILE || ignore.includes(path);
  const differing: string[] = [];
  for (const [path, text] of comparable) {
    if (left(path)) continue;
    const recorded = previous.files.recorded.get(path);
    if (recorded === undefined) differing.push(path);
    else if (recorded === null ? (await previous.files.read(path)) !== text : recorded !== sha256(text)) {
      // package.json is compared at the version read from disk: when that version was set by hand
      // since (`npm version`), the recorded bytes carry the old one, and the disk is the evidence.
      if (path !== 'package.json' || (await previous.files.read(path)) !== text) differing.push(path);
    }
  }
  for (const path of previous.files.recorded.keys()) if (!comparable.has(path) && !left(path)) differing.push(path);
  return differing.sort();
}

/** As the emitters do (emit/gc.ts): when node runs with --expose-gc, collect now. */
function collectGarbage(): void {
  // As in emit/gc.ts: a full collection only when the heap is large enough to pay for it.
  if (getHeapStatistics().used_heap_size > 256 * 1024 * 1024) (globalThis as { gc?: () => void }).gc?.();
}

function nextVersion(outDir: string, previous: string, level: ChangeLevel): string {
  if (!parseVersion(previous)) {
    throw new OutputError(
      `${join(outDir, 'package.json')}: version "${previous}" is not a semantic version, so it cannot be bumped; fix it or pass --package-version`,
    );
  }
  return bumpVersion(previous, level);
}

function firstVersionNote(surface: ApiSurface): string {
  const names = Object.keys(surface.operations ?? {}).sort();
  const shown = names
    .slice(0, 10)
    .map((n) => `\`${n}\``)
    .join(', ');
  return `First version: ${names.length} operation${names.length === 1 ? '' : 's'} (${shown}${names.length > 10 ? ', ...' : ''}).`;
}

/**
 * The date of a new CHANGELOG entry. Never the clock (the same spec and previous output must give
 * the same CHANGELOG, or `generate --check` would always find drift), and never asked of git: the
 * generator starts no process, since a spec's folder may carry a repository whose config runs a
 * command (`core.fsmonitor`) when git looks at it. The caller says the date: `--release-date
 * YYYY-MM-DD`, a config package's `releaseDate`, or SOURCE_DATE_EPOCH (reproducible-builds.org:
 * integer seconds since 1970, UTC); without one the entry has no date.
 *
 * Each returns the date, or the problem as a sentence with the fix.
 */
export function releaseDateProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2025-02-30 over to March: a date is valid when it reads back the same.
    if (year >= 1970 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return undefined;
  }
  return `${JSON.stringify(text)} is not a calendar date YYYY-MM-DD from 1970 on (for example 2024-02-29)`;
}

/** The latest date SOURCE_DATE_EPOCH may give: 9999-12-31, so a date always has four digits of year. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

export function dateFromSourceDateEpoch(value: string): { date: string } | { problem: string } {
  // The spec: "an ASCII representation of an integer with no fractional component", as `date +%s`
  // prints it; a malformed value must stop the build, not be ignored.
  if (!/^\d{1,12}$/.test(value) || Number(value) > MAX_EPOCH_SECONDS) {
    return {
      problem: `SOURCE_DATE_EPOCH=${JSON.stringify(value)} is not whole seconds since 1970-01-01 UTC (as \`date +%s\` or \`git log -1 --format=%ct\` print it); fix it or unset it`,
    };
  }
  return { date: new Date(Number(value) * 1000).toISOString().slice(0, 10) };
}
