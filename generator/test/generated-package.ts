/**
 * What the tests do to a generated package as its user would: type-check it under strict
 * settings (sources and .d.ts through a consumer), and import its dist in plain Node. Shared by
 * package.test.ts (the committed package) and the hostile-spec tests (packages of hostile specs),
 * so both judge a package by the same rules.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { REPO, type Run, runProcess } from './cli-harness.js';

export { REPO, runProcess };
export const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

/**
 * The strict consumer's tsconfig.json for a package used with no type packages at all (`types: []`,
 * `typeRoots: []`; in a folder under the system temp dir, no node_modules/@types is reachable),
 * `.d.ts` checked: public-specs, the corpus (test and bench) and the imported SLB spec.
 * `lib` is left to the target's default (es2022.full), as in a project that sets none.
 */
export const STRICT_CONSUMER_TSCONFIG = {
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

/** A consumer as strict as TypeScript gets, .d.ts files checked too (`--skipLibCheck false`). */
export const STRICT_TSC_FLAGS = [
  '--noEmit',
  '--strict',
  '--noUncheckedIndexedAccess',
  '--exactOptionalPropertyTypes',
  '--target',
  'es2022',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  '--types',
  'node',
  '--skipLibCheck',
  'false',
];

/** A finished child process (cli-harness.ts runs them). */
export type ProcessResult = Run;

/** One tsc program over many entry files (one run is seconds; one per package would be minutes). */
export function typecheck(entries: string[], cwd = REPO): Promise<ProcessResult> {
  return runProcess(process.execPath, [TSC, ...STRICT_TSC_FLAGS, ...entries], { cwd });
}

/** The global a payload hidden in spec text sets when it runs; every import probe reads it. */
export const CANARY = '__slbkitCanary';

export interface ImportReport {
  /** `globalThis.__slbkitCanary` after importing: null unless spec text ran as code. */
  canary: unknown;
  exports: string[];
  /** `await` on an async function returning the client: 'settled', or 'hung' after 2 s (a thenable client). */
  awaited: 'settled' | 'hung';
  methods: string[];
  defaultEndpoint: unknown;
}

/**
 * Import each package's dist/index.js in one plain Node process (no loader, no build), create a
 * client, await it, and report per package. A payload may also end the process or throw: then
 * the report is missing and the caller sees stderr.
 */
export async function importPackages(
  distIndexes: string[],
): Promise<{ reports: (ImportReport | { error: string })[]; result: ProcessResult }> {
  const probe = `
    const reports = [];
    for (const url of ${JSON.stringify(distIndexes.map((p) => pathToFileURL(p).href))}) {
      try {
        const m = await import(url);
        const client = m.createClient({ regionId: 'cn-hangzhou' });
        const awaited = await Promise.race([(async () => client)().then(() => 'settled'), new Promise((r) => setTimeout(() => r('hung'), 2000).unref())]);
        reports.push({ canary: globalThis[${JSON.stringify(CANARY)}] ?? null, exports: Object.keys(m).sort(), awaited, methods: Object.keys(client).sort(), defaultEndpoint: m.DEFAULT_ENDPOINT });
      } catch (error) {
        reports.push({ error: String(error && error.stack || error).split('\\n').slice(0, 2).join(' | ') });
      }
    }
    process.stdout.write(JSON.stringify(reports));
  `;
  const result = await runProcess(process.execPath, ['--input-type=module', '-e', probe], { timeoutMs: 60_000 });
  let reports: (ImportReport | { error: string })[] = [];
  try {
    reports = JSON.parse(result.stdout) as typeof reports;
  } catch {
    // The probe did not finish (a payload ended the process): no reports; the caller shows stderr.
  }
  return { reports, result };
}

/**
 * Split one tsc program's output among the rows that share it: the error lines whose path
 * contains one of `places` (a folder or file fragment such as `generated/src/`), and under `null`
 * the lines that name none of them (a broken program, a missing file), which every row must
 * also see empty. Continuation lines (indented) are left out: each error's first line names it.
 */
export function tscLinesByPlace(output: string, places: string[]): Map<string | null, string[]> {
  const byPlace = new Map<string | null, string[]>([[null, []], ...places.map((place): [string, string[]] => [place, []])]);
  for (const line of output.split('\n')) {
    if (line.trim() === '' || /^\s/.test(line)) continue;
    const place = places.find((p) => line.includes(p));
    byPlace.get(place ?? null)!.push(line);
  }
  return byPlace;
}
