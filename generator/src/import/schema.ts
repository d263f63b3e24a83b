/**
 * One metadata schema -> its JSON Schema (2020-12, as OpenAPI 3.1 has it), and the values the
 * metadata writes as text (`"minimum": "1"`, `"example": "10"`) -> the value of the schema's type.
 * An example or default that is not valid by its own schema is left out rather than published as
 * an example the contract suite would refuse.
 */
import type { MetaSchema } from './metadata.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Line ends trimmed and runs of blank lines made one: YAML then prints the text as a block. */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clean === '' ? undefined : clean;
}

/** A metadata value (often text) as a value of `schema`, or undefined when it is not one. */
export function typedValue(schema: MetaSchema, raw: unknown): Json | undefined {
  if (raw === undefined || raw === null) return undefined;
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(number) || (schema.type === 'integer' && !Number.isSafeInteger(number))) return undefined;
      return number;
    }
    case 'boolean':
      return raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : undefined;
    case 'string':
      return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    default:
      return undefined;
  }
}

/** Whether a scalar value keeps the schema's range, length and enum. */
export function fits(schema: JsonObject, value: Json): boolean {
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
  }
  return !Array.isArray(schema.enum) || schema.enum.includes(value);
}

/**
 * The JSON Schema of a metadata schema. `enumValueTitles` (the metadata's enum: value -> title)
 * becomes `enum`; ranges, lengths and list sizes are kept; a `default` outside the documented
 * range (SLB's Bandwidth: 1 to 5000, default -1, "no limit") makes the schema a `oneOf` of the
 * range and that one value; property `required: true` becomes the object's `required`.
 * `withExamples` adds the metadata's example as `examples: [value]` (response fields).
 */
export function jsonSchema(meta: MetaSchema, withExamples: boolean): JsonObject {
  const out: JsonObject = {};
  const description = cleanText(meta.description);
  if (description) out.description = description;
  if (meta.type !== 'any') out.type = meta.type;
  if (meta.format === 'int32' || meta.format === 'int64' || meta.format === 'float' || meta.format === 'double') out.format = meta.format;
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const) {
    if (typeof meta[key] === 'number') out[key] = meta[key];
  }
  if (typeof out.minimum === 'number' && typeof out.maximum === 'number' && out.minimum > out.maximum) {
    delete out.minimum;
    delete out.maximum;
  }
  // int32's range, where the metadata gives no bound of its own (a larger number is not an int32).
  if (meta.format === 'int32') {
    out.minimum ??= -2147483648;
    out.maximum ??= 2147483647;
  }
  const titles = Object.keys(meta.enumValueTitles ?? {});
  if (titles.length > 0) {
    const values = titles.map((t) => typedValue(meta, t));
    if (values.every((v) => v !== undefined)) out.enum = [...new Set(values as Json[])];
  }
  if (meta.type === 'array' && meta.items) out.items = jsonSchema(meta.items, withExamples);
  if (meta.properties) {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const [name, property] of Object.entries(meta.properties)) {
      properties[name] = jsonSchema(property, withExamples);
      if (property.required === true) required.push(name);
    }
    out.properties = properties;
    if (required.length > 0) out.required = required;
  }
  const fallback = typedValue(meta, meta.default);
  let schema = out;
  if (fallback !== undefined) {
    if (fits(out, fallback)) out.default = fallback;
    else if (typeof fallback === 'number' && (fallback === Number(out.minimum) - 1 || fallback === Number(out.maximum) + 1)) {
      // Next to the range (PageNumber 1 to 1000, default 0): the range is one wider.
      if (fallback < Number(out.minimum)) out.minimum = fallback;
      else out.maximum = fallback;
      out.default = fallback;
    } else if (typeof fallback === 'number' && out.enum === undefined) {
      // The documented default is a value of its own beside the range: both are valid.
      const { description: text, ...range } = out;
      schema = { ...(text === undefined ? {} : { description: text }), oneOf: [range, { const: fallback }], default: fallback };
    }
  }
  if (withExamples && meta.type !== 'array' && meta.type !== 'object') {
    const example = typedValue(meta, meta.example);
    if (example !== undefined && fits(out, example)) schema.examples = [example];
  }
  return schema;
}

/**
 * A JSON-text parameter's schema from its documented example (the metadata types such a
 * parameter as a string and shows its structure only there): lists and objects as the example
 * nests them, each field optional, each value of the JSON type the example gives it (Alibaba's
 * examples quote numbers, `"Weight": "100"`: those fields are text, as documented).
 */
export function schemaFromExample(value: unknown, depth = 0): JsonObject {
  if (depth > 8) return {};
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== null).map((v) => schemaFromExample(v, depth + 1));
    return { type: 'array', items: mergeShapes(items) };
  }
  if (value !== null && typeof value === 'object') {
    const properties: JsonObject = {};
    for (const [key, field] of Object.entries(value)) properties[key] = schemaFromExample(field, depth + 1);
    return { type: 'object', properties };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

/** The shapes of a list's items as one: objects' fields together, else the first shape. */
function mergeShapes(shapes: JsonObject[]): JsonObject {
  if (shapes.length === 0) return {};
  if (!shapes.every((s) => s.type === 'object')) return shapes[0]!;
  const properties: JsonObject = {};
  for (const shape of shapes) Object.assign(properties, shape.properties as JsonObject);
  return { type: 'object', properties };
}
