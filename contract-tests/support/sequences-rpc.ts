import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../../generator/src/api.js';
import type { Kit } from './kit.js';
import { resolveSchema } from './sample.js';
import { firstValues, type Sequence, SequenceCannotStart, type Steps, success } from './sequence-steps.js';
import type { WireAnswer } from './wire-request.js';

/**
 * `Remove<Noun>` with a list parameter its success body lists: remove A, then B, then A again,
 * each answer's list the previous minus what was removed. Where `Add<Noun>` takes the same list,
 * A and B are added first (the sequence then starts from what it made, not from what is there).
 */
export function rpcRemoveSequences(kit: Kit): Sequence[] {
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
    const add = kit.operations.find(
      (o) => o.op.action === remove.op.action!.replace(/^Remove/, 'Add') && o.parameters.some((p) => p.input && p.name === list.name),
    );
    const addValues = add ? firstValues(add) : {};
    const template = Array.isArray(addValues[list.name]) ? (addValues[list.name] as unknown[])[0] : undefined;
    sequences.push({
      kind: 'rpc-remove',
      name: `rpc: ${add ? `${add.op.action} ${itemId(a)} and ${itemId(b)}, then ` : ''}${remove.op.action} ${itemId(a)}, then ${itemId(b)}, then ${itemId(a)} again${idempotent ? ' (x-slbkit-idempotent: a no-op)' : ''}`,
      first: add ?? remove,
      operations: add ? [add, remove] : [remove],
      async run(steps: Steps) {
        let before: string[] | undefined;
        if (add) {
          const added = await steps.send(
            add,
            { ...addValues, [list.name]: [a, b].map((item) => asItem(template, item)) },
            `add ${itemId(a)} and ${itemId(b)}`,
          );
          if (!success(added.answer))
            throw new SequenceCannotStart(`the first request example's resource takes nothing (HTTP ${added.answer.status})`);
          before = ids(added.answer);
          if (before !== undefined && !(before.includes(itemId(a)) && before.includes(itemId(b))))
            steps.fail(added.step, added.answer, `${list.name} with ${itemId(a)} and ${itemId(b)}`, JSON.stringify(before));
        }
        const one = await steps.send(remove, { ...values, [list.name]: [a] }, `remove ${itemId(a)}`);
        if (!success(one.answer))
          throw new SequenceCannotStart(
            `the first request example's resource is not there to remove from (HTTP ${one.answer.status}): nothing to read back`,
          );
        const first = ids(one.answer);
        if (first === undefined) steps.fail(one.step, one.answer, `${list.name} listed in the answer`);
        if (first.includes(itemId(a))) steps.fail(one.step, one.answer, `${list.name} without ${itemId(a)}`, JSON.stringify(first));
        const afterAdd = before?.filter((id) => id !== itemId(a));
        if (afterAdd && !sameIds(first, afterAdd))
          steps.fail(
            one.step,
            one.answer,
            `${list.name} = the added list minus ${itemId(a)}: ${JSON.stringify(afterAdd)}`,
            JSON.stringify(first),
          );
        const two = await steps.send(remove, { ...values, [list.name]: [b] }, `remove ${itemId(b)}`);
        if (!success(two.answer)) steps.fail(two.step, two.answer, 'a success');
        const second = ids(two.answer);
        const want = first.filter((id) => id !== itemId(b));
        if (!sameIds(second, want))
          steps.fail(
            two.step,
            two.answer,
            `${list.name} = the previous step's minus ${itemId(b)}: ${JSON.stringify(want)}`,
            JSON.stringify(second),
          );
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

/** An item in the form of the Add action's example: the id itself, or the example's object with this id. */
function asItem(template: unknown, item: unknown): unknown {
  if (typeof template !== 'object' || template === null || typeof item === 'object') return item;
  const key = Object.keys(template).find((k) => /(^id$|Id$)/.test(k));
  return key ? { ...template, [key]: item } : item;
}

/** Parameters that name the resource an RPC action acts on (as judge.ts's probes: ...Id, not the region's or owner's). */
const RESOURCE_ID = (name: string) => /[a-z]Id$/.test(name) && !/^(Region|Zone|ResourceGroup|Owner)Id$/.test(name);

/**
 * `Create<Noun>`, `Describe<Noun>s` (or `Describe<Noun>`, `Describe<Noun>Attribute`) and
 * `Delete<Noun>` on one id: the id Create answers is described, with what Create was given read
 * back on the described item; after Delete, Describe no longer lists it (or answers a documented error).
 */
export function rpcLifecycleSequences(kit: Kit): Sequence[] {
  const sequences: Sequence[] = [];
  const byAction = (action: string) => kit.operations.find((o) => o.op.style === 'rpc' && o.op.action === action);
  for (const create of kit.operations.filter((o) => o.op.style === 'rpc' && /^Create[A-Z]/.test(o.op.action ?? ''))) {
    const noun = create.op.action!.slice('Create'.length);
    const remove = byAction(`Delete${noun}`);
    const ids = remove?.op.inputs.filter((p) => p.required && RESOURCE_ID(p.name)).map((p) => p.name) ?? [];
    const idName = ids.includes(`${noun}Id`) ? `${noun}Id` : ids[0];
    const describe = [`Describe${noun}s`, `Describe${noun}`, `Describe${noun}Attribute`, `Describe${noun}Attributes`]
      .map(byAction)
      .find((o) => o?.op.inputs.some((p) => p.name === idName));
    if (!remove || !describe || !idName || !(idName in properties(kit, create.op.successSchema))) continue;
    sequences.push({
      kind: 'rpc-lifecycle',
      name: `rpc: ${create.op.action} -> ${describe.op.action} -> ${remove.op.action} -> ${describe.op.action} without it`,
      first: create,
      operations: [create, describe, remove],
      async run(steps: Steps) {
        const sent = firstValues(create);
        const made = await steps.send(create, sent, 'create from the first request example');
        if (!success(made.answer)) steps.fail(made.step, made.answer, 'a success');
        const id = (made.answer.json as Record<string, unknown> | undefined)?.[idName];
        if (typeof id !== 'string' && typeof id !== 'number') return steps.fail(made.step, made.answer, `the new ${idName} in the answer`);
        const named = { ...firstValues(describe), [idName]: String(id) };
        const shown = await steps.send(describe, named, `describe what step 1 created`);
        if (!success(shown.answer)) steps.fail(shown.step, shown.answer, `a success: step 1 created ${idName} ${JSON.stringify(id)}`);
        const item = itemWith(shown.answer.json, idName, String(id));
        if (!item) return steps.fail(shown.step, shown.answer, `${idName} ${JSON.stringify(id)} described`);
        for (const p of create.op.inputs)
          if (sent[p.name] !== undefined && Object.hasOwn(item, p.name) && String(item[p.name]) !== String(sent[p.name]))
            steps.fail(
              shown.step,
              shown.answer,
              `${p.name} read back as created: ${JSON.stringify(sent[p.name])}`,
              JSON.stringify(item[p.name]),
            );
        const gone = await steps.send(remove, { ...firstValues(remove), [idName]: String(id) }, 'delete it');
        if (!success(gone.answer)) steps.fail(gone.step, gone.answer, 'a success');
        const after = await steps.send(describe, named, 'describe it after the delete');
        if (success(after.answer) && itemWith(after.answer.json, idName, String(id)))
          steps.fail(after.step, after.answer, `no ${idName} ${JSON.stringify(id)} (step 3 deleted it), or a documented error`);
      },
    });
  }
  return sequences;
}

/** The first object in the answer whose `name` is `id`, at any depth. */
function itemWith(json: unknown, name: string, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(json)) {
    for (const entry of json) {
      const found = itemWith(entry, name, id);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const object = json as Record<string, unknown>;
  if (object[name] !== undefined && String(object[name]) === id && !('RequestId' in object)) return object;
  return itemWith(Object.values(object), name, id);
}

/** The top-level properties of a schema, `$ref`s into components followed. */
function properties(kit: Kit, schema: Json | undefined): Record<string, Json> {
  const node = resolveSchema(kit.model, schema);
  return typeof node.properties === 'object' && node.properties !== null && !Array.isArray(node.properties)
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
