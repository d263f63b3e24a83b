import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { STATE_SESSION_HEADER } from '../standin/state.js';
import { baseline } from './derive-cases.js';
import { judgeAnswer } from './judge.js';
import type { Kit, KitOperation } from './kit.js';
import { sendCase, type WireAnswer } from './wire-request.js';

/** What every kind of state sequence is made of (support/sequences.ts says what they check). */
export type SequenceKind = 'links' | 'resource' | 'replace' | 'rpc-remove' | 'rpc-lifecycle';

export interface Sequence {
  kind: SequenceKind;
  /** What it checks, for the test name: `resource: createThing -> getThing -> deleteThing -> getThing 404`. */
  name: string;
  /** The operation the test is listed under (its first). */
  first: KitOperation;
  /** Every operation it calls. */
  operations: KitOperation[];
  run(steps: Steps): Promise<void>;
}

/** Thrown when a step's answer is not what the sequence expects; the message names sequence, step, request and expectation. */
export class SequenceFailure extends Error {
  override readonly name = 'SequenceFailure';
}

/** Thrown when the target lacks what the sequence starts from (a documented example's resource): the test is skipped with this reason. */
export class SequenceCannotStart extends Error {
  override readonly name = 'SequenceCannotStart';
}

/** The calls of one run: numbered steps, one state session, every answer judged. */
export class Steps {
  private count = 0;
  private readonly session = randomUUID();
  constructor(
    private readonly kit: Kit,
    private readonly sequence: string,
  ) {}

  /** Sends one step, judged whole; returns the answer and the step's description for `fail`. */
  async send(kitOp: KitOperation, values: Record<string, unknown>, what: string): Promise<{ answer: WireAnswer; step: string }> {
    this.count += 1;
    const step = `step ${this.count} (${what}): ${kitOp.label} ${shown(kitOp, values)}`;
    const answer = await sendCase(this.kit, kitOp, values, { headers: { [STATE_SESSION_HEADER]: this.session } });
    const verdict = await judgeAnswer(this.kit, kitOp, answer, { kind: 'allowed', what: `${this.sequence}, step ${this.count}` });
    if (verdict.problems.length > 0) this.fail(step, answer, 'an answer the spec documents', verdict.problems.join('; '));
    return { answer, step };
  }

  fail(step: string, answer: WireAnswer, expected: string, got?: string): never {
    throw new SequenceFailure(
      `sequence "${this.sequence}", ${step}\n  answered: HTTP ${answer.status} ${clip(answer.text)}\n  expected: ${expected}${got ? `\n  got: ${got}` : ''}`,
    );
  }
}

export function firstValues(kitOp: KitOperation): Record<string, unknown> {
  return baseline(kitOp.parameters, kitOp.exampleNames[0]);
}

export const success = (answer: WireAnswer) => answer.status >= 200 && answer.status < 300;

/** What was written is read back: each property of the written body that the read answer has must be equal. */
export function readBack(steps: Steps, read: { answer: WireAnswer; step: string }, written: unknown): void {
  const got = read.answer.json;
  // A scalar written (a PUT of a string, a number) reads back as that scalar, where the answer is one.
  if (isScalar(written) && isScalar(got)) {
    if (got !== written)
      steps.fail(read.step, read.answer, `the value read back as written: ${JSON.stringify(written)}`, JSON.stringify(got));
    return;
  }
  if (typeof written !== 'object' || written === null || Array.isArray(written)) return;
  if (typeof got !== 'object' || got === null) return;
  for (const [key, value] of Object.entries(written)) {
    if (Object.hasOwn(got, key) && !isDeepStrictEqual((got as Record<string, unknown>)[key], value))
      steps.fail(
        read.step,
        read.answer,
        `${key} read back as written: ${JSON.stringify(value)}`,
        JSON.stringify((got as Record<string, unknown>)[key]),
      );
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The caller's values of a step (never the signer's), for a message. */
function shown(kitOp: KitOperation, values: Record<string, unknown>): string {
  const signer = new Set(kitOp.parameters.filter((p) => p.signer).map((p) => p.name));
  return clip(JSON.stringify(Object.fromEntries(Object.entries(values).filter(([name, v]) => !signer.has(name) && v !== undefined))));
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
