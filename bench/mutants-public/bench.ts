/**
 * `npm run bench:mutants:public`: the mutation benchmark on public specs (issue 20, item 6).
 * For each spec (petstore-expanded, Tic Tac Toe) its correct reference server and each mutant
 * run against every tool, each configured as its docs advise: the contract suite (default mode
 * and CONTRACT_ALLOW_MUTATION=1), Prism's validation proxy carrying the suite's traffic, Dredd
 * and Portman (bench/mutants-public/peers.ts). A tool's findings on a server are what it
 * reports (failed tests, logged violations, failed assertions); a mutant is caught when the tool
 * reports something it does not report for the reference (its false positives, shown, are not
 * counted twice). Writes the section "Mutation benchmark: public specs and peers" of
 * bench/RESULTS.md, every other section kept. MUTANTS_SPECS=petstore-expanded and
 * MUTANTS_ONLY=name,name narrow the run; MUTANTS_TOOLS=slbkit,prism,dredd,portman picks tools.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateClient, ROOT, scratchDir } from '../../contract-tests/support/kits.js';
import type { PublicSpec } from './http.js';
import { TOOLS, type ToolName, type ToolRun } from './peers.js';
import { PETSTORE } from './petstore.js';
import { TICTACTOE } from './tictactoe.js';

export const PUBLIC_SPECS: PublicSpec[] = [PETSTORE, TICTACTOE];
export const SECTION_TITLE = '## Mutation benchmark: public specs and peers';

interface SpecResult {
  spec: PublicSpec;
  tools: ToolName[];
  reference: Record<string, ToolRun>;
  mutants: { name: string; kind: string; description: string; runs: Record<string, ToolRun> }[];
}

const fresh = (run: ToolRun, reference: ToolRun) => run.findings.filter((f) => !reference.findings.includes(f));
export const caughtBy = (run: ToolRun, reference: ToolRun) => run.error === undefined && fresh(run, reference).length > 0;

export async function runSpec(
  spec: PublicSpec,
  tools: ToolName[],
  only: string[] | undefined,
  log: (m: string) => void,
): Promise<SpecResult> {
  const clientDir = join(`${scratchDir()}-public`, spec.name);
  await generateClient(join(ROOT, spec.spec), clientDir);
  const context = { clientDir };
  const reference: Record<string, ToolRun> = {};
  for (const tool of tools) {
    reference[tool] = await TOOLS[tool](spec, undefined, context);
    log(
      `${spec.name} reference, ${tool}: ${reference[tool].error ?? `${reference[tool].findings.length} finding(s)`} (${reference[tool].seconds.toFixed(1)} s)${reference[tool].findings.length ? `: ${reference[tool].findings.slice(0, 5).join('; ')}` : ''}`,
    );
  }
  const mutants: SpecResult['mutants'] = [];
  for (const mutant of spec.mutants.filter((m) => !only || only.includes(m.name))) {
    const runs: Record<string, ToolRun> = {};
    for (const tool of tools) runs[tool] = await TOOLS[tool](spec, mutant, context);
    log(`${spec.name} ${mutant.name}: ${tools.map((t) => `${t} ${caughtBy(runs[t]!, reference[t]!) ? 'caught' : 'missed'}`).join(', ')}`);
    mutants.push({ name: mutant.name, kind: mutant.kind, description: mutant.description, runs });
  }
  return { spec, tools, reference, mutants };
}

const LABELS: Record<ToolName, string> = {
  'slbkit default': 'slbkit, default',
  'slbkit mutation': 'slbkit, CONTRACT_ALLOW_MUTATION=1',
  prism: 'Prism proxy',
  dredd: 'Dredd',
  portman: 'Portman',
};

export function sectionBody(results: SpecResult[], notes: string[]): string {
  const out: string[] = [
    "The public-spec mutation benchmark (`npm run bench:mutants:public`, bench/mutants-public/): for OAI's petstore-expanded (OpenAPI 3.0) and Tic Tac Toe (3.1), both from generator/test/fixtures/public/oai-learn (Apache-2.0), a correct reference server written from the spec (node:http on 127.0.0.1, stateful) and mutants, each one bug of the kind servers ship. Every tool runs against every server, configured as its docs advise (bench/mutants-public/peers.ts). Caught: the tool reports something on the mutant it does not report on the reference (a tool's false positives on the reference are shown, not counted as catches). Time: seconds per run, the reference's.",
    '',
  ];
  if (results.length > 0) {
    // Across the specs: each tool's catches over every mutant, slbkit's two modes together, and the peers' union.
    const tools = results[0]!.tools;
    const total = results.reduce((n, r) => n + r.mutants.length, 0);
    const caught = (names: ToolName[]) =>
      results.reduce((n, r) => n + r.mutants.filter((m) => names.some((t) => caughtBy(m.runs[t]!, r.reference[t]!))).length, 0);
    const fps = (tool: ToolName) => results.reduce((n, r) => n + r.reference[tool]!.findings.length, 0);
    const share = (k: number) => `${k}/${total} (${Math.round((100 * k) / Math.max(1, total))} %)`;
    const slbkit = tools.filter((t) => t.startsWith('slbkit'));
    const peers = tools.filter((t) => !t.startsWith('slbkit'));
    out.push(
      `All specs together (${results.map((r) => r.spec.name).join(', ')}: ${total} mutants):`,
      '',
      '| tool | caught | false positives on the references |',
      '| --- | --- | --- |',
      ...tools.map((t) => `| ${LABELS[t]} | ${share(caught([t]))} | ${fps(t)} |`),
      `| **slbkit, either mode** | **${share(caught(slbkit))}** | |`,
      `| union of the peers (${peers.map((t) => LABELS[t]).join(', ')}) | ${share(caught(peers))} | |`,
      `| slbkit and the peers together | ${share(caught(tools))} | |`,
      '',
    );
  }
  for (const result of results) {
    const { spec, tools, reference, mutants } = result;
    const n = mutants.length;
    const share = (k: number) => `${k}/${n} (${Math.round((100 * k) / Math.max(1, n))} %)`;
    const count = (tool: ToolName) => mutants.filter((m) => caughtBy(m.runs[tool]!, reference[tool]!)).length;
    const slbkit = tools.filter((t) => t.startsWith('slbkit'));
    const peers = tools.filter((t) => !t.startsWith('slbkit'));
    const either = (names: ToolName[]) => mutants.filter((m) => names.some((t) => caughtBy(m.runs[t]!, reference[t]!))).length;
    out.push(`### ${spec.name} (${spec.spec})`, '');
    out.push(
      `| tool | caught | missed | false positives on the reference | time per run (s) |`,
      '| --- | --- | --- | --- | --- |',
      ...tools.map(
        (t) =>
          `| ${LABELS[t]} | ${reference[t]!.error ? 'not run' : share(count(t))} | ${reference[t]!.error ? '' : n - count(t)} | ${reference[t]!.error ? `refused: ${cell(reference[t]!.error!)}` : reference[t]!.findings.length === 0 ? '0' : `**${reference[t]!.findings.length}**: ${cell(reference[t]!.findings.slice(0, 3).join('; '))}`} | ${reference[t]!.seconds.toFixed(1)} |`,
      ),
      `| slbkit, either mode | ${share(either(slbkit))} | ${n - either(slbkit)} | | |`,
      `| union of the peers | ${share(either(peers))} | ${n - either(peers)} | | |`,
      '',
      `| mutant | bug | ${tools.map((t) => LABELS[t]).join(' | ')} |`,
      `| --- | --- | ${tools.map(() => '---').join(' | ')} |`,
      ...mutants.map(
        (m) =>
          `| \`${m.name}\` | ${m.kind}: ${cell(m.description)} | ${tools
            .map((t) => {
              const run = m.runs[t]!;
              if (run.error) return `error: ${cell(run.error.slice(0, 120))}`;
              const found = fresh(run, reference[t]!);
              return found.length ? `caught: ${cell(found[0]!.slice(0, 140))}` : 'missed';
            })
            .join(' | ')} |`,
      ),
      '',
    );
    const missed = mutants.filter((m) => !slbkit.some((t) => caughtBy(m.runs[t]!, reference[t]!)));
    out.push(`Missed by slbkit in both modes: ${missed.length ? '' : 'none.'}`, '');
    for (const m of missed) out.push(`- \`${m.name}\`: ${spec.limits?.[m.name] ?? 'not explained yet'}`);
    if (missed.length) out.push('');
  }
  out.push(...notes);
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const START = '<!-- mutants-public:start (written by npm run bench:mutants:public, bench/mutants-public/bench.ts) -->';
const END = '<!-- mutants-public:end -->';

/** RESULTS.md with this section (between its markers, which `npm run bench` keeps) replaced or appended, every other section kept. */
export function withSection(results: string, body: string): string {
  const section = `${START}\n${SECTION_TITLE}\n\n${body}\n${END}\n`;
  const marked = results.indexOf('<!-- mutants-public:start');
  const start = marked >= 0 ? marked : results.indexOf(SECTION_TITLE);
  if (start < 0) return `${results.trimEnd()}\n\n${section}`;
  const endMarker = results.indexOf(END, start);
  const next = endMarker >= 0 ? endMarker + END.length + 1 : results.indexOf('\n<!-- ', start + SECTION_TITLE.length);
  return `${results.slice(0, start)}${section}${next < 0 || next >= results.length ? '' : results.slice(next).replace(/^\n*/, '\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (message: string) => process.stderr.write(`[bench mutants:public] ${message}\n`);
  const only = process.env.MUTANTS_ONLY?.split(',').filter(Boolean);
  const specs = process.env.MUTANTS_SPECS?.split(',').filter(Boolean);
  const tools = (process.env.MUTANTS_TOOLS?.split(',').filter(Boolean) ?? Object.keys(TOOLS)) as ToolName[];
  // MUTANTS_SAVE=FILE keeps this run's results as JSON (specs can run in separate processes);
  // MUTANTS_LOAD=FILE,FILE writes the section from saved results without running anything.
  const results: SpecResult[] = [];
  if (process.env.MUTANTS_LOAD) {
    for (const file of process.env.MUTANTS_LOAD.split(',')) {
      for (const saved of JSON.parse(readFileSync(file, 'utf8')) as (Omit<SpecResult, 'spec'> & { spec: string })[])
        results.push({ ...saved, spec: PUBLIC_SPECS.find((s) => s.name === saved.spec)! });
    }
  } else {
    try {
      for (const spec of PUBLIC_SPECS.filter((s) => !specs || specs.includes(s.name))) results.push(await runSpec(spec, tools, only, log));
    } finally {
      rmSync(`${scratchDir()}-public`, { recursive: true, force: true });
    }
  }
  if (process.env.MUTANTS_SAVE) {
    writeFileSync(process.env.MUTANTS_SAVE, JSON.stringify(results.map((r) => ({ ...r, spec: r.spec.name }))));
    log(`saved to ${process.env.MUTANTS_SAVE}`);
  } else {
    const file = join(ROOT, 'bench/RESULTS.md');
    const notes = readFileSync(join(ROOT, 'bench/mutants-public/NOTES.md'), 'utf8').trim().split('\n');
    writeFileSync(file, withSection(readFileSync(file, 'utf8'), sectionBody(results, ['', ...notes])));
    log('wrote its section of bench/RESULTS.md');
  }
}
