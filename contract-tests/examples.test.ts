import { describe, expect, it } from 'vitest';
import { parseXmlBody } from '../generated/dist/runtime/xml.js';
import { removeBackendServersOperation } from '../generated/dist/index.js';
import { explain, schemaAt } from './support/spec-ajv.js';
import { follow, spec } from './support/spec-examples.js';

// 1. The spec against its own examples: every named example, wherever it stands, validates with
// ajv against the schema it illustrates. The XML example is read as XML first.

interface ExampleRow {
  where: string;
  schemaPointer: string;
  value: unknown;
  xml: boolean;
}

function collectExamples(): ExampleRow[] {
  const rows: ExampleRow[] = [];
  for (const [name, raw] of Object.entries(spec.components.parameters as Record<string, any>)) {
    const p = follow(raw);
    const mediaType = p.content ? Object.keys(p.content)[0]! : undefined;
    const base = `#/components/parameters/${name}`;
    const schemaPointer = mediaType ? `${base}/content/${mediaType.replace('/', '~1')}/schema` : `${base}/schema`;
    const examples = (mediaType ? p.content[mediaType].examples : p.examples) ?? {};
    for (const [exampleName, example] of Object.entries(examples as Record<string, any>)) rows.push({ where: `parameter ${name} example ${exampleName}`, schemaPointer, value: follow(example).value, xml: false });
  }
  for (const [name, raw] of Object.entries(spec.components.responses as Record<string, any>)) {
    for (const [mediaType, media] of Object.entries((follow(raw).content ?? {}) as Record<string, any>)) {
      const schemaPointer = `#/components/responses/${name}/content/${mediaType.replace('/', '~1')}/schema`;
      for (const [exampleName, example] of Object.entries((media.examples ?? {}) as Record<string, any>)) {
        rows.push({ where: `response ${name} ${mediaType} example ${exampleName}`, schemaPointer, value: follow(example).value, xml: mediaType.includes('xml') });
      }
    }
  }
  // Schema-level `examples` (JSON Schema 2020-12 section 9.5) of each property.
  const walk = (schema: any, pointer: string) => {
    if (!schema || typeof schema !== 'object') return;
    if (Array.isArray(schema.examples)) schema.examples.forEach((value: unknown, i: number) => rows.push({ where: `schema ${pointer} examples[${i}]`, schemaPointer: pointer, value, xml: false }));
    for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${pointer}/properties/${key}`);
  };
  for (const [name, schema] of Object.entries(spec.components.schemas as Record<string, any>)) walk(schema, `#/components/schemas/${name}`);
  return rows;
}

const rows = collectExamples();

describe('every named example validates against its schema (ajv, 2020-12, formats, strict)', () => {
  it('finds the documented examples of the reference page among them', () => {
    const names = rows.map((r) => r.where);
    for (const documented of ['documentedRequest', 'documentedSuccess', 'documentedError']) expect(names.some((n) => n.endsWith(documented))).toBe(true);
    expect(rows.filter((r) => r.xml)).toHaveLength(1);
  });

  it.each(rows.map((r) => [r.where, r] as const))('%s', async (_where, row) => {
    const value = row.xml ? await parseXmlBody(row.value as string, removeBackendServersOperation.xml) : row.value;
    const validate = schemaAt(row.schemaPointer);
    expect(validate(value), explain(validate)).toBe(true);
  });
});

describe('the XML success example, read with the schema as its guide', () => {
  it('keeps lists as lists and numbers as numbers', async () => {
    const xml = follow(spec.components.responses.RemoveBackendServersOk).content['application/xml'].examples.documentedSuccess.value;
    const parsed = (await parseXmlBody(xml, removeBackendServersOperation.xml)) as any;
    expect(parsed.BackendServers.BackendServer.map((s: any) => s.Weight)).toEqual([100, 100]);
    const single = xml.replace(/<BackendServer>\s*<ServerId>vm-232<\/ServerId>\s*<Weight>100<\/Weight>\s*<\/BackendServer>/, '');
    const one = (await parseXmlBody(single, removeBackendServersOperation.xml)) as any;
    expect(Array.isArray(one.BackendServers.BackendServer)).toBe(true);
    expect(one.BackendServers.BackendServer).toEqual([{ ServerId: 'vm-231', Weight: 100 }]);
    expect(typeof one.RequestId).toBe('string');
  });
});

describe('the validators fail where they should (so a green row means something)', () => {
  it.each([
    ['a Weight of 101 in a success body', '#/components/schemas/RemoveBackendServersResponse', { RequestId: 'r', LoadBalancerId: 'l', BackendServers: { BackendServer: [{ ServerId: 's', Weight: 101 }] } }],
    ['an error body without Code', '#/components/schemas/ErrorResponse', { Message: 'm', RequestId: 'r', HostId: 'h' }],
    ['21 servers', '#/components/schemas/BackendServersToRemove', Array.from({ length: 21 }, (_, i) => `vm-${i}`)],
  ])('%s', (_name, pointer, value) => {
    expect(schemaAt(pointer)(value)).toBe(false);
  });
});
