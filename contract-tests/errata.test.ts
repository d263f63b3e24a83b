import { readFileSync } from 'node:fs';
import { describe, expect, it, inject } from 'vitest';
import { RequestValidationError, createClient } from '../generated/dist/index.js';
import { explain, schemaAt } from './support/spec-ajv.js';
import { documentedRequestParameters, follow, parameterExample, responseExample, spec } from './support/spec-examples.js';
import { sendWire } from './support/wire-request.js';
import { baseline, wireParameters } from './support/derive-cases.js';

// Each entry of spec/ERRATA.md, pinned: the spec still shows the discrepancy, and the kit still
// handles it the way the entry says. If the page or the kit changes, one of these fails.

const errata = readFileSync(new URL('../spec/ERRATA.md', import.meta.url), 'utf8');
const on = `[${inject('target').kind}]`;
const entries = [...errata.matchAll(/^## (E\d+)\./gm)].map((m) => m[1]);

it(`${on} ERRATA.md has exactly the entries pinned below`, () => {
  expect(entries).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
});

describe(`${on} E1: the request example has no RegionId`, () => {
  it('the verbatim example lacks RegionId while the spec requires it', () => {
    expect(Object.keys(documentedRequestParameters())).not.toContain('RegionId');
    expect(follow(spec.components.parameters.RegionId).required).toBe(true);
  });

  // Mock only: a real gateway's wording is not ours to pin.
  it.runIf(inject('target').kind === 'mock')('the mock refuses the verbatim example with MissingParameter naming RegionId', async () => {
    const target = inject('target');
    const parameters = wireParameters();
    const wire: Record<string, string> = {};
    for (const [name, value] of Object.entries(baseline(parameters))) if (name !== 'RegionId') wire[name] = typeof value === 'string' ? value : JSON.stringify(value);
    Object.assign(wire, documentedRequestParameters());
    const answer = await sendWire(target, wire);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ Code: 'MissingParameter', Message: expect.stringContaining('"RegionId"') });
  });

  it('the client fills RegionId from its option, and refuses without one', async () => {
    const noRegion = createClient({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', accessKeySecret: 'b' } });
    const input = { LoadBalancerId: parameterExample('LoadBalancerId', 'documentedRequest') as string, BackendServers: parameterExample('BackendServers', 'documentedRequest') as string[] };
    await expect(noRegion.removeBackendServers(input)).rejects.toBeInstanceOf(RequestValidationError);
  });
});

describe(`${on} E2: the XML success example lists other servers than the JSON one`, () => {
  it('JSON lists the removed vm-233/vm-234; XML lists vm-231/vm-232', () => {
    const json = responseExample('documentedSuccess').value as any;
    const xml = responseExample('documentedSuccess', 'application/xml').value as string;
    expect(json.BackendServers.BackendServer.map((s: any) => s.ServerId)).toEqual(['vm-233', 'vm-234']);
    expect([...xml.matchAll(/<ServerId>([^<]+)<\/ServerId>/g)].map((m) => m[1])).toEqual(['vm-231', 'vm-232']);
    expect(parameterExample('BackendServers', 'documentedRequest')).toEqual(['vm-233', 'vm-234']);
  });
});

describe(`${on} E3: two different LoadBalancerId examples`, () => {
  it.each(['referenceTable', 'documentedRequest'])('both are kept and both validate: %s', (name) => {
    const value = parameterExample('LoadBalancerId', name);
    const validate = schemaAt('#/components/parameters/LoadBalancerId/schema');
    expect(validate(value), explain(validate)).toBe(true);
    expect(follow(spec.components.parameters.LoadBalancerId).schema.pattern).toBeUndefined();
  });

  it('they differ', () => {
    expect(parameterExample('LoadBalancerId', 'referenceTable')).not.toBe(parameterExample('LoadBalancerId', 'documentedRequest'));
  });
});

describe(`${on} E4: the response Type enum is narrower than the request one`, () => {
  it('a request may say eci; a response may not', () => {
    expect(schemaAt('#/components/schemas/BackendServerToRemove')({ ServerId: 'i-1', Type: 'eci' })).toBe(true);
    expect(schemaAt('#/components/schemas/BackendServer')({ ServerId: 'i-1', Type: 'eci' })).toBe(false);
  });
});

describe(`${on} E5: Version and Format are not on the page`, () => {
  it('Version is required with the single value 2014-05-15; Format is optional JSON or XML', () => {
    const version = follow(spec.components.parameters.Version);
    const format = follow(spec.components.parameters.Format);
    expect([version.required, version.schema.enum]).toEqual([true, ['2014-05-15']]);
    expect([format.required, format.schema.enum]).toEqual([false, ['JSON', 'XML']]);
  });
});
