import { DEFAULTS } from '../../runtime/defaults.js';
import { isObject, type Json, referencesIn } from '../load/refs.js';
import type { ApiModel, OperationModel, ParameterModel, ResponseModel } from '../model/api-model.js';

/**
 * The public API of a generated package as plain JSON data: what a consumer of the typed client
 * can write (inputs), read (outputs, error codes) and what goes on the wire (methods, path,
 * Action/Version, fixed and signer-owned parameters, encodings). Written into the package as
 * `slbkit-api.json`, so the next regeneration compares two of these without the old spec.
 *
 * Built from the model's fields only (read defensively: the model grows), keyed by name where the
 * spec order does not matter to a consumer, and printed with sorted keys: reordering keys in
 * the spec does not change the file.
 */
export const API_SURFACE_FILE = 'slbkit-api.json';
/** Bumped when the shape below changes in a way an older summary cannot be compared with. */
export const API_SURFACE_FORMAT = 1;

export interface ApiSurface {
  format: number;
  title: string;
  apiVersion: string;
  specName: string;
  defaultEndpoint: string;
  /**
   * What a call sends when the caller's options name nothing (runtime/defaults.ts): part of the
   * wire, so a change of them is a change of the API. Absent in a summary written before they were
   * recorded (format 1 without it): the defaults of those versions (`LEGACY_CLIENT_DEFAULTS`).
   */
  clientDefaults?: ClientDefaultsSurface;
  /** By client method name: the name a consumer calls. */
  operations: Record<string, OperationSurface>;
  /** `components.schemas` reachable from the operations, `$ref`s kept. */
  schemas: Record<string, Json>;
}

export interface ClientDefaultsSurface {
  /** The signature of RPC actions (`signatureVersion`); only in a package that has RPC actions. */
  signatureVersion?: 'v1' | 'v3';
  /** The method sent where an operation allows it (`method`); absent: the first the spec lists. */
  method?: string;
  /**
   * What an RPC action's V3 request carries, in words (the runtime's alibaba-v3.ts): a change
   * puts other bytes on the wire for a caller who signs with V3. Only with RPC actions.
   */
  rpcV3Request?: string;
}

/** The V3 RPC request of this slbkit (signers/alibaba-v3.ts `alibabaRpcV3`), as the official runtime sends it. */
export const RPC_V3_REQUEST =
  "the action's own parameters in the query (no Action, Version or Format pair), the action in x-acs-action and x-acs-version, x-acs-accesskey-id beside x-acs-security-token with STS keys";

/**
 * The defaults of every package whose summary does not record them (slbkit before @slbkit/client
 * 0.5.0): signature V1, and the first method the spec lists.
 */
export function legacyClientDefaults(surface: Pick<ApiSurface, 'operations'>): ClientDefaultsSurface {
  return Object.values(surface.operations ?? {}).some((op) => op.style === 'rpc')
    ? {
        signatureVersion: 'v1',
        rpcV3Request:
          'Action, Version and Format pairs in the query as with V1, the action also in x-acs-action and x-acs-version, no x-acs-accesskey-id',
      }
    : {};
}

/** The summary's defaults, or those of the slbkit that wrote it without them. */
export function clientDefaultsOf(surface: ApiSurface): ClientDefaultsSurface {
  return surface.clientDefaults ?? legacyClientDefaults(surface);
}

/** The method a call sends when the caller names none: the default where the operation allows it, else its first. */
export function defaultMethodOf(op: Pick<OperationSurface, 'httpMethods'>, defaults: ClientDefaultsSurface): string | undefined {
  return defaults.method !== undefined && op.httpMethods.includes(defaults.method) ? defaults.method : op.httpMethods[0];
}

export interface InputSurface {
  in: string;
  required: boolean;
  wireEncoding: Json;
  clientDefault?: string;
  description?: string;
  schema: Json;
  /** Parameter model fields this version does not know (the model grows): compared as they are. */
  extra?: Record<string, Json>;
}

export interface OperationSurface {
  operationIds: string[];
  typeName: string;
  style: string;
  action?: string;
  version?: string;
  /** In spec order: the default method is `clientDefaults.method` where listed, else the first. */
  httpMethods: string[];
  path: string;
  summary?: string;
  description?: string;
  inputs: Record<string, InputSurface>;
  /** Parameters the client always sends with one value (Action, Version, ...), by name. */
  fixed: Record<string, { in: string; value: string }>;
  signerOwned: string[];
  requestBody?: { required: boolean; schema: Json };
  output: { status: number; mediaTypes: string[]; schema?: Json };
  /** By status (`default` for the default response): media types and the error codes its examples document. */
  errors: Record<string, { mediaTypes: string[]; codes: string[] }>;
  /** Operation model fields this version does not know (the model grows): compared as they are. */
  extra?: Record<string, Json>;
}

/**
 * Operation model fields the summary reads, or leaves out on purpose (examples; xmlShape, which
 * the schemas' `xml` keywords give; specPath and nameFromPath, where the spec writes the
 * operation and whence its name, which methodName and path already say for the client; the
 * contract kit's facts, wireParameters to requestTexts, which the client is not printed from).
 * `security` stays an extra, and only when the operation asks for some, as before it was required.
 */
const KNOWN_OPERATION_FIELDS = [
  'operationId',
  'sourceOperationIds',
  'methodName',
  'typeName',
  'specPath',
  'nameFromPath',
  'style',
  'action',
  'version',
  'httpMethods',
  'path',
  'summary',
  'description',
  'inputs',
  'fixed',
  'signerOwned',
  'requestBody',
  'success',
  'errors',
  'successSchema',
  'xmlShape',
  'wireParameters',
  'bodyExamples',
  'readOnly',
  'requestTexts',
];
const KNOWN_PARAMETER_FIELDS = ['name', 'in', 'required', 'wireEncoding', 'schema', 'description', 'clientDefault', 'examples'];

/**
 * The fields of a model object that are not in `known`, as JSON: a field another part of
 * slbkit added to the model (a wire detail, a retry policy) is compared without being understood.
 */
function extraFields(object: object, known: string[]): { extra?: Record<string, Json> } {
  const extra: Record<string, Json> = Object.fromEntries(
    Object.entries(object)
      .filter(([key, value]) => !known.includes(key) && value !== undefined && typeof value !== 'function')
      .map(([key, value]) => [key, JSON.parse(JSON.stringify(value)) as Json]),
  );
  return Object.keys(extra).length ? { extra } : {};
}

export function apiSurface(model: ApiModel): ApiSurface {
  // Object.fromEntries defines own properties: a name such as "__proto__" stays a key, not a prototype.
  const operations: Record<string, OperationSurface> = Object.fromEntries(
    (model.operations ?? []).map((op) => [op.methodName, operationSurface(op)]),
  );
  return {
    format: API_SURFACE_FORMAT,
    title: model.title,
    apiVersion: model.apiVersion,
    specName: model.specName,
    defaultEndpoint: model.defaultEndpoint,
    clientDefaults: {
      method: DEFAULTS.method,
      ...((model.operations ?? []).some((op) => op.style === 'rpc')
        ? { signatureVersion: DEFAULTS.signatureVersion, rpcV3Request: RPC_V3_REQUEST }
        : {}),
    },
    operations,
    schemas: reachableSchemas(Object.values(operations), model.componentSchemas ?? {}),
  };
}

function operationSurface(op: OperationModel): OperationSurface {
  const inputs: Record<string, InputSurface> = Object.fromEntries((op.inputs ?? []).map((p) => [p.name, inputSurface(p)]));
  const fixed: Record<string, { in: string; value: string }> = Object.fromEntries(
    (op.fixed ?? []).map((f) => [f.name, { in: f.in, value: f.value }]),
  );
  const errors = Object.fromEntries(
    (op.errors ?? []).map((e) => [
      e.status === 0 ? 'default' : String(e.status),
      { mediaTypes: [...e.mediaTypes].sort(), codes: errorCodes(e) },
    ]),
  );
  return {
    operationIds: [...(op.sourceOperationIds ?? [op.operationId])],
    typeName: op.typeName,
    style: op.style,
    ...(op.action === undefined ? {} : { action: op.action }),
    ...(op.version === undefined ? {} : { version: op.version }),
    httpMethods: [...op.httpMethods],
    path: op.path,
    ...(op.summary === undefined ? {} : { summary: op.summary }),
    ...(op.description === undefined ? {} : { description: op.description }),
    inputs,
    fixed,
    signerOwned: [...(op.signerOwned ?? [])].sort(),
    ...(op.requestBody ? { requestBody: { required: op.requestBody.required, schema: op.requestBody.schema } } : {}),
    output: {
      status: op.success.status,
      mediaTypes: [...op.success.mediaTypes].sort(),
      ...(op.successSchema === undefined ? {} : { schema: op.successSchema }),
    },
    errors,
    ...extraFields(op.security?.length ? op : { ...op, security: undefined }, KNOWN_OPERATION_FIELDS),
  };
}

function inputSurface(p: ParameterModel): InputSurface {
  return {
    in: p.in,
    required: p.required,
    wireEncoding: p.wireEncoding,
    ...(p.clientDefault === undefined ? {} : { clientDefault: p.clientDefault }),
    ...(p.description === undefined ? {} : { description: p.description }),
    schema: p.schema,
    ...extraFields(p, KNOWN_PARAMETER_FIELDS),
  };
}

/**
 * The error codes a response documents: the `Code` of each example body (Alibaba's error body,
 * "Code", "Message", "RequestId", "HostId"; `code` for APIs that write it in lower case).
 */
function errorCodes(response: ResponseModel): string[] {
  const codes = new Set<string>();
  for (const example of response.examples ?? []) {
    const value = example.value;
    if (!isObject(value)) continue;
    const code = value.Code ?? value.code;
    if (typeof code === 'string') codes.add(code);
  }
  return [...codes].sort();
}

const COMPONENT_SCHEMA = '#/components/schemas/';

/** Component schema name of a local `$ref`, RFC 6901 unescaped; undefined for any other reference. */
export function componentName(ref: string): string | undefined {
  if (!ref.startsWith(COMPONENT_SCHEMA)) return undefined;
  const token = ref.slice(COMPONENT_SCHEMA.length);
  if (token.includes('/')) return undefined;
  try {
    return decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return undefined;
  }
}

/**
 * The component schemas the operations reach through `$ref`, followed transitively, each once by
 * name (a schema reached from many places is listed once, never expanded). A `$ref` inside data
 * (example, default, const, enum, x-*) is data (load/refs.ts `referencesIn`): it used to pull
 * the component it named into the summary.
 */
function reachableSchemas(operations: OperationSurface[], components: Record<string, Json>): Record<string, Json> {
  const reached: Record<string, Json> = Object.create(null) as Record<string, Json>;
  const pending: Json[] = [];
  const visit = (node: Json | undefined): void => {
    if (node === undefined) return;
    for (const { ref } of referencesIn(node)) {
      const name = componentName(ref);
      if (name !== undefined && !(name in reached) && Object.hasOwn(components, name)) {
        reached[name] = components[name]!;
        pending.push(components[name]!);
      }
    }
  };
  for (const op of operations) {
    for (const input of Object.values(op.inputs)) visit(input.schema);
    visit(op.requestBody?.schema);
    visit(op.output.schema);
  }
  while (pending.length) visit(pending.pop());
  return reached;
}

/** The file's text: JSON with object keys sorted at every depth, two-space indented, one trailing newline. */
export function printApiSurface(surface: ApiSurface): string {
  return `${JSON.stringify(sortKeys(surface as unknown as Json), null, 2)}\n`;
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key]!)]),
  );
}
