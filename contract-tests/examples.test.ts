import { describe, expect, inject, it } from 'vitest';
import type { Json } from '../generator/src/api.js';
import { contradictions, discriminatorRows, type ExampleRow } from './support/contradictions.js';
import { check } from './support/judge.js';
import { type Kit, openKit } from './support/kit.js';

// Every named example of every spec, wherever it stands (parameters, request bodies, responses
// in each media type, schemas), validates with ajv against the schema it illustrates. An XML
// example is read as XML first, by the generated client's own reader and the schema's XML shape.

const kits = await Promise.all(inject('kits').map(openKit));

function rows(kit: Kit): ExampleRow[] {
  const found: ExampleRow[] = [];
  for (const { op, label, responseValidator } of kit.operations) {
    for (const p of op.wireParameters)
      for (const e of p.examples)
        found.push({
          where: `${label} parameter ${p.name} example ${e.name}`,
          schema: p.schema,
          value: e.value,
          xml: false,
          subject: p.name,
          ...(p.wireEncoding === 'json' ? {} : { text: true as const }),
        });
    if (op.requestBody)
      for (const e of op.bodyExamples)
        found.push({
          where: `${label} request body ${e.mediaType} example ${e.name}`,
          schema: op.requestBody.schema,
          value: e.value,
          xml: false,
          ...(/^(application\/x-www-form-urlencoded|multipart\/)/.test(e.mediaType) ? { text: true as const } : {}),
        });
    for (const response of [op.success, ...op.errors]) {
      for (const e of response.examples) {
        const schema = response.schemas[e.mediaType];
        // A media type with no schema documents nothing to check against (OpenAPI 3.1 section 4.8.14: schema is optional).
        if (schema === undefined) continue;
        const xml = /xml/.test(e.mediaType) && typeof e.value === 'string' && response === op.success;
        if (!xml && !/json/.test(e.mediaType) && typeof e.value !== 'string') continue;
        found.push({
          where: `${label} response ${response.status || 'default'} ${e.mediaType} example ${e.name}`,
          schema,
          value: e.value,
          xml,
          ...(response === op.success && !xml && /json/.test(e.mediaType) && responseValidator ? { clientView: responseValidator } : {}),
        });
      }
    }
  }
  // Schema-level `examples` (JSON Schema 2020-12 section 9.5) and `example` (OpenAPI 3.1 section 4.8.24, deprecated) of each component and property.
  // A component is checked through its `$ref`, as every other schema of the spec reaches it: its own `$schema`
  // (otypescript's RFC 7807 Problem names draft-06) is a keyword ajv would resolve at the root of a compiled schema.
  const walk = (schema: Json, pointer: string, depth: number, via: Json = schema) => {
    if (depth > 6 || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
    // The property (or component) it illustrates tells one contradiction from another: Train Travel's Trip id and Booking trip_id.
    const subject = pointer.replace(/.*\//, '');
    if (Array.isArray(schema.examples))
      schema.examples.forEach((value, i) =>
        found.push({ where: `schema ${pointer} examples[${i}]`, schema: via, value, xml: false, subject }),
      );
    if (schema.example !== undefined)
      found.push({ where: `schema ${pointer} example`, schema: via, value: schema.example, xml: false, subject });
    const properties = schema.properties;
    if (properties && typeof properties === 'object' && !Array.isArray(properties))
      for (const [key, child] of Object.entries(properties)) walk(child, `${pointer}/properties/${key}`, depth + 1);
  };
  for (const [name, schema] of Object.entries(kit.model.componentSchemas))
    walk(schema, `#/components/schemas/${name}`, 0, { $ref: `#/components/schemas/${name.replaceAll('~', '~0').replaceAll('/', '~1')}` });
  return found;
}

for (const kit of kits) {
  const found = rows(kit);
  const claimed = new Map<string, string>();
  for (const row of found.filter((r) => !r.xml)) {
    const { keys } = contradictions(kit, row);
    if (keys.length > 0 && keys.every((key) => claimed.has(key))) row.sameAs = claimed.get(keys[0]!)!;
    else for (const key of keys) if (!claimed.has(key)) claimed.set(key, row.where);
  }
  describe(`${kit.entry.name}: every named example validates against its schema (ajv, 2020-12, formats, strict)`, () => {
    // Skipped for a spec without examples (some fixtures): their other checks still run.
    if (found.length === 0) it.skip('the spec documents no example', () => {});
    else
      it.for(found.map((r) => [r.where, r] as const))('%s', async ([, row], context) => {
        if (row.xml) {
          const op = kit.operations.find((k) => row.where.startsWith(k.label))?.op;
          const value = await kit.runtime.parseXmlBody(row.value as string, op?.xmlShape);
          expect(check(kit, kit.ajv.compile(row.schema), value)).toBe(true);
          return;
        }
        const { keys, text } = contradictions(kit, row);
        if (row.sameAs !== undefined) {
          // Still broken, and only as the first row that met it is (which fails for it).
          expect(keys.length > 0 && keys.every((key) => claimed.get(key) !== row.where && claimed.has(key)), text).toBe(true);
          await context.annotate(`the same contradiction as "${row.sameAs}", reported there: ${text}`);
          return;
        }
        expect(text || true).toBe(true);
      });
  });
}

describe('the validators fail where they should (so a green row means something)', () => {
  const rowsWithChange = kits.flatMap((kit) =>
    rows(kit)
      .filter((r) => !r.xml && typeof r.value === 'object' && r.value !== null)
      .slice(0, 3)
      .map((r) => [`${kit.entry.name}: ${r.where}, with a value of the wrong type`, { kit, row: r }] as const),
  );
  if (rowsWithChange.length > 0)
    it.each(rowsWithChange)('%s', (_name, { kit, row }) => {
      // An object or list example replaced by a number: no schema of an object or list accepts it.
      expect(kit.ajv.compile(row.schema)(12345)).toBe(false);
    });
});

describe('every value a discriminator selects by is one its branch accepts', () => {
  const rows = kits.flatMap((kit) =>
    discriminatorRows(kit).map(([where, row]) => [`${kit.entry.name}: ${where}`, { kit, ...row }] as const),
  );
  if (rows.length === 0) it.skip('no spec here has a discriminator over component branches', () => {});
  else
    it.each(rows)('%s', (_where, { kit, value, property }) => {
      expect(check(kit, kit.ajv.compile(property), value)).toBe(true);
    });
});
