import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { baseline } from './support/derive-cases.js';
import { check } from './support/judge.js';
import { clientInput, openKit } from './support/kit.js';
import { sendCase } from './support/wire-request.js';

// Each entry of spec/ERRATA.md, pinned for the bundled spec: the spec still shows the
// discrepancy, and the kit still handles it the way the entry says. If the page or the kit
// changes, one of these fails. (The only file of contract-tests/ that names an operation.)

const entry = inject('kits').find((k) => k.bundled);
const kit = entry && (await openKit(entry));
const errata = readFileSync(new URL('../spec/ERRATA.md', import.meta.url), 'utf8');
const entries = [...errata.matchAll(/^## (E\d+)\./gm)].map((m) => m[1]);
const kitOp = kit?.operations.find((k) => k.op.action === 'RemoveBackendServers');
const parameter = (name: string) => kitOp!.op.wireParameters.find((p) => p.name === name)!;
const example = (name: string, exampleName: string) => parameter(name).examples.find((e) => e.name === exampleName)!.value;
const schema = (name: string) => kit!.ajv.compile({ $ref: `#/components/schemas/${name}` });

// Runs when the suite runs for the bundled spec (CONTRACT_SPEC unset, or naming it).
describe.runIf(kit !== undefined)(`errata of the bundled spec [${entry?.target.kind}]`, () => {
  it('ERRATA.md has exactly the entries pinned below', () => {
    expect(entries).toEqual(['E1', 'E2', 'E3', 'E4', 'E5']);
  });

  describe('E1: the request example has no RegionId', () => {
    it('the verbatim example lacks RegionId while the spec requires it', () => {
      const text = kitOp!.op.requestTexts.find((t) => t.name === 'documentedRequest')!.value as string;
      expect(text).not.toMatch(/RegionId/);
      expect(parameter('RegionId').required).toBe(true);
    });

    // Mock only: a real gateway's wording is not ours to pin.
    it.runIf(entry?.target.kind === 'mock')('the mock refuses the verbatim example with MissingParameter naming RegionId', async () => {
      const { RegionId: _dropped, ...values } = baseline(kitOp!.parameters, 'documentedRequest');
      const answer = await sendCase(kit!, kitOp!, values, { parameter: 'RegionId' });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ Code: 'MissingParameter', Message: expect.stringContaining('"RegionId"') });
    });

    it('the client fills RegionId from its option, and refuses without one', async () => {
      const createClient = kit!.client.createClient as (o: object) => Record<string, (input: unknown) => Promise<unknown>>;
      const noRegion = createClient({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', accessKeySecret: 'b' } });
      const { RegionId: _dropped, ...values } = baseline(kitOp!.parameters, 'documentedRequest');
      await expect(noRegion.removeBackendServers!(clientInput(kitOp!, values))).rejects.toBeInstanceOf(
        kit!.client.RequestValidationError as new () => Error,
      );
    });
  });

  describe('E2: the XML success example lists other servers than the JSON one', () => {
    it('JSON lists the removed vm-233/vm-234; XML lists vm-231/vm-232', () => {
      const json = kitOp!.op.success.examples.find((e) => e.name === 'documentedSuccess' && e.mediaType === 'application/json')!.value as {
        BackendServers: { BackendServer: { ServerId: string }[] };
      };
      const xml = kitOp!.op.success.examples.find((e) => e.name === 'documentedSuccess' && e.mediaType === 'application/xml')!
        .value as string;
      expect(json.BackendServers.BackendServer.map((s) => s.ServerId)).toEqual(['vm-233', 'vm-234']);
      expect([...xml.matchAll(/<ServerId>([^<]+)<\/ServerId>/g)].map((m) => m[1])).toEqual(['vm-231', 'vm-232']);
      expect(example('BackendServers', 'documentedRequest')).toEqual(['vm-233', 'vm-234']);
    });

    it('the XML example, read with the schema as its guide, keeps lists as lists and numbers as numbers', async () => {
      const xml = kitOp!.op.success.examples.find((e) => e.mediaType === 'application/xml')!.value as string;
      const parsed = (await kit!.runtime.parseXmlBody(xml, kitOp!.op.xmlShape)) as {
        BackendServers: { BackendServer: { Weight: number }[] };
      };
      expect(parsed.BackendServers.BackendServer.map((s) => s.Weight)).toEqual([100, 100]);
      const single = xml.replace(/<BackendServer>\s*<ServerId>vm-232<\/ServerId>\s*<Weight>100<\/Weight>\s*<\/BackendServer>/, '');
      const one = (await kit!.runtime.parseXmlBody(single, kitOp!.op.xmlShape)) as { BackendServers: { BackendServer: unknown[] } };
      expect(one.BackendServers.BackendServer).toEqual([{ ServerId: 'vm-231', Weight: 100 }]);
    });
  });

  describe('E3: two different LoadBalancerId examples', () => {
    it.each(['referenceTable', 'documentedRequest'])('both are kept and both validate: %s', (name) => {
      expect(check(kit!, kit!.ajv.compile(parameter('LoadBalancerId').schema), example('LoadBalancerId', name))).toBe(true);
      expect((parameter('LoadBalancerId').schema as { pattern?: string }).pattern).toBeUndefined();
    });

    it('they differ', () => {
      expect(example('LoadBalancerId', 'referenceTable')).not.toBe(example('LoadBalancerId', 'documentedRequest'));
    });
  });

  describe('E4: the response Type enum is narrower than the request one', () => {
    it('a request may say eci; a response may not', () => {
      expect(schema('BackendServerToRemove')({ ServerId: 'i-1', Type: 'eci' })).toBe(true);
      expect(schema('BackendServer')({ ServerId: 'i-1', Type: 'eci' })).toBe(false);
    });
  });

  describe('E5: Version and Format are not on the page', () => {
    it('Version is required with the single value 2014-05-15; Format is optional JSON or XML', () => {
      const version = parameter('Version');
      const format = parameter('Format');
      expect([version.required, (version.schema as { enum?: string[] }).enum]).toEqual([true, ['2014-05-15']]);
      expect([format.required, (format.schema as { enum?: string[] }).enum]).toEqual([false, ['JSON', 'XML']]);
    });
  });
});
