import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientPart } from './client.js';
import { generationPart } from './generation.js';
import { BENCH_DIR, benchRuns, log, machine, markdownTable, type Part, type PartReport, selectedParts, verdict } from './measure.js';
import { mockPart } from './mock.js';
import { mutantsPart } from './mutants.js';
import { scalePart } from './scale.js';
import { weightPart } from './weight.js';

/**
 * `npm run bench`: every selected part, one after the other (never in parallel: they would
 * share the two cores), then bench/RESULTS.md (overwritten, also for partial runs), except the
 * sections other scripts write between `<!-- name:start ... -->` and `<!-- name:end -->` markers
 * (npm run corpus, bench:mutants' public specs, npm run mutation): those are kept as they are.
 *
 *   BENCH_RUNS=N                 measured runs per figure after the warm-up (default 5)
 *   BENCH_ONLY=generation,scale  only these parts (generation, scale, client, mock, weight, mutants)
 *   BENCH_SCALE_SIZES=10,100     other synthetic spec sizes (default 10,100,500,1000,2000)
 *
 * A full run takes about 9 minutes on 2 cores; loopback (127.0.0.1) is the only network used.
 */
const parts: Record<Part, ((runs: number) => Promise<PartReport>) | undefined> = {
  generation: generationPart,
  scale: scalePart,
  client: clientPart,
  mock: mockPart,
  weight: weightPart,
  mutants: mutantsPart,
};

const runs = benchRuns();
const selected = selectedParts();
const host = machine();
const started = performance.now();
const reports: PartReport[] = [];
for (const part of selected) {
  const run = parts[part];
  if (!run) continue;
  const t = performance.now();
  log(part, 'start');
  try {
    reports.push(await run(runs));
  } catch (error) {
    reports.push({ part, title: part, body: `_This part failed: ${String((error as Error).stack ?? error)}_`, targets: [] });
  }
  log(part, `done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const totalS = (performance.now() - started) / 1000;

const lines = [
  '# slbkit bench results',
  '',
  `Written by \`npm run bench\` (bench/run.ts) on ${host.date}. Parts: ${selected.join(', ')}; ${runs} measured runs per figure after a warm-up${runs < 5 ? ' (**fewer than 5: a development run, not a result**)' : ''}; whole bench ${totalS.toFixed(0)} s.`,
  '',
  markdownTable(
    ['machine', ''],
    [
      ['nproc', String(host.nproc)],
      ['CPU', host.cpuModel],
      ['memory', `${host.memoryGiB.toFixed(1)} GiB`],
      ['node', host.node],
      ['platform', host.platform],
      ['peak RSS measured by', host.peakRssMethod === 'gnu-time' ? 'GNU /usr/bin/time -v (ru_maxrss of the tree)' : host.peakRssMethod],
    ],
  ),
  '',
  'Figures: median (min–max). Ratios: run i of one subject over run i of the other, same round, then median (min–max).',
  '',
  '## Targets',
  '',
  markdownTable(
    ['target', 'goal', 'verdict'],
    reports.flatMap((r) => r.targets.map((t) => [t.name, t.target, verdict(t.met, t.measured)])),
  ),
  '',
  ...reports.flatMap((r) => [`## ${r.title}`, '', r.body, '']),
  ...keptSections(),
];
/** Sections that other scripts own, copied from the file this run replaces (see the comment above). */
function keptSections(): string[] {
  const file = join(BENCH_DIR, 'RESULTS.md');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/<!-- ([\w-]+):start[^\n]*-->[\s\S]*?<!-- \1:end -->/g)].map((m) => `${m[0]}\n`);
}

writeFileSync(join(BENCH_DIR, 'RESULTS.md'), `${lines.join('\n')}\n`);
log('run', `wrote bench/RESULTS.md in ${totalS.toFixed(0)} s`);
