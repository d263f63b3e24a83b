import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The decoder is the kit's (no client decodes its own requests); the round trips below pin it to the runtime's encoder.
import { decodeWire, type WireSchemaHint, wireNameAt } from '../../../contract-tests/mock/wire-decode.js';
import { type ReplayServer, startReplayServer } from '../../../contract-tests/support/replay-server.js';
import { encodeWire, type WireEncoding } from '../../runtime/wire.js';

// The wire-encoding table (generator/runtime/wire.ts), from its source: each row as written in
// the table, then the RPC rows against Alibaba's own SDK code as oracles on random inputs:
// @alicloud/openapi-util `query` (flatMap, what the Tea SDKs send) and @alicloud/pop-core's
// RPCClient (flatParams, lib/rpc.js), which is run for real against a loopback server.

const require = createRequire(import.meta.url);
const openapiUtil = (require('@alicloud/openapi-util') as { default: { query(filter: Record<string, unknown>): Record<string, string> } })
  .default;
const RPCClient = require('@alicloud/pop-core').RPCClient as new (
  config: Record<string, string>,
) => { request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown> };

describe('the table, row by row', () => {
  const rows: [string, { given: [WireEncoding, unknown]; want: [string, string][] }][] = [
    ['plain: a string as it is', { given: ['plain', 'lb-1'], want: [['N', 'lb-1']] }],
    ['plain: an integer as its JSON text', { given: ['plain', 50], want: [['N', '50']] }],
    ['plain: a boolean as its JSON text', { given: ['plain', true], want: [['N', 'true']] }],
    ['json: JSON.stringify', { given: ['json', [{ ServerId: 'vm-1', Weight: 50 }]], want: [['N', '[{"ServerId":"vm-1","Weight":50}]']] }],
    [
      'repeatList: scalars',
      {
        given: ['repeatList', ['a', 'b']],
        want: [
          ['N.1', 'a'],
          ['N.2', 'b'],
        ],
      },
    ],
    [
      'repeatList: objects (tags)',
      {
        given: ['repeatList', [{ Key: 'env', Value: 'prod' }, { Key: 'team' }]],
        want: [
          ['N.1.Key', 'env'],
          ['N.1.Value', 'prod'],
          ['N.2.Key', 'team'],
        ],
      },
    ],
    ['repeatList: an empty list sends nothing', { given: ['repeatList', []], want: [] }],
    [
      'flatObject: properties, nested',
      {
        given: ['flatObject', { A: 1, B: { C: false } }],
        want: [
          ['N.A', '1'],
          ['N.B.C', 'false'],
        ],
      },
    ],
    ['commaList', { given: ['commaList', ['lb-1', 'lb-2']], want: [['N', 'lb-1,lb-2']] }],
    [
      'formExplode (plain HTTP)',
      {
        given: ['formExplode', ['a', 'b']],
        want: [
          ['N', 'a'],
          ['N', 'b'],
        ],
      },
    ],
    [
      'deepObject (plain HTTP)',
      {
        given: ['deepObject', { a: 1, b: 'x' }],
        want: [
          ['N[a]', '1'],
          ['N[b]', 'x'],
        ],
      },
    ],
    // OpenAPI 3.1 section 4.8.12.4, style examples for color = {R: 100, G: 200}.
    [
      'formObject (a query object in form style, explode true): R=100&G=200',
      {
        given: ['formObject', { R: 100, G: 200 }],
        want: [
          ['R', '100'],
          ['G', '200'],
        ],
      },
    ],
    [
      'commaObject (form or simple, explode false): color=R,100,G,200',
      { given: ['commaObject', { R: 100, G: 200 }], want: [['N', 'R,100,G,200']] },
    ],
    // A nullable list or object parameter (`type: [object, "null"]`) given null: RFC 6570 section
    // 2.3 counts null as undefined, so the expansion is empty. Each of these threw a TypeError
    // (Object.entries(null), null.map) on the previous landing.
    ...(['formObject', 'commaObject', 'deepObject', 'formExplode', 'commaList'] as const).map((encoding): (typeof rows)[number] => [
      `${encoding} of null: nothing sent`,
      { given: [encoding, null], want: [] },
    ]),
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(encodeWire(given[0], 'N', given[1])).toEqual(want);
  });
});

describe("decoding, as the mock does it: the caller's wire names in errors", () => {
  const tagHint: WireSchemaHint = {
    type: 'array',
    items: { type: 'object', properties: { Key: { type: 'string' }, Value: { type: 'string' } } },
  };
  const rows: [string, { given: [WireEncoding, [string, string][], WireSchemaHint]; want: unknown }][] = [
    ['an integer', { given: ['plain', [['N', '50']], { type: 'integer' }], want: { value: 50 } }],
    [
      'formObject: the pairs named after its properties, typed by them',
      {
        given: [
          'formObject',
          [
            ['R', '100'],
            ['other', 'x'],
            ['G', '200'],
          ],
          { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' } } },
        ],
        want: { value: { R: 100, G: 200 } },
      },
    ],
    [
      'commaObject',
      {
        given: ['commaObject', [['N', 'R,100,G,x']], { type: 'object', properties: { R: { type: 'integer' } } }],
        want: { value: { R: 100, G: 'x' } },
      },
    ],
    [
      'commaObject with an odd count: refused by name',
      {
        given: ['commaObject', [['N', 'R,100,G']], { type: 'object' }],
        want: { error: { parameter: 'N', reason: 'must be key,value pairs separated by commas' } },
      },
    ],
    [
      'an integer that is not one stays text (for the validator to refuse)',
      { given: ['plain', [['N', '5x']], { type: 'integer' }], want: { value: '5x' } },
    ],
    ['a boolean', { given: ['plain', [['N', 'false']], { type: 'boolean' }], want: { value: false } }],
    [
      'tags',
      {
        given: [
          'repeatList',
          [
            ['N.2.Key', 'b'],
            ['N.1.Key', 'a'],
            ['N.1.Value', 'x'],
          ],
          tagHint,
        ],
        want: { value: [{ Key: 'a', Value: 'x' }, { Key: 'b' }] },
      },
    ],
    [
      'a list index of 0',
      { given: ['repeatList', [['N.0.Key', 'a']], tagHint], want: { error: { parameter: 'N.0', reason: 'must be a list index from 1' } } },
    ],
    [
      'a list sent unflattened',
      {
        given: ['repeatList', [['N', '["a"]']], tagHint],
        want: { error: { parameter: 'N', reason: 'must be sent flattened (N.1=..., N.Key=...)' } },
      },
    ],
    [
      'a comma list of integers',
      { given: ['commaList', [['N', '1,2']], { type: 'array', items: { type: 'integer' } }], want: { value: [1, 2] } },
    ],
    ['not JSON', { given: ['json', [['N', '[1,']], {}], want: { error: { parameter: 'N', reason: 'is not valid JSON' } } }],
    ['absent', { given: ['repeatList', [['Other.1', 'a']], tagHint], want: undefined }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(decodeWire(given[0], 'N', given[1], given[2])).toEqual(want);
  });

  it.each([
    ['a tag key', ['repeatList', [{ Key: 'a' }, {}], '/1/Key'], 'Tag.2.Key'],
    ['an object property', ['flatObject', { A: [1, 2] }, '/A/1'], 'Tag.A.2'],
    ['a JSON parameter: its own name', ['json', [{ Key: 'a' }], '/0/Key'], 'Tag'],
  ] as const)('wireNameAt: %s', (_name, [encoding, value, pointer], want) => {
    expect(wireNameAt(encoding, 'Tag', value, pointer)).toBe(want);
  });
});

// Random RPC values: scalars, lists of scalars, lists of objects (tags), nested objects.
const name = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,6}$/);
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const flatItem = fc.dictionary(name, fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 4, noNullPrototype: true });
const listValue = fc.array(fc.oneof(scalar, flatItem), { maxLength: 5 });
const nested: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(name, tie('node'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).node;
const sorted = (pairs: readonly (readonly [string, string])[]) => [...pairs].map(([k, v]) => `${k}=${v}`).sort();

describe('RPC flattening equals @alicloud/openapi-util query() (the Tea SDKs)', () => {
  it('repeatList, for any list (nested lists and objects included)', () => {
    fc.assert(
      fc.property(name, fc.array(nested, { maxLength: 4 }), (n, value) => {
        expect(sorted(encodeWire('repeatList', n, value))).toEqual(sorted(Object.entries(openapiUtil.query({ [n]: value }))));
      }),
      { numRuns: 100 },
    );
  });
  it('flatObject, for any object', () => {
    fc.assert(
      fc.property(name, fc.dictionary(name, nested, { maxKeys: 4, noNullPrototype: true }), (n, value) => {
        expect(sorted(encodeWire('flatObject', n, value))).toEqual(sorted(Object.entries(openapiUtil.query({ [n]: value }))));
      }),
      { numRuns: 100 },
    );
  });
});

describe('RPC flattening equals what @alicloud/pop-core sends (a real RPCClient, on loopback)', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
    server.answer({ status: 200, body: '{"RequestId":"r"}' });
  });
  afterAll(() => server.close());

  // pop-core flattens lists only (a top-level object is sent as "[object Object]"), and inside a
  // list's objects one level: so lists of scalars and of flat objects (tags), by GET and by POST.
  it.each(['GET', 'POST'] as const)('repeatList by %s', async (method) => {
    const pop = new RPCClient({
      endpoint: server.url,
      apiVersion: '2014-05-15',
      accessKeyId: 'oracle-id',
      accessKeySecret: 'oracle-secret',
    });
    await fc.assert(
      fc.asyncProperty(name, listValue, async (n, value) => {
        server.requests.length = 0;
        await pop.request('DescribeLoadBalancers', { [n]: value }, { method, formatParams: false });
        const seen = server.requests[0]!;
        const sent = method === 'POST' ? [...new URLSearchParams(seen.body)] : [...seen.url.searchParams];
        const mine = sent.filter(([k]) => k === n || k.startsWith(`${n}.`));
        expect(sorted(encodeWire('repeatList', n, value))).toEqual(sorted(mine));
      }),
      { numRuns: 40 },
    );
  });
});

describe('decode(encode(value)) is the value, for what the mock receives', () => {
  const tags = fc.array(fc.record({ Key: fc.string({ minLength: 1, maxLength: 8 }), Value: fc.string({ maxLength: 8 }) }), {
    minLength: 1,
    maxLength: 5,
  });
  const hint: WireSchemaHint = {
    type: 'array',
    items: { type: 'object', properties: { Key: { type: 'string' }, Value: { type: 'string' } } },
  };
  it('tags (repeatList)', () => {
    fc.assert(
      fc.property(tags, (value) => {
        expect(decodeWire('repeatList', 'Tag', encodeWire('repeatList', 'Tag', value), hint)).toEqual({ value });
      }),
      { numRuns: 100 },
    );
  });
  it('integers and booleans (plain)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.boolean()), (value) => {
        expect(
          decodeWire('plain', 'N', encodeWire('plain', 'N', value), { type: typeof value === 'boolean' ? 'boolean' : 'integer' }),
        ).toEqual({ value });
      }),
      { numRuns: 100 },
    );
  });
});

// Path expansions (label, matrix, exploded simple: OpenAPI 3.1 section 4.8.12.4's examples), encoded
// by the client and decoded by the mock from the percent-decoded segment: openapi-fetch-common's
// `{simple_obj_explode*}`, `{.label_obj_explode*}`, `{;matrix_obj_explode*}` were read as one string.
describe('decodeWire: path expansions round-trip', () => {
  const objectHint: WireSchemaHint = { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' } } };
  const listHint: WireSchemaHint = { type: 'array', items: { type: 'string' } };
  const encodings: WireEncoding[] = ['simpleExplode', 'label', 'labelExplode', 'matrix', 'matrixExplode'];
  it.each(
    encodings.flatMap((encoding) => [
      [encoding, 'an object', { R: 100, G: 200 }, objectHint],
      [encoding, 'a list', ['blue', 'black'], listHint],
      [encoding, 'a scalar', 'blue', { type: 'string' }],
    ]) as [WireEncoding, string, unknown, WireSchemaHint][],
  )('%s, %s', (encoding, _what, value, hint) => {
    const [[name, text]] = encodeWire(encoding, 'color', value) as [[string, string]];
    expect(decodeWire(encoding, 'color', [[name, decodeURIComponent(text)]], hint)).toEqual({ value });
  });
});
