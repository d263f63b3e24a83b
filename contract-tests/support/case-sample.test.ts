import { describe, expect, it } from 'vitest';
import { sampleCases, samples } from './case-sample.js';
import type { CaseParameter, DerivedCase } from './derive-cases.js';

// The sample of a large spec's derived cases (GitHub's 1,223 operations: 12,275 wire cases took
// over ten minutes against the mock): which cases each operation keeps, on hand-built operations.

const parameter = (name: string, schema: object, at: CaseParameter['in'] = 'query'): CaseParameter => ({
  name,
  in: at,
  required: false,
  encoding: at === 'body' ? 'body' : 'plain',
  schema: schema as never,
  examples: [],
  input: true,
  signer: false,
});
const derived = (p: string, constraint: string, verdict: 'pass' | 'fail', inInput = false): DerivedCase => ({
  name: `${p} ${constraint} -> ${verdict}`,
  parameter: p,
  wireName: p,
  constraint,
  verdict,
  values: {},
  onWire: !inInput,
  inInput,
});
const perPage = parameter('per_page', { type: 'integer', maximum: 100 });
const perPageCases = [
  derived('per_page', 'optional: absent', 'pass'),
  derived('per_page', 'maximum: 100', 'pass'),
  derived('per_page', 'maximum: 101', 'fail'),
  derived('per_page', 'type integer: a word', 'fail'),
  derived('per_page', 'type integer: a numeric string', 'fail', true),
];
const body = (n: number) => parameter('body', { type: 'object', properties: { [`f${n}`]: { type: 'string' } } }, 'body');
const bodyCases = [derived('body', 'JSON syntax: not JSON', 'fail'), derived('body', '/f text: "é"', 'pass')];

describe('sampleCases', () => {
  const [first, second] = sampleCases([
    { parameters: [perPage, body(1)], cases: [...perPageCases, ...bodyCases] },
    { parameters: [perPage, body(2)], cases: [...perPageCases, ...bodyCases] },
  ]);
  it.each([
    {
      row: 'the first operation keeps a passing and a failing case of each parameter, wire and validator apart',
      got: first!.cases.map((c) => c.name),
      want: [
        'per_page optional: absent -> pass',
        'per_page maximum: 101 -> fail',
        'per_page type integer: a numeric string -> fail',
        'body JSON syntax: not JSON -> fail',
        'body /f text: "é" -> pass',
      ],
    },
    {
      // per_page is the same parameter (name, place, schema) on both: its constraints were checked on the first.
      row: 'a later operation sends none of a shared parameter, and its own body as the first did',
      got: second!.cases.map((c) => c.name),
      want: ['body JSON syntax: not JSON -> fail', 'body /f text: "é" -> pass'],
    },
    { row: 'what is left out is counted', got: [first!.left, second!.left], want: [2, 5] },
  ])('$row', ({ got, want }) => {
    expect(got).toEqual(want);
  });
});

describe('samples', () => {
  it.each([
    { operations: 1223, setting: undefined, want: true },
    { operations: 300, setting: undefined, want: false },
    { operations: 1223, setting: 'all', want: false },
    { operations: 3, setting: 'sample', want: true },
  ])('$operations operations, CONTRACT_CASES=$setting -> $want', ({ operations, setting, want }) => {
    expect(samples(operations, setting)).toBe(want);
  });
});
