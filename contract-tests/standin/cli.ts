/**
 * slbkit standin [--spec FILE] [--port N] [--keys FILE] [--faults FILE] [fault flags]
 * (tsx contract-tests/standin/cli.ts in this repository)
 *
 * Starts the local SLB on 127.0.0.1 (port 0 = a free one), prints its URL as the only line on
 * stdout, and runs until SIGINT or SIGTERM. Its spec is the imported one (all 93 SLB actions) by
 * default, or the bundled one (RemoveBackendServers only). Keys come from a keys file or from
 * STANDIN_ACCESS_KEY_ID / STANDIN_ACCESS_KEY_SECRET, else the default test key: a secret is read
 * from a file or the environment, never from arguments (other users see them in `ps`), and never
 * printed. Docs: docs/standin.md.
 * Exit codes: 0 stopped by a signal, 2 bad arguments or files, 1 could not start.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeInvisible, flagHint, printable } from '../../generator/src/api.js';
import { checkFaultRates, type FaultRates, readFaultFile } from './faults.js';
import { type AccessKey, BUNDLED_SPEC, IMPORTED_SPEC, type StandInOptions, startStandIn } from './server.js';

const USAGE = `Usage: slbkit standin [--spec FILE] [--port 0] [--keys FILE] [--faults FILE] [--throttle-rate R] ...

A local SLB (API 2014-05-15) for a team's tests: it verifies Alibaba signatures V1 and V3 with
its own code, keeps load balancers and backend servers in memory, answers every other action from
the spec, and injects faults when asked. It listens on 127.0.0.1, prints its URL as the only line
on stdout, and runs until Ctrl-C. Admin: GET /_standin/state, POST /_standin/reset, GET or PUT
/_standin/faults (loopback only). Details: docs/standin.md.

  --spec FILE             the imported spec (default: spec/slb-2014-05-15.imported.yaml, every action)
                          or the bundled one (spec/slb-2014-05-15.yaml, RemoveBackendServers only)
  --port, -p N            port (default 0: a free one)
  --keys FILE             JSON {"<AccessKeyId>": {"secret": "...", "securityToken": "..."}}; else
                          STANDIN_ACCESS_KEY_ID / STANDIN_ACCESS_KEY_SECRET, else the test key
                          standin-test-key / standin-test-secret (secrets never on the command line)
  --faults FILE           JSON with the keys below (throttle, unavailable, internalError, reset,
                          latencyMs, seed, actions); flags override the file
  --throttle-rate R       share of requests answered 400 Throttling.User (0 to 1)
  --unavailable-rate R    share answered 503 ServiceUnavailable
  --internal-error-rate R share answered 500 InternalError
  --reset-rate R          share whose connection is reset without an answer
  --latency-ms N          delay before every answer
  --seed N                seed of the fault draws (default 1): same seed, same faults
  --fault-actions A,B     only these actions draw faults
  --help, -h              this text`;

const OPTIONS = {
  spec: { type: 'string' },
  port: { type: 'string', short: 'p', default: '0' },
  keys: { type: 'string' },
  faults: { type: 'string' },
  'throttle-rate': { type: 'string' },
  'unavailable-rate': { type: 'string' },
  'internal-error-rate': { type: 'string' },
  'reset-rate': { type: 'string' },
  'latency-ms': { type: 'string' },
  seed: { type: 'string' },
  'fault-actions': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flag -> the fault file's key it overrides. */
const FAULT_FLAGS = {
  'throttle-rate': 'throttle',
  'unavailable-rate': 'unavailable',
  'internal-error-rate': 'internalError',
  'reset-rate': 'reset',
  'latency-ms': 'latencyMs',
  seed: 'seed',
} as const;

class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** The spec a path names: the bundled or the imported one (compared after resolving links). */
function specOf(path: string | undefined): string {
  if (path === undefined) return IMPORTED_SPEC;
  let real: string;
  try {
    real = realpathSync(resolve(path));
  } catch {
    throw new UsageError(`--spec ${path}: no such file; use spec/slb-2014-05-15.imported.yaml or spec/slb-2014-05-15.yaml`);
  }
  for (const known of [IMPORTED_SPEC, BUNDLED_SPEC]) if (real === realpathSync(known)) return known;
  throw new UsageError(
    `--spec ${path}: the stand-in serves SLB's imported spec (${IMPORTED_SPEC}) or the bundled one (${BUNDLED_SPEC}); for another spec run \`slbkit mock --spec ${path}\``,
  );
}

/** A keys file -> access keys; errors name the file and the JSON pointer, never a secret. */
function readKeysFile(file: string): Record<string, AccessKey> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'not JSON';
    throw new UsageError(`--keys ${file}: cannot read it as JSON (${why}); write {"<AccessKeyId>": {"secret": "..."}}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new UsageError(`--keys ${file}: must be a JSON object with at least one key: {"<AccessKeyId>": {"secret": "..."}}`);
  }
  const keys: Record<string, AccessKey> = {};
  for (const [id, value] of Object.entries(parsed)) {
    const where = `${file}#/${id.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const key = value as Record<string, unknown>;
    if (typeof key !== 'object' || key === null || typeof key.secret !== 'string' || key.secret === '') {
      throw new UsageError(`${where}: must be {"secret": "<AccessKeySecret>"} with a non-empty secret`);
    }
    if (key.securityToken !== undefined && typeof key.securityToken !== 'string') {
      throw new UsageError(`${where}/securityToken: must be a string (the STS token requests must carry)`);
    }
    const unknown = Object.keys(key).filter((name) => name !== 'secret' && name !== 'securityToken');
    if (unknown.length > 0) throw new UsageError(`${where}/${unknown[0]}: unknown key; use secret and securityToken`);
    keys[id] = { secret: key.secret, ...(typeof key.securityToken === 'string' ? { securityToken: key.securityToken } : {}) };
  }
  return keys;
}

function keysFrom(file: string | undefined): Record<string, AccessKey> | undefined {
  const id = process.env.STANDIN_ACCESS_KEY_ID;
  const secret = process.env.STANDIN_ACCESS_KEY_SECRET;
  if ((id === undefined) !== (secret === undefined)) {
    throw new UsageError('set both STANDIN_ACCESS_KEY_ID and STANDIN_ACCESS_KEY_SECRET, or neither');
  }
  if (file !== undefined) return { ...readKeysFile(file), ...(id && secret ? { [id]: { secret } } : {}) };
  return id && secret ? { [id]: { secret } } : undefined;
}

function faultsFrom(values: Record<string, string | boolean | undefined>): FaultRates | undefined {
  let rates: Record<string, unknown> = values.faults === undefined ? {} : { ...readFaultFile(String(values.faults)) };
  for (const [flag, key] of Object.entries(FAULT_FLAGS)) {
    const text = values[flag];
    if (text === undefined) continue;
    const number = Number(text);
    if (String(text).trim() === '' || !Number.isFinite(number)) throw new UsageError(`--${flag} must be a number, got "${text}"`);
    rates = { ...rates, [key]: number };
  }
  if (values['fault-actions'] !== undefined) rates.actions = String(values['fault-actions']).split(',').filter(Boolean);
  if (Object.keys(rates).length === 0) return undefined;
  return checkFaultRates(rates, values.faults === undefined ? 'fault flags ' : `${values.faults} with flags `);
}

function options(): StandInOptions | 'help' {
  let values;
  try {
    values = parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (error) {
    const message = (error as Error).message;
    throw new UsageError(`${message}${flagHint(message, Object.keys(OPTIONS))}`, true);
  }
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const accessKeys = keysFrom(values.keys);
  const faultRates = faultsFrom(values);
  return { port, spec: specOf(values.spec), ...(accessKeys ? { accessKeys } : {}), ...(faultRates ? { faultRates } : {}) };
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
  const usage = error instanceof UsageError && error.showUsage ? `\n${USAGE}\n` : '';
  process.stderr.write(`${printable(`stand-in: ${escapeInvisible((error as Error).message)}`)}\n${usage}`);
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
