import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Json } from '../../generator/src/api.js';
import type { Kit } from './kit.js';
import { type ModelAjv, modelAjv } from './model-ajv.js';
import { isRecord, resolveSchema } from './sample.js';

// The examples check's judgement (contract-tests/examples.test.ts), apart so that it can be tested on its own:
// what one contradiction of a spec is, and the discriminator values a spec's branches must accept (issue 19, item 4).

export interface ExampleRow {
  where: string;
  schema: Json;
  value: unknown;
  xml: boolean;
  /** A success body example: the generated client's check of it too (the schema as a response reads it). */
  clientView?: ValidateFunction;
  /** A value that travels as text (a path, query, header or cookie parameter; a form or multipart body field): read as the wire reads it. */
  text?: true;
  /** The parameter it illustrates, for telling one contradiction from another. */
  subject?: string;
  /** An earlier row that breaks its schema in the same way: the contradiction is reported there, once. */
  sameAs?: string;
}

/**
 * A value that travels as text, as the wire reads it: `"true"` is the boolean a form field or a
 * query parameter carries, one value is a list of one (ajv's `coerceTypes: 'array'`). Twilio
 * writes its form bodies' and query parameters' examples so (`Muted: "true"`).
 */
const coercing = new WeakMap<Kit, ModelAjv>();
export function wireAjv(kit: Kit): ModelAjv {
  let ajv = coercing.get(kit);
  if (!ajv) coercing.set(kit, (ajv = modelAjv(kit.model, { coerceTypes: 'array' })));
  return ajv;
}

/**
 * What a (non-XML) example breaks: one key per contradiction (the keyword and its parameters, and
 * the property or parameter it is about), and ajv's message. One contradiction met by many
 * examples (twilio's 183 list answers with a relative `first_page_uri` under `format: uri`) is
 * one key.
 */
export function contradictions(kit: Kit, row: ExampleRow): { keys: string[]; text: string } {
  const ajv = row.text ? wireAjv(kit) : kit.ajv;
  const validate = ajv.compile(row.schema);
  const value = row.text ? structuredClone(row.value) : row.value;
  // The keyword and its parameters (`format: uri`, `missingProperty: status`) at a property of that name: twilio's
  // relative `uri` under `format: uri` is one convention of the spec met in 183 answers and a dozen components.
  const keyed = (validate: ValidateFunction, prefix: string) =>
    (validate.errors ?? []).map(
      (e) =>
        `${prefix}${row.subject ?? ''}|${e.keyword} ${JSON.stringify(e.params)}|${e.instancePath.replace(/.*\//, '').replace(/^\d+$/, '')}`,
    );
  if (!validate(value)) return { keys: [...new Set(keyed(validate, ''))], text: ajv.explain(validate) };
  // The client reads a success body without its writeOnly properties (OpenAPI 3.1 section 4.8.24: a response
  // SHOULD NOT carry them): Train Travel's Card answer echoes its writeOnly cvc, which the client refuses.
  if (row.clientView && !row.clientView(value))
    return {
      keys: [...new Set(keyed(row.clientView, 'client view|'))],
      text: `the client, reading the answer as a response reads it, refuses it: ${kit.ajv.explain(row.clientView)}`,
    };
  return { keys: [], text: '' };
}

/**
 * Every value a discriminator selects a branch by (its `mapping` key, else the branch's component
 * name: OpenAPI 3.1 section 4.8.25) is one the branch's own property accepts. Spotify's
 * `discriminator: {propertyName: type}` over TrackObject and EpisodeObject names "TrackObject",
 * whose `type` is `enum: [track]`: no answer satisfies both, and the generated client (which
 * types and checks the discriminator) refuses every real one. Reported here once per branch.
 */
export function discriminatorRows(kit: Kit): [string, { value: string; property: Json }][] {
  const rows: [string, { value: string; property: Json }][] = [];
  const prefix = '#/components/schemas/';
  const visit = (node: Json, pointer: string, depth: number) => {
    if (depth > 8 || !isRecord(node)) return;
    const discriminator = node.discriminator;
    const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : [];
    if (isRecord(discriminator) && typeof discriminator.propertyName === 'string') {
      const mapping = isRecord(discriminator.mapping) ? discriminator.mapping : {};
      for (const branch of branches) {
        const ref = isRecord(branch) && typeof branch.$ref === 'string' ? branch.$ref : undefined;
        if (ref === undefined || !ref.startsWith(prefix)) continue;
        const name = decodeURIComponent(ref.slice(prefix.length)).replaceAll('~1', '/').replaceAll('~0', '~');
        const value = Object.entries(mapping).find(([, target]) => target === ref || target === name)?.[0] ?? name;
        const resolved = resolveSchema(kit.model, branch);
        const property = isRecord(resolved.properties) ? resolved.properties[discriminator.propertyName] : undefined;
        if (property !== undefined)
          rows.push([`${pointer}/discriminator selects ${name} by ${discriminator.propertyName} "${value}"`, { value, property }]);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'discriminator' || key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key.startsWith('x-'))
        continue;
      if (Array.isArray(child)) child.forEach((item, i) => visit(item, `${pointer}/${key}/${i}`, depth + 1));
      else visit(child, `${pointer}/${key}`, depth + 1);
    }
  };
  for (const [name, schema] of Object.entries(kit.model.componentSchemas)) visit(schema, `${prefix}${name}`, 0);
  return rows;
}
