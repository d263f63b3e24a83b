import type { XmlShape } from './operation.js';
/**
 * Read an XML body (format 'XML') into the same shape as the JSON one. fast-xml-parser is an
 * optional peer dependency, imported on first use, so JSON users load nothing for it.
 * The shape comes from the response schema: lists stay lists with one element, and only the
 * values the schema calls numbers or booleans are converted ("007" stays a string elsewhere).
 */
export declare function parseXmlBody(text: string, shape: XmlShape | undefined): Promise<unknown>;
