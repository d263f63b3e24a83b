import { inertDocument, isObject, type Json, type JsonObject } from '../load/refs.js';
import { addCallbackWebhooks } from './callback-types.js';

/**
 * The document handed to openapi-typescript. It types a `content` parameter as `string` (what
 * travels on the wire), but our client takes the decoded value and encodes it itself, so each
 * such parameter is rewritten to carry its media type's schema directly. It starts from
 * `inertDocument`: no `$ref` or `externalValue` in data that Redocly's resolver (inside
 * openapi-typescript) would follow. Everything else is the spec as written. Pure: the input is
 * not changed.
 */
export function typesDocument(document: JsonObject): Json {
  const copy = inertDocument(document);
  const decode = (node: Json): void => {
    if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string' || !isObject(node.content)) return;
    const media = Object.values(node.content)[0];
    node.schema = isObject(media) && media.schema !== undefined ? inputSchema(document, media.schema, []) : {};
    delete node.content;
  };
  const components = copy.components;
  if (isObject(components) && isObject(components.parameters)) Object.values(components.parameters).forEach(decode);
  // Path items kept in components (3.1 `components.pathItems`) and reached by `$ref` hold
  // parameters too; the model decodes those, so the types must as well.
  const pathItems = [
    ...Object.values(isObject(copy.paths) ? copy.paths : {}),
    ...Object.values(isObject(components) && isObject(components.pathItems) ? components.pathItems : {}),
  ];
  for (const item of pathItems) {
    if (!isObject(item)) continue;
    for (const list of [item.parameters, ...Object.values(item).map((op) => (isObject(op) ? op.parameters : undefined))]) {
      if (Array.isArray(list)) list.forEach(decode);
    }
  }
  addCallbackWebhooks(copy);
  return copy;
}

/** Keywords whose value is one subschema, or a list or map of them (JSON Schema 2020-12). */
const ONE = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

/**
 * The schema of an input as the caller may write it: a property with a `default` is one the
 * caller may leave out (the server fills it in), but openapi-typescript's `defaultNonNullable`
 * types it as required. The input's copy drops `default`, and a component it reaches that has one
 * is inlined (so the component itself, which outputs use too, keeps its type). `$ref` cycles stay refs.
 */
function inputSchema(document: JsonObject, schema: Json, seen: string[]): Json {
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const target = ref.startsWith('#/components/schemas/') ? (document.components as JsonObject | undefined) : undefined;
    const resolved =
      isObject(target) && isObject(target.schemas)
        ? target.schemas[decodeURIComponent(ref.slice('#/components/schemas/'.length)).replace(/~1/g, '/').replace(/~0/g, '~')]
        : undefined;
    if (seen.includes(ref) || !isObject(resolved) || !hasDefault(document, resolved, [ref])) return schema;
    return inputSchema(document, resolved, [...seen, ref]);
  }
  const copy: JsonObject = { ...schema };
  delete copy.default;
  for (const key of ONE) if (copy[key] !== undefined) copy[key] = inputSchema(document, copy[key]!, seen);
  for (const key of LIST) if (Array.isArray(copy[key])) copy[key] = (copy[key] as Json[]).map((s) => inputSchema(document, s, seen));
  for (const key of MAP)
    if (isObject(copy[key])) copy[key] = Object.fromEntries(Object.entries(copy[key]).map(([k, s]) => [k, inputSchema(document, s, seen)]));
  return copy;
}

function hasDefault(document: JsonObject, schema: Json, seen: string[]): boolean {
  if (!isObject(schema)) return false;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (seen.includes(ref) || !ref.startsWith('#/components/schemas/')) return false;
    const schemas = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
    return hasDefault(document, schemas[ref.slice('#/components/schemas/'.length)] ?? null, [...seen, ref]);
  }
  if (schema.default !== undefined) return true;
  const children = [
    ...ONE.map((k) => schema[k]),
    ...LIST.flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : [])),
    ...MAP.flatMap((k) => (isObject(schema[k]) ? Object.values(schema[k]) : [])),
  ];
  return children.some((child) => child !== undefined && hasDefault(document, child, seen));
}
