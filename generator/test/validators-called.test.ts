import { describe, expect, it } from 'vitest';
import { calledComponents, emitValidators } from '../src/emit/validators.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import type { ApiModel } from '../src/model/api-model.js';
import { operation } from './model-builders.js';

// Issue 19, item 5 (time): ajv compiles only the component schemas a validator calls, those an
// operation's input or success schema reaches through $ref. GitHub's spec has 327 webhook payload
// schemas (70% of its component bytes) that no operation uses: compiling them was about half of
// the validators' time (10.0 s -> 4.8 s of CPU, the printed validators the same but for ajv's
// function numbers).

const ref = (name: string) => ({ $ref: `components.json#/$defs/${name}` });

describe('calledComponents: what the validators reach, transitively, in the document order', () => {
  const defs: JsonObject = {
    A: { type: 'object', properties: { b: ref('B') } },
    B: { type: 'array', items: ref('C') },
    C: { type: 'string' },
    'Webhook payload': { type: 'object', properties: { a: ref('A') } },
    'a/b~c': { type: 'integer' },
    Unused: { type: 'string' },
  };
  const rows: { name: string; roots: Json[]; want: string[] }[] = [
    { name: 'through properties and items, in the order of the document', roots: [ref('B'), ref('A')], want: ['A', 'B', 'C'] },
    { name: 'none: no component', roots: [{ type: 'string' }], want: [] },
    // An `example` holding a $ref is data: the reference in it is never followed (load/refs.ts).
    { name: 'a $ref inside an example is data', roots: [{ type: 'object', example: ref('C') }], want: [] },
    {
      name: 'a name escaped in the pointer (~1 ~0) and %-encoded',
      roots: [ref('a~1b~0c'), ref('Webhook%20payload')],
      want: ['A', 'B', 'C', 'Webhook payload', 'a/b~c'],
    },
    { name: 'a pointer into a component names it', roots: [ref('A/properties/b')], want: ['A', 'B', 'C'] },
    // A reference the rule cannot read: every component is compiled, as before.
    { name: 'a component it cannot tell: all of them', roots: [ref('Nope')], want: Object.keys(defs) },
  ];
  it.each(rows)('$name', ({ roots, want }) => {
    expect(calledComponents(defs, roots)).toEqual(want);
  });
});

function apiModel(componentSchemas: Record<string, Json>, schema: Json): ApiModel {
  const inputs = [{ name: 'P', in: 'query' as const, required: false, wireEncoding: 'plain' as const, schema, examples: [] }];
  return {
    title: 'Test API',
    apiVersion: '1',
    specName: 'test.yaml',
    defaultEndpoint: 'https://api.example.com',
    operations: [operation({ inputs })],
    componentSchemas,
    typesDocument: {},
  };
}

describe('a component no validator calls is not compiled', () => {
  // ajv refuses a pattern that is no regular expression even leniently (an empty enum, the first
  // choice, is now read as `false`). Old main compiled every component, so a broken component no
  // operation uses refused the spec (openapi-typescript reads it): the first row fails there. A
  // broken component an operation uses is still refused with its pointer.
  const broken = { type: 'string', pattern: '(' };
  it.each([
    { name: 'unused: generates', used: false },
    { name: 'used: refused at its pointer', used: true },
  ])('$name', ({ used }) => {
    const model = apiModel({ Fine: { type: 'string' }, Broken: broken }, { $ref: `#/components/schemas/${used ? 'Broken' : 'Fine'}` });
    if (used)
      expect(() => emitValidators(model)).toThrow(
        expect.objectContaining({
          location: '#/components/schemas/Broken',
          message: expect.stringMatching(/^a schema cannot be compiled/),
        }),
      );
    else expect(emitValidators(model).js).toContain('export const validate');
  });
});
