import { parseArgs } from 'node:util';
import { SpecError } from '../../generator/src/errors.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SPEC, startMock } from './server.js';

/** `npm run mock -- --port 4010 [--spec FILE] [--example NAME] [--max-body-bytes N]`: serves until Ctrl-C. */
const USAGE = `Usage: npm run mock -- [--port 4010] [--spec FILE] [--example NAME] [--max-body-bytes ${DEFAULT_MAX_BODY_BYTES}]`;

let values;
try {
  values = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      spec: { type: 'string', default: DEFAULT_SPEC },
      example: { type: 'string' },
      'max-body-bytes': { type: 'string', default: String(DEFAULT_MAX_BODY_BYTES) },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not "${values.port}"\n${USAGE}`);
  process.exit(2);
}
const maxBodyBytes = Number(values['max-body-bytes']);
if (!/^\d+$/.test(values['max-body-bytes']) || !Number.isSafeInteger(maxBodyBytes)) {
  console.error(`--max-body-bytes must be a whole number of bytes, not "${values['max-body-bytes']}"\n${USAGE}`);
  process.exit(2);
}
try {
  const mock = await startMock({ port, spec: values.spec, maxBodyBytes, ...(values.example ? { example: values.example } : {}) });
  console.log(`slbkit mock of ${values.spec} listening on ${mock.url}`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  // A spec the mock cannot serve is the user's to fix (exit 2, with its location), as in the generator.
  if (error instanceof SpecError) {
    console.error(`mock cannot serve ${values.spec}: ${error.describe()}`);
    process.exit(2);
  }
  console.error(`mock failed to start: ${(error as Error).message}`);
  process.exit(1);
}
