/**
 * Issue 19, item 1: the corpus of public specs (corpus-specs.ts) in `npm test`, as a sample that
 * takes seconds; `npm run corpus` (bench/corpus.ts) runs every row, beside openapi-typescript.
 * - the table, the folders and SOURCES.md agree (every spec listed with its source and licence);
 * - every small spec does what its row says: a refused one is refused with the row's message and
 *   kind (in process, the refusals come before any code is emitted), one that generates loads and
 *   models;
 * - a sample of small specs that generate today is generated and type-checked by a strict
 *   consumer (no @types at all, skipLibCheck false).
 * A change that turns a refusal into support fails its row here (or in `npm run corpus` for the
 * large specs): update the row, which is the record of what slbkit reads.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/api.js';
import { SpecError } from '../src/errors.js';
import { generateFromFile } from '../src/generate.js';
import { CORPUS, type CorpusSpec, PUBLIC, REFUSAL_KINDS, refusalKind, specSize } from './corpus-specs.js';
import { runProcess, TSC, STRICT_CONSUMER_TSCONFIG as TSCONFIG } from './generated-package.js';

/** Small enough to read in process in well under a second each (the large ones run in `npm run corpus`). */
const SMALL = 100 * 1024;
/** Larger, but refused while loading (half a second each), and their kinds have no smaller row. */
const QUICK = ['aws-sts', 'aws-sqs'];
/** Generated and type-checked in `npm test`: small specs that generate today, features the older public-specs test lacks. */
// heyapi-circular (components alone, a numeric info.version) and prism-petstore (operationIds
// used twice, renamed in the document) were refused on main: their types must hold together.
const SAMPLE = ['oai-petstore', 'oai-callback-example', 'oai-link-example', 'heyapi-circular', 'prism-petstore'];

const small = CORPUS.filter((spec) => specSize(spec) < SMALL || QUICK.includes(spec.name));
const row = (spec: CorpusSpec) => [spec.name, spec] as const;

describe('the corpus table', () => {
  it('has at least 30 specs, one folder each, and every folder under fixtures/public/ is a row', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const folders = readdirSync(PUBLIC).filter((entry) => statSync(join(PUBLIC, entry)).isDirectory());
    const rowFolders = new Set(CORPUS.map((spec) => spec.file.split('/')[0]));
    expect(folders.filter((folder) => !rowFolders.has(folder))).toEqual([]);
    expect(new Set(CORPUS.map((spec) => spec.name)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map(row))('%s: SOURCES.md names its file, source and licence; a licence file is beside it', (_name, spec) => {
    const sources = readFileSync(join(PUBLIC, 'SOURCES.md'), 'utf8');
    const line = sources.split('\n').find((l) => l.includes(`\`${spec.file}\``));
    expect(line, `no SOURCES.md row for ${spec.file}`).toBeDefined();
    // | file | repository | path | commit | licence | ...: every cell filled
    expect(
      line!
        .split('|')
        .slice(1, 6)
        .every((cell) => cell.trim().length > 0),
    ).toBe(true);
    const beside = readdirSync(join(PUBLIC, dirname(spec.file)));
    expect(beside.some((f) => /^LICEN[CS]E/i.test(f))).toBe(true);
  });

  it.each(CORPUS.filter((spec) => spec.expected.outcome === 'refused').map(row))(
    "%s: the row's message is of the row's kind, and the kind says which issue item covers it",
    (_name, spec) => {
      if (spec.expected.outcome !== 'refused') throw new Error('filtered above');
      expect(refusalKind(spec.expected.message)).toBe(spec.expected.kind);
      expect(REFUSAL_KINDS[spec.expected.kind].item).toMatch(/issue 19/);
    },
  );
});

describe(`every spec under ${SMALL / 1024} kB (and ${QUICK.join(', ')}) does what its row says`, () => {
  it.each(small.filter((spec) => spec.expected.outcome === 'refused').map(row))('%s is refused as its row says', async (_name, spec) => {
    if (spec.expected.outcome !== 'refused') throw new Error('filtered above');
    const error = await generateFromFile(join(PUBLIC, spec.file)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'it generates now: make its row { outcome: generates } (or the next refusal it meets)').toBeInstanceOf(SpecError);
    const line = (error as SpecError).describe();
    expect(line).toContain(spec.expected.message);
    expect(refusalKind(line)).toBe(spec.expected.kind);
  });

  it.each(small.filter((spec) => spec.expected.outcome === 'generates').map(row))('%s loads and models', async (_name, spec) => {
    const model = await loadModel(join(PUBLIC, spec.file));
    // A webhooks-only document (issue 19), or one of components alone, has types and no client methods.
    const webhooks = (model.typesDocument as { webhooks?: object }).webhooks;
    const typed = model.operations.length + Object.keys(webhooks ?? {}).length + Object.keys(model.componentSchemas).length;
    expect(typed).toBeGreaterThan(0);
  });
});

describe('a sample generates and type-checks for a strict consumer', () => {
  let root = '';
  beforeAll(() => {
    // Under the system temp dir: no node_modules/@types is reachable from there.
    root = mkdtempSync(join(tmpdir(), 'slbkit-corpus-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const sample = SAMPLE.map((name) => CORPUS.find((spec) => spec.name === name)!);

  it.each(sample.map(row))(
    '%s generates',
    async (name, spec) => {
      expect(spec.expected.outcome).toBe('generates');
      const files = await generateFromFile(join(PUBLIC, spec.file), { name, version: '1.0.0' });
      for (const [path, content] of files) {
        mkdirSync(dirname(join(root, name, path)), { recursive: true });
        writeFileSync(join(root, name, path), content);
      }
      expect(files.has('dist/index.d.ts')).toBe(true);
    },
    60_000,
  );

  it('tsc --strict, skipLibCheck false, types: [] passes over every package of the sample', async () => {
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    // Importing each package's entry brings every declaration it reaches into the program.
    writeFileSync(
      join(root, 'consumer.ts'),
      SAMPLE.map((name, i) => `import * as p${i} from './${name}/dist/index.js';\nexport type P${i} = typeof p${i};\n`).join(''),
    );
    const result = await runProcess(process.execPath, [TSC, '-p', join(root, 'tsconfig.json')], { cwd: root });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);
});
