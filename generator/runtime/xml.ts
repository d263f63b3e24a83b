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
    // No entity of the answer's DTD is expanded (fast-xml-parser 4.4 turned a 110 KB
    // billion-laughs answer into 200 M characters): `&name;` stays as written, and the five
    // predefined entities and character references are decoded below, each at most once.
    processEntities: false,
    tagValueProcessor: (_name: string, value: string) => decodeReferences(value),
    isArray: (_name: string, jpath: string) => arrays.has(belowRoot(jpath)),
  });
  const document = parser.parse(escapeInCdata(text)) as Record<string, unknown>;
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
    throw new SlbkitError(
      'format XML',
      "format 'XML' needs the optional peer dependency fast-xml-parser: run `npm install fast-xml-parser`",
      undefined,
      { cause },
    );
  });
  return parserModule;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;

/**
 * XML 1.0 section 4.6 (predefined entities) and 4.1 (character references), in one pass: the
 * result is never longer than the text, and `&amp;lt;` is `&lt;`. Any other `&name;` is kept.
 */
function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(REFERENCE, (whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name) return PREDEFINED[name]!;
    const code = decimal ? Number(decimal) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/**
 * CDATA is text as written, but the parser hands it to `tagValueProcessor` like any other text:
 * a reference inside it is escaped first (`&amp;` -> `&amp;amp;`) so that decoding gives it back
 * as written. A linear scan: an unclosed section ends the work.
 */
function escapeInCdata(text: string): string {
  let out = '';
  let at = 0;
  for (let start = text.indexOf('<![CDATA[', at); start >= 0; start = text.indexOf('<![CDATA[', at)) {
    const end = text.indexOf(']]>', start + 9);
    if (end < 0) break;
    out += text.slice(at, start + 9) + text.slice(start + 9, end).replace(REFERENCE, (whole) => `&amp;${whole.slice(1)}`);
    at = end;
  }
  return at === 0 ? text : out + text.slice(at);
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
