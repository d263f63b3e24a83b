import { HTTP_METHODS } from '../load/openapi-document.js';
import { isObject, type Json, type JsonObject } from '../load/refs.js';

/**
 * Callbacks (OpenAPI 3.1 section 4.8.18) typed as webhooks. A callback is a request the API sends
 * to the caller, as a webhook is; openapi-typescript types `webhooks` (the `webhooks` interface of
 * schema.ts) but no callback. So each callback's path items are added to the types document's
 * `webhooks`, named `<operation> <callback> <expression>` (the operation's operationId, else its
 * method and path): `webhooks['subscribe onEvent {$request.query.url}']['post']` types its
 * payload. The client gets no method for them: it never sends these requests. A name the spec's
 * own webhooks already use is left to the webhook.
 */
export function addCallbackWebhooks(copy: JsonObject): void {
  const webhooks: JsonObject = isObject(copy.webhooks) ? copy.webhooks : {};
  let added = false;
  for (const [path, item] of Object.entries(isObject(copy.paths) ? copy.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation) || !isObject(operation.callbacks)) continue;
      const owner = typeof operation.operationId === 'string' ? operation.operationId : `${method} ${path}`;
      for (const [name, callback] of Object.entries(operation.callbacks)) {
        // A `$ref` to components.callbacks: its expressions are read there.
        const resolved = isObject(callback) && typeof callback.$ref === 'string' ? componentCallback(copy, callback.$ref) : callback;
        if (!isObject(resolved)) continue;
        for (const [expression, pathItem] of Object.entries(resolved)) {
          const key = `${owner} ${name} ${expression}`;
          if (Object.hasOwn(webhooks, key)) continue;
          webhooks[key] = pathItem;
          added = true;
        }
      }
    }
  }
  if (added) copy.webhooks = webhooks;
}

function componentCallback(copy: JsonObject, ref: string): Json | undefined {
  const match = /^#\/components\/callbacks\/([^/]+)$/.exec(ref);
  const components = copy.components;
  if (!match || !isObject(components) || !isObject(components.callbacks)) return undefined;
  return components.callbacks[match[1]!.replaceAll('~1', '/').replaceAll('~0', '~')];
}
