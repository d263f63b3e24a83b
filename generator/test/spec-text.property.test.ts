/**
 * Property (issue 9 item 8): whatever text a spec carries in its textual fields, the generated
 * package keeps it as text. Random strings, biased towards what ends a comment, a string or a
 * line (`*​/`, quotes, backticks, `${`, CR/LF, U+2028/U+2029, `</script>`, backslashes, any
 * Unicode), go into the title, version, summary, description, the Action value, the operationId
 * (any text since issue 13, reserved names included), a component schema's name, a parameter's name, description, enum,
 * default, example and pattern, a schema property's name, the server URL and the spec's file
 * name. For each sample the generator must succeed and every file it prints must parse (checked
 * per sample, so fast-check shrinks a failure to its smallest text). Then, once for all samples:
 * one tsc program type-checks every package with a strict consumer, and one Node process imports
 * every dist/index.js and checks the canary a payload would set, and that the client settles.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { pointerToken } from '../src/errors.js';
import { generateFromFile } from '../src/generate.js';
import { OBJECT_PROTOTYPE_MEMBERS } from '../src/model/names.js';
import { CANARY, type ImportReport, importPackages, REPO, typecheck } from './generated-package.js';

/** Generation is in-process (the CLI's own `generateFromFile`); a sample costs about 0.3 s, tsc a few seconds for all. */
// npm test runs a bounded sample of 4 (12 took 48 s of npm test's 5-minute budget, most of it the
// one tsc program over every package); `npm run test:slow` runs 40 (vitest.slow.config.ts);
// SPEC_TEXT_RUNS=200 for a longer hunt by hand.
const RUNS = Number(process.env.SPEC_TEXT_RUNS ?? 4);

const root = mkdtempSync(join(tmpdir(), 'slbkit-spec-text-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const payload = `globalThis.${CANARY} = 1;`;
const PIECES = [
  '*/',
  '/*',
  '//',
  '"',
  "'",
  '`',
  '${',
  '}',
  '\\',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '</script>',
  '<!--',
  '-->',
  '#!',
  ' ',
  payload,
  '\u{1F600}',
  'é',
  '\u0000',
  // Issue 17: bidi controls, zero-width characters (U+200C/U+200D may sit inside an identifier), BOM, a tag character, ESC: generated files hold them escaped (emit/docs.ts escapePrinted).
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200c',
  '\u200d',
  '\ufeff',
  '\u{e0041}',
  '\u001b',
];

/** Short text, mostly built from the pieces above, sometimes any Unicode. */
const text = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 6 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

const operationId = fc.oneof(
  fc.constantFrom('then', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'DoThing', 'find pet by id', '2fa'),
  text,
);

/** Not the names the load or model steps refuse by design (empty, Object.prototype members: their own test rows) or that the spec already uses. */
const usableName = text.filter((name) => name !== '' && !OBJECT_PROTOTYPE_MEMBERS.has(name) && name !== 'Action' && name !== 'Id');

const sample = fc.record({
  title: text,
  version: text,
  summary: text,
  description: text,
  // The client's method is named after the action, so an action must be a name (model/build.ts refuses others; hostile-emit.test.ts has the row).
  action: fc.oneof(
    fc.constantFrom('then', 'constructor', 'toString', 'toJSON', 'use', 'DoThing'),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/),
  ),
  operationId,
  parameterName: usableName,
  parameterText: text,
  enumValues: fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
  patternText: text,
  propertyName: usableName,
  schemaName: usableName,
  // A URL path segment: `?` and `#` would make it a query or fragment, which the generator refuses.
  serverPath: text.filter((t) => !/[?#]/.test(t)),
  // A file name: no `/`, no NUL.
  fileName: text.filter((t) => !/[/\0]/.test(t)),
});

type Sample = typeof sample extends fc.Arbitrary<infer T> ? T : never;

const REGEX_SYNTAX = /[.*+?^${}()|[\]\\/]/g;

function specOf(s: Sample): unknown {
  const str = { type: 'string' };
  return {
    openapi: '3.1.0',
    info: { title: s.title, version: s.version },
    servers: [{ url: 'https://api.example.com/{base}', variables: { base: { default: s.serverPath } } }],
    paths: {
      '/': {
        get: {
          operationId: s.operationId,
          summary: s.summary,
          description: s.description,
          parameters: [
            { name: 'Action', in: 'query', required: true, schema: { type: 'string', enum: [s.action] } },
            { name: 'Id', in: 'query', required: true, schema: { ...str, pattern: `^${s.patternText.replace(REGEX_SYNTAX, '\\$&')}$` } },
            {
              name: s.parameterName,
              in: 'query',
              description: s.parameterText,
              schema: { ...str, enum: s.enumValues, default: s.enumValues[0], example: s.parameterText },
            },
          ],
          responses: {
            '200': {
              description: s.description,
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${encodeURIComponent(pointerToken(s.schemaName))}` } },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        [s.schemaName]: {
          type: 'object',
          description: s.summary,
          properties: { [s.propertyName]: { ...str, description: s.parameterText, enum: s.enumValues } },
        },
      },
    },
  };
}

const CONSUMER = `import { createClient, DEFAULT_ENDPOINT, type Client } from './out/dist/index.js';
const client: Client = createClient({ regionId: 'cn-hangzhou' });
export const endpoint: string = DEFAULT_ENDPOINT;
export async function clientLater(): Promise<Client> {
  return client;
}
`;

/** Syntax errors of one printed file, by TypeScript's parser (JavaScript files parsed as such). */
function syntaxErrors(path: string, content: string): string[] {
  const kind = path.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, content, ts.ScriptTarget.ES2022, false, kind);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => `${path}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

const HEADER = /^\/\/ Generated by slbkit from .* Do not edit: change the spec and run `npm run generate`\.$/;

describe('random text in every textual field of a spec stays text', () => {
  const packages: { dir: string; spec: unknown }[] = [];
  let samples = 0;

  it('generates, and every printed file parses with the header on its first line', async () => {
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    await fc.assert(
      fc.asyncProperty(sample, async (s) => {
        // A folder per call, shrinking included (a failing sample is never added to `packages`).
        const dir = join(root, `sample-${++samples}`);
        mkdirSync(dir);
        const spec = specOf(s);
        const specFile = join(dir, `${s.fileName}.yaml`);
        writeFileSync(specFile, JSON.stringify(spec));
        const files = await generateFromFile(specFile, { name: 'sample', version: '1.0.0' });
        const problems: string[] = [];
        for (const [path, content] of files) {
          // Every file, README and JSON included: no raw bidi, zero-width or control character but tab and line feed (issue 17).
          const raw = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u.exec(content);
          if (raw) problems.push(`${path}: raw U+${raw[0].codePointAt(0)!.toString(16)}`);
          if (!/\.(js|ts)$/.test(path)) continue;
          problems.push(...syntaxErrors(path, content));
          if (!HEADER.test(content.split('\n')[0]!)) problems.push(`${path}: first line is not the header`);
        }
        expect(problems).toEqual([]);
        for (const [path, content] of files) {
          mkdirSync(dirname(join(dir, 'out', path)), { recursive: true });
          writeFileSync(join(dir, 'out', path), content);
        }
        writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
        packages.push({ dir, spec });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('every package type-checks for a strict consumer (one tsc program) and imports without running spec text', async () => {
    expect(packages.length).toBe(RUNS);
    const tsc = await typecheck(
      packages.flatMap((p) => [join(p.dir, 'consumer.ts'), join(p.dir, 'out/src/index.ts')]),
      root,
    );
    const output = `${tsc.stdout}${tsc.stderr}`;
    const failing = packages.filter((p) => output.includes(`${p.dir.slice(root.length + 1)}/`));
    expect(
      failing.map((p) => JSON.stringify(p.spec)),
      output.slice(0, 4000),
    ).toEqual([]);
    expect(tsc.code).toBe(0);

    const { reports, result } = await importPackages(packages.map((p) => join(p.dir, 'out/dist/index.js')));
    expect(reports.length, result.stderr).toBe(packages.length);
    reports.forEach((report, i) => {
      const where = JSON.stringify(packages[i]!.spec);
      expect(report, where).not.toHaveProperty('error');
      expect((report as ImportReport).canary, where).toBeNull();
      expect((report as ImportReport).awaited, where).toBe('settled');
    });
  }, 180_000);
});
