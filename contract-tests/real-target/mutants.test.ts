import { describe, expect, it } from 'vitest';
import { MUTANTS, startMutantServer } from '../../bench/mutants-servers.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_REGION_ID } from '../standin/server.js';
import { BUNDLED_SPEC } from '../support/kits.js';
import { runSuite } from './run-suite.js';

// A sample of the mutation benchmark (bench/mutants.ts runs it all): the suite in its default
// real-target mode, strict, as a user runs it against a server they run themselves. The correct
// reference server must come out green (a false positive here fails), and a server that
// accepts 21 backend servers, the one limit the bundled spec exists to document, must fail
// the run, with a message naming the constraint and the accepted request (issue 20, "done when").
// In default mode the request names a load balancer that cannot exist, so the buggy server's
// answer is its 404 where the spec refuses with 400 InvalidParameter.

const CREDENTIALS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY.id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY.secret,
  CONTRACT_REGION_ID: DEFAULT_REGION_ID,
};

interface Row {
  mutant?: string;
  env: Record<string, string>;
  /** A failed test's title and message must match these; none: the run must be green. */
  failure?: { title: RegExp; message: RegExp };
  /** With CONTRACT_LENIENT=1 the same bug is let pass, and counted: at least this many tests record one. */
  letPass?: number;
}

const rows: [string, Row][] = [
  ['the reference server: green in default mode (no false positive)', { env: {} }],
  [
    'accepts 21 backend servers: caught in default mode, naming maxItems and the request',
    {
      mutant: 'accepts-21-servers',
      env: {},
      failure: {
        title: /BackendServers\[documentedRequest\] maxItems: 21 -> fail/,
        message:
          /maxItems: 21\): (accepted a request the spec forbids|not refused as the spec refuses it) \(want HTTP 400 InvalidParameter\); the request: .*"BackendServers":\[("vm-23\d(-\d+)?",?){21}\]/,
      },
    },
  ],
  [
    'accepts 21 backend servers, CONTRACT_ALLOW_MUTATION=1: the request names a load balancer that exists, and is carried out',
    {
      mutant: 'accepts-21-servers',
      env: { CONTRACT_ALLOW_MUTATION: '1' },
      failure: {
        title: /BackendServers\[documentedRequest\] maxItems: 21 -> fail/,
        message:
          /answered HTTP 200 to .*maxItems: 21\): accepted a request the spec forbids \(want HTTP 400 InvalidParameter\); the request: .*"BackendServers":\[("vm-23\d(-\d+)?",?){21}\]/,
      },
    },
  ],
  [
    'accepts 21 backend servers with CONTRACT_LENIENT=1: green, and the lenient judgement says what it let pass',
    { mutant: 'accepts-21-servers', env: { CONTRACT_LENIENT: '1' }, letPass: 1 },
  ],
];

describe('the suite against servers we run, with and without a planted bug', () => {
  it.each(rows)('%s', async (_name, row) => {
    const mutant = row.mutant === undefined ? undefined : MUTANTS.find((m) => m.name === row.mutant)!;
    const server = await startMutantServer(mutant);
    try {
      const run = await runSuite(BUNDLED_SPEC, server.url, { ...CREDENTIALS, ...row.env });
      const tests = run.report.testResults.flatMap((f) => f.assertionResults);
      const failed = tests.filter((t) => t.status === 'failed');
      // Something was judged: a run that sends nothing proves nothing.
      expect(tests.filter((t) => t.status === 'passed').length).toBeGreaterThan(50);
      if (row.failure) {
        expect(run.code).not.toBe(0);
        const hit = failed.find((t) => row.failure!.title.test(t.title));
        expect(hit, failed.map((t) => t.title).join('\n')).toBeDefined();
        expect(hit!.failureMessages.join('\n')).toMatch(row.failure.message);
      } else {
        expect(failed.map((t) => `${t.title}: ${t.failureMessages[0]?.slice(0, 400)}`)).toEqual([]);
        expect(run.code).toBe(0);
      }
      if (row.letPass !== undefined) {
        const recorded = tests.filter((t) =>
          ((t as { meta?: { letPass?: string[] } }).meta?.letPass ?? []).some((text) => /maxItems: 21/.test(text)),
        );
        expect(recorded.length).toBeGreaterThanOrEqual(row.letPass);
      }
    } finally {
      await server.close();
    }
  });
});
