import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuiteAgainst } from '../../bench/mutants.js';
import type { PublicSpec } from '../../bench/mutants-public/http.js';
import { suiteEnv } from '../../bench/mutants-public/peers.js';
import { PETSTORE } from '../../bench/mutants-public/petstore.js';
import { TICTACTOE } from '../../bench/mutants-public/tictactoe.js';
import { generateClient, ROOT, scratchDir } from '../support/kits.js';

// A sample of the public-spec mutation benchmark (`npm run bench:mutants:public` runs it all,
// with its peers): the suite in its default real-target mode against OAI's petstore-expanded,
// as a user runs it against a server of their own. The correct reference server must come out
// green (a spec with errors under `default` alone and no examples: no false failure), and two
// bugs real list endpoints ship must fail the run, each by the test that names it. With
// CONTRACT_ALLOW_MUTATION=1, OAI's Tic Tac Toe: a mark that is answered but not kept, and a square
// read with its row and column swapped, are caught by the `replace` state sequence only.

const clientOf = (spec: PublicSpec) => join(`${scratchDir()}-public-sample`, spec.name);

interface Row {
  /** Default: petstore-expanded in default mode. */
  spec?: PublicSpec;
  mutation?: boolean;
  mutant?: string;
  /** The failed test (operation and title) that must catch the bug; none: the run must be green. */
  caughtBy?: RegExp;
}

const rows: [string, Row][] = [
  ['the reference server: green (no false positive)', {}],
  ['limit ignored: limit=0 answered with every pet', { mutant: 'limit-ignored', caughtBy: /^findPets .*limit integer: 0 -> pass$/ }],
  [
    'a 500 on limit=2147483647, the int32 maximum the spec allows',
    { mutant: 'crash-on-int32-max-limit', caughtBy: /^findPets .*limit integer: 2147483647 -> pass$/ },
  ],
  ['Tic Tac Toe, mutation allowed: the reference server is green', { spec: TICTACTOE, mutation: true }],
  [
    'Tic Tac Toe: a mark answered but not kept',
    { spec: TICTACTOE, mutation: true, mutant: 'put-not-stored', caughtBy: /sequence replace: put-square -> get-square$/ },
  ],
  [
    'Tic Tac Toe: a square read with row and column swapped',
    { spec: TICTACTOE, mutation: true, mutant: 'get-square-transposed', caughtBy: /sequence replace: put-square -> get-square$/ },
  ],
];

beforeAll(async () => {
  for (const spec of [PETSTORE, TICTACTOE]) await generateClient(join(ROOT, spec.spec), clientOf(spec));
});
afterAll(() => rmSync(`${scratchDir()}-public-sample`, { recursive: true, force: true }));

describe("the suite against a public spec's reference server and its mutants", () => {
  it.each(rows)('%s', async (_name, row) => {
    const spec = row.spec ?? PETSTORE;
    const server = await spec.start(spec.mutants.find((m) => m.name === row.mutant));
    try {
      const run = await runSuiteAgainst(server.url, clientOf(spec), suiteEnv(spec, row.mutation ?? false));
      // Something was judged: a run that sends nothing proves nothing.
      expect(run.passed).toBeGreaterThan(10);
      if (row.caughtBy)
        expect(
          run.failedTests.some((t) => row.caughtBy!.test(t)),
          run.failedTests.join('\n'),
        ).toBe(true);
      else expect(run.failedTests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
