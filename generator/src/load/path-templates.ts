import { pointer } from '../errors.js';
import { HTTP_METHODS } from './openapi-document.js';
import { deref, isObject, type Json, type JsonObject } from './refs.js';
import { specWarning } from './warnings.js';

/** One `{...}` of a path key: RFC 6570 section 2.2's operator (`.` label, `;` matrix) and explode modifier (`*`). */
export interface TemplateExpression {
  text: string;
  name: string;
  style: 'simple' | 'label' | 'matrix';
  explode: boolean;
}

/** The expressions of a path key; an operator other than `.` and `;` stays part of the name (then refused as undeclared). */
export function templateExpressions(path: string): TemplateExpression[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map(([text, inner = '']) => {
    const operator = inner.charAt(0) === '.' ? 'label' : inner.charAt(0) === ';' ? 'matrix' : 'simple';
    const body = operator === 'simple' ? inner : inner.slice(1);
    const explode = body.endsWith('*');
    return { text, name: explode ? body.slice(0, -1) : body, style: operator, explode };
  });
}

/** The path the client fills: every expression written `{name}` (runtime/request.ts places the parameter's expansion there). */
export function plainTemplate(path: string): string {
  return path.replace(/\{([^{}]+)\}/g, (text) => {
    const [expression] = templateExpressions(text);
    return `{${expression!.name}}`;
  });
}

/**
 * Path keys as openapi-typescript reads them (openapi-fetch's own tests): an RFC 6570 operator
 * in a template (`{.label}`, `{;matrix}`, `{name*}`) names the declared path parameter `name`
 * and gives its style and explode, written into the document's parameter (a copy, where it was
 * a shared component) unless the parameter says otherwise (then a warning; the parameter's
 * own say stands). A template that names no declared parameter (hey-api's `/api/v{api-version}`)
 * gets one, a required string, with a warning: without it the client would send `{api-version}`
 * as it is.
 */
export function readPathTemplates(document: JsonObject): void {
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const expressions = templateExpressions(path.replace(/[?#].*$/s, ''));
    if (expressions.length === 0) continue;
    const item = deref(document, rawItem, pointer('paths', path));
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = pointer('paths', path, method);
      for (const expression of expressions) {
        const found = declared(document, operation, item, expression.name);
        if (!found) {
          if (!/^[\w.~-]+$/.test(expression.name)) continue; // not a name: checkPathTemplate refuses it, with its fix
          specWarning(
            at,
            `path "${path}" has ${expression.text} but the operation declares no path parameter "${expression.name}": read as a required string`,
            `add { name: ${expression.name}, in: path, required: true, schema: { type: string } }`,
          );
          const list = Array.isArray(operation.parameters) ? operation.parameters : (operation.parameters = []);
          list.push({ name: expression.name, in: 'path', required: true, schema: { type: 'string' } });
          continue;
        }
        if (expression.style === 'simple' && !expression.explode) continue;
        const { list, index, parameter } = found;
        const wants: JsonObject = { style: expression.style, explode: expression.explode };
        const differs = Object.entries(wants).filter(([key, value]) => parameter[key] !== undefined && parameter[key] !== value);
        if (differs.length) {
          specWarning(
            at,
            `path "${path}" writes ${expression.text} (${expression.style}${expression.explode ? ', explode' : ''}) but its parameter says ${differs.map(([key]) => `${key}: ${String(parameter[key])}`).join(', ')}: the parameter's is used`,
            'make them agree',
          );
          continue;
        }
        list[index] = { ...parameter, ...wants };
      }
    }
  }
}

function declared(
  document: JsonObject,
  operation: JsonObject,
  item: JsonObject,
  name: string,
): { list: Json[]; index: number; parameter: JsonObject } | undefined {
  for (const list of [operation.parameters, item.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const [index, entry] of list.entries()) {
      const parameter = deref(document, entry, '#');
      if (isObject(parameter) && parameter.in === 'path' && parameter.name === name) return { list, index, parameter };
    }
  }
  return undefined;
}
