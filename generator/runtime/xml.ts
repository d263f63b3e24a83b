import { SlbkitError } from './errors.js';
import type { XmlShape } from './operation.js';

interface XmlParserModule {
  XMLParser: new (options: Record<string, unknown>) => { parse(text: string): unknown };
}

let parserModule: Promise<XmlParserModule> | undefined;

/**
 * Read an XML body (format 'XML') into the same shape as the JSON one. fast-xml-parser is an
 * optional peer dependency, imported on first use, so JSON users load nothing for it.
 * The shape comes from the response schema: lists stay lists with one element, and only the
 * values the schema calls numbers or booleans are converted ("007" stays a string elsewhere).
 */
export async function parseXmlBody(text: string, shape: XmlShape | undefined): Promise<unknown> {
  const { XMLParser } = await loadParser();
  const arrays = new Set(shape?.arrays ?? []);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    isArray: (_name: string, jpath: string) => arrays.has(belowRoot(jpath)),
  });
  const document = parser.parse(text) as Record<string, unknown>;
  const [root] = Object.keys(document);
  const body = root === undefined ? undefined : document[root];
  if (typeof body !== 'object' || body === null) return {};
  convert(body, '', shape);
  return body;
}

function loadParser(): Promise<XmlParserModule> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional peer.
  const name = 'fast-xml-parser';
  parserModule ??= (import(name) as Promise<XmlParserModule>).catch((cause: unknown) => {
    parserModule = undefined;
    throw new SlbkitError('format XML', "format 'XML' needs the optional peer dependency fast-xml-parser: run `npm install fast-xml-parser`", undefined, { cause });
  });
  return parserModule;
}

function belowRoot(jpath: string): string {
  return jpath.slice(jpath.indexOf('.') + 1);
}

function convert(node: unknown, path: string, shape: XmlShape | undefined): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  // An empty element reads as "": where the schema says object it is {}, and a list the schema
  // puts directly below an object that the XML leaves out is an empty list (as the JSON form has it).
  for (const [key, value] of Object.entries(record)) {
    const at = path ? `${path}.${key}` : key;
    if (value === '' && shape?.objects?.includes(at)) record[key] = {};
    else if (Array.isArray(value) && shape?.objects?.includes(at)) value.forEach((item, i) => (value[i] = item === '' ? {} : item));
  }
  for (const list of shape?.arrays ?? []) {
    const name = list.slice(path ? path.length + 1 : 0);
    if ((path === '' || list.startsWith(`${path}.`)) && !name.includes('.') && record[name] === undefined) record[name] = [];
  }
  for (const [key, value] of Object.entries(record)) {
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(value)) value.forEach((item, i) => (value[i] = scalar(item, at, shape)));
    else record[key] = scalar(value, at, shape);
    if (Array.isArray(record[key])) (record[key] as unknown[]).forEach((item) => convert(item, at, shape));
    else convert(record[key], at, shape);
  }
}

function scalar(value: unknown, path: string, shape: XmlShape | undefined): unknown {
  if (typeof value !== 'string' || !shape) return value;
  if (shape.numbers.includes(path) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (shape.booleans.includes(path) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
