import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

/**
 * The bundled spec and its named examples, read once: the tests' expected values come from here,
 * never from a copy in a test file.
 */
export const SPEC_PATH = new URL('../../spec/slb-2014-05-15.yaml', import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

export function loadSpecDocument(): Doc {
  return yaml.load(readFileSync(SPEC_PATH, 'utf8'), { schema: yaml.JSON_SCHEMA }) as Doc;
}

export const spec: Doc = loadSpecDocument();

/** A named example of a response: its status, media type and value. */
export interface ResponseExample {
  status: number;
  mediaType: string;
  name: string;
  value: unknown;
}

/** Every named response example of the operation, refs followed. */
export function responseExamples(operationId = 'RemoveBackendServers'): ResponseExample[] {
  const op = findOperation(operationId);
  const found: ResponseExample[] = [];
  for (const [code, raw] of Object.entries(op.responses as Record<string, Doc>)) {
    const response = follow(raw);
    for (const [mediaType, media] of Object.entries((response.content ?? {}) as Record<string, Doc>)) {
      for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, Doc>)) {
        found.push({ status: Number(code), mediaType, name, value: follow(example).value });
      }
    }
  }
  return found;
}

export function responseExample(name: string, mediaType = 'application/json'): ResponseExample {
  const example = responseExamples().find((e) => e.name === name && e.mediaType === mediaType);
  if (!example) throw new Error(`no response example ${name} (${mediaType}) in the spec`);
  return example;
}

/** The value of a parameter's named example (decoded, for a content parameter). */
export function parameterExample(parameter: string, name: string): unknown {
  const p = follow(spec.components.parameters[parameter]);
  const examples = p.examples ?? Object.values(p.content ?? {}).map((m: Doc) => m.examples)[0];
  const example = examples?.[name];
  if (!example) throw new Error(`no example ${name} on parameter ${parameter}`);
  return follow(example).value;
}

export function findOperation(operationId: string): Doc {
  for (const item of Object.values(spec.paths as Record<string, Doc>)) {
    for (const op of Object.values(item as Record<string, Doc>)) if (op && op.operationId === operationId) return op;
  }
  throw new Error(`no operation ${operationId}`);
}

export function follow(node: Doc): Doc {
  while (node && typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((n: Doc, token: string) => n[token.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  }
  return node;
}

/**
 * The page's request example, verbatim text (`x-slbkit-request-examples`), read as parameters:
 * `/? Action=...\n&Name=value...`; the `<CommonParameters>` placeholder is dropped.
 */
export function documentedRequestParameters(): Record<string, string> {
  const text: string = findOperation('RemoveBackendServers')['x-slbkit-request-examples'].documentedRequest.value;
  const query = text.trim().replace(/^\/\?\s*/, '');
  const params: Record<string, string> = {};
  for (const part of query.split(/\s*&/)) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return params;
}
