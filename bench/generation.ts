import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  countFiles,
  firstErrorLine,
  fmtNumber,
  fmtRatio,
  fmtStats,
  interleaved,
  loadNote,
  log,
  markdownTable,
  mib,
  NODE,
  type PartReport,
  pairedRatios,
  ROOT,
  SPEC,
  type SpawnResult,
  type Stats,
  spawnMeasured,
  stats,
  TSX_CLI,
  tempDir,
} from './measure.js';
import { type ProfileSummary, profileGenerate, profileMarkdown, profileNode } from './profile.js';

/**
 * Part 1: generation, whole process. Each tool is spawned on spec/slb-2014-05-15.yaml and timed
 * from spawn to exit; rounds are interleaved and the ratio to openapi-typescript is taken pair
 * by pair within each round.
 */

const RUN_TIMEOUT_MS = 120_000;

interface Subject {
  name: string;
  /** One folder for every round, kept between them (the up-to-date run works on its own previous output). */
  sameOutput?: boolean;
  command: string;
  /** Diagnostic rows explain the target row; they are not a target themselves. */
  diagnostic?: boolean;
  args: (outDir: string) => string[];
  /** Where the output lands, to check something was written. */
  output: (outDir: string) => string;
  /**
   * Peers run in an empty temp folder: openapi-typescript, orval and hey-api read config files
   * from the working directory, and this repo's redocly.yaml (examples must validate: error)
   * makes openapi-typescript refuse our spec. Ours runs in the repo, as `npm run generate` does.
   */
  cwd?: string;
}

const bin = (pkg: string, path: string) => join(ROOT, 'node_modules', pkg, path);

export const OURS = 'ours (`node --expose-gc generator/bin/generate.mjs`, what `npm run generate` runs)';
export const OPENAPI_TYPESCRIPT = 'openapi-typescript 7.13 CLI';
export const OURS_UP_TO_DATE =
  'ours, up to date (the same command again over its own output: the recorded inputs match, nothing is generated)';

/** Our generator as `npm run generate` runs it: the esbuild bundle of generator/src (built once, on the warm-up). */
export function oursArgs(spec: string, out: string): string[] {
  return ['--expose-gc', join(ROOT, 'generator/bin/generate.mjs'), '--spec', spec, '--out', out];
}

export function openapiTypescriptArgs(spec: string, outFile: string): string[] {
  return [bin('openapi-typescript', 'bin/cli.js'), spec, '-o', outFile];
}

function status(result: SpawnResult, written: number): string {
  if (result.timedOut) return `timed out after ${RUN_TIMEOUT_MS / 1000} s`;
  if (result.code !== 0) return `crashed (exit ${result.code}): ${firstErrorLine(result.stderr, result.stdout)}`;
  return written > 0 ? `ok, ${written} files` : 'exit 0 but nothing written';
}

/**
 * Cold import costs in one fresh plain `node` per run, in the order our generator needs them;
 * each figure is what that import adds to what is already loaded.
 */
const IMPORT_ORDER: [string, string][] = [
  ['typescript', 'typescript 5.9 (openapi-typescript needs it)'],
  ['openapi-typescript', 'openapi-typescript, after typescript (adds @redocly/openapi-core)'],
  ['ts-morph', 'ts-morph, after both (adds its own bundled TypeScript copy)'],
  ['ajv/dist/2020.js', 'ajv/dist/2020.js'],
  ['js-yaml', 'js-yaml'],
];

async function importCosts(): Promise<number[] | undefined> {
  const code = `const out = []; for (const m of ${JSON.stringify(IMPORT_ORDER.map(([m]) => m))}) { const t = performance.now(); await import(m); out.push(performance.now() - t); } process.stdout.write(JSON.stringify(out));`;
  const result = await spawnMeasured(NODE, ['--input-type=module', '-e', code], { timeoutMs: 60_000 });
  return result.code === 0 ? (JSON.parse(result.stdout) as number[]) : undefined;
}

export interface StageResult {
  ok: boolean;
  /** [stage, ms, peak RSS of the process so far, MiB] */
  times: [string, number, number][];
  bytes?: Record<string, number>;
  maxRssMiB?: number;
  error?: string;
}

/**
 * Our generator's stages in one fresh process (bench/stages.ts); with `profile`, the same run
 * under `--cpu-prof` also gives self time by module (stage times then include the profiler's
 * overhead).
 */
export async function runStages(
  spec: string,
  timeoutMs: number,
  { profile = false, warm = false } = {},
): Promise<StageResult & { profile?: ProfileSummary }> {
  const dir = tempDir('stages');
  try {
    const args = ['--import', 'tsx', join(ROOT, 'bench/stages.ts'), '--spec', spec, '--out', join(dir, 'out'), ...(warm ? ['--warm'] : [])];
    const { result, summary } = profile
      ? await profileNode(args, timeoutMs)
      : { result: await spawnMeasured(NODE, args, { timeoutMs }), summary: undefined };
    const line = result.stdout.trim().split('\n').pop() ?? '';
    let parsed: StageResult;
    try {
      parsed = JSON.parse(line) as StageResult;
    } catch {
      parsed = { ok: false, times: [], error: result.timedOut ? 'timed out' : firstErrorLine(result.stderr, result.stdout) };
    }
    return { ...parsed, ...(summary ? { profile: summary } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function stagesTable(samples: StageResult[]): string {
  const good = samples.filter((s) => s.ok);
  if (!good.length) return `_Stage breakdown unavailable: ${samples[0]?.error ?? 'no run'}_`;
  const names = good[0]!.times.map(([n]) => n);
  const column = (name: string, i: 1 | 2) => stats(good.map((s) => s.times.find(([n]) => n === name)?.[i] ?? NaN));
  return markdownTable(
    ['stage (in one fresh process, in order)', 'ms', 'peak RSS so far, MiB'],
    names.map((name) => [name, fmtStats(column(name, 1)), fmtStats(column(name, 2))]),
  );
}

export async function generationPart(runs: number): Promise<PartReport> {
  const work = tempDir('generation');
  const neutral = tempDir('cwd');
  const subjects: Subject[] = [
    { name: OURS, command: NODE, args: (out) => oursArgs(SPEC, out), output: (out) => out },
    { name: OURS_UP_TO_DATE, command: NODE, sameOutput: true, args: (out) => oursArgs(SPEC, out), output: (out) => out },
    {
      name: 'ours from the TypeScript sources through the tsx loader (as the tests run it)',
      command: NODE,
      diagnostic: true,
      args: (out) => ['--import', 'tsx', join(ROOT, 'generator/src/cli.ts'), '--spec', SPEC, '--out', out],
      output: (out) => out,
    },
    { name: OPENAPI_TYPESCRIPT, command: NODE, args: (out) => openapiTypescriptArgs(SPEC, join(out, 'schema.d.ts')), output: (out) => out },
    {
      name: 'openapi-typescript-codegen 0.31',
      command: NODE,
      args: (out) => [bin('openapi-typescript-codegen', 'bin/index.js'), '--input', SPEC, '--output', out, '--client', 'fetch'],
      output: (out) => out,
    },
    {
      name: '@hey-api/openapi-ts 0.79.2',
      command: NODE,
      args: (out) => [bin('@hey-api/openapi-ts', 'bin/index.cjs'), '-i', SPEC, '-o', out],
      output: (out) => out,
    },
    {
      name: 'orval 7.9.0',
      command: NODE,
      args: (out) => [bin('orval', 'dist/bin/orval.js'), '--input', SPEC, '--output', join(out, 'api.ts')],
      output: (out) => out,
    },
  ];
  const outcomes = new Map<string, string>();
  log('generation', `${subjects.length} commands, 1 warm-up + ${runs} interleaved rounds`);
  const loadBefore = loadNote();
  const samples = await interleaved(
    subjects.map((subject, i) => ({
      name: subject.name,
      run: async (round: number) => {
        // The up-to-date subject writes its folder on the warm-up round and finds it up to date after.
        const out = join(work, subject.sameOutput ? `s${i}` : `s${i}-r${round}`);
        // Peers write into an existing folder; ours must get a fresh one (it swaps it in).
        if (!subject.name.startsWith('ours')) mkdirSync(out, { recursive: true });
        const result = await spawnMeasured(subject.command, subject.args(out), {
          rss: true,
          timeoutMs: RUN_TIMEOUT_MS,
          cwd: subject.name.startsWith('ours') ? ROOT : neutral,
        });
        const written = countFiles(subject.output(out));
        outcomes.set(
          subject.name,
          subject.sameOutput && round > 0 && !/is up to date/.test(result.stdout)
            ? `not skipped: ${firstErrorLine(result.stderr, result.stdout)}`
            : status(result, written),
        );
        if (!subject.sameOutput) rmSync(out, { recursive: true, force: true });
        return result;
      },
    })),
    runs,
    (line) => log('generation', line),
  );
  const wall = (name: string) => samples.get(name)!.map((r) => r.wallMs);
  const cpu = (name: string) => samples.get(name)!.map((r) => r.cpuMs ?? NaN);
  const reference = wall(OPENAPI_TYPESCRIPT);
  const rows = subjects.map((s) => {
    const results = samples.get(s.name)!;
    const ok = results.every((r) => r.code === 0 && !r.timedOut);
    const rss = results
      .map((r) => r.maxRssKiB)
      .filter((v): v is number => v !== undefined)
      .map(mib);
    return [
      s.diagnostic ? `${s.name} _(diagnostic)_` : s.name,
      fmtStats(stats(wall(s.name))),
      fmtStats(stats(cpu(s.name))),
      rss.length ? fmtStats(stats(rss)) : 'n/a',
      fmtRatio(pairedRatios(wall(s.name), reference)),
      fmtRatio(pairedRatios(cpu(s.name), cpu(OPENAPI_TYPESCRIPT))),
      ok ? outcomes.get(s.name)! : `${outcomes.get(s.name)!} (${results.filter((r) => r.code !== 0).length}/${results.length} runs failed)`,
    ];
  });
  const ratio: Stats = pairedRatios(wall(OURS), reference);
  const upToDateRatio: Stats = pairedRatios(wall(OURS_UP_TO_DATE), reference);
  log('generation', '--watch: save to regeneration line');
  const watchRun = await watchRegenerations(work, runs);
  const watchRatio = stats(watchRun.ms).n ? stats(watchRun.ms.map((ms) => ms / stats(reference).median)) : stats([]);
  const loadAfter = loadNote();
  const referenceMedian = stats(reference).median;
  // Once, for the record: openapi-typescript started in the repo (it then reads ./redocly.yaml).
  const inRepo = await spawnMeasured(NODE, openapiTypescriptArgs(SPEC, join(work, 'in-repo.d.ts')), { timeoutMs: RUN_TIMEOUT_MS });
  const inRepoNote =
    inRepo.code === 0
      ? 'openapi-typescript started in the repo folder (reading ./redocly.yaml) also succeeds.'
      : `**Note:** started in the repo folder, openapi-typescript reads ./redocly.yaml (\`no-invalid-media-type-examples: error\`) and refuses the spec (exit ${inRepo.code}): \`${firstErrorLine(inRepo.stderr, inRepo.stdout)}\`. The peers above therefore run in an empty temp folder.`;

  log('generation', 'where the time goes: start-ups and cold imports');
  const empty = join(work, 'empty.ts');
  writeFileSync(empty, 'export {};\n');
  const startups: [string, string[]][] = [
    ['node start-up (`node -e 0`)', ['-e', '0']],
    ['node with the tsx loader (`node --import tsx -e 0`)', ['--import', 'tsx', '-e', '0']],
    ['tsx CLI on an empty .ts file (starts a second node)', [TSX_CLI, empty]],
  ];
  const importRows: string[][] = [];
  const startupSamples: number[][] = [];
  for (const [label, args] of startups) {
    const values: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const r = await spawnMeasured(NODE, args, { timeoutMs: 30_000 });
      if (i > 0) values.push(r.wallMs);
    }
    startupSamples.push(values);
    importRows.push([`${label}, whole process`, fmtStats(stats(values))]);
  }
  const importSamples: number[][] = [];
  for (let i = 0; i <= runs; i++) {
    const costs = await importCosts();
    if (i > 0 && costs) importSamples.push(costs);
  }
  IMPORT_ORDER.forEach(([, label], i) => importRows.push([`import ${label}`, fmtStats(stats(importSamples.map((c) => c[i]!)))]));
  const importTotal = stats(importSamples.map((c) => c.reduce((a, b) => a + b, 0)));
  importRows.push(['all five imports, total', fmtStats(importTotal)]);

  log('generation', 'where the time goes: stages');
  const stageSamples: StageResult[] = [];
  for (let i = 0; i <= runs; i++) {
    const s = await runStages(SPEC, RUN_TIMEOUT_MS, { warm: true });
    if (i > 0) stageSamples.push(s);
  }
  log('generation', 'where the time goes: cpu profile');
  const profile = await profileGenerate(SPEC, RUN_TIMEOUT_MS);
  rmSync(work, { recursive: true, force: true });
  rmSync(neutral, { recursive: true, force: true });

  const body = [
    `Spec: \`spec/slb-2014-05-15.yaml\`. Wall time from spawn to exit, ms; peak RSS of the largest process of the tree, MiB. ` +
      `Median (min–max) of ${runs} interleaved rounds after a warm-up round; the ratio is each run over openapi-typescript's run of the same round. Before: ${loadBefore}; after: ${loadAfter}.`,
    markdownTable(
      ['command', 'wall ms', 'CPU ms (user+sys)', 'peak RSS MiB', 'wall ratio to openapi-typescript', 'CPU ratio', 'outcome'],
      rows,
    ),
    inRepoNote,
    `**--watch regeneration** (bench/generation.ts \`watchRegenerations\`): one \`generate --watch\` process on a copy of the spec; each of ${runs} saves alternates an operation summary, timed from the write to the line the regeneration prints (the debounce of 100 ms included). ` +
      `Save to line: ${watchRun.ms.length ? `${fmtStats(stats(watchRun.ms))} ms; over openapi-typescript's median whole run (${fmtNumber(stats(reference).median)} ms): ${fmtRatio(watchRatio)}` : `failed: ${watchRun.error}`}.`,
    `### Where our time goes (SLB spec)`,
    `Start-ups (whole process, wall ms) and cold imports in one fresh plain \`node\` per run, in the order a generator would need them unbundled (each figure is what that import adds; ms). openapi-typescript and ts-morph each bring a full TypeScript compiler (\`typescript\` and ts-morph's bundled copy are two different files); our bundle (generator/bin/generate.mjs) loads only ts-morph's, by require() and from a V8 code cache, and openapi-typescript on top of it, so these figures are what it avoids, not what it pays.`,
    markdownTable(['what', 'ms'], importRows),
    `Floor of any generator that imports these five in plain node, before reading the spec: node start-up + imports ≈ ${fmtNumber(stats(startupSamples[0]!).median + importTotal.median)} ms, ` +
      `${((stats(startupSamples[0]!).median + importTotal.median) / referenceMedian).toFixed(2)}x openapi-typescript's whole run (${fmtNumber(referenceMedian)} ms); the target 0.75x is ${fmtNumber(0.75 * referenceMedian)} ms.`,
    `Stages of one generation in a fresh \`node --import tsx\` process (bench/stages.ts), ${runs} runs:`,
    stagesTable(stageSamples),
    `CPU profile of one run (\`node --cpu-prof --import tsx generator/src/cli.ts\`), self time by module:`,
    profileMarkdown(profile),
  ].join('\n\n');
  return {
    part: 'generation',
    title: '1. Generation, whole process',
    body,
    targets: [
      {
        name: 'generation: ours / openapi-typescript CLI (cold process, fresh output folder)',
        target: '<= 1.0x',
        measured: `${fmtRatio(ratio)}; ours ${fmtNumber(stats(wall(OURS)).median)} ms vs ${fmtNumber(stats(reference).median)} ms`,
        met: ratio.n ? ratio.median <= 1 : undefined,
      },
      {
        name: 'generation: ours up to date / openapi-typescript CLI',
        target: '<= 0.3x',
        measured: `${fmtRatio(upToDateRatio)}; ours ${fmtNumber(stats(wall(OURS_UP_TO_DATE)).median)} ms`,
        met: upToDateRatio.n ? upToDateRatio.median <= 0.3 : undefined,
      },
      {
        name: 'generation: --watch save-to-line / openapi-typescript CLI',
        target: '<= 0.3x',
        measured: watchRun.ms.length ? `${fmtRatio(watchRatio)}; ${fmtNumber(stats(watchRun.ms).median)} ms` : `failed: ${watchRun.error}`,
        met: watchRatio.n ? watchRatio.median <= 0.3 : undefined,
      },
    ],
  };
}

/**
 * `generate --watch` as a user runs it: one process on a copy of the bundled spec; each save
 * (one warm-up, then `runs`) changes an operation summary back and forth and is timed from the
 * write to the "wrote" line. Bounded: 120 s to start, 30 s per save; the child is always killed.
 */
async function watchRegenerations(work: string, runs: number): Promise<{ ms: number[]; error?: string }> {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const dir = join(work, 'watch');
  mkdirSync(dir, { recursive: true });
  const spec = join(dir, 'slb-2014-05-15.yaml');
  const text = readFileSync(SPEC, 'utf8');
  const marker = /^(\s+summary: )(.+)$/m;
  if (!marker.test(text)) return { ms: [], error: 'no operation summary in the spec to edit' };
  writeFileSync(spec, text);
  const child = spawn(
    NODE,
    ['--expose-gc', join(ROOT, 'generator/bin/generate.mjs'), '--watch', '--spec', spec, '--out', join(dir, 'out')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let seen = '';
  const waitFor = (pattern: RegExp, from: number, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (pattern.test(seen.slice(from))) clearInterval(poll), resolve();
        else if (Date.now() - started > timeoutMs)
          clearInterval(poll), reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${seen.slice(from, from + 300)}`));
      }, 2);
    });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (seen += chunk));
  const ms: number[] = [];
  try {
    await waitFor(/watching /, 0, 120_000);
    for (let i = 0; i <= runs; i++) {
      const from = seen.length;
      const started = performance.now();
      writeFileSync(
        spec,
        text.replace(marker, (_, head: string, summary: string) => `${head}${summary} (edit ${i})`),
      );
      await waitFor(/\nwrote \d+ files|^wrote \d+ files/, from, 30_000);
      if (i > 0) ms.push(performance.now() - started);
    }
    return { ms };
  } catch (error) {
    return { ms, error: (error as Error).message.split('\n')[0] };
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGKILL');
  }
}
