import type { Diagnostics } from 'recheck';
import { pointerToken, SpecError } from '../errors.js';
import { isDataKey, isObject, type Json, type JsonObject, NAME_MAPS } from './refs.js';

/**
 * Every regular expression of the spec (a schema's `pattern`, a `patternProperties` key) runs in
 * three places with a backtracking engine: the client's input validators and its response
 * validators (ajv standalone code, `new RegExp(pattern, "u")`), and the mock (ajv and Prism, in
 * the mock's one process). A pattern that backtracks catastrophically (`^(a+)+$` against
 * `aaaa...a!`) froze the mock for 36 s on a 33-character request, and doubled the client's
 * validation time with each character. So each distinct pattern is checked here, once, when the
 * spec is loaded, and refused with its JSON pointer when it is not a valid JavaScript regular
 * expression with the `u` flag (what ajv compiles; JSON Schema 2020-12 section 6.4: ECMA-262
 * dialect) or when recheck (an automata-theoretic ReDoS checker, with fuzzing where the automaton
 * would be too large) finds input on which matching takes exponential time, or polynomial time of
 * degree 3 or more. Quadratic patterns are accepted: `^.+/.+$` and `.+\.[Jj][Ss][Oo][Nn][Ll]$` are
 * in DigitalOcean's public spec. Their cost grows with the square of the value's length: for
 * `^.+/.+$`, measured on a loaded machine, 0.5 s at 16 KiB (the most node lets a query carry),
 * 9 s at 64 KiB, 31 s at 128 KiB.
 */
export const PATTERN_LIMITS = {
  /** Milliseconds recheck may spend on one pattern; a pattern it cannot settle by then is refused (a real spec's slowest took 4 s on a loaded machine). */
  perPattern: 10_000,
  /** Milliseconds for all of a spec's patterns together, so that many slow patterns cannot add up without bound. */
  total: 60_000,
  /**
   * recheck's `maxRepeatCount`: the sum of a pattern's repeat counts under which it uses the
   * automaton (exact, fast) rather than fuzzing (seconds for a pattern like `^AC[0-9a-f]{32}$`).
   * 100 covers the identifier patterns of public specs; larger counts are fuzzed.
   */
  maxRepeatCount: 100,
  /** The lowest polynomial degree refused. */
  degree: 3,
};

export type PatternLimits = typeof PATTERN_LIMITS;

/** One regular expression of the document and the pointer of its first use. */
export interface SpecPattern {
  source: string;
  at: string;
}

/**
 * The distinct regular expressions of the document, each with the pointer of its first use, in
 * document order. Data (examples, defaults, enums, `x-` extensions) is not walked, and a
 * property named "pattern" (a key of `properties`) is a name, not the keyword.
 */
export function specPatterns(document: JsonObject): SpecPattern[] {
  const found = new Map<string, string>();
  eachPattern(document, (source, at) => {
    if (!found.has(source)) found.set(source, at);
  });
  return [...found].map(([source, at]) => ({ source, at }));
}

/** Every `pattern` value and `patternProperties` key of the document's schemas, in document order, with a way to replace it. */
function eachPattern(document: JsonObject, use: (source: string, at: string, replace: (source: string) => void) => void): void {
  const walk = (node: Json, at: string, inNameMap: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${at}/${i}`, false));
    if (!isObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const childAt = `${at}/${pointerToken(key)}`;
      if (inNameMap) {
        walk(child, childAt, false);
        continue;
      }
      if (isDataKey(key, child)) continue;
      if (key === 'pattern' && typeof child === 'string') {
        use(child, childAt, (source) => (node[key] = source));
        continue;
      }
      if (key === 'patternProperties' && isObject(child)) {
        for (const name of Object.keys(child))
          use(name, `${childAt}/${pointerToken(name)}`, (source) => {
            // Same key order: the schemas print as the spec wrote them.
            const entries = Object.entries(child).map(([k, v]) => [k === name ? source : k, v] as const);
            for (const k of Object.keys(child)) delete child[k];
            for (const [k, v] of entries) child[k] = v;
          });
      }
      walk(child, childAt, NAME_MAPS.has(key));
    }
  };
  walk(document, '#', false);
}

/**
 * A pattern written for JavaScript without the `u` flag (or for another dialect) that escapes a
 * character which needs no escape (`\:`, `\@`, `\-` outside a class, `\"`): without the flag,
 * ECMA-262 Annex B reads it as the character itself (IdentityEscape); with it, ajv's flag, it is
 * a syntax error. Rewritten to the character, which matches exactly the same strings, so the
 * pattern compiles with `u` and is then checked like any other (recheck: a catastrophic one is
 * still refused). Letters and digits stay as written: `\d`, `\w`, `\1` mean something.
 */
export function withoutIdentityEscapes(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      const needed = /[\^$\\.*+?()[\]{}|/]/.test(next) || /[A-Za-z0-9]/.test(next) || (inClass && next === '-') || next === '';
      out += needed ? c + next : next;
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    out += c;
  }
  return out;
}

/** Rewrite each pattern that compiles only without the `u` flag to its `u` form (withoutIdentityEscapes), where that form compiles. */
export function translatePatterns(document: JsonObject): void {
  eachPattern(document, (source, _at, replace) => {
    if (validWithU(source)) return;
    const translated = withoutIdentityEscapes(source);
    if (translated !== source && validWithU(translated)) replace(translated);
  });
}

function validWithU(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Refuse a pattern that is not a valid `u`-flag regular expression or that can backtrack catastrophically (see PATTERN_LIMITS). */
export async function checkPatterns(document: JsonObject, limits: PatternLimits = PATTERN_LIMITS): Promise<void> {
  translatePatterns(document);
  const all = specPatterns(document);
  for (const { source, at } of all) compiles(source, at);
  const patterns = all.filter(({ source }) => !isPlainSequence(source));
  if (patterns.length === 0) return;
  // Loaded only for a pattern with a choice point: recheck is 2.9 MB of JavaScript (Scala.js).
  const { checkSync } = await import('recheck');
  const started = Date.now();
  for (const { source, at } of patterns) {
    const left = limits.total - (Date.now() - started);
    if (left <= 0) {
      throw new SpecError(
        `checking the spec's ${patterns.length} regular expressions took more than ${limits.total / 1000} s; this one was not checked`,
        at,
        'use fewer or simpler patterns',
      );
    }
    const result = withPureBackend(() =>
      checkSync(widenRepeats(source, limits.maxRepeatCount), 'u', {
        timeout: Math.min(limits.perPattern, left),
        maxRepeatCount: limits.maxRepeatCount,
      }),
    );
    refuseIfSlow(source, at, result, limits);
  }
}

/**
 * The pattern recheck is asked about. Past `maxRepeatCount` (the sum of its counted repeats)
 * recheck fuzzes instead of building its automaton, and fuzzing can miss: it called
 * `^[0-9a-f]{101}-(a+)+$` safe, which V8 matches in exponential time. So a pattern over that sum
 * is checked with every counted repeat widened to `+` or `*` (`{101}` -> `+`, `{0,300}` -> `*`,
 * `{0,1}` stays): the same ambiguity at any length, decided by the automaton. This can refuse a
 * pattern whose bound alone keeps it fast, never accept one the widened form refuses.
 */
export function widenRepeats(source: string, maxRepeatCount: number): string {
  const counted = /\{(\d+)(,(\d*))?\}/y;
  let sum = 0;
  const pieces: { at: number; length: number; min: number; max: number }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '{') {
      counted.lastIndex = i;
      const match = counted.exec(source);
      if (!match) continue;
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
      sum += Number.isFinite(max) ? max : min;
      pieces.push({ at: i, length: match[0].length, min, max });
      i += match[0].length - 1;
    }
  }
  if (sum <= maxRepeatCount) return source;
  let out = '';
  let from = 0;
  for (const { at, length, min, max } of pieces) {
    out += source.slice(from, at) + (max <= 1 ? source.slice(at, at + length) : min === 0 ? '*' : '+');
    from = at + length;
  }
  return out + source.slice(from);
}

/**
 * A pattern with no choice to backtrack into: characters, escapes, classes and anchors, each at
 * most repeated an exact number of times (`^\d{4}-\d{2}$`, `^AC[0-9a-f]{32}$`), with no group,
 * alternative or other quantifier. Matching it from one position takes at most its expanded
 * length in steps, so recheck (0.3 s to load, up to a second per such pattern when fuzzing)
 * is not needed. Read on a pattern that compiles with the u flag.
 */
export function isPlainSequence(source: string): boolean {
  let inClass = false;
  let atom = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      // \p{...}, \P{...}, \u{...}: the braces belong to the escape.
      // Any other escape is one atom (no group exists for a backreference to name).
      if (/[pPu]/.test(source[i + 1] ?? '') && source[i + 2] === '{') i = source.indexOf('}', i);
      else i++;
      atom = !inClass;
      continue;
    }
    if (inClass) {
      if (c === ']') (inClass = false), (atom = true);
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '{') {
      const count = /^\{(\d{1,3})\}/.exec(source.slice(i));
      if (!atom || !count) return false;
      i += count[0].length - 1;
      atom = false;
    } else if ('()|?*+'.includes(c))
      return false; // a choice point, or a group a count could repeat
    else atom = c !== '^' && c !== '$';
  }
  return true;
}

function compiles(source: string, at: string): void {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    // V8's message names the pattern and the fault: "Invalid regular expression: /\:/: Invalid escape".
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw new SpecError(
      `the pattern ${JSON.stringify(source)} is not a valid JavaScript regular expression with the u flag (${reason}), as the validators compile it`,
      at,
      'with the u flag a backslash escapes only ^ $ \\ . * + ? ( ) [ ] { } | / (and - inside [...]): write ":" not "\\:", "@" not "\\@"',
    );
  }
}

function refuseIfSlow(source: string, at: string, result: Diagnostics, limits: PatternLimits): void {
  const shown = JSON.stringify(source);
  if (result.status === 'unknown') {
    const why =
      result.error.kind === 'timeout'
        ? `could not be checked within ${limits.perPattern / 1000} s`
        : `could not be checked (${result.error.kind})`;
    throw new SpecError(
      `the pattern ${shown} ${why}, so it may backtrack catastrophically`,
      at,
      'simplify the pattern: fewer alternatives and repeat counts, no quantifier inside a quantified group',
    );
  }
  if (result.status !== 'vulnerable') return;
  const { complexity } = result;
  if (complexity.type === 'polynomial' && complexity.degree < limits.degree) return;
  const cost =
    complexity.type === 'exponential' ? 'exponential time' : `time growing as the input's length to the power ${complexity.degree}`;
  const attack = result.attack.string;
  const example = ` (e.g. on ${JSON.stringify(attack.length > 40 ? `${attack.slice(0, 40)}...` : attack)})`;
  throw new SpecError(
    `the pattern ${shown} can backtrack catastrophically: matching it takes ${cost}${example}, and every validator (client, response, mock) would hang on such input`,
    at,
    'remove the nested or overlapping quantifiers, e.g. "^(a+)+$" -> "^a+$", "^(\\w+\\s?)*$" -> "^[\\w\\s]*$", "(a|aa)+" -> "a+"',
  );
}

/**
 * recheck's synchronous check, in this thread: its default sync backend starts a worker that
 * spawns a native or Java binary; the pure JavaScript one runs here, bounded by `timeout`. It
 * reads the backend from the environment on every call, so the variable is set around the call
 * only.
 */
function withPureBackend<T>(check: () => T): T {
  const before = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  try {
    return check();
  } finally {
    if (before === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = before;
  }
}
