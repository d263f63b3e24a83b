import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO, runProcess } from '../cli-harness.js';

// The imported SLB spec's contract suite against its own mock (issue 22, item 3), as a user runs
// it: `slbkit contract --spec spec/slb-2014-05-15.imported.yaml`. A sample here, bounded: two
// actions that carry what the import adds (CreateLoadBalancer: Bandwidth's oneOf of the range and
// -1, int32 bounds, a Tag repeat list; AddBackendServers: a JSON-text parameter typed by its
// documented example, documented error codes). Every action: `npm run contract:imported`.
// Not in `npm test` (one row, 13.5 s of it): `npm run test:slow` runs it (vitest.slow.config.ts).

it('slbkit contract --spec <imported> holds for a sample of actions against the mock', async () => {
  const run = await runProcess(
    process.execPath,
    [
      join(REPO, 'bin/slbkit.mjs'),
      'contract',
      '--spec',
      join(REPO, 'spec/slb-2014-05-15.imported.yaml'),
      '--operation',
      'CreateLoadBalancer',
      '--operation',
      'AddBackendServers',
      '--json',
    ],
    { timeoutMs: 280_000 },
  );
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  // The failures' names and messages (redacted by the command) when one broke.
  expect({ code: run.code, failed: summary.failed, failures: summary.failures }).toEqual({ code: 0, failed: 0, failures: [] });
  expect(summary.passed).toBeGreaterThan(300);
}, 300_000);
