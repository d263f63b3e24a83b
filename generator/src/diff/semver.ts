import type { ChangeLevel } from './compare.js';

/**
 * Semantic Versioning 2.0.0 (semver.org), the part a generated package needs: parse a version
 * and bump it by the kind of change. Below 1.0.0 the API is "initial development" (semver item 4);
 * the convention npm and Cargo follow there is that the minor is the breaking digit, so a breaking
 * change bumps the minor and anything else the patch.
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

// semver.org's recommended regular expression, numbered groups.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseVersion(text: string): Version | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [] };
}

/**
 * The next version after `text` for a change of `level`. A prerelease is released as its own
 * version when that already carries the bump (1.0.0-rc.1 + breaking = 1.0.0), as `npm version` does.
 */
export function bumpVersion(text: string, level: ChangeLevel): string {
  const v = parseVersion(text);
  if (!v) throw new RangeError(`"${text}" is not a semantic version`);
  const digit = level === 'breaking' ? (v.major === 0 ? 'minor' : 'major') : level === 'feature' && v.major > 0 ? 'minor' : 'patch';
  const pre = v.prerelease.length > 0;
  if (digit === 'major') return pre && v.minor === 0 && v.patch === 0 ? `${v.major}.0.0` : `${v.major + 1}.0.0`;
  if (digit === 'minor') return pre && v.patch === 0 ? `${v.major}.${v.minor}.0` : `${v.major}.${v.minor + 1}.0`;
  return pre ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`;
}

/** The highest level among the changes: breaking > feature > fix; undefined for none. */
export function releaseLevel(levels: Iterable<ChangeLevel>): ChangeLevel | undefined {
  let best: ChangeLevel | undefined;
  for (const level of levels) {
    if (level === 'breaking') return level;
    if (level === 'feature' || best === undefined) best = level;
  }
  return best;
}
