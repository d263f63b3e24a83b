import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CORPUS,
  type CorpusSpec,
  type Expected,
  PUBLIC,
  REFUSAL_KINDS,
  type RefusalKind,
  refusalKind,
  specSize,
} from '../generator/test/corpus-specs.js';
import { type BundleSizes, bundleSizes } from './corpus-bundle.js';
import { openapiTypescriptArgs, oursArgs } from './generation.js';
import {
  BENCH_DIR,
  firstErrorLine,
  fmtNumber,
  loadNote,
  log,
  machine,
  markdownTable,
  mib,
  NODE,
  ROOT,
  type SpawnResult,
  spawnMeasured,
  stats,
  tempDir,
  verdict,
} from './measure.js';

/**
 * `npm run corpus` (issue 19, items 1 and 5): every spec of the corpus (generator/test/corpus-specs.ts),
 * one at a time, through
 * - slbkit's generator CLI as `npm run generate` runs it (wall time, peak RSS of the tree);
 * - a strict consumer's tsc over the package it wrote (types: [], skipLibCheck false, in a temp
 *   folder where no @types is reachable: the setup of public-specs.test.ts);
 * - openapi-typescript's CLI on the same file, in the same round (paired time and memory ratios);
 * - `slbkit contract --spec` against its own mock, where generation worked (bounded in time).
 * Then the "Corpus of public specs" section of bench/RESULTS.md (only that section is rewritten)
 * and a check of every outcome against the table: exit 1 when a spec does not do what its row says.
 *
 *   CORPUS_ONLY=github,oai-petstore   only these rows (by name); the section is printed, RESULTS.md left alone
 *   CORPUS_RUNS=N                     measured rounds per spec (default 1; the 13 MB spec takes a minute a round)
 *   CORPUS_CONTRACT=0                 skip the contract suite runs
 *   CORPUS_BUNDLE=0                   skip item 5's bundle measurement (synthetic packages of 1 and 1,000 operations)
 *   CORPUS_JSON=file                  also write the raw results as JSON
 */

const RUN_TIMEOUT_MS = 600_000;
const CONTRACT_TIMEOUT_MS = 180_000;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const SECTION = 'Corpus of public specs';
const START = '<!-- corpus:start (written by npm run corpus, bench/corpus.ts) -->';
const END = '<!-- corpus:end -->';

/** The strict consumer of public-specs.test.ts: no type packages at all, .d.ts checked. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    noEmit: true,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: [],
    typeRoots: [],
    skipLibCheck: false,
  },
  files: ['consumer.ts'],
};

type Outcome =
  | { outcome: 'generated' }
  | { outcome: 'refused'; message: string; kind: RefusalKind | undefined }
  | { outcome: 'crashed'; message: string };

interface Sample {
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

function sample(result: SpawnResult): Sample {
  return { wallMs: result.wallMs, cpuMs: result.cpuMs, maxRssKiB: result.maxRssKiB };
}

/** The one refusal line of `generate --json`: "slbkit-generate: <pointer>: <message> (<fix>)". */
function oursOutcome(result: SpawnResult): Outcome {
  if (result.timedOut) return { outcome: 'crashed', message: `timed out after ${RUN_TIMEOUT_MS / 1000} s` };
  let summary: { exitCode: number; packages: { errors: string[] }[] } | undefined;
  try {
    summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '');
  } catch {
    // a crash prints no summary
  }
  if (summary?.exitCode === 0) return { outcome: 'generated' };
  const error = summary?.packages[0]?.errors[0];
  if (summary?.exitCode === 2 && error) {
    const message = error.split('\n')[0]!.replace(/^slbkit-generate: /, '');
    return { outcome: 'refused', message, kind: refusalKind(message) };
  }
  return { outcome: 'crashed', message: `exit ${result.code}: ${firstErrorLine(result.stderr, result.stdout)}` };
}

/** '' when the outcome is what the row says (or what it says a loaded machine gives), else what differs. */
function judge(spec: CorpusSpec, ours: Outcome, tsc: CorpusResult['tsc']): string {
  const verdict = judgeOne(spec.expected, ours, tsc);
  return verdict && spec.underLoad && !judgeOne(spec.underLoad, ours, tsc) ? '' : verdict;
}

function judgeOne(expected: Expected, ours: Outcome, tsc: CorpusResult['tsc']): string {
  if (expected.outcome === 'generates') {
    if (ours.outcome !== 'generated') return `expected to generate, got ${ours.outcome}: ${'message' in ours ? ours.message : ''}`;
    if (tsc && !tsc.ok) return `generated, but the strict consumer's tsc fails: ${tsc.message}`;
    return '';
  }
  if (ours.outcome !== 'refused')
    return `expected a ${expected.kind} refusal, got ${ours.outcome}${'message' in ours ? `: ${ours.message}` : ''}`;
  if (!ours.message.includes(expected.message) || ours.kind !== expected.kind)
    return `expected a ${expected.kind} refusal with "${expected.message}", got (${ours.kind ?? 'unknown kind'}) ${ours.message}`;
  return '';
}

/** `slbkit contract --spec` against its own mock: the counts of its JSON summary. */
async function contract(spec: string, cwd: string): Promise<CorpusResult['contract']> {
  const result = await spawnMeasured(NODE, [join(ROOT, 'bin/slbkit.mjs'), 'contract', '--spec', spec, '--json'], {
    cwd,
    timeoutMs: CONTRACT_TIMEOUT_MS,
  });
  if (result.timedOut) return { passed: 0, failed: 0, note: `stopped after ${CONTRACT_TIMEOUT_MS / 1000} s` };
  const text = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const summary = JSON.parse(text) as Record<string, unknown>;
    const count = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : NaN);
    return { passed: count('passed'), failed: count('failed'), note: `exit ${result.code}` };
  } catch {
    return { passed: 0, failed: 0, note: `exit ${result.code}: ${firstErrorLine(result.stderr, result.stdout)}` };
  }
}

async function runSpec(spec: CorpusSpec, rounds: number, withContract: boolean): Promise<CorpusResult> {
  const file = join(PUBLIC, spec.file);
  const work = tempDir('corpus');
  // openapi-typescript reads redocly.yaml from its working folder: run it where there is none.
  const neutral = join(work, 'neutral');
  mkdirSync(neutral);
  try {
    const oursSamples: Sample[] = [];
    const otsSamples: Sample[] = [];
    let ours: Outcome = { outcome: 'crashed', message: 'not run' };
    let ots: SpawnResult | undefined;
    for (let round = 0; round < rounds; round++) {
      const out = join(work, 'pkg');
      rmSync(out, { recursive: true, force: true });
      const run = await spawnMeasured(NODE, [...oursArgs(file, out), '--json'], { rss: true, timeoutMs: RUN_TIMEOUT_MS });
      ours = oursOutcome(run);
      oursSamples.push(sample(run));
      ots = await spawnMeasured(NODE, openapiTypescriptArgs(file, join(neutral, 'schema.d.ts')), {
        rss: true,
        timeoutMs: RUN_TIMEOUT_MS,
        cwd: neutral,
      });
      otsSamples.push(sample(ots));
    }
    const otsOk = ots?.code === 0 && existsSync(join(neutral, 'schema.d.ts'));
    const otsMessage = otsOk ? 'reads' : ots?.timedOut ? 'timed out' : firstErrorLine(ots?.stderr ?? '', ots?.stdout ?? '');
    let tsc: CorpusResult['tsc'];
    let contractResult: CorpusResult['contract'];
    if (ours.outcome === 'generated') {
      writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
      // Every declaration of the package is in the program (skipLibCheck false checks them all).
      writeFileSync(join(work, 'consumer.ts'), "import * as api from './pkg/dist/index.js';\nexport type Api = typeof api;\n");
      const run = await spawnMeasured(NODE, [TSC, '-p', join(work, 'tsconfig.json')], { rss: true, cwd: work, timeoutMs: RUN_TIMEOUT_MS });
      const errors = `${run.stdout}${run.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
      tsc = {
        ok: run.code === 0,
        message:
          run.code === 0
            ? 'passes'
            : `${errors.length} errors, first: ${(errors[0] ?? firstErrorLine(run.stderr, run.stdout)).slice(0, 200)}`,
        wallMs: run.wallMs,
        maxRssKiB: run.maxRssKiB,
      };
      if (withContract) contractResult = await contract(file, neutral);
    }
    return {
      name: spec.name,
      file: spec.file,
      bytes: specSize(spec),
      ours,
      oursSamples,
      ...(tsc ? { tsc } : {}),
      otsOk,
      otsMessage,
      otsSamples,
      ...(contractResult ? { contract: contractResult } : {}),
      mismatch: judge(spec, ours, tsc),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const median = (values: (number | undefined)[]) => stats(values.filter((v): v is number => v !== undefined)).median;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

function oursCell(r: CorpusResult): string {
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

async function main(): Promise<number> {
  const only = (process.env.CORPUS_ONLY ?? '').split(',').filter(Boolean);
  const unknown = only.filter((name) => !CORPUS.some((s) => s.name === name));
  if (unknown.length) {
    process.stderr.write(`CORPUS_ONLY: no corpus spec named ${unknown.join(', ')}; names: ${CORPUS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const rounds = Number(process.env.CORPUS_RUNS ?? 1);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`CORPUS_RUNS must be a positive integer, not "${process.env.CORPUS_RUNS}"`);
  const specs = only.length ? CORPUS.filter((s) => only.includes(s.name)) : CORPUS;
  const host = machine();
  const loadBefore = loadNote();
  // The first run builds the generator's esbuild bundle: do it outside the measurements.
  const warm = tempDir('corpus-warm');
  await spawnMeasured(NODE, oursArgs(join(PUBLIC, 'oai-petstore/petstore.yaml'), join(warm, 'out')));
  rmSync(warm, { recursive: true, force: true });
  const results: CorpusResult[] = [];
  for (const spec of specs) {
    const t = performance.now();
    const result = await runSpec(spec, rounds, process.env.CORPUS_CONTRACT !== '0');
    results.push(result);
    log(
      'corpus',
      `${spec.name}: ${oursCell(result).slice(0, 100)}; tsc ${result.tsc?.ok ?? '-'}; ots ${result.otsOk} (${((performance.now() - t) / 1000).toFixed(1)} s)${result.mismatch ? ` MISMATCH ${result.mismatch}` : ''}`,
    );
  }
  const note = `Machine: ${host.nproc} CPUs (${host.cpuModel}), ${host.memoryGiB.toFixed(1)} GiB, node ${host.node}; ${loadBefore} at the start, ${loadNote()} at the end${only.length ? `; only ${only.join(', ')}` : ''}.`;
  let bundles: BundleSizes[] | string = 'not measured (CORPUS_BUNDLE=0)';
  if (process.env.CORPUS_BUNDLE !== '0') {
    try {
      bundles = [await bundleSizes(1), await bundleSizes(1000)];
    } catch (error) {
      bundles = `not measured: ${(error as Error).message}`;
    }
    log('corpus', `bundles: ${JSON.stringify(bundles)}`);
  }
  const section = corpusSection(results, rounds, note, bundles);
  // A partial run would replace the whole corpus's table with a few rows: it prints instead.
  if (only.length) process.stdout.write(`${section}\n`);
  else writeSection(section);
  if (process.env.CORPUS_JSON) writeFileSync(process.env.CORPUS_JSON, JSON.stringify(results, null, 2));
  const mismatches = results.filter((r) => r.mismatch);
  for (const r of mismatches)
    process.stderr.write(`corpus: ${r.name} (${r.file}): ${r.mismatch} (update its row in generator/test/corpus-specs.ts)\n`);
  log(
    'corpus',
    `${only.length ? 'printed (a partial run leaves bench/RESULTS.md alone)' : 'wrote'} the "${SECTION}" section; ${results.length - mismatches.length} of ${results.length} as their rows say`,
  );
  return mismatches.length ? 1 : 0;
}

process.exitCode = await main();
