/**
 * Every error the client throws. None of them ever holds the AccessKeySecret, the SecurityToken,
 * the Signature or a signed URL: they carry the action, the HTTP status and the server's own
 * words, which is what a person needs to act. `redactError` below is what makes that true for
 * the server's words too.
 */

/** One broken rule of the input: where (a JSON pointer into the input) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
  keyword: string;
}

export class SlbkitError extends Error {
  override name = 'SlbkitError';
  /** The RPC action (or operationId) of the call that failed. */
  readonly action: string;
  readonly requestId: string | undefined;
  constructor(action: string, message: string, requestId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.action = action;
    this.requestId = requestId;
  }

  /** What `JSON.stringify(error)` shows: the public fields, no stack, no cause. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (key !== 'cause') fields[key] = value;
    return fields;
  }
}

/**
 * The server answered with an error status and a body the API sends: Alibaba's
 * `Code`/`Message`/`RequestId`/`HostId`/`Recommend`, or any shape the spec documents. `body` is
 * that body parsed (JSON parsed, text a string, bytes a Uint8Array; `undefined` when empty),
 * typed by the operation's documented error schemas (`<Operation>Error` in types.ts); `code` and
 * `message` are read from its common fields, `HTTP <status>` when it has none; `headers` are
 * the answer's. Secrets are replaced in all of them before the error is made.
 */
export class ApiError<Body = unknown> extends SlbkitError {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  /** The error body as documented for this status (exact, range, then `default`). */
  readonly body: Body;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  constructor(
    action: string,
    fields: {
      status: number;
      code: string;
      message: string;
      requestId?: string;
      hostId?: string;
      recommend?: string;
      body?: Body;
      headers?: Readonly<Record<string, string | string[] | undefined>>;
    },
  ) {
    super(
      action,
      `${action} failed with HTTP ${fields.status} ${fields.code}: ${fields.message}${fields.requestId ? ` (RequestId ${fields.requestId})` : ''}`,
      fields.requestId,
    );
    this.status = fields.status;
    this.code = fields.code;
    this.hostId = fields.hostId;
    this.recommend = fields.recommend;
    // The server's message, as sent; `message` above adds the context around it.
    this.serverMessage = fields.message;
    this.body = fields.body as Body;
    this.headers = fields.headers ?? {};
  }
  readonly serverMessage: string;
}

/** The server refused the call because of the caller's request rate (Code `Throttling*`). */
export class ThrottlingError<Body = unknown> extends ApiError<Body> {
  override name = 'ThrottlingError';
}

const issueLines = (issues: ValidationIssue[], whole: string) => issues.map((i) => `\n  - ${i.path || whole}: ${i.message}`).join('');

/** The input broke the spec's rules; nothing was sent. `issues` lists every broken rule. */
export class RequestValidationError extends SlbkitError {
  override name = 'RequestValidationError';
  readonly issues: ValidationIssue[];
  constructor(action: string, issues: ValidationIssue[]) {
    super(action, `${action}: invalid input, nothing was sent:${issueLines(issues, '(input)')}`);
    this.issues = issues;
  }
}

/**
 * With `validateResponses`: a success body broke the spec's schema (paths point into the body).
 * The call did happen on the server; the body is not returned.
 */
export class ResponseValidationError extends SlbkitError {
  override name = 'ResponseValidationError';
  readonly issues: ValidationIssue[];
  constructor(action: string, issues: ValidationIssue[], requestId: string | undefined) {
    super(
      action,
      `${action}: the response breaks the spec's schema${requestId ? ` (RequestId ${requestId})` : ''}:${issueLines(issues, '(body)')}`,
      requestId,
    );
    this.issues = issues;
  }
}

/** No credentials were found; nothing was sent. */
export class CredentialsError extends SlbkitError {
  override name = 'CredentialsError';
}

/** An attempt took longer than `timeoutMs`, and no retry was left. */
export class TimeoutError extends SlbkitError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(action: string, timeoutMs: number, attempts: number) {
    super(action, `${action} timed out after ${timeoutMs} ms (attempt ${attempts})`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The exchange itself failed: the connection was refused or reset, or the server answered
 * something that is not the body the API sends (an HTML gateway page, truncated JSON).
 * `status` is set when a response arrived; `bodyStart` holds its first bytes.
 */
export class TransportError extends SlbkitError {
  override name = 'TransportError';
  readonly status: number | undefined;
  readonly bodyStart: string | undefined;
  readonly errorCode: string | undefined;
  constructor(
    action: string,
    message: string,
    details: { status?: number; bodyStart?: string; errorCode?: string; requestId?: string; cause?: unknown } = {},
  ) {
    super(action, message, details.requestId, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.bodyStart = details.bodyStart;
    this.errorCode = details.errorCode;
  }
}

/**
 * The forms a secret travels in, and so may come back in: raw, percent-encoded once (the URL)
 * and twice (Alibaba's V1 string to sign), `+` for a space (form bodies), `+` read back as a
 * space (a server that form-decodes the query), and each encoded form with lower-case hex too,
 * as a server may re-encode. Each form is also matched as a JSON string spells it (jsonSpelling).
 * A value under 4 characters is not searched for: it would match all over the message, and is
 * no secret worth the name (Alibaba's are 30 and more).
 */
function secretPattern(secrets: readonly string[], json: boolean): RegExp | undefined {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret).add(secret.replaceAll('+', ' '));
    let once: string;
    try {
      once = encodeURIComponent(secret);
    } catch {
      continue; // a lone surrogate: it cannot travel encoded, so the raw form is the only one
    }
    // RFC 3986 encoding (what signature V1 sends) also encodes !'()*.
    for (const encoded of [once, once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)]) {
      for (const form of [encoded, encoded.replaceAll('%20', '+'), encodeURIComponent(encoded)])
        forms.add(form).add(form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    }
  }
  if (forms.size === 0) return undefined;
  // Longest first, one pass: a form inside another (a token inside the signed URL) cannot leave a tail.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(json ? jsonSpelling : literal).join('|'), 'g');
}

/**
 * A form as a regex source that also matches it inside a JSON string, however the encoder
 * escaped it (RFC 8259 section 7): every character but a letter or digit may come as `\uXXXX`
 * (either case of hex: Gson writes `=` as `\u003d`, Go `<>&` as `\u003c`...), and `/`, `"`
 * and `\` also as `\/`, `\"` and `\\` (PHP and many gateways write `\/`). Character by
 * character, so any mix of escaped and plain characters matches. An STS token and a base64
 * signature hold `/`, `+` and `=`.
 */
function jsonSpelling(form: string): string {
  let source = '';
  for (let i = 0; i < form.length; i++) {
    const char = form[i]!;
    if (/[A-Za-z0-9]/.test(char)) {
      source += char;
      continue;
    }
    const hex = [...form.charCodeAt(i).toString(16).padStart(4, '0')]
      .map((h) => (/[a-f]/.test(h) ? `[${h}${h.toUpperCase()}]` : h))
      .join('');
    const spellings = [literal(char), `\\\\u${hex}`, ...(char === '/' || char === '"' || char === '\\' ? [literal(`\\${char}`)] : [])];
    source += `(?:${spellings.join('|')})`;
  }
  return source;
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The one redaction step (`redact` from `redactor`): every string property of the error (message, stack, serverMessage,
 * hostId, recommend, bodyStart, requestId, ...), own or not enumerable, and the same of its
 * `cause` chain, with each form of each secret replaced by `[redacted]`. Structural, so a field
 * added later is covered without a call site to remember. Only on the error path.
 */
export function redactError<E>(error: E, redact: (text: string) => string): E {
  redactObject(error, redact, 0);
  return error;
}

/**
 * A function that replaces every form of every secret in a text with `[redacted]`. `json: false`
 * leaves out the JSON spellings, for a text the client built itself (the middleware view of its
 * own URL and headers): the pattern is then several times smaller to build.
 */
export function redactor(secrets: readonly string[], { json = true }: { json?: boolean } = {}): (text: string) => string {
  const pattern = secretPattern(secrets, json);
  return (text) => (pattern ? text.replace(pattern, '[redacted]') : text);
}

function redactObject(target: unknown, clean: (text: string) => string, depth: number): void {
  if (typeof target !== 'object' || target === null || depth > 4) return;
  for (const key of Object.getOwnPropertyNames(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    // `stack` may be an accessor on some engines; no other getter is run.
    const value = key === 'stack' ? (target as { stack?: unknown }).stack : descriptor.value;
    if (typeof value === 'string') {
      const cleaned = clean(value);
      // A frozen object cannot be cleaned; none of ours is, and a throw here would hide the error.
      if (cleaned !== value)
        Reflect.defineProperty(target, key, { value: cleaned, writable: true, configurable: true, enumerable: !!descriptor.enumerable });
    } else if (typeof value === 'object') {
      redactObject(value, clean, depth + 1);
    }
  }
}
