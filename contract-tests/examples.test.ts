import { describe, expect, inject, it } from 'vitest';
import type { Json } from '../generator/src/api.js';
import { check } from './support/judge.js';
import { type Kit, openKit } from './support/kit.js';

// Every named example of every spec, wherever it stands (parameters, request bodies, responses
// in each media type, schemas), validates with ajv against the schema it illustrates. An XML
// example is read as XML first, by the generated client's own reader and the schema's XML shape.

const kits = await Promise.all(inject('kits').map(openKit));

interface ExampleRow {
  where: string;
  schema: Json;
  value: unknown;
  xml: boolean;
}

function rows(kit: Kit): ExampleRow[] {
  const found: ExampleRow[] = [];
  for (const { op, label } of kit.operations) {
    for (const p of op.wireParameters)
      for (const e of p.examples)
        found.push({ where: `${label} parameter ${p.name} example ${e.name}`, schema: p.schema, value: e.value, xml: false });
    if (op.requestBody)
      for (const e of op.bodyExamples)
        found.push({
          where: `${label} request body ${e.mediaType} example ${e.name}`,
          schema: op.requestBody.schema,
          value: e.value,
          xml: false,
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
        });
      }
    }
  }
  // Schema-level `examples` (JSON Schema 2020-12 section 9.5) and `example` (OpenAPI 3.1 section 4.8.24, deprecated) of each component and property.
  const walk = (schema: Json, pointer: string, depth: number) => {
    if (depth > 6 || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
    if (Array.isArray(schema.examples))
      schema.examples.forEach((value, i) => found.push({ where: `schema ${pointer} examples[${i}]`, schema, value, xml: false }));
    if (schema.example !== undefined) found.push({ where: `schema ${pointer} example`, schema, value: schema.example, xml: false });
    const properties = schema.properties;
    if (properties && typeof properties === 'object' && !Array.isArray(properties))
      for (const [key, child] of Object.entries(properties)) walk(child, `${pointer}/properties/${key}`, depth + 1);
  };
  for (const [name, schema] of Object.entries(kit.model.componentSchemas)) walk(schema, `#/components/schemas/${name}`, 0);
  return found;
}

for (const kit of kits) {
  const found = rows(kit);
  describe(`${kit.entry.name}: every named example validates against its schema (ajv, 2020-12, formats, strict)`, () => {
    // Skipped for a spec without examples (some fixtures): their other checks still run.
    if (found.length === 0) it.skip('the spec documents no example', () => {});
    else
      it.each(found.map((r) => [r.where, r] as const))('%s', async (_where, row) => {
        const op = kit.operations.find((k) => row.where.startsWith(k.label))?.op;
        const value = row.xml ? await kit.runtime.parseXmlBody(row.value as string, op?.xmlShape) : row.value;
        expect(check(kit, kit.ajv.compile(row.schema), value)).toBe(true);
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
