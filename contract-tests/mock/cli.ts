import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { escapeInvisible, flagHint, printable, SpecError } from '../../generator/src/api.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SPEC, startMock } from './server.js';

/** `slbkit mock [flags]` (`npm run mock -- [flags]` in this repository): serves until Ctrl-C. */
const USAGE = `Usage: slbkit mock [--spec FILE] [--port 4010] [--host 127.0.0.1] [--cors] [--example NAME] [--dynamic]
                   [--max-body-bytes ${DEFAULT_MAX_BODY_BYTES}] [--quiet]

  --spec, -s FILE       OpenAPI 3.0/3.1 spec to serve (default: the bundled spec/slb-2014-05-15.yaml)
  --port, -p N          port (default 4010; 0 picks a free one)
  --host ADDRESS        address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every interface)
  --cors                answer CORS preflights and allow any origin (for a browser app served elsewhere)
  --example NAME        answer with the success example of this name when the request does not
                        say (a request says with the header "Prefer: example=NAME")
  --dynamic             Prism's dynamic mode: success bodies generated from the schema instead of
                        the documented example (one request: "Prefer: dynamic=true")
  --max-body-bytes N    largest request body read (default ${DEFAULT_MAX_BODY_BYTES}); larger: 413
  --quiet, -q           no line per request (the request log: method, path, RPC action, status, time)
  --version, -v         slbkit's version
  --help, -h            this text

A request is checked against the spec first (parameters by their wire encoding, the JSON body,
the security the spec asks for); a broken one gets the spec's own error body. Other "Prefer"
headers Prism reads: "Prefer: code=404" picks the documented answer by status.`;
/** Every message through errors.ts `printable`: a spec path or a flag may hold line breaks, bidi controls or a line starting `::` (a GitHub workflow command). */
function print(message: string): void {
  process.stdout.write(`${printable(message)}\n`);
}
function fail(message: string): void {
  process.stderr.write(`${printable(message)}\n`);
}
const OPTIONS = {
  port: { type: 'string', short: 'p', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  spec: { type: 'string', short: 's', default: DEFAULT_SPEC },
  cors: { type: 'boolean' },
  example: { type: 'string' },
  dynamic: { type: 'boolean' },
  'max-body-bytes': { type: 'string', default: String(DEFAULT_MAX_BODY_BYTES) },
  quiet: { type: 'boolean', short: 'q' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;
let values;
try {
  values = parseArgs({
    options: OPTIONS,
    strict: true,
  }).values;
} catch (error) {
  fail(`slbkit mock: ${escapeInvisible((error as Error).message)}${flagHint((error as Error).message, Object.keys(OPTIONS))}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.version) {
  print(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be a port number, not "${escapeInvisible(values.port)}"\n${USAGE}`);
  process.exit(2);
}
const maxBodyBytes = Number(values['max-body-bytes']);
if (!/^\d+$/.test(values['max-body-bytes']) || !Number.isSafeInteger(maxBodyBytes)) {
  fail(`--max-body-bytes must be a whole number of bytes, not "${escapeInvisible(values['max-body-bytes'])}"\n${USAGE}`);
  process.exit(2);
}
try {
  const mock = await startMock({
    port,
    host: values.host,
    cors: values.cors === true,
    spec: values.spec,
    maxBodyBytes,
    warn: fail,
    ...(values.quiet ? {} : { log: print }),
    dynamic: values.dynamic === true,
    ...(values.example ? { example: values.example } : {}),
  });
  print(`slbkit mock of ${escapeInvisible(values.spec)} listening on ${mock.url}`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // A spec the mock cannot serve is the user's to fix (exit 2, with its location), as in the generator.
  if (error instanceof SpecError) {
    fail(`mock cannot serve ${escapeInvisible(values.spec)}: ${error.describe()}`);
    process.exit(2);
  }
  fail(`mock failed to start: ${escapeInvisible((error as Error).message)}`);
  process.exit(1);
}
