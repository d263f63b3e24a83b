/**
 * Dredd and Portman as peers of the public-spec mutation benchmark, each run as its docs
 * advise, in a child process bounded in time:
 *
 * - Dredd 14 (`dredd DESCRIPTION URL`) reads OpenAPI 2 fully and OpenAPI 3 only experimentally:
 *   on petstore-expanded's 3.0 document it stops ("Required URI parameter 'id' has no example",
 *   and it ignores `allOf`), and it does not read 3.1 at all. Its docs ask for an example value
 *   of every path parameter in the description: the benchmark gives it a mechanical OpenAPI 2.0
 *   rendition of each spec with `x-example` values (bench/mutants-public/fixtures/, same paths,
 *   schemas and responses; the int32/int64 formats left out, on which its validator stops), the
 *   credentials by `--header`, and for Tic Tac Toe a hook file (fixtures/tictactoe-hooks.cjs:
 *   skip the 202 no request can choose, send the string example as JSON). Its findings: the
 *   transactions it reports as `fail` or `error`.
 * - Portman 1.33 (`portman -l SPEC -b URL`) turns the spec into a Postman collection with its
 *   default contract tests (status 2xx, content type, JSON body, schema, documented headers)
 *   and the overwrites below, and newman runs it. Its findings: the failed
 *   assertions, by request and test name.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../contract-tests/support/kits.js';
import { runProcess } from '../../generator/test/cli-harness.js';
import type { PublicSpec } from './http.js';

const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);
const FIXTURES = join(ROOT, 'bench/mutants-public/fixtures');

/** The OpenAPI 2.0 rendition Dredd reads, and the headers carrying the spec's credentials. */
const DREDD: Record<string, { description: string; headers: string[]; hooks?: string }> = {
  'petstore-expanded': { description: 'petstore-expanded.swagger2.yaml', headers: [] },
  tictactoe: {
    description: 'tictactoe.swagger2.yaml',
    hooks: 'tictactoe-hooks.cjs',
    headers: ['api-key: reference-api-key', 'Authorization: Bearer reference-bearer-token'],
  },
};

export async function dreddRun(spec: PublicSpec, url: string): Promise<{ findings: string[] }> {
  const setup = DREDD[spec.name];
  if (!setup) throw new Error(`no Dredd description for ${spec.name}`);
  const run = await runProcess(
    process.execPath,
    [
      BIN('dredd'),
      join(FIXTURES, setup.description),
      url,
      '--no-color',
      '--loglevel=warning',
      ...(setup.hooks ? ['--hookfiles', join(FIXTURES, setup.hooks)] : []),
      ...setup.headers.flatMap((h) => ['--header', h]),
    ],
    { cwd: ROOT, timeoutMs: 60_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const text = `${run.stdout}\n${run.stderr}`;
  if (!/complete: \d+ passing/.test(text))
    throw new Error(`Dredd did not run: ${text.split('\n').filter((l) => /error/.test(l))[0] ?? text.slice(-300)}`);
  // "fail: GET (200) /pets duration: 12ms" (or "error: ..." when it could not finish): the transaction, without its duration.
  const findings = text
    .split('\n')
    .filter((line) => /^(fail|error): [A-Z]+ \(\d+\) /.test(line))
    .map((line) => line.replace(/ duration: .*$/, '').trim());
  return { findings: [...new Set(findings)] };
}

/**
 * Portman's settings: its default contract tests, plus what its docs offer for what the spec
 * alone cannot say: `overwrites` setting a path id to a pet that exists (the converter invents
 * one from the schema), and a collection pre-request script encoding Tic Tac Toe's string example as JSON
 * (the converter sends a bare `.`). The credentials go in as newman variables (the collection's
 * auth reads {{apiKey}} and {{bearerToken}}).
 */
const PORTMAN: Record<string, { overwrites?: unknown[]; scripts?: string[]; variables?: Record<string, string> }> = {
  'petstore-expanded': {
    overwrites: ['GET::/pets/{id}', 'DELETE::/pets/{id}'].map((openApiOperation) => ({
      openApiOperation,
      overwriteRequestPathVariables: [{ key: 'id', value: '1', overwrite: true }],
    })),
  },
  tictactoe: {
    // A pre-request script of the collection (globals.collectionPreRequestScripts).
    scripts: [
      "if (pm.request.method === 'PUT' && pm.request.body && pm.request.body.raw !== undefined && !/^[\\\"\\[{]/.test(pm.request.body.raw.trim())) pm.request.body.update(JSON.stringify(pm.request.body.raw.trim()));",
    ],
    variables: { apiKey: 'reference-api-key', bearerToken: 'reference-bearer-token' },
  },
};

function portmanConfig(spec: PublicSpec): unknown {
  const defaults = JSON.parse(readFileSync(join(ROOT, 'node_modules/@apideck/portman/portman-config.default.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const setup = PORTMAN[spec.name] ?? {};
  return {
    ...defaults,
    overwrites: setup.overwrites ?? [],
    globals: { ...(defaults.globals as object), collectionPreRequestScripts: setup.scripts ?? [] },
  };
}

export async function portmanRun(spec: PublicSpec, url: string): Promise<{ findings: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'slbkit-portman-'));
  try {
    const config = join(dir, 'portman-config.json');
    writeFileSync(config, JSON.stringify(portmanConfig(spec)));
    const collection = join(dir, 'collection.json');
    const made = await runProcess(
      process.execPath,
      [BIN('portman'), '-l', join(ROOT, spec.spec), '-b', url, '-o', collection, '-c', config, '--includeTests'],
      { cwd: dir, timeoutMs: 90_000, env: { ...process.env, NO_COLOR: '1' } },
    );
    let converted: string;
    try {
      converted = readFileSync(collection, 'utf8');
    } catch {
      throw new Error(`Portman wrote no collection: ${(made.stdout + made.stderr).slice(-300)}`);
    }
    if (!converted.includes('"item"')) throw new Error('Portman wrote an empty collection');
    const report = join(dir, 'newman.json');
    await runProcess(
      process.execPath,
      [
        BIN('newman'),
        'run',
        collection,
        ...Object.entries(PORTMAN[spec.name]?.variables ?? {}).flatMap(([name, value]) => ['--env-var', `${name}=${value}`]),
        '--reporters',
        'json',
        '--reporter-json-export',
        report,
        '--timeout-request',
        '10000',
      ],
      { cwd: dir, timeoutMs: 90_000, env: { ...process.env, NO_COLOR: '1' } },
    );
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
      run: { executions: { item: { name: string }; assertions?: { assertion: string; error?: unknown }[] }[] };
    };
    const findings = parsed.run.executions.flatMap((e) => (e.assertions ?? []).filter((a) => a.error).map((a) => `${a.assertion}`));
    return { findings: [...new Set(findings)] };
  } finally {
    if (!process.env.KEEP_PORTMAN) rmSync(dir, { recursive: true, force: true });
  }
}
