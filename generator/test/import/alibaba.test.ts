import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { importAlibaba, toYaml } from '../../src/import/alibaba.js';
import { readMetadata } from '../../src/import/metadata.js';
import { REPO, runProcess } from '../cli-harness.js';

// `slbkit import alibaba` (issue 22, item 3): Alibaba's API metadata for SLB 2014-05-15 (the
// published api-docs.json, fixtures/alibaba/ with its source and licence) to an OpenAPI 3.1
// document in slbkit's RPC form. The committed spec/slb-2014-05-15.imported.yaml must be what the
// importer makes of the fixture, byte for byte, every time.

const FIXTURE = join(REPO, 'generator/test/fixtures/alibaba/slb-2014-05-15.api-docs.json');
const COMMITTED = join(REPO, 'spec/slb-2014-05-15.imported.yaml');
const SOURCE = 'dew-serverless/acs-sdk-php data/slb/2014-05-15/api-docs.json at commit 2da261e';
const text = readFileSync(FIXTURE, 'utf8');
const imported = () => toYaml(importAlibaba(readMetadata(text), { source: SOURCE }));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const document = importAlibaba(readMetadata(text), { source: SOURCE }) as any;
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A parameter of an action, by name (path-level: GET and POST share them). */
const parameter = (action: string, name: string) =>
  document.paths[`/?Action=${action}`].parameters.find((p: { name: string }) => p.name === name);

describe('the SLB 2014-05-15 import', () => {
  it('is deterministic and is the committed spec, byte for byte', () => {
    const first = toYaml(document);
    expect(imported()).toBe(first);
    expect(first).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('has every action of the metadata, by the methods it allows (POST first, as the metadata lists them)', () => {
    const actions = Object.keys(JSON.parse(text).apis);
    expect(actions).toHaveLength(93);
    expect(Object.keys(document.paths)).toEqual(actions.map((a) => `/?Action=${a}`));
    expect(document.paths['/?Action=CreateLoadBalancer'].post.operationId).toBe('CreateLoadBalancer');
    expect(document.paths['/?Action=CreateLoadBalancer'].get.operationId).toBe('CreateLoadBalancerByGet');
  });

  // What each kind of metadata fact becomes.
  it.each([
    {
      fact: 'a range beside a default outside it (Bandwidth 1 to 5000, default -1): a oneOf of the range and that value',
      got: () => parameter('CreateLoadBalancer', 'Bandwidth').schema,
      want: { oneOf: [{ type: 'integer', format: 'int32', minimum: 1, maximum: 5000 }, { const: -1 }], default: -1 },
    },
    {
      fact: 'a default next to the range (PageNumber 1 to 1000, default 0): the range one wider',
      got: () => parameter('DescribeLoadBalancers', 'PageNumber').schema,
      want: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000, default: 0 },
    },
    {
      fact: 'int32 without bounds of its own: int32 bounds',
      got: () => parameter('CreateLoadBalancer', 'Duration').schema,
      want: { type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 },
    },
    {
      fact: 'enumValueTitles: an enum',
      got: () => parameter('MoveResourceGroup', 'ResourceType').schema,
      want: { type: 'string', enum: ['loadbalancer', 'certificate', 'acl'] },
    },
    {
      fact: 'a required flag',
      got: () => parameter('AddBackendServers', 'LoadBalancerId').required,
      want: true,
    },
    {
      fact: 'a repeat list of objects (Tag.N.Key): an array, its size, its example from the fields',
      got: () => {
        const { schema, examples } = parameter('TagResources', 'Tag');
        return {
          type: schema.type,
          maxItems: schema.maxItems,
          keys: Object.keys(schema.items.properties),
          example: examples.documentedRequest.value,
        };
      },
      want: { type: 'array', maxItems: 21, keys: ['Key', 'Value'], example: [{ Key: 'FinanceDept', Value: 'FinanceJoshua' }] },
    },
    {
      fact: 'a JSON-text parameter: content application/json, typed by its documented example',
      got: () => parameter('RemoveBackendServers', 'BackendServers').content['application/json'].schema,
      want: {
        type: 'array',
        items: { type: 'object', properties: { ServerId: { type: 'string' }, Type: { type: 'string' }, Weight: { type: 'string' } } },
      },
    },
    {
      fact: 'documented error codes: examples of their status, with the gateway MissingParameter and InvalidParameter',
      got: () => Object.keys(document.components.responses.AddBackendServers400.content['application/json'].examples),
      want: [
        'InvalidParameter',
        'Mismatched.ZoneId',
        'BackendServerProcessing',
        'InvalidBackendServers.ServerIpConflict',
        'OperationUnsupported.AddBackendServers',
        'IncorrectStatus.RSByPassToas',
        'OperationFailed.ActionNotSupport',
        'NetworkConflict',
        'SystemBusy',
        'MissingParameter',
      ],
    },
    {
      fact: 'servers: the central endpoint with its regions, then the regional pattern',
      got: () => document.servers.map((s: { url: string; 'x-slbkit-region-ids'?: string[] }) => [s.url, s['x-slbkit-region-ids']?.length]),
      want: [
        ['https://slb.aliyuncs.com', 12],
        ['https://slb.{regionId}.aliyuncs.com', undefined],
      ],
    },
    {
      fact: 'operationType: read is x-slbkit-read-only (safe to send to a real endpoint as documented)',
      got: () => [
        document.paths['/?Action=DescribeRegions'].post['x-slbkit-read-only'],
        document.paths['/?Action=DeleteLoadBalancer'].post['x-slbkit-read-only'],
      ],
      want: [true, false],
    },
  ])('$fact', ({ got, want }) => {
    expect(got()).toEqual(want);
  });

  it('has no YAML anchors or aliases (readable on its own: every action written out)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).not.toMatch(/(^|\s)[&*][A-Za-z0-9_]+\s*$/m);
  });
});

/** The smallest metadata the importer takes; each row breaks one thing. */
const minimal = () => ({
  info: { style: 'RPC', product: 'Slb', version: '2014-05-15' },
  directories: [],
  apis: {
    DescribeRegions: {
      methods: ['post', 'get'],
      parameters: [{ name: 'RegionId', in: 'query', schema: { type: 'string', required: false } }],
      responses: { '200': { schema: { type: 'object', properties: { RequestId: { type: 'string' } } } } },
    },
  },
  endpoints: [{ regionId: 'cn-hangzhou', endpoint: 'slb.aliyuncs.com' }],
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Meta = any;

describe('malformed metadata is refused with the JSON pointer of what is wrong', () => {
  it.each<{ what: string; edit: (m: Meta) => void; at: string }>([
    { what: 'a ROA product', edit: (m) => void (m.info.style = 'ROA'), at: '#/info/style' },
    { what: 'no apis', edit: (m) => void (m.apis = {}), at: '#/apis' },
    {
      what: 'an action name that is not a name',
      edit: (m) => void (m.apis['Describe Regions'] = m.apis.DescribeRegions),
      at: '#/apis/Describe Regions',
    },
    {
      what: 'a method other than get/post',
      edit: (m) => void (m.apis.DescribeRegions.methods = ['put']),
      at: '#/apis/DescribeRegions/methods',
    },
    {
      what: 'a parameter in a header',
      edit: (m) => void (m.apis.DescribeRegions.parameters[0].in = 'header'),
      at: '#/apis/DescribeRegions/parameters/0/in',
    },
    {
      what: 'an unknown type',
      edit: (m) => void (m.apis.DescribeRegions.parameters[0].schema.type = 'map'),
      at: '#/apis/DescribeRegions/parameters/0/schema/type',
    },
    {
      what: 'a maximum that is not a number',
      edit: (m) => void (m.apis.DescribeRegions.parameters[0].schema.maximum = 'many'),
      at: '#/apis/DescribeRegions/parameters/0/schema/maximum',
    },
    {
      what: 'no success response',
      edit: (m) => void delete m.apis.DescribeRegions.responses['200'],
      at: '#/apis/DescribeRegions/responses/200',
    },
    {
      what: 'an error entry without a code',
      edit: (m) => void (m.apis.DescribeRegions.errorCodes = { '400': [{ errorMessage: 'x' }] }),
      at: '#/apis/DescribeRegions/errorCodes/400/0/errorCode',
    },
    {
      what: 'an endpoint with a scheme',
      edit: (m) => void (m.endpoints[0].endpoint = 'https://slb.aliyuncs.com'),
      at: '#/endpoints/0/endpoint',
    },
  ])('$what: $at', ({ edit, at }) => {
    const meta = minimal();
    edit(meta);
    let error: unknown;
    try {
      readMetadata(JSON.stringify(meta));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).location).toBe(at);
  });

  it('the minimal metadata itself is taken (the rows above break only what they say)', () => {
    expect(Object.keys(importAlibaba(readMetadata(JSON.stringify(minimal())), { source: 'x' }).paths as object)).toEqual([
      '/?Action=DescribeRegions',
    ]);
  });
});

describe('slbkit import alibaba (the command)', () => {
  // Concurrent: each row is a process of its own (a few seconds of tsx start-up).
  it.concurrent.each([
    { args: (f: string) => [f], file: '{"info": {"style": "RPC",', code: 2, stderr: /\.json:1:\d+: the metadata is not valid JSON/ },
    {
      args: (f: string) => [f],
      file: JSON.stringify({ ...minimal(), endpoints: 'slb' }),
      code: 2,
      stderr: /\.json#\/endpoints: endpoints must be a list/,
    },
    { args: () => ['no-such-file.json'], file: '', code: 2, stderr: /cannot read no-such-file\.json \(ENOENT\)/ },
    { args: (f: string) => [f, '--otu', 'x.yaml'], file: '{}', code: 2, stderr: /Unknown option '--otu' \(did you mean --out\?\)/ },
    { args: () => ['--help'], file: '{ }', code: 0, stderr: /^$/, stdout: /^Usage: slbkit import alibaba <api-docs\.json>/ },
    { args: (f: string) => [f, '--out', join(scratch, 'out.yaml')], file: JSON.stringify(minimal()), code: 0, stderr: /wrote / },
  ])(
    'exit $code: $stderr',
    async ({
      args,
      file,
      code,
      stderr,
      stdout,
    }: {
      args: (f: string) => string[];
      file: string;
      code: number;
      stderr: RegExp;
      stdout?: RegExp;
    }) => {
      const input = join(scratch, `api-docs-${code}-${file.length}.json`);
      writeFileSync(input, file);
      const run = await runProcess(process.execPath, ['bin/slbkit.mjs', 'import', 'alibaba', ...args(input)], { timeoutMs: 60_000 });
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code, stderr: expect.stringMatching(stderr) });
      if (stdout) expect(run.stdout).toMatch(stdout);
      if (args(input).includes('--out')) expect(readFileSync(join(scratch, 'out.yaml'), 'utf8')).toMatch(/^openapi: 3\.1\.0$/m);
    },
  );
});
