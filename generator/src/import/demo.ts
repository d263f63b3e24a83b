/**
 * The metadata's response example (`responseDemo`: a JSON list of {type, example} with the
 * example as text) -> the JSON example, kept only when it is valid by the imported success
 * schema: the contract suite checks every example against its schema, and an example that
 * contradicts its own schema (a number as text where the schema says integer) documents nothing.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { Json, JsonObject } from './schema.js';

const ajv = new Ajv2020.default({ strict: false, allErrors: false, validateFormats: false });

export function checkedDemo(responseDemo: string | undefined, schema: JsonObject): Json | undefined {
  if (typeof responseDemo !== 'string') return undefined;
  try {
    const demos = JSON.parse(responseDemo) as { type?: unknown; example?: unknown }[];
    const text = Array.isArray(demos) ? demos.find((d) => d?.type === 'json')?.example : undefined;
    if (typeof text !== 'string') return undefined;
    const value = JSON.parse(text) as Json;
    return ajv.validate(schema, value) ? value : undefined;
  } catch {
    return undefined;
  }
}
