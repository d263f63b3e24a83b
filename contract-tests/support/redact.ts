import { format } from 'node:util';
import { redactError, redactor } from '../../generator/src/api.js';
import type { ContractTarget } from './target.js';

/**
 * The suite's one redaction step, for a real target that echoes what it was sent (a gateway's
 * error page, a debugging proxy): every assertion message, annotation and console line of a test
 * that talks to the target passes through `redactText` before vitest prints it or writes it to
 * JUnit. It is the generated client's own redactor (runtime/errors.ts: every raw and
 * percent-encoded form of each value), over the values this run must not show: the
 * AccessKeySecret, the SecurityToken, CONTRACT_AUTH's values and every Signature sent, by the
 * raw sender or by the client. JSON's `\/` escape is undone first: a JSON body that escapes
 * slashes would otherwise hide a token with a `/` from the redactor.
 */
const secrets = new Set<string>();
let redact: ((text: string) => string) | undefined;

export function addSecrets(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (value === undefined || secrets.has(value)) continue;
    secrets.add(value);
    redact = undefined;
  }
}

/** The target's own secrets: credentials and CONTRACT_AUTH (a basic password, and its base64 pair as the header carries it). */
export function addTargetSecrets(target: ContractTarget): void {
  addSecrets(target.credentials?.accessKeySecret, target.credentials?.securityToken);
  for (const value of Object.values(target.auth)) {
    if (typeof value === 'string') addSecrets(value);
    else addSecrets(value.password, Buffer.from(`${value.username}:${value.password}`).toString('base64'));
  }
}

/** The Signature values of a signed request (V1 in the query or a form body, V3 in Authorization). */
export function addRequestSignatures(request: {
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}): void {
  const forms = [
    request.path.split('?')[1] ?? '',
    /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '') && typeof request.body === 'string' ? request.body : '',
  ];
  for (const text of forms) addSecrets(new URLSearchParams(text).get('Signature') ?? undefined);
  addSecrets(/Signature=([^,\s]+)/.exec(request.headers.authorization ?? '')?.[1]);
}

export function redactText(text: string): string {
  redact ??= redactor([...secrets]);
  return redact(text.replaceAll('\\/', '/'));
}

/**
 * A test body that talks to the target, wrapped: whatever it throws (an assertion with the body
 * in its message, the client's error with its bodyStart, a cause) is cleaned field by field (the
 * client's `redactError`, with `redactText`) before vitest sees it.
 */
export function redacted<A extends unknown[], T>(body: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args) => {
    try {
      return await body(...args);
    } catch (error) {
      throw typeof error === 'string' ? redactText(error) : redactError(error, redactText);
    }
  };
}

let consolePatched = false;
/** Console lines of the test files (and of a client with `debug`) through the same step. */
export function redactConsole(): void {
  if (consolePatched) return;
  consolePatched = true;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(redactText(format(...args)));
  }
}
