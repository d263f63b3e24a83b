import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import {
  type ApiModel,
  type Json,
  loadModelAndDocument,
  type OperationModel,
  type SecuritySchemeModel,
  type Transport,
  type TransportResponse,
  type WireEncoding,
  type WirePair,
} from '../../generator/src/api.js';
import { sampleCases, samples } from './case-sample.js';
import {
  type CaseParameter,
  caseParameters,
  type DerivedCase,
  deriveCases,
  requestExampleNames,
  withValidExamples,
} from './derive-cases.js';
import { type DocumentedOperation, documentedOperation } from './documented.js';
import type { KitEntry } from './kits.js';
import { type ModelAjv, modelAjv } from './model-ajv.js';
import { addRequestSignatures, addTargetSecrets, redactConsole } from './redact.js';
import type { SchemeValue } from './target.js';

/**
 * One spec as the test files see it: the generator's model, ajv over its schemas, and the client
 * generated for it (imported from its dist/), with everything per operation the suite loops
 * over. Nothing here names an operation: it is all read from the model.
 */
export interface Kit {
  entry: KitEntry;
  model: ApiModel;
  ajv: ModelAjv;
  /** The generated runtime: the client's own encoder, signer and XML reader. */
  runtime: GeneratedRuntime;
  /** The generated package's exports (createClient, ApiError, `<method>Operation`, ...). */
  client: Record<string, unknown>;
  operations: KitOperation[];
}

export interface GeneratedRuntime {
  encodeWire(encoding: WireEncoding, name: string, value: unknown): WirePair[];
  signV1(method: string, params: Record<string, string>, secret: string): string;
  percentEncode(text: string): string;
  parseXmlBody(xml: string, shape: unknown): Promise<unknown>;
  /** The client's default transport (node:http, redirects refused), for `observedTransport`. */
  nodeTransport(): Transport;
}

export interface KitOperation {
  op: OperationModel;
  /** `Name (GET /path)`, `Action (RPC)`: how test names show it. */
  label: string;
  /** The generated descriptor (`<method>Operation`): its `validate` is the client's input validator. */
  descriptor: { validate: ValidateFunction; name: string };
  parameters: CaseParameter[];
  /** Names of the documented request examples (`schema` when the spec has none: values built from the schemas). */
  exampleNames: string[];
  cases: DerivedCase[];
  /** How many derived cases the sample of a large spec left out (support/case-sample.ts). */
  casesLeftOut?: number;
  successSchema?: ValidateFunction;
  /** The generated client's own check of a success body (`validateResponses`): the schema as a response reads it (writeOnly left out, discriminators typed). */
  responseValidator?: ValidateFunction;
  /** The security alternative the suite satisfies (the first), empty when none. */
  security: SecuritySchemeModel[];
  /** Every response the spec documents (codes, media types, schemas, headers) and its lenient marker. */
  documented: DocumentedOperation;
}

/**
 * One kit per spec and client per worker: the suite's files share a worker's module cache
 * (`isolate: false`, in vitest.config.ts and `slbkit contract`), and reading GitHub's 13 MB spec
 * and deriving its cases takes 25 s, once rather than once per file.
 */
const opened = new Map<string, Promise<Kit>>();

export function openKit(entry: KitEntry): Promise<Kit> {
  const key = JSON.stringify(entry);
  let kit = opened.get(key);
  if (!kit) opened.set(key, (kit = openKitNow(entry)));
  return kit;
}

async function openKitNow(entry: KitEntry): Promise<Kit> {
  const { model, document } = await loadModelAndDocument(entry.spec);
  const ajv = modelAjv(model);
  const dist = (file: string) => import(pathToFileURL(join(entry.clientDir, 'dist', file)).href);
  const [client, operationsModule, responseModule, wire, v1, xml, transport] = await Promise.all([
    dist('index.js'),
    dist('operations.js'),
    dist('response-validators.js'),
    dist('runtime/wire.js'),
    dist('runtime/signature-v1.js'),
    dist('runtime/xml.js'),
    dist('runtime/transport.js'),
  ]);
  const runtime: GeneratedRuntime = {
    encodeWire: wire.encodeWire,
    signV1: v1.signV1,
    percentEncode: v1.percentEncode,
    parseXmlBody: xml.parseXmlBody,
    nodeTransport: transport.nodeTransport,
  };
  // Whatever a test prints about the target goes through the suite's redaction (support/redact.ts).
  addTargetSecrets(entry.target);
  if (entry.target.kind === 'real') redactConsole();
  const isValid = (schema: Json, value: unknown) => ajv.compile(schema)(value);
  const refused = (schema: Json, value: unknown) => {
    const validate = ajv.compile(schema);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => e.instancePath);
  };
  const built = model.operations.map((op) => {
    const parameters = withValidExamples(model, caseParameters(model, op), isValid, refused);
    return { parameters, cases: deriveCases(model, parameters, isValid) };
  });
  // A spec of more than SAMPLE_ABOVE operations sends a sample of its cases (support/case-sample.ts says which and why).
  const sampled = samples(model.operations.length, process.env.CONTRACT_CASES) ? sampleCases(built) : undefined;
  const operations = model.operations.map((op, index): KitOperation => {
    const { parameters, cases } = built[index]!;
    const descriptor = operationsModule[`${op.methodName}Operation`] as KitOperation['descriptor'];
    const responseValidator = (responseModule.responseValidators as Record<string, ValidateFunction>)[descriptor?.name];
    return {
      op,
      label: op.style === 'rpc' ? `${op.action} (RPC)` : `${op.operationId} (${op.httpMethods[0]} ${op.path})`,
      descriptor,
      ...(responseValidator ? { responseValidator } : {}),
      parameters,
      exampleNames: requestExampleNames(parameters),
      cases: sampled ? sampled[index]!.cases : cases,
      ...(sampled?.[index]?.left ? { casesLeftOut: sampled[index].left } : {}),
      ...(op.successSchema !== undefined ? { successSchema: ajv.compile(op.successSchema) } : {}),
      security: op.style === 'rpc' ? [] : (op.security[0] ?? []),
      documented: documentedOperation(document, op),
    };
  });
  return { entry, model, ajv, runtime, client, operations };
}

/** The target's value of a scheme: CONTRACT_AUTH's, else on the mock a placeholder (it checks presence only). */
function schemeValue(scheme: SecuritySchemeModel, auth: Record<string, SchemeValue>, kind: 'mock' | 'real'): SchemeValue | undefined {
  return (
    auth[scheme.name] ??
    (kind === 'mock'
      ? scheme.type === 'http' && scheme.scheme === 'basic'
        ? { username: 'contract', password: 'contract' }
        : 'contract-token'
      : undefined)
  );
}

/**
 * The generated client's `auth` option for an operation: a value for every scheme its security
 * names (the client sends the first alternative whose schemes are all given, as the README says).
 */
export function clientAuth(op: OperationModel, auth: Record<string, SchemeValue>, kind: 'mock' | 'real'): Record<string, SchemeValue> {
  const values: Record<string, SchemeValue> = {};
  for (const scheme of op.security.flat()) {
    const value = schemeValue(scheme, auth, kind);
    if (value !== undefined) values[scheme.name] = value;
  }
  return values;
}

/** The headers the operation's security asks for, with the target's values: the derived cases send them on the raw wire. */
export function authHeaders(
  security: SecuritySchemeModel[],
  auth: Record<string, SchemeValue>,
  kind: 'mock' | 'real',
): { headers: Record<string, string>; query: Record<string, string> } {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const scheme of security) {
    const value = schemeValue(scheme, auth, kind);
    if (value === undefined) continue;
    if (scheme.type === 'http') {
      const credential = typeof value === 'string' ? value : Buffer.from(`${value.username}:${value.password}`).toString('base64');
      headers.authorization = `${scheme.scheme.charAt(0).toUpperCase()}${scheme.scheme.slice(1)} ${credential}`;
    } else if ((scheme.type === 'oauth2' || scheme.type === 'openIdConnect') && typeof value === 'string') {
      // An access token travels as a bearer token (RFC 6750), as the generated client sends it (runtime/auth.ts).
      headers.authorization = `Bearer ${value}`;
    } else if (scheme.type === 'apiKey' && typeof value === 'string') {
      if (scheme.in === 'header') headers[scheme.parameterName.toLowerCase()] = value;
      else if (scheme.in === 'query') query[scheme.parameterName] = value;
      else headers.cookie = `${scheme.parameterName}=${value}`;
    }
  }
  return { headers, query };
}

/** Input of the generated client for some decoded values: the operation's inputs by name, and `body`. */
export function clientInput(kitOp: KitOperation, values: Record<string, unknown>): Record<string, unknown> {
  const names = new Set([...kitOp.op.inputs.map((p) => p.name), 'body']);
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => names.has(name) && value !== undefined));
}

/**
 * The generated client's own transport, unchanged, that first notes the Signature of each signed
 * request it carries: the redaction step must know every signature a target could echo back,
 * the client's as well as the raw sender's. `onResponse` sees each raw answer, for the judge.
 */
export function observedTransport(kit: Kit, onResponse?: (response: TransportResponse) => void): Transport {
  const send = kit.runtime.nodeTransport();
  return async (request) => {
    addRequestSignatures(request);
    const response = await send(request);
    onResponse?.(response);
    return response;
  };
}
