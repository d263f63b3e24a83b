import { isDeepStrictEqual } from 'node:util';
import type { Json, LinkModel } from '../../generator/src/api.js';
import type { Kit, KitOperation } from './kit.js';
import { resolveSchema } from './sample.js';
import { firstValues, readBack, type Sequence, type Steps, success } from './sequence-steps.js';
import type { WireAnswer } from './wire-request.js';

/** The state sequences of plain HTTP operations: OpenAPI links, and POST/GET/DELETE/GET on a resource path (support/sequences.ts). */
function findOperation(kit: Kit, link: LinkModel): KitOperation | undefined {
  return (
    kit.operations.find((o) => link.operationId !== undefined && o.op.sourceOperationIds.includes(link.operationId)) ??
    kit.operations.find((o) => o.op.specPath === link.path && o.op.httpMethods.includes(link.method))
  );
}

export function linkSequences(kit: Kit): Sequence[] {
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

export function resourceSequences(kit: Kit): Sequence[] {
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

/**
 * `PUT /things/{id}` -> `GET /things/{id}`: what the PUT wrote (RFC 9110 section 9.3.4: "the state
 * of the target resource be created or replaced with the state defined by the representation")
 * reads back: the same scalar, or each property written with the same value.
 */
export function replaceSequences(kit: Kit): Sequence[] {
  const sequences: Sequence[] = [];
  const http = kit.operations.filter((o) => o.op.style === 'http');
  for (const put of http.filter((o) => o.op.httpMethods[0] === 'PUT' && o.op.path.includes('{'))) {
    const read = http.find((o) => o.op.httpMethods[0] === 'GET' && o.op.path === put.op.path);
    if (!read) continue;
    sequences.push({
      kind: 'replace',
      name: `replace: ${put.op.operationId} -> ${read.op.operationId}`,
      first: put,
      operations: [put, read],
      async run(steps: Steps) {
        const written = distinctKeys(kit, put, firstValues(put));
        const names = new Set(read.parameters.filter((p) => p.in === 'path').map((p) => p.name));
        const same = Object.fromEntries(Object.entries(written).filter(([name]) => names.has(name)));
        const before = await steps.send(read, { ...firstValues(read), ...same }, 'read what is there first');
        // Write something other than what is there: a server that keeps nothing must not pass by luck.
        const body = put.parameters.find((p) => p.in === 'body');
        const current = success(before.answer) ? before.answer.json : undefined;
        const candidates = [written.body, ...(body?.examples.map(([, value]) => value) ?? []), ...enumOf(kit, body?.schema)];
        written.body = candidates.find((value) => value !== undefined && !isDeepStrictEqual(value, current)) ?? written.body;
        const stored = await steps.send(put, written, 'replace it with another value');
        if (!success(stored.answer)) steps.fail(stored.step, stored.answer, 'a success');
        const got = await steps.send(read, { ...firstValues(read), ...same }, 'read back what step 2 wrote');
        if (!success(got.answer)) steps.fail(got.step, got.answer, 'a success: step 2 wrote it');
        readBack(steps, got, written.body);
      },
    });
  }
  return sequences;
}

/** A schema's `enum` (or `const`), through `$ref`s into components. */
function enumOf(kit: Kit, schema: Json | undefined): unknown[] {
  const node = resolveSchema(kit.model, schema);
  return Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : [];
}

/**
 * Path parameters that share a value get distinct ones where their integer range allows
 * (`/board/1/1` -> `/board/1/2`): a server that swaps or mixes up its keys must not pass by
 * symmetry.
 */
function distinctKeys(kit: Kit, kitOp: KitOperation, values: Record<string, unknown>): Record<string, unknown> {
  const keys = kitOp.parameters.filter((p) => p.in === 'path');
  const seen = new Set<unknown>();
  for (const key of keys) {
    const node = resolveSchema(kit.model, key.schema);
    if (seen.has(values[key.name]) && node.type === 'integer') {
      const low = typeof node.minimum === 'number' ? node.minimum : 0;
      const high = typeof node.maximum === 'number' ? node.maximum : low + keys.length;
      for (let value = low; value <= high; value++)
        if (!seen.has(value)) {
          values[key.name] = value;
          break;
        }
    }
    seen.add(values[key.name]);
  }
  return values;
}

/** The created resource's id: the body's property named like the path parameter, else `id`, else the Location's last segment. */
function idOf(answer: WireAnswer, name: string): string | undefined {
  const body = answer.json as Record<string, unknown> | undefined;
  for (const key of [name, 'id', 'Id'])
    if (body && typeof body === 'object' && (typeof body[key] === 'string' || typeof body[key] === 'number')) return String(body[key]);
  const location = answer.headers.location;
  return location ? decodeURIComponent(location.split('?')[0]!.replace(/\/$/, '').split('/').pop()!) : undefined;
}
