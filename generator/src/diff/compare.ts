import type { Json } from '../load/refs.js';
import {
  type ApiSurface,
  type ClientDefaultsSurface,
  clientDefaultsOf,
  defaultMethodOf,
  type InputSurface,
  type OperationSurface,
} from './api-surface.js';
import { compareSchemas, type Effect, referencedComponents, type Side, sameJson, show, unchangedComponents } from './compare-schema.js';

/**
 * Two API summaries (the previous package's and the new one) -> the changes a consumer of the
 * typed client sees, each classified by the consumer's rules:
 * - breaking: a call that type-checked and worked before may not now (an input removed, made
 *   required or narrowed; an output field removed, made optional or widened; a documented error
 *   code dropped), or the same call puts different bytes on the wire (method, path, Action,
 *   Version, a fixed or signer-owned parameter, an encoding, the default endpoint);
 * - feature: something new to use, nothing old stops working (an operation, an optional input,
 *   an output field, a wider input, an error code documented, a deprecation);
 * - fix: documentation only (descriptions, summaries, examples, documented defaults).
 */
export type ChangeLevel = 'breaking' | 'feature' | 'fix';

export interface Change {
  level: ChangeLevel;
  /** Client method name, when the change is about one operation. */
  operation?: string;
  text: string;
}

export const LEVELS: readonly ChangeLevel[] = ['breaking', 'feature', 'fix'];

export function compareSurfaces(before: ApiSurface, after: ApiSurface): Change[] {
  const changes: Change[] = [];
  const push = (level: ChangeLevel, text: string, operation?: string) =>
    changes.push({ level, text, ...(operation === undefined ? {} : { operation }) });
  if (before.defaultEndpoint !== after.defaultEndpoint)
    push('breaking', `default endpoint ${before.defaultEndpoint} -> ${after.defaultEndpoint}`);
  if (before.title !== after.title) push('fix', `API title changed to "${after.title}"`);
  const defaults = { before: clientDefaultsOf(before), after: clientDefaultsOf(after) };
  for (const text of compareDefaults(before, after, defaults)) push('breaking', text);
  const opsBefore = before.operations ?? {};
  const opsAfter = after.operations ?? {};
  for (const name of Object.keys(opsBefore).sort()) {
    if (!Object.hasOwn(opsAfter, name)) push('breaking', 'operation removed', name);
  }
  const schemas = {
    oldSchemas: before.schemas ?? {},
    newSchemas: after.schemas ?? {},
    unchanged: unchangedComponents(before.schemas ?? {}, after.schemas ?? {}),
  };
  for (const name of Object.keys(opsAfter).sort()) {
    const op = opsAfter[name]!;
    if (!Object.hasOwn(opsBefore, name)) push('feature', `operation added (${describeCall(op)})`, name);
    else {
      const wasSent = defaultMethodOf(opsBefore[name]!, defaults.before);
      const sent = defaultMethodOf(op, defaults.after);
      if (wasSent !== sent) push('breaking', `default HTTP method ${wasSent} -> ${sent}`, name);
      if (!sameOperation(opsBefore[name]!, op, schemas.unchanged))
        for (const c of compareOperation(opsBefore[name]!, op, schemas)) push(c.level, c.text, name);
    }
  }
  // Breaking first, then features, then fixes; within a level, operations in name order.
  return changes.sort((x, y) => LEVELS.indexOf(x.level) - LEVELS.indexOf(y.level));
}

/**
 * The client's defaults (what a call sends when its options name nothing): a change puts other
 * bytes on the wire for the same call, so it is breaking. Each operation whose default method
 * changes is listed too (compareSurfaces); this says why, once.
 */
function compareDefaults(
  before: ApiSurface,
  after: ApiSurface,
  defaults: { before: ClientDefaultsSurface; after: ClientDefaultsSurface },
): string[] {
  const changes: string[] = [];
  const { signatureVersion: was, method: wasMethod } = defaults.before;
  const { signatureVersion: now, method } = defaults.after;
  // Said here only when the default itself changed; an operation whose methods changed says so itself.
  const methodChanged =
    wasMethod !== method &&
    Object.entries(after.operations ?? {}).some(
      ([name, op]) =>
        Object.hasOwn(before.operations ?? {}, name) &&
        defaultMethodOf(before.operations[name]!, defaults.before) !== defaultMethodOf(op, defaults.after),
    );
  const methodText = (m: string | undefined) => m ?? 'first listed method';
  const keep = '(set the options `signatureVersion` and `method` to send as before)';
  if (was !== undefined && now !== undefined && was !== now)
    changes.push(
      methodChanged
        ? `default signature ${was.toUpperCase()}/${methodText(wasMethod)} -> ${now.toUpperCase()}/${methodText(method)} ${keep}`
        : `default signature ${was.toUpperCase()} -> ${now.toUpperCase()} ${keep}`,
    );
  else if (methodChanged) changes.push(`default HTTP method ${methodText(wasMethod)} -> ${methodText(method)} ${keep}`);
  const { rpcV3Request: wasV3 } = defaults.before;
  const { rpcV3Request: nowV3 } = defaults.after;
  if (wasV3 !== undefined && nowV3 !== undefined && wasV3 !== nowV3) changes.push(`V3 request of an RPC action: ${wasV3} -> ${nowV3}`);
  return changes;
}

/**
 * The same text (summaries are read from files printed with sorted keys) and only unchanged
 * components referenced: nothing to walk. Most operations of a regeneration are this.
 */
function sameOperation(a: OperationSurface, b: OperationSurface, unchanged: ReadonlySet<string>): boolean {
  const text = JSON.stringify(a);
  return text === JSON.stringify(b) && referencedComponents(a as unknown as Json).every((name) => unchanged.has(name));
}

function describeCall(op: OperationSurface): string {
  return op.action !== undefined ? `RPC action ${op.action}` : `${op.httpMethods.join(', ')} ${op.path}`;
}

type Found = { level: ChangeLevel; text: string };

type Schemas = { oldSchemas: Record<string, Json>; newSchemas: Record<string, Json>; unchanged: ReadonlySet<string> };

function compareOperation(a: OperationSurface, b: OperationSurface, schemas: Schemas): Found[] {
  const found: Found[] = [];
  const add = (level: ChangeLevel, text: string) => found.push({ level, text });
  found.push(...compareWire(a, b));
  if (a.typeName !== b.typeName) add('breaking', `exported type names ${a.typeName}* -> ${b.typeName}*`);
  for (const key of ['summary', 'description'] as const) {
    if (a[key] !== b[key]) add('fix', `${key} ${a[key] === undefined ? 'added' : b[key] === undefined ? 'removed' : 'changed'}`);
  }
  const inputsA = a.inputs ?? {};
  const inputsB = b.inputs ?? {};
  for (const name of Object.keys(inputsA)) {
    if (!Object.hasOwn(inputsB, name)) add('breaking', `input parameter \`${name}\` removed`);
  }
  for (const [name, input] of Object.entries(inputsB)) {
    const old = own(inputsA, name);
    if (old === undefined) {
      if (requiredOfCaller(input)) add('breaking', `required input parameter \`${name}\` added`);
      else add('feature', `optional input parameter \`${name}\` added`);
    } else {
      found.push(...compareInput(name, old, input));
      found.push(...schemaChanges('input', name, old.schema, input.schema, schemas));
    }
  }
  if (a.requestBody || b.requestBody) {
    if (!b.requestBody) add('breaking', 'request body removed');
    else if (!a.requestBody)
      add(b.requestBody.required ? 'breaking' : 'feature', `${b.requestBody.required ? 'required' : 'optional'} request body added`);
    else {
      if (a.requestBody.required !== b.requestBody.required)
        add(b.requestBody.required ? 'breaking' : 'feature', `request body is now ${b.requestBody.required ? 'required' : 'optional'}`);
      found.push(...schemaChanges('input', 'body', a.requestBody.schema, b.requestBody.schema, schemas));
    }
  }
  for (const c of compareExtra(a.extra, b.extra)) add('breaking', c);
  found.push(...compareOutput(a, b, schemas));
  found.push(...compareErrors(a, b));
  return found;
}

/** What goes on the wire for the same call: any change is breaking (proxies, allow-lists, mocks, recorded fixtures stop matching). */
function compareWire(a: OperationSurface, b: OperationSurface): Found[] {
  const found: Found[] = [];
  const add = (level: ChangeLevel, text: string) => found.push({ level, text });
  if (a.style !== b.style) add('breaking', `call style ${a.style} -> ${b.style}`);
  if (a.action !== b.action) add('breaking', `Action ${show(a.action)} -> ${show(b.action)}`);
  if (a.version !== b.version) add('breaking', `Version ${show(a.version)} -> ${show(b.version)}`);
  if (a.path !== b.path) add('breaking', `path ${a.path} -> ${b.path}`);
  for (const m of a.httpMethods) if (!b.httpMethods.includes(m)) add('breaking', `HTTP method ${m} no longer allowed`);
  for (const m of b.httpMethods) if (!a.httpMethods.includes(m)) add('feature', `HTTP method ${m} allowed`);
  const fixedA = a.fixed ?? {};
  const fixedB = b.fixed ?? {};
  for (const name of new Set([...Object.keys(fixedA), ...Object.keys(fixedB)])) {
    // Action and Version are reported above, under their own names.
    if ((name === 'Action' || name === 'Version') && a.style === 'rpc' && b.style === 'rpc') continue;
    const x = own(fixedA, name);
    const y = own(fixedB, name);
    if (!sameJson(x, y))
      add(
        'breaking',
        `fixed parameter \`${name}\` ${x ? `${x.in} ${show(x.value)}` : 'none'} -> ${y ? `${y.in} ${show(y.value)}` : 'none'}`,
      );
  }
  const signedA = (a.signerOwned ?? []).join(', ');
  const signedB = (b.signerOwned ?? []).join(', ');
  if (signedA !== signedB) add('breaking', `signer-owned parameters [${signedA}] -> [${signedB}]`);
  return found;
}

/** Whether a caller must pass it: required, and not filled from a client option. */
function requiredOfCaller(input: InputSurface): boolean {
  return input.required && input.clientDefault === undefined;
}

function compareInput(name: string, a: InputSurface, b: InputSurface): Found[] {
  const found: Found[] = [];
  const add = (level: ChangeLevel, text: string) => found.push({ level, text });
  if (a.in !== b.in) add('breaking', `input parameter \`${name}\` moved from ${a.in} to ${b.in}`);
  if (!sameJson(a.wireEncoding, b.wireEncoding))
    add('breaking', `input parameter \`${name}\` wire encoding ${brief(a.wireEncoding)} -> ${brief(b.wireEncoding)}`);
  if (requiredOfCaller(a) !== requiredOfCaller(b))
    add(
      requiredOfCaller(b) ? 'breaking' : 'feature',
      `input parameter \`${name}\` is now ${requiredOfCaller(b) ? 'required' : 'optional'}`,
    );
  else if (a.required !== b.required)
    add(
      b.required ? 'breaking' : 'feature',
      `input parameter \`${name}\` is now ${b.required ? 'required (a client without that option fails)' : 'optional'}`,
    );
  if (a.clientDefault !== b.clientDefault)
    add(
      b.clientDefault === undefined ? 'breaking' : 'feature',
      `input parameter \`${name}\` ${b.clientDefault === undefined ? `no longer defaults to the client's ${a.clientDefault} option` : `defaults to the client's ${b.clientDefault} option`}`,
    );
  for (const c of compareExtra(a.extra, b.extra)) add('breaking', `input parameter \`${name}\`: ${c}`);
  if (a.description !== b.description)
    add(
      'fix',
      `description of input parameter \`${name}\` ${a.description === undefined ? 'added' : b.description === undefined ? 'removed' : 'changed'}`,
    );
  return found;
}

function compareOutput(a: OperationSurface, b: OperationSurface, schemas: Schemas): Found[] {
  const found: Found[] = [];
  const add = (level: ChangeLevel, text: string) => found.push({ level, text });
  if (a.output.status !== b.output.status) add('breaking', `success status ${a.output.status} -> ${b.output.status}`);
  for (const t of a.output.mediaTypes) if (!b.output.mediaTypes.includes(t)) add('breaking', `success body no longer documented as ${t}`);
  for (const t of b.output.mediaTypes) if (!a.output.mediaTypes.includes(t)) add('feature', `success body documented as ${t}`);
  if (a.output.schema !== undefined && b.output.schema === undefined) add('breaking', 'success body schema removed');
  else if (a.output.schema === undefined && b.output.schema !== undefined) add('feature', 'success body schema added');
  else found.push(...schemaChanges('output', '', a.output.schema, b.output.schema, schemas));
  return found;
}

/**
 * Error statuses and the codes their examples document. A code that is no longer documented may
 * have been renamed: a consumer matching on it stops matching, so dropping one is breaking.
 */
function compareErrors(a: OperationSurface, b: OperationSurface): Found[] {
  const found: Found[] = [];
  const errorsA = a.errors ?? {};
  const errorsB = b.errors ?? {};
  const label = (status: string) => (status === 'default' ? 'the default error response' : `HTTP ${status}`);
  for (const [status, e] of Object.entries(errorsA)) {
    const now = own(errorsB, status);
    if (!now)
      found.push({
        level: 'breaking',
        text: `error response ${label(status)} no longer documented${e.codes.length ? ` (codes ${e.codes.join(', ')})` : ''}`,
      });
    else
      for (const code of e.codes)
        if (!now.codes.includes(code))
          found.push({ level: 'breaking', text: `error code ${code} (${label(status)}) no longer documented` });
  }
  for (const [status, e] of Object.entries(errorsB)) {
    const was = own(errorsA, status);
    if (!was)
      found.push({
        level: 'feature',
        text: `error response ${label(status)} documented${e.codes.length ? ` (codes ${e.codes.join(', ')})` : ''}`,
      });
    else
      for (const code of e.codes)
        if (!was.codes.includes(code)) found.push({ level: 'feature', text: `error code ${code} (${label(status)}) documented` });
  }
  return found;
}

/** A record's own entry: a name from the spec such as "__proto__" must not find Object.prototype. */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Model fields this slbkit does not classify (another part of the generator added them: a wire
 * detail, a retry policy): any change counts as breaking, since semver must not under-report. A
 * field the previous summary lacks is not compared: the slbkit that wrote it did not know it (if
 * the package changed, the generated files say so).
 */
function compareExtra(a: Record<string, Json> | undefined, b: Record<string, Json> | undefined): string[] {
  const keys = Object.keys(a ?? {}).sort();
  return keys
    .filter((key) => !sameJson(own(a, key), own(b, key)))
    .map((key) => `\`${key}\` ${brief(own(a, key))} -> ${brief(own(b, key))} (not classified: counted as breaking)`);
}

/** A value in a change line: a string as it is, anything else as JSON, cut at 80 characters. */
function brief(value: Json | undefined): string {
  const text = typeof value === 'string' ? value : show(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Which effect breaks which side: a consumer writes inputs (they must still be accepted) and reads
 * outputs (they must still be what the old type promised).
 */
export function levelOf(effect: Effect, side: Side): ChangeLevel {
  switch (effect) {
    case 'incompatible':
      return 'breaking';
    case 'compatible':
      return 'feature';
    case 'docs':
      return 'fix';
    case 'narrow':
      return side === 'input' ? 'breaking' : 'feature';
    case 'widen':
      return side === 'input' ? 'feature' : 'breaking';
  }
}

function schemaChanges(side: Side, root: string, a: Json | undefined, b: Json | undefined, schemas: Schemas): Found[] {
  return compareSchemas(a, b, { side, ...schemas }).map((f) => {
    const where = [root, f.at].filter(Boolean).join(/^[[<]/.test(f.at) ? '' : '.');
    const subject =
      side === 'output'
        ? where
          ? `output field \`${where}\``
          : 'output'
        : root === 'body'
          ? `request body${f.at ? ` \`${f.at}\`` : ''}`
          : f.at
            ? `input \`${where}\``
            : `input parameter \`${root}\``;
    return { level: levelOf(f.effect, side), text: `${subject}: ${f.text}` };
  });
}
