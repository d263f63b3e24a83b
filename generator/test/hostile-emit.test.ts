/**
 * Hostile specs and flags through the real CLI (`node --expose-gc generator/bin/generate.mjs`,
 * what `npm run generate` runs), issue 9 items 1 and 5. Two tables:
 *
 * - GENERATED: spec text built to break out of a comment, a string or a line (`*​/`, quotes,
 *   backticks, `${`, line breaks, U+2028) into code that sets a global canary. Each must
 *   generate (exit 0) a package that type-checks for a strict consumer (one tsc program over all
 *   rows) and imports in plain Node without the canary set, with a client that `await` settles on.
 * - REFUSED: names and URLs the client cannot use safely. Each must exit 2 with one line naming
 *   the JSON pointer (or the flag), and leave the previous output byte-for-byte as it was.
 *
 * The expensive work (CLI runs, tsc, the import) happens once in beforeAll; each row then reads
 * its own result.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, runCli } from './cli-harness.js';
import { CANARY, type ImportReport, importPackages, type ProcessResult, REPO, typecheck } from './generated-package.js';

// ------------------------------------------------------------------ spec builder

type Spec = Record<string, unknown>;

/** Code that, if it ever runs, marks the canary with the row's tag. */
const payload = (tag: string): string => `globalThis.${CANARY} = ${JSON.stringify(tag)};`;

/** One string that tries every way out: a block comment, a line, each quote, a template, U+2028. */
function hostile(tag: string): string {
  return [
    `x */ ${payload(tag)} /*`,
    `\n${payload(tag)}\n//`,
    `"; ${payload(tag)} "`,
    `'; ${payload(tag)} '`,
    `\`; ${payload(tag)} \``,
    `\${${payload(tag)}}`,
    `\u2028${payload(tag)}\u2029`,
    '</script><!--',
    '\\',
  ].join(' ');
}

const OK = {
  '200': {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: { RequestId: { type: 'string' } } } } },
  },
};

/** A valid RPC spec (one action at `/`, GET); `edit` changes what the row is about. */
function rpcSpec(edit: (spec: { info: Spec; operation: Spec; parameters: Spec[]; document: Spec }) => void = () => {}): Spec {
  const parameters: Spec[] = [
    { name: 'Action', in: 'query', required: true, schema: { type: 'string', enum: ['DoThing'] } },
    { name: 'Id', in: 'query', required: true, schema: { type: 'string' } },
  ];
  const operation: Spec = { operationId: 'DoThing', parameters, responses: OK };
  const info: Spec = { title: 'Hostile API', version: '2020-01-01' };
  const document: Spec = { openapi: '3.1.0', info, servers: [{ url: 'https://api.example.com' }], paths: { '/': { get: operation } } };
  edit({ info, operation, parameters, document });
  return document;
}

/** A valid spec of http-style operations, one per operationId, at `/{id}`. */
function httpSpec(operationIds: string[]): Spec {
  return {
    openapi: '3.1.0',
    info: { title: 'Hostile API', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: Object.fromEntries(operationIds.map((id) => [`/${id}`, { get: { operationId: id, responses: OK } }])),
  };
}

// ------------------------------------------------------------------ the rows

interface Generated {
  spec: Spec;
  /** The spec's file name (the generated headers carry it). */
  file?: string;
  /** Client methods the package must have (the sorted keys of `createClient()`). */
  methods?: string[];
  defaultEndpoint?: string;
}

const GENERATED: [string, Generated][] = [
  ['info.title (JSDoc, package.json, README)', { spec: rpcSpec(({ info }) => (info.title = hostile('title'))) }],
  ['info.version (the RPC Version: a literal and docs)', { spec: rpcSpec(({ info }) => (info.version = hostile('version'))) }],
  [
    "summary and description (used to break consumers' tsc: statements in an ambient context)",
    { spec: rpcSpec(({ operation }) => Object.assign(operation, { summary: hostile('summary'), description: hostile('description') })) },
  ],
  [
    'a parameter name, its description, enum, pattern, default and example (types, ajv validators)',
    {
      spec: rpcSpec(({ parameters }) =>
        parameters.push({
          name: `q"'\`*/\u2028\${x}`,
          in: 'query',
          description: hostile('param-description'),
          schema: {
            type: 'string',
            enum: [hostile('enum'), 'b'],
            pattern: `^(?:${hostile('pattern').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}|b)$`,
            default: 'b',
            example: hostile('example'),
          },
        }),
      ),
    },
  ],
  [
    'a path (http style: the method doc names it)',
    {
      spec: {
        ...httpSpec([]),
        paths: {
          [`/x*/${payload('path')}/*{id}`]: {
            get: {
              operationId: 'getX',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              responses: OK,
            },
          },
        },
      },
    },
  ],
  [
    'a spec file name with a line break (the // header of every file)',
    { spec: rpcSpec(), file: `evil\n${payload('file name')}\r\u2028x.yaml` },
  ],
  [
    'operationIds then, constructor, toString, valueOf, toJSON: renamed with the suffix Operation, so the client is not a thenable',
    {
      spec: httpSpec(['then', 'constructor', 'toString', 'valueOf', 'toJSON', 'getThing']),
      methods: ['constructorOperation', 'getThing', 'thenOperation', 'toJSONOperation', 'toStringOperation', 'use', 'valueOfOperation'],
    },
  ],
  [
    'server URL variables replaced by their defaults',
    {
      spec: rpcSpec(
        ({ document }) =>
          (document.servers = [
            {
              url: 'https://slb.{region}.example.com/{base}/',
              variables: { region: { default: 'cn-hangzhou' }, base: { default: `v1"*/${payload('server')}` } },
            },
          ]),
      ),
      defaultEndpoint: `https://slb.cn-hangzhou.example.com/v1%22*/globalThis.__slbkitCanary%20=%20%22server%22;`,
    },
  ],
];

const OP = '#/paths/~1/get';
/** One row per class through the CLI; the many cases of each class are unit rows (emit.test.ts, model.test.ts). */
const REFUSED: [string, { spec?: Spec; args?: string[]; want: string }][] = [
  [
    '--package-name with a line break',
    { args: ['--package-name', 'a\nb'], want: 'slbkit-generate: --package-name "a\\nb" is not a valid npm package name' },
  ],
  [
    '--package-version with a line break',
    { args: ['--package-version', '1.0.0\n"x"'], want: 'slbkit-generate: --package-version "1.0.0\\n\\"x\\"" is not a semantic version' },
  ],
  [
    'two operationIds, one method name: both pointers',
    {
      spec: httpSpec(['get_thing', 'getThing']),
      want: 'slbkit-generate: #/paths/~1getThing/get/operationId: operationId "get_thing" (#/paths/~1get_thing/get/operationId) and operationId "getThing" give the same method name getThing',
    },
  ],
  // Refused by the loader already (load/bounds.ts), before the model's own check of names.
  [
    'a schema named __proto__',
    {
      spec: { ...rpcSpec(), components: { schemas: JSON.parse('{"__proto__": {"type": "string"}}') as Spec } },
      want: 'slbkit-generate: #/components/schemas/__proto__: a key named "__proto__" is not allowed',
    },
  ],
  // The method and type names come from the action (GET and POST of one action are one method): it must be a name.
  [
    'an Action value that is not a name',
    {
      spec: rpcSpec(({ parameters }) => (parameters[0]!.schema = { type: 'string', enum: [hostile('action')] })),
      want: `slbkit-generate: ${OP}/parameters/0/schema: RPC action "`,
    },
  ],
  [
    'a parameter named constructor',
    {
      spec: rpcSpec(({ parameters }) => parameters.push({ name: 'constructor', in: 'query', schema: { type: 'string' } })),
      want: `slbkit-generate: ${OP}/parameters/2/name: parameter "constructor" has the name`,
    },
  ],
  [
    'a header parameter Authorization',
    {
      spec: rpcSpec(({ parameters }) => parameters.push({ name: 'Authorization', in: 'header', schema: { type: 'string' } })),
      want: `slbkit-generate: ${OP}/parameters/2/name: header parameter "Authorization" is written by the client's transport or signer`,
    },
  ],
  [
    'a header name with CR LF',
    {
      spec: rpcSpec(({ parameters }) => parameters.push({ name: 'X-A\r\nX-B', in: 'header', schema: { type: 'string' } })),
      want: `slbkit-generate: ${OP}/parameters/2/name: header parameter "X-A\\r\\nX-B" is not a valid header name`,
    },
  ],
  [
    // A relative path is resolved against the endpoint option (issue 19); one with a query is no server.
    'a relative server URL with a query',
    {
      spec: rpcSpec(({ document }) => (document.servers = [{ url: '/api?evil=1' }])),
      want: 'slbkit-generate: #/servers/0/url: server URL "/api?evil=1" is neither an absolute http(s) URL nor a relative path',
    },
  ],
  [
    'a file: server URL',
    {
      spec: rpcSpec(({ document }) => (document.servers = [{ url: 'file:///etc/passwd' }])),
      want: 'slbkit-generate: #/servers/0/url: server URL "file:///etc/passwd" is not http or https',
    },
  ],
  [
    'a server URL variable with no default',
    {
      spec: rpcSpec(({ document }) => (document.servers = [{ url: 'https://{region}.example.com' }])),
      want: 'slbkit-generate: #/servers/0/variables/region: server URL variable "region" has no default',
    },
  ],
];

// ------------------------------------------------------------------ running them

const CLI_TIMEOUT = 60_000;
let root = '';
const generated = new Map<string, { dir: string; run: ProcessResult }>();
let tsc: ProcessResult | undefined;
const imports = new Map<string, ImportReport | { error: string }>();
let importRun: ProcessResult | undefined;

/** `npm run generate`'s own command, in its own process. */
function generate(args: string[]): Promise<ProcessResult> {
  // Named: a package without a name is named from its title with a warning on stderr (package-name.test.ts); these rows are about something else.
  // First: a row's own --package-name, later, wins (parseArgs keeps the last).
  return runCli(['--package-name', 'hostile-client', ...args], { entry: 'bin', timeoutMs: CLI_TIMEOUT });
}

/** A strict consumer: `Promise<Client>` from an async function fails to compile if Client has `then` (TS1058). */
const CONSUMER = `import { createClient, DEFAULT_ENDPOINT, type Client } from './out/dist/index.js';
const client: Client = createClient({ regionId: 'cn-hangzhou' });
export const endpoint: string = DEFAULT_ENDPOINT;
export async function clientLater(): Promise<Client> {
  return client;
}
`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'slbkit-hostile-emit-'));
  // The consumers resolve @types/node and run as ES modules, as in a user's project.
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  // Rows run one after the other: the first run may rebuild the CLI bundle, and the machine is shared.
  for (const [index, [name, row]] of GENERATED.entries()) {
    const dir = join(root, `generated-${index}`);
    mkdirSync(dir);
    const spec = join(dir, row.file ?? 'spec.yaml');
    writeFileSync(spec, JSON.stringify(row.spec, null, 2));
    const run = await generate(['--spec', spec, '--out', join(dir, 'out')]);
    generated.set(name, { dir, run });
    if (run.code === 0) writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
  }
  const built = [...generated.values()].filter((g) => g.run.code === 0);
  tsc = await typecheck(
    built.flatMap((g) => [join(g.dir, 'consumer.ts'), join(g.dir, 'out/src/index.ts')]),
    root,
  );
  const probe = await importPackages(built.map((g) => join(g.dir, 'out/dist/index.js')));
  importRun = probe.result;
  const names = [...generated].filter(([, g]) => g.run.code === 0).map(([name]) => name);
  probe.reports.forEach((report, i) => imports.set(names[i]!, report));
}, 8 * CLI_TIMEOUT);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** tsc's lines about one row's files (tsc prints paths relative to its working folder). */
function tscLines(dir: string): string[] {
  const prefix = `${dir.slice(root.length + 1)}/`;
  return `${tsc?.stdout ?? ''}${tsc?.stderr ?? ''}`.split('\n').filter((line) => line.startsWith(prefix));
}

describe('hostile spec text generates a package where it stays text', () => {
  it.each(GENERATED)('%s', (name, row) => {
    const { dir, run } = generated.get(name)!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(tscLines(dir), 'the package and a strict consumer type-check').toEqual([]);
    const report = imports.get(name);
    expect(report, `import probe: ${importRun?.stderr ?? ''}`).toBeDefined();
    expect(report).not.toHaveProperty('error');
    const { canary, awaited, methods, defaultEndpoint } = report as ImportReport;
    expect(canary, 'no spec text ran when the package was imported').toBeNull();
    expect(awaited, 'an async function returning the client settles').toBe('settled');
    if (row.methods) expect(methods).toEqual(row.methods);
    if (row.defaultEndpoint) expect(defaultEndpoint).toBe(row.defaultEndpoint);
    // Every generated file's first line is the header, whole: the file name cannot start a new line.
    for (const file of ['src/client.ts', 'dist/client.js', 'dist/operations.js', 'src/validators.js']) {
      expect(readFileSync(join(dir, 'out', file), 'utf8').split('\n')[0]).toMatch(
        /^\/\/ Generated by slbkit from .* Do not edit: change the spec and run `npm run generate`\.$/,
      );
    }
  });
});

describe('names, URLs and flags the client cannot use safely are refused', () => {
  it.each(REFUSED)(
    '%s',
    async (_name, { spec, args = [], want }) => {
      const dir = mkdtempSync(join(root, 'refused-'));
      const out = join(dir, 'out');
      cpSync(join(REPO, 'generated'), out, { recursive: true });
      const before = hashTree(out);
      const specFile = join(dir, 'spec.yaml');
      writeFileSync(specFile, JSON.stringify(spec ?? rpcSpec(), null, 2));
      const run = await generate(['--spec', specFile, '--out', out, ...args]);
      expect(run.stderr.startsWith(want), run.stderr).toBe(true);
      expect(run.stderr.split('\n').filter(Boolean).length, 'at most the error and "nothing was written"').toBeLessThanOrEqual(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(2);
      expect(hashTree(out)).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(['out', 'spec.yaml']);
      expect(existsSync(join(dir, 'out', 'src'))).toBe(true);
    },
    CLI_TIMEOUT,
  );
});
