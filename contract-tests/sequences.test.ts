import { describe, expect, inject, it, type TestContext } from 'vitest';
import { openKit } from './support/kit.js';
import { redacted } from './support/redact.js';
import { deriveSequences, runSequence, SequenceCannotStart, sequencePlan } from './support/sequences.js';

// State (issue 20, item 5): the sequences each spec gives (support/sequences.ts: OpenAPI links,
// POST/GET/DELETE/GET on a resource path, an RPC Remove* action read back step by step), run
// against the target: the kit's stand-in and real targets with CONTRACT_ALLOW_MUTATION=1 (a
// sequence that only reads runs everywhere but the mock); the mock keeps no state, so there each
// sequence is one skipped row with the reason. Test names name the spec, the first operation
// and the sequence.

const kits = await Promise.all(inject('kits').map(openKit));

for (const kit of kits) {
  const sequences = deriveSequences(kit);
  if (sequences.length === 0) continue;
  describe(`${kit.entry.name} [${kit.entry.target.kind}]`, () => {
    for (const sequence of sequences) {
      describe(sequence.first.label, () => {
        const why = sequencePlan(kit, sequence);
        if (why !== undefined) it.skip(`sequence ${sequence.name}: ${why}`, () => {});
        else
          it(
            `sequence ${sequence.name}`,
            redacted(async (context: TestContext) => {
              try {
                await runSequence(kit, sequence);
              } catch (error) {
                // The target lacks what the sequence starts from (a documented example's resource): skipped, with what it answered.
                if (error instanceof SequenceCannotStart) return context.skip(`skipped: ${error.message}`);
                throw error;
              }
            }),
          );
      });
    }
  });
}

describe('the sequences the specs give', () => {
  // The bundled spec's one action gives its sequence (RemoveBackendServers: BackendServers read back).
  it.runIf(kits.some((k) => k.entry.bundled))('the bundled spec: RemoveBackendServers, two servers removed and one again', () => {
    const kit = kits.find((k) => k.entry.bundled)!;
    expect(deriveSequences(kit).map((s) => s.name)).toEqual([
      'rpc: RemoveBackendServers vm-233, then vm-234, then vm-233 again (x-slbkit-idempotent: a no-op)',
    ]);
  });
});
