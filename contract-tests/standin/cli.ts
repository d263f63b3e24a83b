/**
 * slbkit standin [--port <n>] (tsx contract-tests/standin/cli.ts in this repository)
 *
 * Starts the stand-in on 127.0.0.1 (port 0 = a free one), prints its URL as the only line on
 * stdout, and runs until SIGINT or SIGTERM. It accepts the default test key, or the key in
 * STANDIN_ACCESS_KEY_ID / STANDIN_ACCESS_KEY_SECRET: the secret is read from the environment,
 * never from arguments, which other users can see in `ps`.
 * Exit codes: 0 stopped by a signal, 2 bad arguments, 1 could not start.
 */
import { parseArgs } from 'node:util';
import { escapeInvisible, flagHint, printable } from '../../generator/src/api.js';
import { type StandInOptions, startStandIn } from './server.js';

const USAGE = `Usage: slbkit standin [--port 0]

The stand-in endpoint for the bundled SLB spec: it verifies Alibaba signatures V1 and V3 with its
own code and keeps its load balancers in memory. It listens on 127.0.0.1, prints its URL as the
only line on stdout, and runs until Ctrl-C. It accepts the default test key, or the key in
STANDIN_ACCESS_KEY_ID / STANDIN_ACCESS_KEY_SECRET (a secret is never read from the command line).

  --port, -p N    port (default 0: a free one)
  --help, -h      this text`;

const OPTIONS = { port: { type: 'string', short: 'p', default: '0' }, help: { type: 'boolean', short: 'h' } } as const;

function options(): StandInOptions | 'help' {
  let values;
  try {
    values = parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (error) {
    process.stderr.write(
      `${printable(`stand-in: ${escapeInvisible((error as Error).message)}${flagHint((error as Error).message, Object.keys(OPTIONS))}`)}\n\n${USAGE}\n`,
    );
    process.exit(2);
  }
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const id = process.env.STANDIN_ACCESS_KEY_ID;
  const secret = process.env.STANDIN_ACCESS_KEY_SECRET;
  if ((id === undefined) !== (secret === undefined)) {
    throw new TypeError('set both STANDIN_ACCESS_KEY_ID and STANDIN_ACCESS_KEY_SECRET, or neither');
  }
  return id && secret ? { port, accessKeys: { [id]: { secret } } } : { port };
}

let parsed: StandInOptions;
try {
  const chosen = options();
  if (chosen === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  parsed = chosen;
} catch (error) {
  process.stderr.write(`${printable(`stand-in: ${escapeInvisible((error as Error).message)}`)}\n`);
  process.exit(2);
}

try {
  const standIn = await startStandIn(parsed);
  process.stdout.write(`${standIn.url}\n`);
  const stop = (): void => {
    void standIn.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${printable(`stand-in: could not start: ${escapeInvisible((error as Error).message)}`)}\n`);
  process.exit(1);
}
