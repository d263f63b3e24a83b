/**
 * `slbkit import alibaba <api-docs.json> [--out FILE] [--source TEXT]`: Alibaba Cloud's API
 * metadata to an OpenAPI 3.1 document (alibaba.ts). Exit 0 written, 2 bad usage or a metadata
 * file that is not api-docs.json's shape (the message names the JSON pointer and the fix), 1 a
 * failure to write.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeInvisible, printable, SpecError } from '../errors.js';
import { flagHint } from '../suggest.js';
import { importAlibaba, toYaml } from './alibaba.js';
import { readMetadata } from './metadata.js';

const USAGE = `Usage: slbkit import alibaba <api-docs.json> [--out FILE] [--source TEXT]

  Alibaba Cloud's API metadata for one RPC product and version (api-docs.json) to an OpenAPI 3.1
  spec in slbkit's RPC form: every action, its parameters (types, ranges, enums, required, repeat
  lists, JSON-text parameters typed by their documented example), its response schema and
  example, its documented error codes as error examples, the servers of the endpoint list.
  The same metadata always gives the same bytes.

  --out, -o FILE        write the spec here (default: standard output)
  --source TEXT         where the metadata came from, recorded in info.description
                        (default: the file's name)
  --version, -v         slbkit's version
  --help, -h            this text

Then: slbkit generate --spec FILE --out DIR, slbkit mock --spec FILE, slbkit contract --spec FILE.
See docs/import.md.`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  source: { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

function fail(message: string, code: number): never {
  process.stderr.write(`${printable(message)}\n`);
  process.exit(code);
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
} catch (error) {
  // Node's advice on positionals that start with "-" is not about a mistyped flag.
  const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
  fail(`slbkit import: ${escapeInvisible(message)}${flagHint(message, Object.keys(OPTIONS))}\n\n${USAGE}`, 2);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.version) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}
const [kind, file, ...extra] = positionals;
if (kind !== 'alibaba')
  fail(
    `slbkit import: ${kind === undefined ? 'say what to import' : `unknown kind "${escapeInvisible(kind)}"`} (only "alibaba" is supported)\n\n${USAGE}`,
    2,
  );
if (file === undefined) fail(`slbkit import alibaba: give the api-docs.json file\n\n${USAGE}`, 2);
if (extra.length > 0) fail(`slbkit import alibaba: one file at a time, not also "${escapeInvisible(extra[0]!)}"\n\n${USAGE}`, 2);

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  fail(`slbkit import alibaba: cannot read ${escapeInvisible(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 2);
}
let output: string;
try {
  output = toYaml(importAlibaba(readMetadata(text), { source: values.source ?? basename(file) }));
} catch (error) {
  // file#/pointer for the document, file:line:column for JSON that does not parse.
  if (error instanceof SpecError)
    fail(`slbkit import alibaba: ${escapeInvisible(file)}${error.location.startsWith('#') ? '' : ':'}${error.describe()}`, 2);
  throw error;
}
if (values.out === undefined) process.stdout.write(output);
else {
  const target = resolve(values.out);
  const scratch = `${target}.${process.pid}.tmp`;
  try {
    // A reader of the spec never sees half of it.
    writeFileSync(scratch, output);
    renameSync(scratch, target);
  } catch (error) {
    rmSync(scratch, { force: true });
    fail(`slbkit import alibaba: cannot write ${escapeInvisible(values.out)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 1);
  }
  process.stderr.write(`${printable(`slbkit import alibaba: wrote ${values.out}`)}\n`);
}
