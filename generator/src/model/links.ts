import { pointer, pointerToken, SpecError } from '../errors.js';
import { HTTP_METHODS } from '../load/openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';
import type { LinkModel } from './api-model.js';

/**
 * OpenAPI 3.1 Link Objects (section 4.8.20) of an operation's responses: which operation a
 * response leads to, and where that operation's parameters come from (runtime expressions such
 * as `$response.body#/id`, or constants). The client does not use them; the contract kit runs
 * them as sequences (what one call wrote, the next reads back). Checked here, so that a link to
 * an operation the document lacks is a SpecError with its location, not a silent skip.
 */
export function linksOf(document: JsonObject, responses: JsonObject, at: string): { links?: LinkModel[] } {
  const links: LinkModel[] = [];
  for (const [code, raw] of Object.entries(responses)) {
    const codeAt = `${at}/${pointerToken(code)}`;
    const response = deref(document, raw, codeAt);
    if (!isObject(response) || !isObject(response.links)) continue;
    for (const [name, rawLink] of Object.entries(response.links)) {
      const linkAt = `${codeAt}/links/${pointerToken(name)}`;
      const link = deref(document, rawLink, linkAt);
      if (!isObject(link)) throw new SpecError('a link must be an object', linkAt);
      const target = linkTarget(document, link, linkAt);
      const parameters = link.parameters ?? {};
      if (!isObject(parameters))
        throw new SpecError('link parameters must be an object', `${linkAt}/parameters`, 'map parameter names to runtime expressions');
      links.push({
        name,
        status: code === 'default' ? 0 : Number(code),
        ...target,
        parameters,
        ...(link.requestBody === undefined ? {} : { requestBody: link.requestBody as Json }),
      });
    }
  }
  return links.length > 0 ? { links } : {};
}

/** `operationId`, or `operationRef` (a local pointer to an operation: `#/paths/~1things~1{id}/get`), as the path and method of the operation. */
function linkTarget(document: JsonObject, link: JsonObject, at: string): Pick<LinkModel, 'operationId' | 'path' | 'method'> {
  const paths = isObject(document.paths) ? document.paths : {};
  if (typeof link.operationId === 'string') {
    for (const [path, item] of Object.entries(paths)) {
      const resolved = deref(document, item, pointer('paths', path));
      if (!isObject(resolved)) continue;
      for (const method of HTTP_METHODS) {
        const op = resolved[method];
        if (isObject(op) && op.operationId === link.operationId)
          return { operationId: link.operationId, path, method: method.toUpperCase() };
      }
    }
    throw new SpecError(
      `link to operationId "${link.operationId}", which no operation has`,
      `${at}/operationId`,
      'name an operationId of this document',
    );
  }
  if (typeof link.operationRef === 'string') {
    const match = /^#\/paths\/([^/]+)\/([a-z]+)$/.exec(link.operationRef);
    const path = match ? decodeURIComponent(match[1]!).replaceAll('~1', '/').replaceAll('~0', '~') : undefined;
    const item = path !== undefined && Object.hasOwn(paths, path) ? deref(document, paths[path]!, pointer('paths', path)) : undefined;
    const op = isObject(item) && match ? item[match[2]!] : undefined;
    if (!isObject(op) || !(HTTP_METHODS as readonly string[]).includes(match![2]!))
      throw new SpecError(
        `link operationRef "${link.operationRef}" is not an operation of this document`,
        `${at}/operationRef`,
        'write it as "#/paths/~1things~1{id}/get", or use operationId',
      );
    return {
      ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
      path: path!,
      method: match![2]!.toUpperCase(),
    };
  }
  throw new SpecError('a link needs operationId or operationRef', at);
}
