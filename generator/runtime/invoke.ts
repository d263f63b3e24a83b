import { type CallOptions, type ClientContext, setting } from './context.js';
import type { Credentials } from './credentials.js';
import { redactError, redactor } from './errors.js';
import type { EncodedBody } from './media.js';
import type { AttemptRequest } from './middleware.js';
import type { OperationDescriptor } from './operation.js';
import { buildRequest, callValues, chooseMethod, encodedBody, secretValues, type WireRequest, wireRequest } from './request.js';
import { type RawResult, readResponse, requestIdOf } from './response.js';
import { backoff, retryDecision, sleep } from './retry.js';
import { type CallSigners, callSigners, signRequest } from './signers/call-signers.js';
import { newStamp } from './signers/signer.js';
import { send, type TransportResponse } from './transport.js';

/** The export `name` of the operations module (context.ts `operations`); a name it lacks is a generator bug. */
async function lazyDescriptor(context: ClientContext, name: string): Promise<OperationDescriptor> {
  const module = (await context.operations()) as Record<string, OperationDescriptor | undefined>;
  const operation = Object.hasOwn(module, name) ? module[name] : undefined;
  if (!operation) throw new TypeError(`slbkit: the operations module has no descriptor "${name}": regenerate the package`);
  return operation;
}

/**
 * One call: the retry loop over request (request.ts) -> signers (signers/) -> transport
 * (transport.ts) -> response (response.ts), with the caller's middleware around each attempt.
 * What is fixed for the call is settled once before the first attempt: the values (validated;
 * nothing is sent when they break the spec), the method, the credentials; each attempt is built
 * and signed anew (fresh nonce and timestamp): Alibaba rejects a reused SignatureNonce.
 */
export async function invoke<Output>(
  context: ClientContext,
  described: OperationDescriptor | string,
  input: unknown,
  call: CallOptions & { raw?: boolean } = {},
): Promise<Output> {
  const { options } = context;
  // A generated client names the descriptor: it is read from the operations module, imported at the first call.
  const operation = typeof described === 'string' ? await lazyDescriptor(context, described) : described;
  // An operation with no required input is called with none (`getHealth()`).
  const values = callValues(operation, input ?? {}, options);
  const body = await encodedBody(operation, values);
  const signers = await callSigners(operation, options, call.signal);
  if (context.insecure && signers.sendsCredentials) {
    context.insecure = false;
    process.emitWarning(
      `slbkit: endpoint ${context.origin} is http:, so the credentials it sends (AccessKeyId, Signature, SecurityToken, auth values) travel unencrypted; use https:`,
      { code: 'SLBKIT_INSECURE_ENDPOINT' },
    );
  }
  const method = chooseMethod(operation, call.method, setting(options, 'method'));
  // The spec's secret parameters (format password, writeOnly, ...Password/Secret/Token) are hidden like the auth values.
  const secrets = [...signers.secrets, ...secretValues(operation, values)];
  const maxRetries = setting(options, 'maxRetries');
  for (let attempt = 0; ; attempt++) {
    call.signal?.throwIfAborted();
    try {
      const answer = await attemptOnce<Output>(context, operation, method, values, body, signers, secrets, call.signal, attempt + 1);
      // `raw: true`: the status and headers with the body (RawResult); else the body alone.
      return (call.raw ? answer : answer.body) as Output;
    } catch (error) {
      if (call.signal?.aborted || attempt >= maxRetries) throw error;
      const decision = retryDecision(error, operation);
      if (!decision.retry) {
        // The one place a call gives up: its error says why when a retry was ruled out as unsafe.
        if (decision.notRetried) (error as Error).message += ` (${decision.notRetried})`;
        throw error;
      }
      await sleep(backoff(attempt, options), call.signal);
    }
  }
}

/** One attempt: build, sign, let the middleware see it (and add headers), send, read. */
async function attemptOnce<Output>(
  context: ClientContext,
  operation: OperationDescriptor,
  method: string,
  values: Record<string, unknown>,
  body: EncodedBody | undefined,
  signers: CallSigners,
  callSecrets: readonly string[],
  callerSignal: AbortSignal | undefined,
  attempt: number,
): Promise<RawResult<Output>> {
  const { options, middleware } = context;
  const format = setting(options, 'format');
  const stamp = newStamp();
  let request = wireRequest(signRequest(buildRequest(context, operation, method, values, format, [], body), signers, stamp));
  const { credentials } = signers;
  // Middleware sees the signed request with every signed value and secret replaced.
  const shown = [credentials?.accessKeySecret ?? '', credentials?.securityToken ?? '', ...callSecrets];
  // By position too: a secret parameter's value is hidden in the view whatever its length.
  const hidden = operation.parameters.filter((p) => p.secret).map((p) => p.name);
  let view: AttemptRequest | undefined;
  if (middleware.length) {
    const { attemptView } = await import('./middleware.js');
    view = attemptView(operation.name, attempt, request, shown, hidden);
    const before = { ...view.headers };
    for (const hooks of middleware) await hooks.onRequest?.(view);
    // Headers a hook set are placed like the spec's fixed headers, then the request is signed anew.
    const added = Object.entries(view.headers)
      .filter(([name, value]) => before[name] !== value)
      .map(([name, value]) => [name, String(value)] as const);
    if (added.length) {
      request = wireRequest(signRequest(buildRequest(context, operation, method, values, format, added, body), signers, newStamp()));
      view = attemptView(operation.name, attempt, request, shown, hidden);
    }
  }
  // Built only on the error path: a successful call never pays for it.
  let redactSecrets: ((text: string) => string) | undefined;
  const redact = (text: string) => (redactSecrets ??= redactor([...attemptSecrets(credentials, request), ...callSecrets]))(text);
  const started = Date.now();
  let status: number | undefined;
  let result: Output;
  let headers: TransportResponse['headers'] = {};
  try {
    const response = await send(
      context.transport,
      operation.name,
      {
        ...request,
        signal: callerSignal,
        timeoutMs: setting(options, 'timeoutMs'),
        maxResponseBytes: setting(options, 'maxResponseBytes'),
      },
      attempt,
    );
    status = response.status;
    headers = response.headers;
    result = await readResponse<Output>(context, operation, response, format, redact);
  } catch (error) {
    // The caller's own abort reason is theirs, and holds nothing of ours.
    if (callerSignal?.aborted && error === callerSignal.reason) throw error;
    const failure = redactError(error, redact) as Error;
    if (view)
      for (const hooks of [...middleware].reverse())
        await hooks.onError?.({ ...view, error: failure, status, durationMs: Date.now() - started });
    throw failure;
  }
  if (view)
    for (const hooks of [...middleware].reverse())
      await hooks.onResponse?.({ ...view, status: status!, durationMs: Date.now() - started, requestId: requestIdOf(result) });
  return { status: status!, headers, body: result };
}

/**
 * What this attempt must never let out: the secret, the token, the signature it sent (V1
 * `Signature` in the query or a form body, V3 in Authorization) and the signed query itself.
 * Alibaba's SignatureDoesNotMatch message quotes the string to sign (token included); a gateway
 * may echo the whole request.
 */
function attemptSecrets(credentials: Credentials | undefined, request: WireRequest): string[] {
  const query = request.path.split('?')[1] ?? '';
  const form = /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '') && typeof request.body === 'string' ? request.body : '';
  const signatures = [query, form].map((text) => new URLSearchParams(text).get('Signature') ?? '');
  const v3 = /Signature=(\w+)/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  return [credentials?.accessKeySecret ?? '', credentials?.securityToken ?? '', query, form, v3, ...signatures];
}
