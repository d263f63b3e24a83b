import type { BodyKind } from '../../runtime/media.js';
import type { WireEncoding } from '../../runtime/wire.js';
import type { Json } from '../load/refs.js';
import type { XmlShapeModel } from './xml-shape.js';

/**
 * The plain data every emitter prints from. Built from the spec by `buildApiModel`; tests build
 * it by hand. Emitters never read the raw document, except the type emitter, which hands
 * `typesDocument` to openapi-typescript.
 */
export interface ApiModel {
  title: string;
  /** `info.version`: for an RPC API, the `Version` the client sends unless the spec fixes one. */
  apiVersion: string;
  /** File name of the spec (no directory), for the generated headers. */
  specName: string;
  /** First `servers` URL, the client's default endpoint. */
  defaultEndpoint: string;
  /** How the endpoint depends on `regionId`, when a server URL has that variable (model/servers.ts). */
  regionEndpoints?: RegionEndpointsModel;
  operations: OperationModel[];
  /** `components.schemas`, as the validators' `$defs`. */
  componentSchemas: Record<string, Json>;
  /** The document openapi-typescript reads: `content` parameters rewritten to their decoded schema. */
  typesDocument: Json;
}

/** A server URL with `{regionId}`, and the regions the default endpoint serves instead. */
export interface RegionEndpointsModel {
  url: string;
  central: string[];
}

/** How a parameter's value travels: the table is in generator/runtime/wire.ts. */
export type { WireEncoding };
export type ParameterLocation = 'query' | 'header' | 'path' | 'cookie';

export interface ParameterModel {
  name: string;
  in: ParameterLocation;
  required: boolean;
  wireEncoding: WireEncoding;
  /** The decoded value's schema, `$ref`s into components kept as in the spec. */
  schema: Json;
  description?: string;
  /** Taken from the client options when the input has none (Alibaba's RegionId convention). */
  clientDefault?: 'regionId';
  /** The idempotency token (ClientToken): filled with a fresh UUID once per call when absent. */
  idempotencyToken?: boolean;
  /** A password, secret or token (parameters.ts `isSecretParameter`): the client never shows its value. */
  secret?: true;
  /** Named examples of the decoded value (`example`, `examples`, or its content's): the contract kit's cases. */
  examples: ExampleModel[];
}

/** A parameter that has one possible value (`const`, or an `enum` of one): the client sends it. */
export interface FixedParameter {
  name: string;
  in: ParameterLocation;
  value: string;
}

export interface ExampleModel {
  name: string;
  /** Media type for a response example; 'parameters' for a request example. */
  mediaType: string;
  value: Json;
}

export interface ResponseModel {
  /** The HTTP status; 0 for `default`; for a range (`4XX`), its first status (400) with `range` set. */
  status: number;
  /** The response code as the spec writes it: `200`, `4XX`, `default`. */
  code: string;
  /** A status range (`2XX`...`5XX`, OpenAPI 3.1 section 4.8.16.2): `status` is its first status. */
  range?: true;
  mediaTypes: string[];
  examples: ExampleModel[];
  /** The body schema of each media type that has one, `$ref`s kept as in the spec. */
  schemas: Record<string, Json>;
}

/** One media type of a request body and how the client writes it (runtime/media.ts). */
export interface RequestMediaModel {
  mediaType: string;
  kind: BodyKind;
  schema: Json;
  /** Form and multipart bodies: each property's Encoding Object (OpenAPI 3.1 section 4.8.15). */
  encoding?: Record<string, EncodingModel>;
}

export interface EncodingModel {
  contentType?: string;
  style?: string;
  explode?: boolean;
}

/** One scheme of a Security Requirement (OpenAPI 3.1 section 4.8.27, Security Scheme Object). */
export type SecuritySchemeModel =
  | { name: string; type: 'http' /** lower case: basic, bearer, ... */; scheme: string }
  | { name: string; type: 'apiKey'; in: 'header' | 'query' | 'cookie'; parameterName: string }
  | { name: string; type: 'oauth2' | 'openIdConnect' | 'mutualTLS' };

/** Schemes that must all be satisfied; an operation lists alternatives of these. */
export type SecurityRequirementModel = SecuritySchemeModel[];

export interface OperationModel {
  /** The spec's operationId (for an RPC action, its first method's); without one, the method name derived from method and path. */
  operationId: string;
  /** All operationIds this model stands for (an RPC action's GET and POST forms). */
  sourceOperationIds: string[];
  methodName: string;
  typeName: string;
  /** The path key as the spec writes it (for an RPC action, its first method's): the types are looked up by it and httpMethods[0]. */
  specPath: string;
  /** The names come from the method and path (the operation has no operationId with a letter or digit). */
  nameFromPath?: true;
  style: 'rpc' | 'http';
  /** RPC style only: the `Action` value. */
  action?: string;
  /** RPC style only: the `Version` value. */
  version?: string;
  /** Upper-case HTTP methods the spec allows, in document order; the first is the default. */
  httpMethods: string[];
  path: string;
  summary?: string;
  description?: string;
  /** What the caller passes, in spec order. */
  inputs: ParameterModel[];
  fixed: FixedParameter[];
  /** RPC common parameters the signer writes (AccessKeyId, Signature, ...): never inputs. */
  signerOwned: string[];
  /**
   * Why a retry after an ambiguous failure cannot duplicate work: the action takes an
   * idempotency token (`token`, the parameter's name) or the spec marks it safe to repeat
   * (`safe`, `x-slbkit-idempotent: true`). Absent: sent once unless it provably was not processed.
   */
  idempotency?: { kind: 'token'; parameter: string } | { kind: 'safe' };
  /**
   * The request body (http style), when the operation has one: `schema` is the default media
   * type's (the first JSON-like one, else the first listed), `media` every type the caller may
   * pick (model/media-types.ts), the default first.
   */
  requestBody?: { required: boolean; schema: Json; media: RequestMediaModel[] };
  /** The lowest 2xx, else `2XX`, else `default`, else (no success documented) a 200 with no content. */
  success: ResponseModel;
  /** Every 4xx/5xx, `4XX`/`5XX` and `default` response. */
  errors: ResponseModel[];
  /** The JSON schema of the success body, when it has one. */
  successSchema?: Json;
  /** How the XML form of the success body maps onto its schema. */
  xmlShape?: XmlShapeModel;
  // What the contract kit reads (model/contract-facts.ts), built in the same pass as the rest.
  /** Every parameter as it travels (inputs, fixed and signer-owned), with its named examples. */
  wireParameters: ParameterModel[];
  /** Named examples of the JSON request body. */
  bodyExamples: ExampleModel[];
  /**
   * Alternatives of the security the spec asks for (OpenAPI `security`, the operation's over the
   * document's; empty: none); the client sends the first whose schemes the caller gave (model/security.ts).
   */
  security: SecurityRequirementModel[];
  /**
   * A plain HTTP operation signed with Alibaba signature V3 (`x-slbkit-signature: v3`), or an RPC
   * action whose default signature is V1 (`x-slbkit-signature: v1`); RPC actions are always signed.
   */
  signature?: 'v3' | 'v1';
  /** Documented as read-only (see contract-facts.ts): the calls a real-target run may make. */
  readOnly: boolean;
  /** Verbatim request texts of the reference page (`x-slbkit-request-examples`). */
  requestTexts: ExampleModel[];
  /** OpenAPI links of its responses (model/links.ts): the contract kit's sequences; absent when none. */
  links?: LinkModel[];
}

/** One OpenAPI Link Object: a response of this operation leads to another operation. */
export interface LinkModel {
  name: string;
  /** The response that carries it; 0 for `default`. */
  status: number;
  /** The target's operationId, when it has one. */
  operationId?: string;
  /** The target's path key and upper-case method. */
  path: string;
  method: string;
  /** Target parameter name -> runtime expression (`$response.body#/id`) or constant, as written. */
  parameters: Record<string, Json>;
  requestBody?: Json;
}
