import { inertDocument, isObject, type Json, type JsonObject } from '../load/refs.js';

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
    node.schema = isObject(media) && media.schema !== undefined ? media.schema : {};
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
  return copy;
}
