import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, type CorpusSpec, type Expected, PUBLIC, refusalKind, specSize } from '../generator/test/corpus-specs.js';
import { STRICT_CONSUMER_TSCONFIG as CONSUMER_TSCONFIG } from '../generator/test/generated-package.js';
import { type BundleSizes, bundleSizes } from './corpus-bundle.js';
import {
  CONTRACT_TIMEOUT_MS,
  type CorpusResult,
  corpusSection,
  type Outcome,
  oursCell,
  type Sample,
  SECTION,
  writeSection,
} from './corpus-report.js';
import { openapiTypescriptArgs, oursArgs } from './generation.js';
import { firstErrorLine, loadNote, log, machine, NODE, ROOT, type SpawnResult, spawnMeasured, tempDir } from './measure.js';

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
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

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
    // A row may record the tsc error the spec as published causes today (corpus-specs.ts tscError).
    if (tsc && !tsc.ok && !(expected.tscError && tsc.message.includes(expected.tscError)))
      return `generated, but the strict consumer's tsc fails: ${tsc.message}`;
    if (tsc?.ok && expected.tscError) return `the strict consumer's tsc passes now: drop the row's tscError`;
    return '';
  }
  if (ours.outcome !== 'refused')
    return `expected a ${expected.kind} refusal, got ${ours.outcome}${'message' in ours ? `: ${ours.message}` : ''}`;
  if (!ours.message.includes(expected.message) || ours.kind !== expected.kind)
    return `expected a ${expected.kind} refusal with "${expected.message}", got (${ours.kind ?? 'unknown kind'}) ${ours.message}`;
  return '';
}

/**
 * `slbkit contract --spec` against its own mock: the counts and failure names of its JSON summary,
 * one line that holds every failure (a few MB on a large red spec: kept whole, up to 64 MiB).
 */
async function contract(spec: string, cwd: string, contradictions: string[]): Promise<CorpusResult['contract']> {
  const result = await spawnMeasured(NODE, [join(ROOT, 'bin/slbkit.mjs'), 'contract', '--spec', spec, '--json'], {
    cwd,
    keepOutput: 64 * 1024 * 1024,
    timeoutMs: CONTRACT_TIMEOUT_MS,
  });
  if (result.timedOut) return { passed: 0, failed: 0, note: `stopped after ${CONTRACT_TIMEOUT_MS / 1000} s` };
  const text = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const summary = JSON.parse(text) as Record<string, unknown>;
    const count = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : NaN);
    const failed = count('failed');
    // The spec's own contradictions (corpus-specs.ts) are true failures, each reported once by the examples check:
    // the run is "0 false failures" when every failure names one of them and each of them fails (once).
    const names = Array.isArray(summary.failures) ? (summary.failures as { name: string }[]).map((f) => f.name) : [];
    const listed = (name: string) => contradictions.some((c) => name.includes(c));
    const known =
      contradictions.length > 0 &&
      failed === contradictions.length &&
      names.every(listed) &&
      contradictions.every((c) => names.some((name) => name.includes(c)))
        ? `: the spec's ${contradictions.length} known contradictions, 0 false failures`
        : contradictions.length > 0
          ? `: ${names.filter((name) => !listed(name)).length} failures outside the spec's ${contradictions.length} known contradictions`
          : '';
    return { passed: count('passed'), failed, note: `exit ${result.code}${known}` };
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
      if (withContract) contractResult = await contract(file, neutral, spec.contradictions ?? []);
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
