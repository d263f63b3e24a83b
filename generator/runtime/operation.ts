import type { AuthScheme } from './auth.js';
import type { ValidationIssue } from './errors.js';
import type { BodyKind, BodyMedia } from './media.js';
import type { SignerName } from './signers/signer.js';
import type { WireEncoding } from './wire.js';

/**
 * What the generated client knows of one operation: plain data printed by the generator from
 * the spec, read by `invoke`. Nothing here is specific to an action.
 */
export interface OperationDescriptor {
  /** The name errors use: the RPC action, or the operationId. */
  name: string;
  style: 'rpc' | 'http';
  /** RPC: the Action and Version sent with every call. */
  action?: string;
  version?: string;
  /** Methods the spec allows; the first is the default. */
  methods: readonly string[];
  path: string;
  parameters: readonly ParameterDescriptor[];
  /** Single-valued parameters the client always sends (Action, Version, ...). */
  fixed: readonly { name: string; in: ParameterIn; value: string }[];
  /**
   * Why a retry after an ambiguous failure (5xx, timeout, reset after sending) cannot duplicate
   * work: `token`, the action takes an idempotency token (the client sends one per call, the
   * same on every attempt); `safe`, the spec marks it safe to repeat. Absent: sent once.
   */
  idempotency?: { kind: 'token'; parameter: string } | { kind: 'safe' };
  /**
   * http style: the input's `body`, sent as the media type the input's `contentType` names, else
   * the first listed (JSON-like types first); media.ts writes it.
   */
  body?: { required: boolean; media?: readonly BodyMedia[] };
  /** http style: the Accept header, every media type the responses document. Absent: JSON (or XML). */
  accept?: string;
  /** http style: per response code (`200`, `4XX`, `default`), how each documented body is read. */
  responses?: Readonly<Record<string, readonly BodyKind[]>>;
  validate: InputValidator;
  /** How to read the XML form of the success body (format 'XML'). */
  xml?: XmlShape;
  /**
   * Who puts credentials on the request, in order (signers/signer.ts): chosen once by the
   * generator from the spec. Empty: sent as built, and no Alibaba credentials are looked up.
   */
  signers: readonly SignerName[];
  /** The spec's security: alternatives, each the names of schemes that must all be sent (`[]`: none needed). Absent: none. */
  security?: readonly (readonly string[])[];
  /** The schemes `security` names that the client can send (auth.ts); an alternative naming another is never chosen. */
  schemes?: Readonly<Record<string, AuthScheme>>;
}

export type ParameterIn = 'query' | 'header' | 'path';

export interface ParameterDescriptor {
  name: string;
  in: ParameterIn;
  /** How the value travels (the table is in wire.ts). */
  wire: WireEncoding;
  /** RPC: filled from the client's `regionId` when the input has none. */
  clientDefault?: 'regionId';
  /**
   * A password, secret or token (the spec says `format: password` or `writeOnly: true`, or the
   * name ends in Password, Passwd, Passphrase, Pwd, Secret, Token, Credential(s) or an API, secret,
   * private or access key): its value is never shown in debug lines,
   * middleware views or errors.
   */
  secret?: true;
}

/** An ajv standalone validator (compiled by the generator; no ajv at run time). */
export type InputValidator = ((data: unknown) => boolean) & { errors?: AjvIssue[] | null };

export interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * The success schema as the XML reader needs it: which element paths are lists (a single
 * `<BackendServer>` must still become a list) and which are numbers or booleans.
 * Paths are dotted element names below the root, e.g. `BackendServers.BackendServer.Weight`.
 */
export interface XmlShape {
  root: string;
  arrays: readonly string[];
  numbers: readonly string[];
  booleans: readonly string[];
  /** Paths the schema calls objects: an empty element (`<ListenerPorts></ListenerPorts>`) is `{}`, with its lists `[]`. */
  objects?: readonly string[];
}

/** ajv's issues -> ours: one per broken rule, with the JSON pointer of the offending value. */
export function validationIssues(errors: readonly AjvIssue[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const branchPoints = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  // Under a oneOf, "must be string" from the branch the value plainly is not is noise when
  // another branch says what is really wrong deeper down (e.g. a Weight of 101).
  const explainedDeeper = (path: string) =>
    errors.some(
      (e) =>
        e.instancePath.startsWith(`${path}/`) ||
        (e.instancePath === path && e.keyword !== 'type' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf'),
    );
  for (const error of errors) {
    if (error.keyword === 'type' && branchPoints.has(error.instancePath) && explainedDeeper(error.instancePath)) continue;
    // A oneOf/anyOf failure is explained by its branches' issues, listed as well; an if/then (the
    // body of the chosen media type) by its `then` schema's.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    let path = error.instancePath;
    let message = error.message ?? error.keyword;
    if (error.keyword === 'required') {
      path = `${path}/${String(error.params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path = `${path}/${String(error.params.additionalProperty)}`;
      message = 'is not a known parameter or property';
    } else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
      message = `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (!issues.some((i) => i.path === path && i.message === message)) issues.push({ path, message, keyword: error.keyword });
  }
  return issues;
}
