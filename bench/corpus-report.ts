import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFUSAL_KINDS, type RefusalKind } from '../generator/test/corpus-specs.js';
import type { BundleSizes } from './corpus-bundle.js';
import { BENCH_DIR, fmtNumber, markdownTable, mib, stats, verdict } from './measure.js';

/** The corpus run's results (bench/corpus.ts) as the "Corpus of public specs" section of bench/RESULTS.md. */
export const CONTRACT_TIMEOUT_MS = 180_000;
export const SECTION = 'Corpus of public specs';
const START = '<!-- corpus:start (written by npm run corpus, bench/corpus.ts) -->';
const END = '<!-- corpus:end -->';

export type Outcome =
  | { outcome: 'generated' }
  | { outcome: 'refused'; message: string; kind: RefusalKind | undefined }
  | { outcome: 'crashed'; message: string };

export interface Sample {
  wallMs: number;
  /** User + system CPU of the tree (GNU time): steadier than wall time on a busy machine. */
  cpuMs: number | undefined;
  maxRssKiB: number | undefined;
}

export interface CorpusResult {
  name: string;
  file: string;
  bytes: number;
  ours: Outcome;
  oursSamples: Sample[];
  tsc?: { ok: boolean; message: string; wallMs: number; maxRssKiB: number | undefined };
  otsOk: boolean;
  otsMessage: string;
  otsSamples: Sample[];
  contract?: { passed: number; failed: number; note: string };
  /** Empty when the outcome is what the row says. */
  mismatch: string;
}

export const median = (values: (number | undefined)[]) => stats(values.filter((v): v is number => v !== undefined)).median;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

export function oursCell(r: CorpusResult): string {
  if (r.ours.outcome === 'generated') return 'generated';
  if (r.ours.outcome === 'refused') return `refused (${r.ours.kind ?? 'unlisted'}): ${r.ours.message.slice(0, 160)}`;
  return `crashed: ${r.ours.message}`;
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';
}

/** Issue 19, item 5's targets, as far as this run can judge them. */
function targets(results: CorpusResult[], bundles: BundleSizes[] | string): string[][] {
  const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const who = `${largest.name} (${size(largest.bytes)})`;
  const rows: string[][] = [];
  if (largest.ours.outcome === 'generated' && largest.otsOk) {
    const wall = median(largest.oursSamples.map((s) => s.wallMs)) / median(largest.otsSamples.map((s) => s.wallMs));
    const peak = median(largest.oursSamples.map((s) => s.maxRssKiB));
    rows.push([
      'generation time on the largest corpus spec',
      '<= 2.0x openapi-typescript CLI',
      verdict(wall <= 2, `${wall.toFixed(2)}x on ${who}`),
    ]);
    rows.push(['peak memory on the largest corpus spec', '< 1 GiB', verdict(peak < 1024 * 1024, `${fmtNumber(mib(peak))} MiB on ${who}`)]);
  } else {
    const why = largest.ours.outcome === 'generated' ? 'openapi-typescript fails on it' : `slbkit ${oursCell(largest).slice(0, 120)}`;
    rows.push(['generation time on the largest corpus spec', '<= 2.0x openapi-typescript CLI', verdict(undefined, `${who}: ${why}`)]);
    rows.push(['peak memory on the largest corpus spec', '< 1 GiB', verdict(undefined, `${who}: ${why}`)]);
  }
  const both = results.filter((r) => r.ours.outcome === 'generated' && r.otsOk);
  const biggest = both.reduce<CorpusResult | undefined>((a, b) => (!a || b.bytes > a.bytes ? b : a), undefined);
  if (biggest) {
    const wall = median(biggest.oursSamples.map((s) => s.wallMs)) / median(biggest.otsSamples.map((s) => s.wallMs));
    const peak = median(biggest.oursSamples.map((s) => s.maxRssKiB));
    rows.push([
      'the largest corpus spec that generates (diagnostic, not the target)',
      '<= 2.0x, < 1 GiB',
      `${biggest.name} (${size(biggest.bytes)}): ${wall.toFixed(2)}x, ${fmtNumber(mib(peak))} MiB`,
    ]);
  }
  if (typeof bundles === 'string')
    rows.push(['bundle of an app calling one operation, 1,000 vs 1 operation', '< 2x', verdict(undefined, bundles)]);
  else {
    const [one, many] = bundles;
    const r = many!.startGz / one!.startGz;
    const kB = (bytes: number) => `${fmtNumber(bytes / 1024, 1)} kB`;
    rows.push([
      'bundle of an app calling one operation (esbuild, min+gz, what it loads at start), 1,000-operation package over 1-operation package',
      '< 2x',
      verdict(
        r < 2,
        `${r.toFixed(2)}x: ${kB(many!.startGz)} vs ${kB(one!.startGz)} (every chunk, lazy ones too: ${kB(many!.allGz)} vs ${kB(one!.allGz)})`,
      ),
    ]);
  }
  return rows;
}

export function corpusSection(results: CorpusResult[], rounds: number, note: string, bundles: BundleSizes[] | string): string {
  const generated = results.filter((r) => r.ours.outcome === 'generated');
  const typed = generated.filter((r) => r.tsc?.ok);
  const otsReads = results.filter((r) => r.otsOk).length;
  const kinds = new Map<string, string[]>();
  for (const r of results)
    if (r.ours.outcome === 'refused') kinds.set(r.ours.kind ?? 'unlisted', [...(kinds.get(r.ours.kind ?? 'unlisted') ?? []), r.name]);
  const rows = results.map((r) => {
    const ourMs = median(r.oursSamples.map((s) => s.wallMs));
    const ourKiB = median(r.oursSamples.map((s) => s.maxRssKiB));
    const otsMs = median(r.otsSamples.map((s) => s.wallMs));
    const otsKiB = median(r.otsSamples.map((s) => s.maxRssKiB));
    const ourCpu = median(r.oursSamples.map((s) => s.cpuMs));
    const otsCpu = median(r.otsSamples.map((s) => s.cpuMs));
    // A refusal stops early: its time is the time to refuse, and no ratio to a whole run means anything.
    const compared = r.ours.outcome === 'generated' && r.otsOk;
    return [
      r.name,
      size(r.bytes),
      oursCell(r),
      r.tsc ? (r.tsc.ok ? `passes (${fmtNumber(r.tsc.wallMs / 1000, 1)} s)` : r.tsc.message) : '—',
      r.contract ? `${r.contract.passed} passed, ${r.contract.failed} failed (${r.contract.note})` : '—',
      r.otsOk ? 'reads' : `fails: ${r.otsMessage}`,
      `${fmtNumber(ourMs / 1000, 2)} s / ${fmtNumber(mib(ourKiB))} MiB`,
      `${fmtNumber(otsMs / 1000, 2)} s / ${fmtNumber(mib(otsKiB))} MiB`,
      compared ? `${ratio(ourMs, otsMs)} (CPU ${ratio(ourCpu, otsCpu)})` : '—',
      compared ? ratio(ourKiB, otsKiB) : '—',
    ];
  });
  return [
    START,
    `## ${SECTION}`,
    '',
    `Written by \`npm run corpus\` (bench/corpus.ts) on ${new Date().toISOString()}: each spec of generator/test/corpus-specs.ts (sources and licences in generator/test/fixtures/public/SOURCES.md) through slbkit's generator CLI (\`node --expose-gc generator/bin/generate.mjs\`), a strict consumer's tsc over the package (types: [], skipLibCheck false), \`slbkit contract --spec\` against its mock (at most ${CONTRACT_TIMEOUT_MS / 1000} s), and openapi-typescript 7.13's CLI on the same file in the same round. ${rounds} round(s) per spec; times are wall time from spawn to exit, memory the peak RSS of the process tree; ratios are slbkit over openapi-typescript (CPU: user + system time of the tree, steadier than wall time on a busy machine), given only where both tools read the spec: a refusal stops early, so its time is the time to refuse. ${note}`,
    '',
    `**${generated.length} of ${results.length} generate (${typed.length} type-check for the strict consumer); openapi-typescript reads ${otsReads} of ${results.length}.**`,
    '',
    "Issue 19, item 5's targets (a spec slbkit refuses cannot be measured: the row says so):",
    '',
    markdownTable(['target', 'goal', 'verdict'], targets(results, bundles)),
    '',
    markdownTable(
      [
        'spec',
        'size',
        'slbkit',
        'strict tsc',
        'contract vs mock',
        'openapi-typescript',
        'slbkit time / peak',
        'openapi-typescript time / peak',
        'time ratio',
        'memory ratio',
      ],
      rows,
    ),
    '',
    'Refusals by kind (the first refusal of each spec; issue 19 lists the first twelve kinds):',
    '',
    markdownTable(
      ['kind', 'specs it stops', 'which', 'what turns it into support'],
      [...kinds.entries()]
        .sort((a, b) => b[1].length - a[1].length)
        .map(([kind, names]) => [
          kind,
          String(names.length),
          names.join(', '),
          REFUSAL_KINDS[kind as RefusalKind]?.item ?? 'no row of REFUSAL_KINDS',
        ]),
    ),
    END,
  ].join('\n');
}

/** Rewrites only the corpus section of RESULTS.md (other parts of the bench own the rest); appended when absent. */
export function writeSection(section: string): void {
  const path = join(BENCH_DIR, 'RESULTS.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
