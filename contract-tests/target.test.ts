import { describe, expect, inject, it } from 'vitest';
import { ApiError, RequestValidationError, createClient, removeBackendServersOperation } from '../generated/dist/index.js';
import { validateRemoveBackendServersInput } from '../generated/dist/validators.js';
import { explain, schemaAt } from './support/spec-ajv.js';
import { parameterExample, responseExample } from './support/spec-examples.js';
import { deriveCases, toWire, wireParameters, type DerivedCase } from './support/derive-cases.js';
import { ABSENT_LOAD_BALANCER } from './support/target.js';
import { SIGNER_PARAMETERS, sendWire } from './support/wire-request.js';

// 3-5. The target (the enforcing mock by default; a real endpoint with CONTRACT_TARGET) against
// the spec: every client call and every derived case goes through it, and every answer is
// judged by ajv against the spec. Each check's name starts with the kind of target it ran on.

const target = inject('target');
const on = `[${target.kind}]`;
const parameters = wireParameters();
const clientInputs = removeBackendServersOperation.parameters.map((p) => p.name);
const successSchema = schemaAt('#/components/schemas/RemoveBackendServersResponse');
const errorSchema = schemaAt('#/components/schemas/ErrorResponse');
const documentedSuccess = responseExample('documentedSuccess').value;
// validateResponses: every success body the target sends must also match the spec's schema.
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ endpoint: target.url, regionId: target.regionId, credentials: target.credentials, maxRetries: 0, validateResponses: true, ...options });

/**
 * On a real target nothing may change: requests name a load balancer that does not exist
 * (except a case that breaks LoadBalancerId itself, which must travel as derived).
 */
function safe(values: Record<string, unknown>, c?: DerivedCase): Record<string, unknown> {
  if (target.kind === 'mock' || values.LoadBalancerId === undefined) return values;
  if (c && c.parameter === 'LoadBalancerId' && c.verdict === 'fail') return values;
  return { ...values, LoadBalancerId: ABSENT_LOAD_BALANCER };
}

function expectErrorBody(json: unknown, text: string): void {
  expect(errorSchema(json), `${explain(errorSchema)} in ${text.slice(0, 200)}`).toBe(true);
}

describe(`${on} client calls through the target`, () => {
  const documentedInput = { LoadBalancerId: parameterExample('LoadBalancerId', 'documentedRequest') as string, BackendServers: parameterExample('BackendServers', 'documentedRequest') as string[] };

  it.each([
    ['the documented request example', documentedInput, 'GET'],
    ['the object form of BackendServers', { ...documentedInput, BackendServers: parameterExample('BackendServers', 'serverObjects') as never }, 'GET'],
    ['the documented request example by POST', documentedInput, 'POST'],
  ] as const)('%s', async (_name, input, method) => {
    if (target.kind === 'mock') {
      const result = await client({ method }).removeBackendServers(input);
      expect(successSchema(result), explain(successSchema)).toBe(true);
      expect(result).toEqual(documentedSuccess);
    } else {
      const error = (await client({ method }).removeBackendServers({ ...input, LoadBalancerId: ABSENT_LOAD_BALANCER }).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.status).toBe(404);
      expectErrorBody({ Code: error.code, Message: error.serverMessage, RequestId: error.requestId, HostId: error.hostId }, error.message);
    }
  });

  // Skipped on a real target: the stand-in answers JSON only, and a real gateway's XML is not documented beyond the page's example.
  it.runIf(target.kind === 'mock')("format 'XML': the mock answers the XML example and the client reads it by the schema", async () => {
    const result = await client({ format: 'XML' }).removeBackendServers(documentedInput);
    expect(successSchema(result), explain(successSchema)).toBe(true);
    expect(result.BackendServers.BackendServer.map((s) => s.ServerId)).toEqual(['vm-231', 'vm-232']);
  });

  // Skipped unless a real target and CONTRACT_ALLOW_MUTATION=1 with a load balancer and servers: it changes the target.
  it.runIf(target.kind === 'real' && target.mutation !== undefined)('a real removal (CONTRACT_ALLOW_MUTATION=1) returns a body that validates', async () => {
    const { loadBalancerId, backendServers } = target.mutation!;
    const result = await client().removeBackendServers({ LoadBalancerId: loadBalancerId, BackendServers: backendServers as never });
    expect(successSchema(result), explain(successSchema)).toBe(true);
    expect(result.LoadBalancerId).toBe(loadBalancerId);
  });
});

describe(`${on} a request with 21 servers`, () => {
  it('is refused with the documented error body, and the client refuses it before sending', async () => {
    const values = safe({ ...Object.fromEntries(parameters.map((p) => [p.name, p.examples[0]?.[1]])), BackendServers: Array.from({ length: 21 }, (_, i) => `vm-${i}`) });
    const answer = await sendWire(target, toWire(parameters, { values, parameter: 'BackendServers' }));
    expectErrorBody(answer.json, answer.text);
    if (target.kind === 'mock') {
      expect(answer.status).toBe(responseExample('documentedError').status);
      expect(answer.json).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"BackendServers"'), HostId: (responseExample('documentedError').value as { HostId: string }).HostId });
    } else expect(answer.status).toBeGreaterThanOrEqual(400);
    const refused = await client().removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: values.BackendServers as string[] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestValidationError);
  });
});

const cases = deriveCases(parameters);

describe(`${on} derived cases: the constraint's verdict, from the target and from the client's validator`, () => {
  const wireCases = cases.filter((c) => c.onWire && (target.kind === 'mock' || !SIGNER_PARAMETERS.includes(c.parameter)));
  // it.for (not it.each): it hands the test context over, to record what the target said.
  it.for(wireCases.map((c) => [c.name, c] as const))('target: %s', async ([, c], context) => {
    const answer = await sendWire(target, toWire(parameters, { ...c, values: safe(c.values, c) }));
    if (target.kind === 'mock') {
      if (c.verdict === 'pass') {
        expect(answer.status, answer.text).toBe(200);
        expect(successSchema(answer.json), explain(successSchema)).toBe(true);
        expect(answer.json).toEqual(documentedSuccess);
      } else {
        expect(answer.status, answer.text).toBe(400);
        expectErrorBody(answer.json, answer.text);
        expect(answer.json).toMatchObject({ Code: c.code, Message: expect.stringContaining(`"${c.wireName}"`) });
      }
    } else {
      // A real gateway: a valid request reaches the action and finds no such load balancer.
      expectErrorBody(answer.json, answer.text);
      if (c.verdict === 'pass') expect((answer.json as { Code: string }).Code, answer.text).toBe('InvalidLoadBalancerId.NotFound');
      else {
        expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
        // The spec may be stricter than the gateway (the client refuses first either way): a case
        // the gateway let through to the load balancer lookup is recorded, not failed.
        const code = (answer.json as { Code: string }).Code;
        await context.annotate(code === 'InvalidLoadBalancerId.NotFound' ? `looser than the spec: ${target.label} accepted it` : `refused by ${target.label}: ${code}`);
      }
    }
  });

  const inputCases = cases.filter((c) => c.inInput && clientInputs.includes(c.parameter));
  it.each(inputCases.map((c) => [c.name, c] as const))('client validator: %s', (_name, c: DerivedCase) => {
    const input = Object.fromEntries(clientInputs.filter((name) => c.values[name] !== undefined).map((name) => [name, c.values[name]]));
    expect(validateRemoveBackendServersInput(input), JSON.stringify(validateRemoveBackendServersInput.errors)).toBe(c.verdict === 'pass');
  });

  it('derives cases for every constraint kind the spec uses', () => {
    const kinds = new Set(cases.map((c) => c.constraint.split(':')[0]!.replace(/ .*/, '')));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['JSON', 'enum', 'maxItems', 'maximum', 'minItems', 'minimum', 'minLength', 'required', 'pattern', 'additionalProperties', 'oneOf']));
  });
});
