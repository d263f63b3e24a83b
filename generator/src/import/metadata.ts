/**
 * Alibaba Cloud's API metadata (`api-docs.json`, one per product and version: what Alibaba's own
 * SDK generators read, published by the OpenAPI portal; a stored copy of SLB 2014-05-15's is in
 * generator/test/fixtures/alibaba/) as far as the importer reads it, checked before anything is
 * converted: a file that is not this shape is refused with the JSON pointer of the first thing
 * wrong and the fix, never half imported.
 */
import { pointer, SpecError } from '../errors.js';

export interface MetaSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';
  description?: string;
  format?: string;
  required?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  minItems?: number;
  pattern?: string;
  enumValueTitles?: Record<string, unknown>;
  items?: MetaSchema;
  properties?: Record<string, MetaSchema>;
  additionalProperties?: MetaSchema;
}

export interface MetaParameter {
  name: string;
  in: 'query' | 'formData';
  style?: string;
  schema: MetaSchema;
}

export interface MetaApi {
  title?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  methods: ('get' | 'post')[];
  operationType?: string;
  systemTags?: Record<string, unknown>;
  parameters: MetaParameter[];
  responses: { '200': { schema: MetaSchema } };
  errorCodes?: Record<string, { errorCode: string; errorMessage?: string }[]>;
  responseDemo?: string;
}

export interface Metadata {
  info: { style: 'RPC'; product: string; version: string };
  directories: { title: string; children: unknown[] }[];
  apis: Record<string, MetaApi>;
  endpoints: { regionId: string; endpoint: string }[];
}

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object', 'any']);
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(message: string, at: (string | number)[], hint: string): never {
  throw new SpecError(message, pointer(...at), hint);
}

/** The metadata file's text -> checked metadata, or a SpecError (location: `line:column` for bad JSON, else a JSON pointer). */
export function readMetadata(text: string): Metadata {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    // "Unexpected end of JSON input" names no position: the end is where it broke.
    const offset = at === undefined ? (/end of JSON/.test((error as Error).message) ? text.length : undefined) : Number(at);
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    const column = offset === undefined ? undefined : offset - text.lastIndexOf('\n', offset - 1);
    throw new SpecError(
      'the metadata is not valid JSON',
      line === undefined ? '#' : `${line}:${column}`,
      "give Alibaba's api-docs.json as published",
    );
  }
  if (!isObject(data))
    fail('the metadata must be a JSON object', [], "give Alibaba's api-docs.json (an object with info, apis, endpoints)");
  checkInfo(data.info);
  if (!isObject(data.apis) || Object.keys(data.apis).length === 0)
    fail('the metadata has no apis', ['apis'], 'an object of actions by name, as in api-docs.json');
  for (const [name, api] of Object.entries(data.apis)) checkApi(name, api);
  if (!Array.isArray(data.endpoints)) fail('endpoints must be a list', ['endpoints'], 'a list of {regionId, endpoint}');
  data.endpoints.forEach((entry, i) => {
    if (!isObject(entry) || typeof entry.regionId !== 'string' || !NAME.test(entry.regionId.replaceAll('-', '_')))
      fail('an endpoint entry needs a regionId', ['endpoints', i, 'regionId'], 'a region ID such as cn-hangzhou');
    if (typeof entry.endpoint !== 'string' || !HOST.test(entry.endpoint))
      fail('an endpoint entry needs a host name', ['endpoints', i, 'endpoint'], 'a host such as slb.aliyuncs.com, without scheme or path');
  });
  const directories = data.directories ?? [];
  if (!Array.isArray(directories)) fail('directories must be a list', ['directories'], 'a list of {title, children}');
  return data as unknown as Metadata;
}

function checkInfo(info: unknown): void {
  if (!isObject(info)) fail('the metadata has no info', ['info'], 'an object {style, product, version}');
  if (info.style !== 'RPC')
    fail(
      `only RPC-style products can be imported, not ${JSON.stringify(info.style)}`,
      ['info', 'style'],
      'ROA (RESTful) products are not supported yet',
    );
  if (typeof info.product !== 'string' || !NAME.test(info.product)) fail('info.product must be a name', ['info', 'product'], 'e.g. "Slb"');
  if (typeof info.version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(info.version))
    fail('info.version must be an API version date', ['info', 'version'], 'e.g. "2014-05-15"');
}

function checkApi(name: string, api: unknown): void {
  const at = ['apis', name];
  if (!NAME.test(name)) fail(`the action name ${JSON.stringify(name)} is not a name`, at, 'letters, digits and _, starting with a letter');
  if (!isObject(api)) fail('an action must be an object', at, 'as in api-docs.json');
  if (!Array.isArray(api.methods) || api.methods.length === 0 || !api.methods.every((m) => m === 'get' || m === 'post'))
    fail('methods must list get and/or post', [...at, 'methods'], 'an RPC action is called by GET or POST');
  if (new Set(api.methods).size !== api.methods.length) fail('methods lists a method twice', [...at, 'methods'], 'list each once');
  if (!Array.isArray(api.parameters)) fail('parameters must be a list', [...at, 'parameters'], 'a list of {name, in, schema}');
  const seen = new Set<string>();
  api.parameters.forEach((parameter, i) => {
    const here = [...at, 'parameters', i];
    if (!isObject(parameter)) fail('a parameter must be an object', here, '{name, in, schema}');
    if (typeof parameter.name !== 'string' || !PARAMETER_NAME.test(parameter.name))
      fail('a parameter needs a name', [...here, 'name'], 'letters, digits, _ and ., starting with a letter');
    if (seen.has(parameter.name)) fail(`parameter ${parameter.name} is listed twice`, [...here, 'name'], 'list each parameter once');
    seen.add(parameter.name);
    if (parameter.in !== 'query' && parameter.in !== 'formData')
      fail(`parameter ${parameter.name} is in ${JSON.stringify(parameter.in)}`, [...here, 'in'], 'RPC parameters are in query or formData');
    if (parameter.style !== undefined && parameter.style !== 'repeatList' && parameter.style !== 'flat' && parameter.style !== 'json')
      fail(`unknown parameter style ${JSON.stringify(parameter.style)}`, [...here, 'style'], 'repeatList, flat or json');
    checkSchema(parameter.schema, [...here, 'schema'], 0);
  });
  const ok = isObject(api.responses) ? api.responses['200'] : undefined;
  if (!isObject(ok)) fail('the action documents no success response', [...at, 'responses', '200'], 'a 200 response with a schema');
  checkSchema(ok.schema, [...at, 'responses', '200', 'schema'], 0);
  if (api.errorCodes !== undefined) {
    if (!isObject(api.errorCodes))
      fail('errorCodes must be an object by status', [...at, 'errorCodes'], '{"400": [{errorCode, errorMessage}]}');
    for (const [status, list] of Object.entries(api.errorCodes)) {
      if (!/^[45]\d\d$/.test(status))
        fail(`error status ${JSON.stringify(status)} is not 4xx or 5xx`, [...at, 'errorCodes', status], 'an HTTP status');
      if (!Array.isArray(list))
        fail('the error codes of a status must be a list', [...at, 'errorCodes', status], '[{errorCode, errorMessage}]');
      list.forEach((entry, i) => {
        if (!isObject(entry) || typeof entry.errorCode !== 'string' || entry.errorCode === '')
          fail('an error entry needs an errorCode', [...at, 'errorCodes', status, i, 'errorCode'], 'e.g. "InvalidParameter"');
      });
    }
  }
}

function checkSchema(schema: unknown, at: (string | number)[], depth: number): void {
  if (depth > 16) fail('the schema nests deeper than 16 levels', at, 'flatten it');
  if (!isObject(schema)) fail('a schema must be an object', at, '{type, description, ...}');
  if (typeof schema.type !== 'string' || !TYPES.has(schema.type))
    fail(`unknown type ${JSON.stringify(schema.type)}`, [...at, 'type'], 'string, integer, number, boolean, array or object');
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'maxItems', 'minItems'] as const) {
    const value = schema[key];
    if (value === undefined) continue;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) fail(`${key} must be a number`, [...at, key], `e.g. ${key}: 1`);
    schema[key] = number;
  }
  // An array without items is a list of anything (the metadata has some, in response fields).
  if (schema.items !== undefined) checkSchema(schema.items, [...at, 'items'], depth + 1);
  if (schema.properties !== undefined) {
    if (!isObject(schema.properties)) fail('properties must be an object', [...at, 'properties'], '{name: schema}');
    for (const [name, property] of Object.entries(schema.properties)) checkSchema(property, [...at, 'properties', name], depth + 1);
  }
  if (isObject(schema.additionalProperties)) checkSchema(schema.additionalProperties, [...at, 'additionalProperties'], depth + 1);
  if (schema.enumValueTitles !== undefined && !isObject(schema.enumValueTitles))
    fail('enumValueTitles must be an object', [...at, 'enumValueTitles'], '{value: title}');
}
