/**
 * "Did you mean": the name nearest to what was typed, for unknown flags, commands and config
 * keys (issue 21: the habit of git, npm and cargo). Nearest by Levenshtein distance, and only
 * within a third of the name's length (at least 2 edits), so a flag that resembles nothing gets
 * no guess. One name that starts the other (`outDir` for `out`, `pack` for `packages`) counts
 * as one edit.
 */
export function closest(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(typed.length / 3)) + 1;
  const t = typed.toLowerCase();
  for (const name of names) {
    const n = name.toLowerCase();
    const prefix = Math.min(t.length, n.length) >= 3 && (t.startsWith(n) || n.startsWith(t));
    const d = prefix ? 1 : distance(t, n);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** ` (did you mean --spec?)` after node's parseArgs message for an unknown option, else ''. */
export function flagHint(message: string, flags: readonly string[]): string {
  const typed = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (!typed) return '';
  const guess = closest(typed.replace(/^-+/, ''), flags);
  return guess ? ` (did you mean --${guess}?)` : '';
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
