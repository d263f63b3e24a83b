/**
 * Issue 19 (refusals: YAML merge keys), the form corpus-grow met in a public spec: the merge key
 * with its explicit YAML 1.1 tag, `!!merge <<: *anchor` (openapi-typescript's own fixture
 * test/fixtures/yaml-merge.yaml, the corpus row otypescript-yaml-merge; YAML libraries print
 * merges this way). main refused it while parsing: "YAML syntax error: unknown tag
 * !<tag:yaml.org,2002:merge>" (js-yaml's JSON schema knows no such tag). Now it merges by the
 * same rule as a plain `<<` (merge-keys.ts: the mapping's own keys win, then the first source),
 * under the same copy budget, and what cannot be merged is refused with its line and column.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { parseSpecText } from '../src/load/read-yaml.js';

const FILE = 'spec.yaml';

const merged: [string, { yaml: string; want: unknown }][] = [
  [
    'one source: its keys join the mapping (the corpus fixture: a shared 4XX response)',
    {
      yaml: 'x-e: &e\n  4XX: {description: Error}\nr:\n  "200": {description: OK}\n  !!merge <<: *e\n',
      want: { 'x-e': { '4XX': { description: 'Error' } }, r: { '200': { description: 'OK' }, '4XX': { description: 'Error' } } },
    },
  ],
  [
    "a list of sources: the mapping's own keys win, then the first source",
    {
      yaml: 'a: &a {k: a, only-a: 1}\nb: &b {k: b, only-b: 2}\nm:\n  !!merge <<: [*a, *b]\n  own: 3\n',
      want: { a: { k: 'a', 'only-a': 1 }, b: { k: 'b', 'only-b': 2 }, m: { k: 'a', 'only-a': 1, 'only-b': 2, own: 3 } },
    },
  ],
  [
    'an own key written before the tagged merge still wins',
    { yaml: 'a: &a {k: a}\nm:\n  k: own\n  !!merge <<: *a\n', want: { a: { k: 'a' }, m: { k: 'own' } } },
  ],
  [
    'tagged and plain merge keys in one document: both merged',
    {
      yaml: 'a: &a {k: a}\nm: {!!merge <<: *a, x: 1}\nn: {<<: *a, y: 2}\n',
      want: { a: { k: 'a' }, m: { k: 'a', x: 1 }, n: { k: 'a', y: 2 } },
    },
  ],
];

describe('`!!merge <<` is merged (main: "unknown tag !<tag:yaml.org,2002:merge>")', () => {
  it.each(merged)('%s', (_name, { yaml, want }) => {
    expect(parseSpecText(yaml, FILE)).toEqual(want);
  });
});

const refused: [string, { yaml: string; want: RegExp }][] = [
  [
    'a tagged merge of a scalar: refused with its line and column',
    { yaml: 'm:\n  !!merge <<: 1\n', want: /^spec\.yaml:2:\d+: YAML syntax error: cannot merge mappings/ },
  ],
  [
    'wide anchors merged many times with the tag: refused by the copy budget (as the plain form), not expanded',
    {
      // 2,000 keys merged into 1,000 mappings: 2 million copies, over LIMITS.nodes (1 million).
      yaml: `w: &w {${Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join(', ')}}\nmany:\n${Array.from({ length: 1000 }, (_, i) => `  m${i}: {!!merge <<: *w}`).join('\n')}\n`,
      want: /^spec\.yaml:\d+:\d+: YAML merge keys copy more than 1,000,000 entries \(a spec this large is not supported/,
    },
  ],
];

describe('what a tagged merge cannot do is refused with its place', () => {
  it.each(refused)('%s', (_name, { yaml, want }) => {
    const error = (() => {
      try {
        parseSpecText(yaml, FILE);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).describe()).toMatch(want);
  });
});
