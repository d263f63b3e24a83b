/**
 * tsx contract-tests/standin/cli.ts [--port <n>]
 *
 * Starts the stand-in on 127.0.0.1 (port 0 = a free one), prints its URL as the only line on
 * stdout, and runs until SIGINT or SIGTERM. It accepts the default test key, or the key in
 * STANDIN_ACCESS_KEY_ID / STANDIN_ACCESS_KEY_SECRET: the secret is read from the environment,
 * never from arguments, which other users can see in `ps`.
 * Exit codes: 0 stopped by a signal, 2 bad arguments, 1 could not start.
 */
import { parseArgs } from 'node:util';
import { escapeInvisible, printable } from '../../generator/src/errors.js';
import { startStandIn, type StandInOptions } from './server.js';

function options(): StandInOptions {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const id = process.env['STANDIN_ACCESS_KEY_ID'];
  const secret = process.env['STANDIN_ACCESS_KEY_SECRET'];
  if ((id === undefined) !== (secret === undefined)) {
    throw new TypeError('set both STANDIN_ACCESS_KEY_ID and STANDIN_ACCESS_KEY_SECRET, or neither');
  }
  return id && secret ? { port, accessKeys: { [id]: { secret } } } : { port };
}

let parsed: StandInOptions;
try {
  parsed = options();
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
