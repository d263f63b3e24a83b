import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_TYPESCRIPT, openapiTypescriptArgs, oursArgs, runStages } from './generation.js';
import {
  countFiles,
  firstErrorLine,
  fmtNumber,
  fmtRatio,
  fmtStats,
  loadNote,
  log,
  markdownTable,
  mib,
  NODE,
  type PartReport,
  pairedRatios,
  type SpawnResult,
  spawnMeasured,
  stats,
  tempDir,
} from './measure.js';
import { profileMarkdown } from './profile.js';
import { writeSyntheticSpec } from './synthetic-spec.js';

/**
 * Part 2: scale. Synthetic RPC-style specs (bench/synthetic-spec.ts) of growing size; our
 * generator and openapi-typescript on each, wall time and peak RSS. Each tool warms up once
 * (on the smallest spec); then, size by size, rounds alternate ours and openapi-typescript.
 * A size where our generator fails or times out ends our series (larger sizes would too).
 */

/** BENCH_SCALE_SIZES=10,100 for a quick development run; the targets need 500 and 2000. */
export const SIZES = process.env.BENCH_SCALE_SIZES ? process.env.BENCH_SCALE_SIZES.split(',').map(Number) : [10, 100, 500, 1000, 2000];
const RUN_TIMEOUT_MS = 180_000;

interface Sample {
  wallMs: number;
  rssMiB: number;
  cpuMs: number;
}

function ok(result: SpawnResult): boolean {
  return result.code === 0 && !result.timedOut;
}

function sample(result: SpawnResult): Sample {
  return { wallMs: result.wallMs, rssMiB: result.maxRssKiB === undefined ? NaN : mib(result.maxRssKiB), cpuMs: result.cpuMs ?? NaN };
}

function failure(result: SpawnResult): string {
  return result.timedOut
    ? `timed out after ${RUN_TIMEOUT_MS / 1000} s`
    : `exit ${result.code}: ${firstErrorLine(result.stderr, result.stdout)}`;
}

export async function scalePart(runs: number): Promise<PartReport> {
  const work = tempDir('scale');
  const neutral = tempDir('cwd');
  const specs = new Map(SIZES.map((n) => [n, writeSyntheticSpec(n, join(work, `spec-${n}.yaml`))]));
  const ours = new Map<number, Sample[]>();
  const theirs = new Map<number, Sample[]>();
  const notes = new Map<number, string>();
  let oursBroken: string | undefined;
  let run = 0;
  const runOurs = async (n: number): Promise<SpawnResult> => {
    const out = join(work, `out-${n}-${run++}`);
    const result = await spawnMeasured(NODE, oursArgs(specs.get(n)!, out), { rss: true, timeoutMs: RUN_TIMEOUT_MS });
    // Success means exit 0 and a package on disk, not only a quiet exit.
    if (ok(result) && !existsSync(join(out, 'dist', 'index.js'))) {
      result.code = -1;
      result.stderr = `exit 0 but ${out}/dist/index.js is missing (${countFiles(out)} files written)`;
    }
    if (ok(result))
      notes.set(n, `${countFiles(out)} files, src/validators.js ${fmtNumber(statSync(join(out, 'src', 'validators.js')).size / 1024)} kB`);
    rmSync(out, { recursive: true, force: true });
    return result;
  };
  const runTheirs = async (n: number): Promise<SpawnResult> => {
    const out = join(work, `ot-${n}.d.ts`);
    const result = await spawnMeasured(NODE, openapiTypescriptArgs(specs.get(n)!, out), {
      rss: true,
      timeoutMs: RUN_TIMEOUT_MS,
      cwd: neutral,
    });
    rmSync(out, { force: true });
    return result;
  };

  const loadBefore = loadNote();
  log('scale', `warm-up on ${SIZES[0]} operations`);
  await runOurs(SIZES[0]!);
  await runTheirs(SIZES[0]!);
  const theirFailures = new Map<number, string>();
  for (const n of SIZES) {
    ours.set(n, []);
    theirs.set(n, []);
    for (let i = 0; i < runs; i++) {
      if (!oursBroken) {
        const result = await runOurs(n);
        if (ok(result)) ours.get(n)!.push(sample(result));
        else
          oursBroken = `at ${n} operations: ${failure(result)} (peak RSS ${result.maxRssKiB ? fmtNumber(mib(result.maxRssKiB)) : '?'} MiB, after ${fmtNumber(result.wallMs)} ms)`;
      }
      const result = await runTheirs(n);
      if (ok(result)) theirs.get(n)!.push(sample(result));
      else theirFailures.set(n, failure(result));
    }
    log(
      'scale',
      `${n} operations: ours ${fmtStats(stats(ours.get(n)!.map((s) => s.wallMs)))} ms, openapi-typescript ${fmtStats(stats(theirs.get(n)!.map((s) => s.wallMs)))} ms`,
    );
  }
  const loadAfter = loadNote();

  const largest = SIZES[SIZES.length - 1]!;
  const wall = (m: Map<number, Sample[]>, n: number) => (m.get(n) ?? []).map((s) => s.wallMs);
  const rows = SIZES.map((n) => {
    const o = ours.get(n)!;
    const t = theirs.get(n)!;
    return [
      String(n),
      o.length ? fmtStats(stats(o.map((s) => s.wallMs))) : 'failed',
      o.length ? fmtStats(stats(o.map((s) => s.cpuMs))) : '',
      o.length ? fmtStats(stats(o.map((s) => s.rssMiB))) : '',
      t.length ? fmtStats(stats(t.map((s) => s.wallMs))) : `failed: ${theirFailures.get(n) ?? ''}`,
      t.length ? fmtStats(stats(t.map((s) => s.cpuMs))) : '',
      t.length ? fmtStats(stats(t.map((s) => s.rssMiB))) : '',
      fmtRatio(pairedRatios(wall(ours, n), wall(theirs, n))),
      notes.get(n) ?? '',
    ];
  });
  const growthOurs = pairedRatios(wall(ours, 2000), wall(ours, 500));
  const growthTheirs = pairedRatios(wall(theirs, 2000), wall(theirs, 500));
  const at2000 = pairedRatios(wall(ours, 2000), wall(theirs, 2000));
  const peakOurs = Math.max(...[...ours.values()].flat().map((s) => s.rssMiB));

  let diagnostics = '';
  const diagSize = ours.get(largest)!.length ? largest : [...SIZES].reverse().find((n) => ours.get(n)!.length);
  if (diagSize !== undefined) {
    log('scale', `where the time goes at ${diagSize} operations: stages under the CPU profiler (1 run)`);
    const stages = await runStages(specs.get(diagSize)!, RUN_TIMEOUT_MS * 2, { profile: true });
    const stageRows = stages.ok
      ? markdownTable(
          ['stage (one fresh process, in order; 1 run)', 'ms', 'peak RSS so far, MiB'],
          stages.times.map(([name, ms, peak]) => [name, fmtNumber(ms), fmtNumber(peak)]),
        )
      : `_Stage breakdown unavailable: ${stages.error}_`;
    const bytes = stages.bytes
      ? markdownTable(
          ['generated file', 'kB', 'bytes per operation'],
          Object.entries(stages.bytes).map(([file, b]) => [file, fmtNumber(b / 1024), fmtNumber(b / diagSize)]),
        )
      : '';
    const inProcessOpenapiTs = stages.times.find(([name]) => name.includes('openapi-typescript') && name.startsWith('emit'))?.[1];
    const theirMedian = stats(wall(theirs, diagSize)).median;
    diagnostics = [
      `### Where our time goes at ${diagSize} operations (diagnostic, 1 run each)`,
      inProcessOpenapiTs !== undefined && Number.isFinite(theirMedian)
        ? `openapi-typescript's own work inside ours (the schema.ts stage below, profiled) takes ${fmtNumber(inProcessOpenapiTs)} ms, ${(inProcessOpenapiTs / theirMedian).toFixed(2)}x the whole openapi-typescript CLI run at this size (${fmtNumber(theirMedian)} ms): everything else we do has to fit in the rest for ours <= 1.0x.`
        : '',
      `Stages in one fresh \`node --cpu-prof --import tsx\` process (bench/stages.ts; times include the profiler's overhead; peak RSS of that process ${stages.maxRssMiB ? fmtNumber(stages.maxRssMiB) : '?'} MiB):`,
      stageRows,
      bytes ? `Size of what it generates:\n\n${bytes}` : '',
      `The same run's CPU profile, self time by module:`,
      stages.profile ? profileMarkdown(stages.profile) : '_no profile_',
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  rmSync(work, { recursive: true, force: true });
  rmSync(neutral, { recursive: true, force: true });

  const body = [
    `Specs from bench/synthetic-spec.ts: N paths \`/{Action}\`, each a GET with a one-value \`Action\` query parameter, shared component parameters, a JSON \`content\` parameter whose schema is a shared component, and \`$ref\` responses; one resource schema per 5 operations, in reference chains 4 deep. ` +
      `Our generator treats non-\`/\` paths as HTTP style, fine for scale. Wall ms and peak RSS MiB, median (min–max) of ${runs} runs; each tool warmed up once on the ${SIZES[0]}-operation spec; ours and openapi-typescript alternate run by run. Before: ${loadBefore}; after: ${loadAfter}.`,
    markdownTable(
      [
        'operations',
        'ours wall ms',
        'ours CPU ms',
        'ours peak RSS MiB',
        `${OPENAPI_TYPESCRIPT} wall ms`,
        'its CPU ms',
        'its peak RSS MiB',
        'ours / theirs (wall, paired)',
        'our output',
      ],
      rows,
    ),
    oursBroken
      ? `**Our generator failed ${oursBroken}**; larger sizes were not attempted.`
      : `Our generator exited 0 and wrote a package (dist/index.js present) at every size.`,
    `Growth t(2000)/t(500): ours ${fmtRatio(growthOurs)}, openapi-typescript ${fmtRatio(growthTheirs)} (linear would be 4.0).`,
    diagnostics,
  ].join('\n\n');
  return {
    part: 'scale',
    title: '2. Scale (synthetic RPC-style specs)',
    body,
    targets: [
      {
        name: 'scale: ours t(2000)/t(500)',
        target: '< 4.5',
        measured: fmtRatio(growthOurs),
        met: growthOurs.n ? growthOurs.median < 4.5 : undefined,
      },
      {
        name: 'scale: ours / openapi-typescript at 2000 operations',
        target: '<= 2.0x',
        measured: `${fmtRatio(at2000)}; ours ${fmtNumber(stats(wall(ours, 2000)).median)} ms vs ${fmtNumber(stats(wall(theirs, 2000)).median)} ms`,
        met: at2000.n ? at2000.median <= 2 : undefined,
      },
      {
        name: 'scale: our peak RSS (largest of all runs)',
        target: '< 500 MiB',
        measured: Number.isFinite(peakOurs) ? `${fmtNumber(peakOurs)} MiB` : 'n/a',
        met: Number.isFinite(peakOurs) ? peakOurs < 500 : undefined,
      },
    ],
  };
}
