import type { ApiModel, Json, JsonObject } from '../../generator/src/api.js';

/** What an error answer says, to be put in whatever shape the spec's error schema has. */
export interface ErrorFacts {
  code: string;
  message: string;
  status: number;
  requestId: string;
  hostId: string;
}

/**
 * An error body built from the spec's own error schema, for a broken request the spec documents
 * no example for. Properties are filled by what their names mean in the common error shapes:
 * Alibaba's {Code, Message, RequestId, HostId}, RFC 9457 problem details {type, title, status,
 * detail}, and {code, message} (a `code` of type integer gets the HTTP status). Any other
 * required property gets a value from its schema (const, enum, default, example, else one of
 * its type). A schema that is a string gets the message.
 */
export function errorBodyFor(model: ApiModel, schema: Json, facts: ErrorFacts, depth = 0): Json {
  const resolve = (node: Json | undefined) => resolveShape(model, node);
  const top = branchOf(resolve(schema), resolve);
  if (typeOf(top) === 'string') return facts.message;
  if (!isRecord(top.properties)) return { Code: facts.code, Message: facts.message, RequestId: facts.requestId, HostId: facts.hostId };
  const body: JsonObject = {};
  const required = Array.isArray(top.required) ? top.required.map(String) : [];
  for (const [name, raw] of Object.entries(top.properties)) {
    const property = resolve(raw);
    const known = meaning(name, typeOf(property), facts);
    if (known !== undefined) body[name] = withinEnum(known, property);
    // An envelope (spotify's {error: {status, message}}): the facts go inside it.
    else if (depth < 4 && isRecord(property.properties) && (required.includes(name) || /^errors?$/i.test(name)))
      body[name] = errorBodyFor(model, property, facts, depth + 1);
    // A list of errors (clerk's required {errors: ClerkError[]}, asana's {errors: [{message}]}): one item, in its shape.
    else if (depth < 4 && typeOf(property) === 'array' && (required.includes(name) || /^(errors?|details|issues)$/i.test(name))) {
      const item = branchOf(resolve(property.items as Json | undefined), resolve);
      body[name] = isRecord(item.properties) || typeOf(item) === 'string' ? [errorBodyFor(model, item, facts, depth + 1)] : [];
    } else if (required.includes(name)) body[name] = sampleOf(property, resolve);
  }
  // No property means "message" (zapier's {error: string}): the one that took the code says the message
  // instead, which names the parameter, as a refusal must.
  if (depth === 0 && !JSON.stringify(body).includes(JSON.stringify(facts.message).slice(1, -1))) {
    const codeAt = Object.keys(body).find((name) => body[name] === facts.code);
    if (codeAt !== undefined) body[codeAt] = facts.message;
  }
  return body;
}

/**
 * A `oneOf`/`anyOf` error schema (GitHub's 422: one of its validation-error shapes; opencode's tagged
 * unions): the first branch that has a message-like property, else the first object branch.
 */
function branchOf(schema: JsonObject, resolve: (node: Json | undefined) => JsonObject): JsonObject {
  const branches = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (!branches || isRecord(schema.properties)) return schema;
  const shapes = branches.map((branch) => resolve(branch)).filter((shape) => isRecord(shape.properties));
  const says = (shape: JsonObject) =>
    Object.keys(shape.properties as JsonObject).some((name) => /^(message|detail|title|error_?message)$/i.test(name));
  return shapes.find(says) ?? shapes[0] ?? schema;
}

/**
 * The body of an error documented only as text (`text/html`, `text/plain`: Tic Tac Toe's 400):
 * the message, cut to the schema's maxLength; undefined when the schema is not a string (a text
 * body under an object schema has no form the mock can know). No schema at all: the message.
 */
export function errorTextFor(model: ApiModel, schema: Json | undefined, facts: ErrorFacts): string | undefined {
  if (schema === undefined) return facts.message;
  const top = resolveShape(model, schema);
  if (typeOf(top) !== 'string') return undefined;
  const max = typeof top.maxLength === 'number' ? top.maxLength : Number.POSITIVE_INFINITY;
  const text = [...facts.message].slice(0, max).join('');
  const min = typeof top.minLength === 'number' ? top.minLength : 0;
  return [...text].length >= min ? text : text.padEnd(min, '.');
}

/** A schema with its $refs followed and an allOf merged into one object shape. */
function resolveShape(model: ApiModel, node: Json | undefined, depth = 0): JsonObject {
  let current = node;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = model.componentSchemas[name];
  }
  if (!isRecord(current)) return {};
  // allOf: the error shape is often a base error with extra properties.
  if (Array.isArray(current.allOf) && depth < 8) {
    const parts = current.allOf.map((part) => resolveShape(model, part, depth + 1));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), current.properties ?? {}),
      required: [
        ...parts.flatMap((p) => (Array.isArray(p.required) ? p.required : [])),
        ...(Array.isArray(current.required) ? current.required : []),
      ],
    };
  }
  return current;
}

/**
 * A value the property's own `const` or `enum` allows: box's `code` is an enum of its error codes
 * (bad_request, ...), so Alibaba's InvalidParameter would break it. The entry nearest a refusal
 * (bad request, invalid, missing) is taken, else the first.
 */
function withinEnum(value: Json, property: JsonObject): Json {
  if (property.const !== undefined) return property.const;
  const allowed = property.enum;
  if (!Array.isArray(allowed) || allowed.length === 0 || allowed.some((v) => v === value)) return value;
  const near = (pattern: RegExp) => allowed.find((v) => typeof v === 'string' && pattern.test(v));
  return near(/bad.?request/i) ?? near(/invalid/i) ?? near(/missing/i) ?? allowed[0]!;
}

function meaning(name: string, type: string | undefined, facts: ErrorFacts): Json | undefined {
  const key = name.toLowerCase().replace(/[_-]/g, '');
  if (type === 'integer' || type === 'number')
    return ['code', 'status', 'statuscode', 'httpstatus'].includes(key) ? facts.status : undefined;
  if (type !== 'string' && type !== undefined) return undefined;
  if (key === 'code' || key === 'errorcode' || key === 'error') return facts.code;
  if (['message', 'title', 'detail', 'errormessage', 'errordescription', 'description'].includes(key)) return facts.message;
  if (key === 'requestid' || key === 'traceid') return facts.requestId;
  if (key === 'hostid') return facts.hostId;
  return undefined;
}

function sampleOf(schema: JsonObject, resolve: (node: Json | undefined) => JsonObject): Json {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]!;
  if (schema.default !== undefined) return schema.default;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0]!;
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: JsonObject = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const name of Array.isArray(schema.required) ? schema.required.map(String) : [])
        out[name] = sampleOf(resolve(props[name]), resolve);
      return out;
    }
    case 'null':
      return null;
    default:
      return schema.format === 'uri' || schema.format === 'uri-reference' ? 'about:blank' : 'error';
  }
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') as string | undefined;
  return isRecord(schema.properties) ? 'object' : undefined;
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
