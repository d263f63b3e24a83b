import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { SPEC } from './measure.js';

/**
 * The one server every client of the client bench talks to, in its own process (so its CPU is
 * not the client's): 127.0.0.1, keep-alive, answers every request with the documented JSON
 * success body of RemoveBackendServers, without looking at the request. Prints its port.
 */

function dig(node: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>(
    (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
    node,
  );
}

function documentedSuccess(): unknown {
  const spec = yaml.load(readFileSync(SPEC, 'utf8'));
  const value = dig(
    spec,
    'components',
    'responses',
    'RemoveBackendServersOk',
    'content',
    'application/json',
    'examples',
    'documentedSuccess',
    'value',
  );
  if (value === undefined) throw new Error(`${SPEC}: no components.responses.RemoveBackendServersOk JSON example "documentedSuccess"`);
  return value;
}

const body = Buffer.from(JSON.stringify(documentedSuccess()));
const server = createServer((req, res) => {
  // Drain the request (a POST would carry a form body), then answer.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
