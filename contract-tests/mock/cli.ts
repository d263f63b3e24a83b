import { parseArgs } from 'node:util';
import { DEFAULT_SPEC, startMock } from './server.js';

/** `npm run mock -- --port 4010 [--spec FILE] [--example NAME]`: serves until Ctrl-C. */
const USAGE = 'Usage: npm run mock -- [--port 4010] [--spec FILE] [--example NAME]';

let values;
try {
  values = parseArgs({
    options: { port: { type: 'string', default: '4010' }, spec: { type: 'string', default: DEFAULT_SPEC }, example: { type: 'string' }, help: { type: 'boolean' } },
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
try {
  const mock = await startMock({ port, spec: values.spec, ...(values.example ? { example: values.example } : {}) });
  console.log(`slbkit mock of ${values.spec} listening on ${mock.url}`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`mock failed to start: ${(error as Error).message}`);
  process.exit(1);
}
