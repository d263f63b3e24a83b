import type { Kit } from './kit.js';
import { type Sequence, Steps } from './sequence-steps.js';
import { linkSequences, replaceSequences, resourceSequences } from './sequences-http.js';
import { rpcLifecycleSequences, rpcRemoveSequences } from './sequences-rpc.js';

export { type Sequence, SequenceCannotStart, SequenceFailure, type SequenceKind } from './sequence-steps.js';

/**
 * State (issue 20, item 5): sequences of calls derived from the spec through the model, each
 * checking that what one call wrote the next one reads back, that what was removed is gone, and
 * that documented no-op behaviour holds. None is written for one spec:
 * - `links` (sequences-http.ts): an OpenAPI link (model/links.ts): the response's values fill the
 *   linked operation's parameters; it must succeed and read back what the first call sent;
 * - `resource` (sequences-http.ts): `POST /things` -> `GET /things/{id}` (what was written is read
 *   back) -> `DELETE /things/{id}` -> `GET /things/{id}` gives the documented 404;
 * - `replace` (sequences-http.ts): `PUT /things/{id}` -> `GET /things/{id}` reads back what was put;
 * - `rpc-lifecycle` (sequences-rpc.ts): `Create<Noun>` -> `Describe<Noun>s` -> `Delete<Noun>` ->
 *   `Describe<Noun>s` on one id;
 * - `rpc-remove` (sequences-rpc.ts): a `Remove<Noun>` action whose request example names two items
 *   of a list its success body lists (RemoveBackendServers: BackendServers), after `Add<Noun>`
 *   where there is one: removing A, then B, each answer's list is the previous minus the removed
 *   one; removing A again is a no-op where the spec marks it `x-slbkit-idempotent: true`.
 * Every answer is also judged whole (judge.ts). Each run sends one fresh STATE_SESSION_HEADER:
 * the kit's stand-in gives it its own state (a reset per run); other servers ignore it.
 */

/** Every sequence the kit's spec gives, in operation order. */
export function deriveSequences(kit: Kit): Sequence[] {
  return [
    ...linkSequences(kit),
    ...resourceSequences(kit),
    ...replaceSequences(kit),
    ...rpcLifecycleSequences(kit),
    ...rpcRemoveSequences(kit),
  ];
}

/**
 * Why the sequence is not run against this target, or undefined when it runs: the mock (Prism)
 * keeps no state; a real target other than the kit's stand-in only with CONTRACT_ALLOW_MUTATION=1
 * when a step may change something.
 */
export function sequencePlan(kit: Kit, sequence: Sequence): string | undefined {
  const { target } = kit.entry;
  if (target.kind === 'mock') return 'skipped: the mock (Prism) keeps no state: nothing written there can be read back';
  const writers = [...new Set(sequence.operations.filter((o) => !o.op.readOnly).map((o) => o.label))];
  if (writers.length > 0 && !target.allowMutation && !target.standIn)
    return `skipped: mutation not allowed: ${writers.join(', ')} may change things on ${target.label} (CONTRACT_ALLOW_MUTATION=1 runs it)`;
  return undefined;
}

/** Runs one sequence; on the kit's stand-in every step may be sent (it is the kit's own server). */
export async function runSequence(kit: Kit, sequence: Sequence): Promise<void> {
  const { target } = kit.entry;
  const sender =
    target.standIn && !target.allowMutation ? { ...kit, entry: { ...kit.entry, target: { ...target, allowMutation: true } } } : kit;
  await sequence.run(new Steps(sender, sequence.name));
}
