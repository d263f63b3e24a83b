import { inertDocument, isObject, type Json, type JsonObject } from '../load/refs.js';
import { addCallbackWebhooks } from './callback-types.js';
import { readWriteViews } from './read-write.js';

/**
 * The document handed to openapi-typescript. It types a `content` parameter as `string` (what
 * travels on the wire), but our client takes the decoded value and encodes it itself, so each
 * such parameter is rewritten to carry its media type's schema directly. Requests and responses
 * carry their read/write views (read-write.ts): a request body or parameter leaves out readOnly
 * properties and defaults, a response leaves out writeOnly ones, and a component that differs
 * between them gets a `<Name>Writable` form beside its own. It starts from `inertDocument`: no
 * `$ref` or `externalValue` in data that Redocly's resolver (inside openapi-typescript) would
 * follow. Everything else is the spec as written. Pure: the input is not changed.
 */
export function typesDocument(document: JsonObject): Json {
  const copy = inertDocument(document);
  const components = isObject(copy.components) ? copy.components : undefined;
  const views = readWriteViews(components && isObject(components.schemas) ? components.schemas : {});
  const parameter = (node: Json): void => {
    if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string') return;
    if (isObject(node.content)) {
      const media = Object.values(node.content)[0];
      node.schema = isObject(media) && media.schema !== undefined ? views.request(media.schema) : {};
      delete node.content;
    } else if (node.schema !== undefined) node.schema = views.request(node.schema);
  };
  /** Each media type's schema of a request body or response, as its view reads it. */
  const content = (node: Json, view: (schema: Json) => Json): void => {
    if (!isObject(node) || !isObject(node.content)) return;
    for (const media of Object.values(node.content)) if (isObject(media) && media.schema !== undefined) media.schema = view(media.schema);
  };
  if (components) {
    if (isObject(components.parameters)) Object.values(components.parameters).forEach(parameter);
    if (isObject(components.requestBodies)) for (const body of Object.values(components.requestBodies)) content(body, views.request);
    if (isObject(components.responses)) for (const response of Object.values(components.responses)) content(response, views.response);
  }
  // Path items kept in components (3.1 `components.pathItems`) and reached by `$ref` hold
  // parameters too; the model decodes those, so the types must as well.
  const pathItems = [
    ...Object.values(isObject(copy.paths) ? copy.paths : {}),
    ...Object.values(components && isObject(components.pathItems) ? components.pathItems : {}),
  ];
  for (const item of pathItems) {
    if (!isObject(item)) continue;
    if (Array.isArray(item.parameters)) item.parameters.forEach(parameter);
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      if (Array.isArray(operation.parameters)) operation.parameters.forEach(parameter);
      content(operation.requestBody ?? null, views.request);
      if (isObject(operation.responses)) for (const response of Object.values(operation.responses)) content(response, views.response);
    }
  }
  // Last: the Writable forms are the ones the requests above reached.
  if (components && isObject(components.schemas)) components.schemas = views.components as JsonObject;
  addCallbackWebhooks(copy);
  return copy;
}
