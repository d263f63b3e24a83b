import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { type DocumentedResponse, responseFor } from './documented.js';
import type { Kit, KitOperation } from './kit.js';
import { resolveSchema, typeOf } from './sample.js';
import { ABSENT_RESOURCE } from './target.js';
import type { WireAnswer } from './wire-request.js';

/**
 * The status the spec documents for a refused request with this Code: the status of an error
 * example with that Code (Alibaba documents InvalidParameter so), else 422 when the operation
 * documents 422 and not 400, else 400 (RFC 9110 section 15.5.1).
 */
export function documentedRefusalStatus(kitOp: KitOperation, code: string): number {
  const { errors } = kitOp.op;
  for (const response of errors) {
    if (
      response.examples.some((e) => typeof e.value === 'object' && e.value !== null && (e.value as Record<string, unknown>).Code === code)
    )
      return response.status;
  }
  return errors.some((r) => r.status === 422) && !errors.some((r) => r.status === 400) ? 422 : 400;
}

/**
 * Whether the spec says which status refuses a request carrying `code`: an error example with
 * that Code pins it, and so does an exact 400 (or 422) response. Otherwise (errors under
 * `default` or `4XX` alone) any 4xx the operation documents refuses as well as the kit's rule of
 * thumb: such a spec does not tell a 400 from a 415 or a 422, so a server picking either is correct.
 */
export function refusalPinned(kitOp: KitOperation, code: string): boolean {
  const expected = String(documentedRefusalStatus(kitOp, code));
  return (
    kitOp.documented.responses.some((r) => r.code === expected) ||
    kitOp.op.errors.some((response) =>
      response.examples.some((e) => typeof e.value === 'object' && e.value !== null && (e.value as Record<string, unknown>).Code === code),
    )
  );
}

/** Whether some string in the body names the wire parameter in quotes (`"Tag.2.Key"`). */
export function mentions(json: unknown, name: string): boolean {
  if (typeof json === 'string') return json.includes(`"${name}"`);
  if (Array.isArray(json)) return json.some((v) => mentions(v, name));
  if (typeof json === 'object' && json !== null) return Object.values(json).some((v) => mentions(v, name));
  return false;
}

/** ajv's verdict with its errors, as one line for an assertion message. */
export function check(kit: Kit, validate: ValidateFunction, value: unknown): string | true {
  return validate(value) ? true : kit.ajv.explain(validate);
}

/** Parameters whose values name a resource: replaced by one that cannot exist on a real target. */
export function probeParameters(kitOp: KitOperation): string[] {
  return kitOp.parameters
    .filter(
      (p) =>
        p.input &&
        p.required &&
        (p.in === 'path' || (kitOp.op.style === 'rpc' && /[a-z]Id$/.test(p.name) && !/^(Region|Zone|ResourceGroup|Owner)Id$/.test(p.name))),
    )
    .map((p) => p.name);
}

/**
 * What a run may send to this operation (README, "Contract tests"): on the mock, everything; on a
 * real target, the documented requests of a read-only operation (or any with
 * CONTRACT_ALLOW_MUTATION=1); otherwise only requests naming a resource that cannot exist
 * (`probe`), and nothing when the operation has no parameter that names one.
 */
export function plan(kit: Kit, kitOp: KitOperation): 'as-documented' | 'probe' | 'skip' {
  if (mayChange(kit, kitOp) === false) return 'as-documented';
  const probes = probeParameters(kitOp);
  return probes.length > 0 && probes.every((name) => probeValue(kit, kitOp, name) !== undefined) ? 'probe' : 'skip';
}

/** Whether a request to this operation may change something the run is not allowed to change. */
function mayChange(kit: Kit, kitOp: KitOperation): boolean {
  const { target } = kit.entry;
  return !(target.kind === 'mock' || kitOp.op.readOnly || target.allowMutation);
}

/**
 * The probe value of a resource parameter: ABSENT_RESOURCE, where its schema takes it; else none.
 * A value built from the schema instead would be the likeliest real resource there is (an integer
 * id's minimum, Swagger's example uuid, an enum's first store), so a parameter whose schema
 * refuses the probe text cannot be probed, and its operation gets nothing (`plan`: skip).
 */
export function probeValue(kit: Kit, kitOp: KitOperation, name: string): typeof ABSENT_RESOURCE | undefined {
  const schema = kitOp.parameters.find((p) => p.name === name)!.schema;
  return kit.ajv.compile(schema)(ABSENT_RESOURCE) ? ABSENT_RESOURCE : undefined;
}

/** The values with every resource parameter replaced by its probe (on a real target, for an operation that may change things). */
export function probed(kit: Kit, kitOp: KitOperation, values: Record<string, unknown>): Record<string, unknown> {
  if (plan(kit, kitOp) !== 'probe') return values;
  const out = { ...values };
  for (const name of probeParameters(kitOp)) out[name] = probeValue(kit, kitOp, name);
  return out;
}

/**
 * Why this request must not go to the target, or undefined when it may: the one rule every
 * sender (the generated client's calls and the raw wire requests) checks just before sending.
 * An operation that may change something gets a request only with every resource parameter at
 * its probe: a case that breaks a resource parameter (leaves it out, makes it too long) would
 * otherwise be a complete call naming no probe, and a lenient target would act on it.
 */
export function refusal(kit: Kit, kitOp: KitOperation, values: Record<string, unknown>, parameter?: string): string | undefined {
  if (!mayChange(kit, kitOp)) return undefined;
  const probes = probeParameters(kitOp);
  const allow = 'CONTRACT_ALLOW_MUTATION=1 sends it as documented';
  if (probes.length === 0)
    return `not sent to ${kit.entry.target.label}: ${kitOp.label} may change something and has no parameter naming a resource to replace with one that cannot exist (${allow})`;
  const unprobeable = probes.filter((name) => probeValue(kit, kitOp, name) === undefined);
  if (unprobeable.length > 0)
    return `not sent to ${kit.entry.target.label}: ${kitOp.label} may change something, and the schema of ${unprobeable.join(', ')} refuses "${ABSENT_RESOURCE}", so no value can name a resource that surely does not exist (${allow})`;
  if (parameter !== undefined && probes.includes(parameter))
    return `not sent to ${kit.entry.target.label}: the case changes ${parameter}, which must hold the probe of a resource that cannot exist (${allow})`;
  const missing = probes.filter((name) => JSON.stringify(values[name]) !== JSON.stringify(probeValue(kit, kitOp, name)));
  if (missing.length > 0)
    return `not sent to ${kit.entry.target.label}: ${missing.join(', ')} must hold the probe of a resource that cannot exist (${allow})`;
  return undefined;
}

/** What the suite knows of a request when it judges the answer. */
export interface Asked {
  /** `allowed`: the spec documents a success for it; `forbidden`: a constraint of the spec refuses it. */
  kind: 'allowed' | 'forbidden';
  /** What was sent, for the message: the case's name or the example's, never a secret. */
  what: string;
  /** For a forbidden request: the Code the spec's refusal carries (Alibaba's MissingParameter, InvalidParameter). */
  code?: string;
  /** An RPC action's Format: the success must come in that media type. */
  format?: string;
  /** The request's values (the caller's parameters, not the signer's), shown when a forbidden one is accepted. */
  values?: Record<string, unknown>;
  /** A page-size parameter the request set (`limit=0`): a list answer holds at most that many items. */
  pageLimit?: { name: string; value: number };
}

/** The names a page size goes by: its value bounds the items of a list answer. */
const PAGE_SIZE = /^(limit|max_?results|max_?items|page_?size|per_?page|top|take|size)$/i;

/** The page size this request sets, when the case's parameter is a query page size holding a whole number. */
export function pageLimit(kitOp: KitOperation, parameter: string, values: Record<string, unknown>): Asked['pageLimit'] {
  const p = kitOp.parameters.find((candidate) => candidate.name === parameter);
  const value = values[parameter];
  if (p?.in !== 'query' || !PAGE_SIZE.test(p.name) || typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  return { name: p.name, value };
}

export interface Judgement {
  /** What the answer breaks: the case fails on any. */
  problems: string[];
  /** What the lenient judgement let pass (CONTRACT_LENIENT=1 or x-slbkit-lenient): recorded and counted, not failed. */
  letPass: string[];
}

/** The Codes the kit's derived refusals carry: a target that answers one to an allowed request refused what the spec allows. */
const REFUSAL_CODES = new Set(['MissingParameter', 'InvalidParameter']);

/** Whether this operation is judged leniently: CONTRACT_LENIENT=1 for the run, or `x-slbkit-lenient: true` on the operation. */
export function isLenient(kit: Kit, kitOp: KitOperation): boolean {
  return kit.entry.target.lenient === true || kitOp.documented.lenient;
}

/**
 * The whole answer against the spec (issue 20): the status is one the operation documents for
 * this kind of request (a 5xx to an allowed request is never one; a forbidden request gets the
 * documented refusal status), the content type is a documented media type of that status (an
 * RPC success in the Format asked for), the body validates against the schema of that status and
 * media type, and every documented response header is present (when required) and valid.
 * Strict by default: an accepted forbidden request is a problem naming the constraint; the
 * lenient judgement moves only that verdict (and a refusal with another documented status) to
 * `letPass`.
 */
export async function judgeAnswer(kit: Kit, kitOp: KitOperation, answer: WireAnswer, asked: Asked): Promise<Judgement> {
  const problems: string[] = [];
  const letPass: string[] = [];
  const lenient = isLenient(kit, kitOp);
  const where = `${kit.entry.target.label} answered HTTP ${answer.status} to ${asked.what}`;
  const documented = kitOp.documented.responses.map((r) => r.code);
  const response = responseFor(kitOp.documented, answer.status);
  // A spec that documents no refusal status still refuses: the kit's rule (documentedRefusalStatus, RFC 9110's 400) names the one status a forbidden request may get, with no body to check.
  const undocumentedRefusal =
    asked.kind === 'forbidden' && answer.status === documentedRefusalStatus(kitOp, asked.code ?? 'InvalidParameter');
  // No response documented at all (OpenAPI 3.1 section 4.8.16 makes `responses` optional; otypescript's
  // getEmptyOperationId, OAI's non-oauth-scopes): the spec says nothing of the status or the body, so
  // no status is undocumented; a 5xx to an allowed request is still the server's failure (below).
  if (!response && !undocumentedRefusal && documented.length > 0)
    problems.push(`${where}: ${kitOp.label} documents ${documented.join(', ')}, not ${answer.status}`);
  if (answer.status >= 500 && asked.kind === 'allowed') problems.push(`${where}: a 5xx to a request the spec allows`);
  if (asked.kind === 'forbidden') {
    const expected = documentedRefusalStatus(kitOp, asked.code ?? 'InvalidParameter');
    const sent = asked.values === undefined ? '' : `; the request: ${clip(JSON.stringify(asked.values))}`;
    if (answer.status < 400)
      (lenient ? letPass : problems).push(
        `${where}: accepted a request the spec forbids (want HTTP ${expected}${asked.code ? ` ${asked.code}` : ''})${sent}`,
      );
    else if (answer.status !== expected && (refusalPinned(kitOp, asked.code ?? 'InvalidParameter') || answer.status >= 500 || !response))
      (lenient && answer.status < 500 && response ? letPass : problems).push(
        `${where}: not refused as the spec refuses it (want HTTP ${expected}${asked.code ? ` ${asked.code}` : ''})${sent}`,
      );
  } else if (answer.status >= 400 && answer.status < 500) {
    const code = (answer.json as { Code?: unknown } | undefined)?.Code;
    if (typeof code === 'string' && REFUSAL_CODES.has(code))
      (lenient ? letPass : problems).push(`${where}: refused a request the spec allows with ${code}: ${clip(answer.text)}`);
  }
  if (response) problems.push(...(await judgeBody(kit, kitOp, answer, response, asked, where)));
  return { problems, letPass };
}

async function judgeBody(
  kit: Kit,
  kitOp: KitOperation,
  answer: WireAnswer,
  response: DocumentedResponse,
  asked: Asked,
  where: string,
): Promise<string[]> {
  const problems: string[] = [];
  const types = Object.keys(response.content);
  const type = answer.contentType.split(';')[0]!.trim().toLowerCase();
  for (const header of response.headers) {
    const value = answer.headers[header.name];
    if (value === undefined) {
      if (header.required) problems.push(`${where}: the documented header ${header.name} is missing`);
    } else if (header.schema !== undefined) {
      const validate = kit.ajv.compile(header.schema);
      if (!validate(value) && !validate(Number(value)) && !validate(value === 'true' ? true : value === 'false' ? false : value))
        problems.push(`${where}: header ${header.name}: ${kit.ajv.explain(validate)}`);
    }
  }
  if (types.length === 0) {
    if (answer.text !== '')
      problems.push(
        `${where}: the spec documents no body for ${response.code}, got ${answer.contentType || 'no content type'}: ${clip(answer.text)}`,
      );
    return problems;
  }
  // 204, 205 and 304 carry no content (RFC 9110 sections 15.3.5, 15.3.6, 15.4.5), whatever `content` a spec gives
  // them (APIs.guru's Swagger 2 conversions document zoom's 204s as application/json).
  if ([204, 205, 304].includes(answer.status) && answer.text === '') return problems;
  const matched = types.find((documented) => mediaTypeMatches(documented, type));
  if (!matched)
    return [
      ...problems,
      `${where}: content type ${answer.contentType || '(none)'} is not one the spec documents for ${response.code} (${types.join(', ')}): ${clip(answer.text)}`,
    ];
  const success = answer.status >= 200 && answer.status < 300;
  if (success && asked.format !== undefined && !new RegExp(asked.format, 'i').test(matched))
    problems.push(`${where}: Format=${asked.format} asked for, ${answer.contentType} answered`);
  const schema = response.content[matched];
  if (schema === undefined) return problems;
  let body: unknown;
  if (/json/.test(matched)) {
    if (answer.json === undefined) return [...problems, `${where}: the ${matched} body is not JSON: ${clip(answer.text)}`];
    body = answer.json;
  } else if (/xml/.test(matched) && success && kitOp.op.xmlShape) {
    try {
      body = await kit.runtime.parseXmlBody(answer.text, kitOp.op.xmlShape);
    } catch (error) {
      return [...problems, `${where}: the ${matched} body is not XML the schema reads: ${(error as Error).message}`];
    }
  } else if (/^text\//.test(matched) && typeOf(resolveSchema(kit.model, schema)) === 'string') body = answer.text;
  // A text body under a string schema (an error message with a maxLength) is that string; other media types are not read.
  else return problems;
  const verdict = check(kit, kit.ajv.compile(schema), body);
  // The spec's own example, which breaks its schema, answered as documented: the examples check reports that
  // contradiction once; every answer carrying it is not another failure (twilio's relative uri under format: uri).
  const documentedExample = [kitOp.op.success, ...kitOp.op.errors]
    .filter((r) => r.status === answer.status || r.status === 0 || r.range)
    .some((r) => r.examples.some((e) => isDeepStrictEqual(e.value, body)));
  if (verdict !== true && !documentedExample)
    problems.push(`${where}: the ${response.code} ${matched} body does not validate: ${verdict}: ${clip(answer.text)}`);
  if (success && asked.pageLimit && Array.isArray(body) && body.length > asked.pageLimit.value)
    problems.push(
      `${where}: ${asked.pageLimit.name}=${asked.pageLimit.value} asks for at most ${asked.pageLimit.value} item(s), the list holds ${body.length}`,
    );
  return problems;
}

/** `application/json` matches `application/json;charset=utf-8`'s type; `*\/*` and `text/*` match by range. */
function mediaTypeMatches(documented: string, type: string): boolean {
  const [want, sub] = documented.toLowerCase().split(';')[0]!.trim().split('/');
  const [got, gotSub] = type.split('/');
  return (want === '*' || want === got) && (sub === '*' || sub === gotSub);
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
