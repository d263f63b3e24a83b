import { type Change, LEVELS } from './compare.js';

/**
 * CHANGELOG.md of the generated package: a fixed header, then one entry per regeneration that
 * changed something, newest first. Old entries are carried over from the previous output as
 * they are; nothing in an entry depends on the clock (the date is the one the run is given:
 * --release-date, the config's releaseDate or SOURCE_DATE_EPOCH; else none), so regenerating
 * from the same spec, date and previous output gives the same bytes.
 */
export const CHANGELOG_FILE = 'CHANGELOG.md';

export interface Entry {
  version: string;
  previousVersion?: string;
  /** YYYY-MM-DD the run was given (release.ts releaseDateProblem); absent when none was. */
  date?: string;
  specName: string;
  changes: Change[];
  /** A line instead of the change list (first version, API not compared, forced version). */
  note?: string;
}

export function renderEntry(entry: Entry): string {
  const heading = `## ${entry.version}${entry.date ? ` (${entry.date})` : ''}`;
  const from =
    entry.previousVersion === undefined
      ? `Generated from \`${entry.specName}\`.`
      : `Generated from \`${entry.specName}\`; previous version ${entry.previousVersion}.`;
  const lines = [heading, '', from, ''];
  if (entry.note) lines.push(entry.note, '');
  if (entry.changes.length) lines.push(...entry.changes.map(changeLine), '');
  return lines.join('\n');
}

/** One Markdown list item: breaking ones bold, the operation first. Names come from the spec: kept on one line. */
export function changeLine(change: Change): string {
  const level = change.level === 'breaking' ? '**breaking**' : change.level;
  const text = `${change.operation === undefined ? '' : `\`${change.operation}\`: `}${change.text}`;
  return `- ${level}: ${text.replace(/\s*[\r\n]+\s*/g, ' ')}`;
}

export function renderChangelog(packageName: string, newEntry: string | undefined, previous: string | undefined): string {
  const header = [
    `# Changelog of ${packageName}`,
    '',
    'Written by slbkit each time it regenerates this package and something changed. The version',
    'follows semver by the kind of change (below 1.0.0 a breaking change bumps the minor version, any',
    'other the patch); breaking changes come first in each entry.',
    '',
  ].join('\n');
  return [header, newEntry, previousEntries(previous)].filter((part) => part).join('\n');
}

/** The entries of a previous CHANGELOG.md: everything from its first `## ` heading on. */
function previousEntries(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const start = text.search(/^## /m);
  return start < 0 ? undefined : text.slice(start);
}

/** Counts by level, e.g. "breaking: 1, feature: 2, fix: 0". */
export function countByLevel(changes: Change[]): string {
  return LEVELS.map((level) => `${level}: ${changes.filter((c) => c.level === level).length}`).join(', ');
}
