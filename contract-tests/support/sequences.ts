import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Json, LinkModel } from '../../generator/src/api.js';
import { STATE_SESSION_HEADER } from '../standin/state.js';
import { baseline } from './derive-cases.js';
import { judgeAnswer } from './judge.js';
import type { Kit, KitOperation } from './kit.js';
import { sendCase, type WireAnswer } from './wire-request.js';

/**
 * State (issue 20, item 5): sequences of calls derived from the spec through the model, each
 * checking that what one call wrote the next one reads back, that what was removed is gone, and
 * that documented no-op behaviour holds. Three kinds, none written for one spec:
 * - `links`: an OpenAPI link (model/links.ts): the response's values fill the linked operation's
 *   parameters, and the linked operation must succeed and read back what the first one sent;
 * - `resource`: `POST /things` -> `GET /things/{id}` (what was written is read back) ->
 *   `DELETE /things/{id}` -> `GET /things/{id}` gives the documented 404;
 * - `rpc-remove`: an RPC `Remove<Noun>` action whose request example names two items of a list
 *   its success body lists (RemoveBackendServers: BackendServers): removing A, then B, each
 *   answer's list is the previous minus the removed one; removing A again is a no-op where the
 *   spec marks the action `x-slbkit-idempotent: true`.
 * Every answer is also judged whole (judge.ts). Each run sends one fresh STATE_SESSION_HEADER:
 * the kit's stand-in gives it its own state (a reset per run); other servers ignore it.
 */
export type SequenceKind = 'links' | 'resource' | 'rpc-remove';

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

/** Every sequence the kit's spec gives, in operation order. */
export function deriveSequences(kit: Kit): Sequence[] {
  return [...linkSequences(kit), ...resourceSequences(kit), ...rpcRemoveSequences(kit)];
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

function firstValues(kitOp: KitOperation): Record<string, unknown> {
  return baseline(kitOp.parameters, kitOp.exampleNames[0]);
}

const success = (answer: WireAnswer) => answer.status >= 200 && answer.status < 300;

function findOperation(kit: Kit, link: LinkModel): KitOperation | undefined {
  return (
    kit.operations.find((o) => link.operationId !== undefined && o.op.sourceOperationIds.includes(link.operationId)) ??
    kit.operations.find((o) => o.op.specPath === link.path && o.op.httpMethods.includes(link.method))
  );
}

function linkSequences(kit: Kit): Sequence[] {
  const sequences: Sequence[] = [];
  for (const first of kit.operations) {
    for (const link of first.op.links ?? []) {
      const next = findOperation(kit, link);
      if (!next || (link.status !== 0 && (link.status < 200 || link.status >= 300))) continue;
      const name = `links: ${first.op.operationId} -> ${next.op.operationId} (link ${link.name})`;
      sequences.push({
        kind: 'links',
        name,
        first,
        operations: [first, next],
        async run(steps: Steps) {
          const sent = firstValues(first);
          const one = await steps.send(first, sent, `the first request example of ${first.op.operationId}`);
          if (!success(one.answer)) steps.fail(one.step, one.answer, 'a success, whose values the link carries on');
          const values = firstValues(next);
          for (const [qualified, expression] of Object.entries(link.parameters)) {
            const name = qualified.replace(/^(path|query|header|cookie)\./, '');
            const value = evaluate(expression, first, sent, one.answer);
            if (value === undefined)
              steps.fail(one.step, one.answer, `a value for link ${link.name}'s parameter ${qualified} (${JSON.stringify(expression)})`);
            values[name] = value;
          }
          if (link.requestBody !== undefined) values.body = evaluate(link.requestBody, first, sent, one.answer);
          const two = await steps.send(next, values, `link ${link.name}`);
          if (!success(two.answer)) steps.fail(two.step, two.answer, `a success: link ${link.name} names what step 1 answered`);
          readBack(steps, two, sent.body);
        },
      });
    }
  }
  return sequences;
}

/** What a link parameter holds: a runtime expression (OpenAPI 3.1 section 4.8.20.4), one embedded in `{...}`, or a constant. */
function evaluate(expression: Json, kitOp: KitOperation, sent: Record<string, unknown>, answer: WireAnswer): unknown {
  if (typeof expression !== 'string') return expression;
  const one = (text: string): unknown => {
    if (text === '$statusCode') return answer.status;
    if (text === '$method') return kitOp.op.httpMethods[0];
    const body = /^\$(request|response)\.body(?:#(.*))?$/.exec(text);
    if (body) return at(body[1] === 'response' ? answer.json : sent.body, body[2] ?? '');
    const header = /^\$response\.header\.(.+)$/.exec(text);
    if (header) return answer.headers[header[1]!.toLowerCase()];
    const request = /^\$request\.(path|query|header)\.(.+)$/.exec(text);
    if (request) return sent[request[2]!];
    return undefined;
  };
  if (expression.startsWith('$')) return one(expression);
  if (!expression.includes('{$')) return expression;
  let missing = false;
  const text = expression.replace(/\{(\$[^}]+)\}/g, (_whole, inner: string) => {
    const value = one(inner);
    if (value === undefined) missing = true;
    return String(value);
  });
  return missing ? undefined : text;
}

/** RFC 6901 pointer into a JSON value; undefined when it leads nowhere. */
function at(value: unknown, pointer: string): unknown {
  let node = value;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** What was written is read back: each property of the written body that the read answer has must be equal. */
function readBack(steps: Steps, read: { answer: WireAnswer; step: string }, written: unknown): void {
  if (typeof written !== 'object' || written === null || Array.isArray(written)) return;
  const got = read.answer.json;
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

function resourceSequences(kit: Kit): Sequence[] {
  const sequences: Sequence[] = [];
  const http = kit.operations.filter((o) => o.op.style === 'http');
  for (const create of http.filter((o) => o.op.httpMethods.includes('POST') && !o.op.path.includes('{'))) {
    const item = new RegExp(`^${create.op.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/$/, '')}/\\{([^}/]+)\\}$`);
    const read = http.find((o) => o.op.httpMethods[0] === 'GET' && item.test(o.op.path));
    if (!read) continue;
    const idName = item.exec(read.op.path)![1]!;
    const remove = http.find((o) => o.op.httpMethods.includes('DELETE') && o.op.path === read.op.path);
    const gone = read.op.errors.some((r) => r.status === 404) || !read.op.errors.some((r) => r.status === 410) ? 404 : 410;
    const label = (o: KitOperation) => o.op.operationId;
    sequences.push({
      kind: 'resource',
      name: `resource: ${label(create)} -> ${label(read)}${remove ? ` -> ${label(remove)} -> ${label(read)} ${gone}` : ''}`,
      first: create,
      operations: [create, read, ...(remove ? [remove] : [])],
      async run(steps: Steps) {
        const written = firstValues(create);
        const made = await steps.send(create, written, `create from the first request example`);
        if (!success(made.answer)) steps.fail(made.step, made.answer, 'a success');
        const id = idOf(made.answer, idName);
        if (id === undefined) steps.fail(made.step, made.answer, `the new resource's ${idName} (or id) in the body, or a Location header`);
        const named = { ...firstValues(read), [idName]: id };
        const first = await steps.send(read, named, `read back what step 1 wrote`);
        if (!success(first.answer)) steps.fail(first.step, first.answer, `a success: step 1 created ${idName} ${JSON.stringify(id)}`);
        readBack(steps, first, written.body);
        if (!remove) return;
        const removed = await steps.send(remove, { ...firstValues(remove), [idName]: id }, 'delete it');
        if (!success(removed.answer)) steps.fail(removed.step, removed.answer, 'a success');
        const after = await steps.send(read, named, 'read it after the delete');
        if (after.answer.status !== gone)
          steps.fail(after.step, after.answer, `HTTP ${gone}: step 3 deleted ${idName} ${JSON.stringify(id)}`);
      },
    });
  }
  return sequences;
}

/** The created resource's id: the body's property named like the path parameter, else `id`, else the Location's last segment. */
function idOf(answer: WireAnswer, name: string): string | undefined {
  const body = answer.json as Record<string, unknown> | undefined;
  for (const key of [name, 'id', 'Id'])
    if (body && typeof body === 'object' && (typeof body[key] === 'string' || typeof body[key] === 'number')) return String(body[key]);
  const location = answer.headers.location;
  return location ? decodeURIComponent(location.split('?')[0]!.replace(/\/$/, '').split('/').pop()!) : undefined;
}

function rpcRemoveSequences(kit: Kit): Sequence[] {
  const sequences: Sequence[] = [];
  for (const remove of kit.operations.filter((o) => o.op.style === 'rpc' && /^Remove[A-Z]/.test(o.op.action ?? ''))) {
    const values = firstValues(remove);
    const listed = Object.keys(properties(kit, remove.op.successSchema));
    const list = remove.parameters.find((p) => p.input && listed.includes(p.name) && Array.isArray(values[p.name]));
    const items = list ? (values[list.name] as unknown[]) : [];
    if (!list || items.length < 2) continue;
    const [a, b] = [items[0], items[1]];
    const idempotent = remove.op.idempotency?.kind === 'safe';
    const ids = (answer: WireAnswer) => listedIds(answer.json, list.name, [itemId(a), itemId(b)]);
    sequences.push({
      kind: 'rpc-remove',
      name: `rpc: ${remove.op.action} ${itemId(a)}, then ${itemId(b)}, then ${itemId(a)} again${idempotent ? ' (x-slbkit-idempotent: a no-op)' : ''}`,
      first: remove,
      operations: [remove],
      async run(steps: Steps) {
        const one = await steps.send(remove, { ...values, [list.name]: [a] }, `remove ${itemId(a)}`);
        if (!success(one.answer))
          throw new SequenceCannotStart(
            `the first request example's resource is not there to remove from (HTTP ${one.answer.status}): nothing to read back`,
          );
        const first = ids(one.answer);
        if (first === undefined) steps.fail(one.step, one.answer, `${list.name} listed in the answer`);
        if (first.includes(itemId(a))) steps.fail(one.step, one.answer, `${list.name} without ${itemId(a)}`, JSON.stringify(first));
        const two = await steps.send(remove, { ...values, [list.name]: [b] }, `remove ${itemId(b)}`);
        if (!success(two.answer)) steps.fail(two.step, two.answer, 'a success');
        const second = ids(two.answer);
        const want = first.filter((id) => id !== itemId(b));
        if (!sameIds(second, want))
          steps.fail(two.step, two.answer, `${list.name} = step 1's minus ${itemId(b)}: ${JSON.stringify(want)}`, JSON.stringify(second));
        const three = await steps.send(remove, { ...values, [list.name]: [a] }, `remove ${itemId(a)} again`);
        if (!success(three.answer)) {
          if (idempotent)
            steps.fail(three.step, three.answer, 'a success: x-slbkit-idempotent: true documents removing an absent item as a no-op');
          return;
        }
        const third = ids(three.answer);
        if (!sameIds(third, want))
          steps.fail(
            three.step,
            three.answer,
            `${list.name} unchanged (${itemId(a)} was already removed): ${JSON.stringify(want)}`,
            JSON.stringify(third),
          );
      },
    });
  }
  return sequences;
}

/** The top-level properties of a schema, `$ref`s into components followed. */
function properties(kit: Kit, schema: Json | undefined): Record<string, Json> {
  let node = schema;
  for (
    let hops = 0;
    hops < 10 && typeof node === 'object' && node !== null && !Array.isArray(node) && typeof node.$ref === 'string';
    hops++
  )
    node = kit.model.componentSchemas[node.$ref.replace('#/components/schemas/', '')];
  return typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    typeof node.properties === 'object' &&
    node.properties !== null
    ? (node.properties as Record<string, Json>)
    : {};
}

/** A list item's id: the item itself, or an object's first `...Id` / `id` property. */
function itemId(item: unknown, known: string[] = []): string {
  if (typeof item !== 'object' || item === null) return String(item);
  const entries = Object.entries(item).filter(([key]) => /(^id$|Id$)/.test(key));
  return String((entries.find(([, value]) => known.includes(String(value))) ?? entries[0] ?? [undefined, undefined])[1]);
}

/** The ids the answer lists under `name` (an array, or an object wrapping one: Alibaba's `{"BackendServer": [...]}`); undefined when absent. */
function listedIds(json: unknown, name: string, known: string[]): string[] | undefined {
  const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (Object.values(value).find(Array.isArray) ?? (Object.keys(value).length === 0 ? [] : undefined))
      : undefined;
  return list?.map((item) => itemId(item, known));
}

const sameIds = (got: string[] | undefined, want: string[]) => got !== undefined && isDeepStrictEqual([...got].sort(), [...want].sort());

/** The caller's values of a step (never the signer's), for a message. */
function shown(kitOp: KitOperation, values: Record<string, unknown>): string {
  const signer = new Set(kitOp.parameters.filter((p) => p.signer).map((p) => p.name));
  return clip(JSON.stringify(Object.fromEntries(Object.entries(values).filter(([name, v]) => !signer.has(name) && v !== undefined))));
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
