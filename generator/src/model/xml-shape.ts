import { deref, isObject, type Json, type JsonObject } from '../load/refs.js';

export interface XmlShapeModel {
  root: string;
  arrays: string[];
  numbers: string[];
  booleans: string[];
  /** Element paths the schema calls objects: an empty element there is `{}`, not `""`. */
  objects: string[];
}

/**
 * How the XML form of a response maps onto its schema (OpenAPI 3.1 section 4.8.26, XML Object):
 * the root element is the schema's `xml.name`; an array property repeats its element (named by
 * `items.xml.name`, else the property) unless `xml.wrapped`, which adds a wrapper element.
 * The paths are what the runtime XML reader needs to restore lists and numbers.
 */
export const MAX_XML_DEPTH = 16;

export function xmlShape(document: JsonObject, schema: Json, fallbackRoot: string): XmlShapeModel {
  const shape: XmlShapeModel = { root: fallbackRoot, arrays: [], numbers: [], booleans: [], objects: [] };
  const top = deref(document, schema, '#');
  if (isObject(top) && isObject(top.xml) && typeof top.xml.name === 'string') shape.root = top.xml.name;
  const seen = new Set<Json>();
  const walk = (node: Json, path: string, depth = 0): void => {
    const resolved = deref(document, node, '#');
    // Paths are written out in full, so a long $ref chain costs depth squared in output. Response
    // bodies nest a few levels; past MAX_XML_DEPTH, values stay as the XML text gives them.
    if (!isObject(resolved) || seen.has(resolved) || depth > MAX_XML_DEPTH) return;
    const type = resolved.type;
    if (type === 'integer' || type === 'number') shape.numbers.push(path);
    else if (type === 'boolean') shape.booleans.push(path);
    else if (isObject(resolved.properties)) {
      if (path) shape.objects.push(path);
      seen.add(resolved);
      for (const [name, property] of Object.entries(resolved.properties)) {
        const child = deref(document, property, '#');
        const prefix = path ? `${path}.` : '';
        if (isObject(child) && child.type === 'array') {
          // The XML Object's array examples: unwrapped, each item is an element named by
          // `items.xml.name` (else the property) and the array's own `xml.name` has no effect;
          // wrapped, the wrapper takes the array's name and the items default to that same name.
          const items = deref(document, child.items ?? {}, '#');
          const wrapped = isObject(child.xml) && child.xml.wrapped === true;
          const outer = xmlName(child, name);
          const itemPath = wrapped ? `${prefix}${outer}.${xmlName(items, outer)}` : `${prefix}${xmlName(items, name)}`;
          if (wrapped) shape.objects.push(`${prefix}${outer}`);
          shape.arrays.push(itemPath);
          walk(items, itemPath, depth + 1);
        } else walk(child, `${prefix}${xmlName(child, name)}`, depth + 1);
      }
      seen.delete(resolved);
    }
  };
  walk(top, '');
  return shape;
}

function xmlName(schema: Json, fallback: string): string {
  return isObject(schema) && isObject(schema.xml) && typeof schema.xml.name === 'string' ? schema.xml.name : fallback;
}
