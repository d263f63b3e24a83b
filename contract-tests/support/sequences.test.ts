import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MUTANTS, startMutantServer } from '../../bench/mutants-servers.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_REGION_ID } from '../standin/server.js';
import { type Kit, openKit } from './kit.js';
import { entryName, generateClient, ROOT, scratchDir } from './kits.js';
import { deriveSequences, runSequence, type SequenceKind, sequencePlan } from './sequences.js';
import type { ContractTarget } from './target.js';

// The state sequences (issue 20, item 5) against real servers on 127.0.0.1: per kind, a correct
// stateful server passes, and a server with one state bug fails with a message naming the
// sequence, the step, the request and what was expected. `resource` and `links`: the fixture
// spec contract-tests/fixtures/sequences/things.yaml; `rpc-lifecycle` and `rpc-remove` with an
// Add action: widgets.yaml; each against a small server (below: correct,
// or with one bug). `rpc-remove` alone: the bundled spec against the mutation benchmark's
// reference (the stand-in with `conform`) and its state mutants (bench/mutants-servers.ts).

const FIXTURE = join(ROOT, 'contract-tests/fixtures/sequences/things.yaml');
const WIDGETS = join(ROOT, 'contract-tests/fixtures/sequences/widgets.yaml');
const CREDENTIALS = { credentials: { accessKeyId: DEFAULT_ACCESS_KEY.id, accessKeySecret: DEFAULT_ACCESS_KEY.secret } };

// Small stateful servers for the fixtures, each correct or with one state bug, on 127.0.0.1 at a free port.
interface FixtureServer {
  url: string;
  close(): Promise<void>;
}

type ThingsBug = 'none' | 'forgets-name' | 'delete-keeps-it' | 'job-not-stored';

/** The fixture's API, stateful, with at most one bug. */
function thingsServer(bug: ThingsBug) {
  const things = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, Record<string, unknown>>();
  let next = 0;
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const notFound = { code: 'NotFound', message: 'no such thing' };
  return async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const thing = /^\/things\/([^/]+)$/.exec(path)?.[1];
    const job = /^\/job-status\/([^/]+)$/.exec(path)?.[1];
    if (req.method === 'POST' && path === '/things') {
      const id = `t-${++next}`;
      const created = { id, ...JSON.parse(text) };
      things.set(id, bug === 'forgets-name' ? { ...created, name: '' } : created);
      return send(res, 201, created);
    }
    if (req.method === 'GET' && thing) return things.has(thing) ? send(res, 200, things.get(thing)) : send(res, 404, notFound);
    if (req.method === 'DELETE' && thing) {
      if (!things.has(thing)) return send(res, 404, notFound);
      if (bug !== 'delete-keeps-it') things.delete(thing);
      return send(res, 204);
    }
    if (req.method === 'POST' && path === '/jobs') {
      const created = { id: `j-${++next}`, ...JSON.parse(text), state: 'queued' };
      if (bug !== 'job-not-stored') jobs.set(created.id, created);
      return send(res, 202, created);
    }
    if (req.method === 'GET' && job) return jobs.has(job) ? send(res, 200, jobs.get(job)) : send(res, 404, notFound);
    send(res, 404, notFound);
  };
}

function startThings(bug: ThingsBug): Promise<FixtureServer> {
  return start(thingsServer(bug));
}

async function start(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<FixtureServer> {
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()) && server.closeAllConnections()),
  };
}

type WidgetsBug = 'none' | 'name-lost' | 'delete-keeps-it' | 'add-not-saved' | 'refuses-absent-part';

/** widgets.yaml's RPC actions (GET, parameters in the query; signatures not checked), starting with widget w-1 and no parts. */
function widgetsServer(bug: WidgetsBug) {
  const widgets = new Map<string, { WidgetId: string; WidgetName: string; parts: string[] }>([
    ['w-1', { WidgetId: 'w-1', WidgetName: 'seed', parts: [] }],
  ]);
  let next = 1;
  const requestId = () => `5F8B1C2D-0000-4000-8000-${String(++next).padStart(12, '0')}`;
  const send = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ RequestId: requestId(), ...body }));
  };
  const notFound = { Code: 'InvalidWidgetId.NotFound', Message: 'The specified widget does not exist.' };
  return async (req: IncomingMessage, res: ServerResponse) => {
    for await (const _chunk of req);
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const widget = widgets.get(q.get('WidgetId') ?? '');
    const parts = (): string[] => JSON.parse(q.get('Parts') ?? '[]');
    const listed = (list: string[]) => ({ WidgetId: widget!.WidgetId, Parts: { Part: list } });
    switch (q.get('Action')) {
      case 'CreateWidget': {
        const id = `w-${++next}`;
        widgets.set(id, { WidgetId: id, WidgetName: bug === 'name-lost' ? '' : (q.get('WidgetName') ?? ''), parts: [] });
        return send(res, 200, { WidgetId: id });
      }
      case 'DescribeWidgets': {
        const all = [...widgets.values()].filter((w) => !q.has('WidgetId') || w.WidgetId === q.get('WidgetId'));
        return send(res, 200, { Widgets: { Widget: all.map(({ WidgetId, WidgetName }) => ({ WidgetId, WidgetName })) } });
      }
      case 'DeleteWidget':
        if (!widget) return send(res, 404, notFound);
        if (bug !== 'delete-keeps-it') widgets.delete(widget.WidgetId);
        return send(res, 200, {});
      case 'AddWidgetParts': {
        if (!widget) return send(res, 404, notFound);
        const after = [...widget.parts, ...parts().filter((p) => !widget.parts.includes(p))];
        if (bug !== 'add-not-saved') widget.parts = after;
        return send(res, 200, listed(after));
      }
      case 'RemoveWidgetParts': {
        if (!widget) return send(res, 404, notFound);
        if (bug === 'refuses-absent-part' && parts().some((p) => !widget.parts.includes(p)))
          return send(res, 400, { Code: 'InvalidPart.NotAttached', Message: 'The specified part is not attached.' });
        widget.parts = widget.parts.filter((p) => !parts().includes(p));
        return send(res, 200, listed(widget.parts));
      }
      default:
        return send(res, 400, { Code: 'InvalidAction', Message: 'Unknown action.' });
    }
  };
}

function startWidgets(bug: WidgetsBug): Promise<FixtureServer> {
  return start(widgetsServer(bug));
}

const realTarget = (url: string, extra: Partial<ContractTarget> = {}): ContractTarget => ({
  kind: 'real',
  url,
  label: `real ${url}`,
  auth: {},
  regionId: DEFAULT_REGION_ID,
  allowMutation: true,
  ...extra,
});
const against = (kit: Kit, target: ContractTarget): Kit => ({ ...kit, entry: { ...kit.entry, target } });

const fixtureDir = join(`${scratchDir()}-sequences`, 'things');
const widgetsDir = join(`${scratchDir()}-sequences`, 'widgets');
let things: Kit;
let widgets: Kit;
let bundled: Kit;
beforeAll(async () => {
  await Promise.all([generateClient(FIXTURE, fixtureDir), generateClient(WIDGETS, widgetsDir)]);
  const target = realTarget('http://127.0.0.1:1');
  things = await openKit({ spec: FIXTURE, name: entryName(FIXTURE), clientDir: fixtureDir, bundled: false, target });
  widgets = await openKit({ spec: WIDGETS, name: entryName(WIDGETS), clientDir: widgetsDir, bundled: false, target });
  const entry = inject('kits').find((k) => k.bundled)!;
  bundled = await openKit({ ...entry, target: realTarget('http://127.0.0.1:1') });
});
afterAll(() => rmSync(`${scratchDir()}-sequences`, { recursive: true, force: true }));

interface Row {
  kind: SequenceKind;
  /** A fixture's server with this bug, or the benchmark's server (a mutant's name; `reference` for the correct one). */
  server: { things: ThingsBug } | { widgets: WidgetsBug } | { mutant: string };
  /** undefined: the sequence passes; else the failure's message matches every pattern. */
  fails?: RegExp[];
}

const rows: [string, Row][] = [
  ['resource: a correct server', { kind: 'resource', server: { things: 'none' } }],
  [
    'resource: the name is not saved (read back empty)',
    {
      kind: 'resource',
      server: { things: 'forgets-name' },
      fails: [
        /sequence "resource: createThing -> getThing -> deleteThing -> getThing 404", step 2 \(read back what step 1 wrote\): getThing \(GET \/things\/\{thingId\}\) \{"thingId":"t-1"\}/,
        /expected: name read back as written: "lamp"\n {2}got: ""/,
      ],
    },
  ],
  [
    'resource: DELETE answers 204 and keeps it',
    {
      kind: 'resource',
      server: { things: 'delete-keeps-it' },
      fails: [/step 4 \(read it after the delete\): getThing/, /answered: HTTP 200/, /expected: HTTP 404: step 3 deleted thingId "t-1"/],
    },
  ],
  ['links: a correct server', { kind: 'links', server: { things: 'none' } }],
  [
    'links: the job the answer names is not stored',
    {
      kind: 'links',
      server: { things: 'job-not-stored' },
      fails: [
        /sequence "links: startJob -> getJobStatus \(link JobStatus\)", step 2 \(link JobStatus\): getJobStatus \(GET \/job-status\/\{jobId\}\) \{"jobId":"j-1"\}/,
        /expected: a success: link JobStatus names what step 1 answered/,
      ],
    },
  ],
  ['rpc lifecycle: a correct server', { kind: 'rpc-lifecycle', server: { widgets: 'none' } }],
  [
    'rpc lifecycle: the name is not saved',
    {
      kind: 'rpc-lifecycle',
      server: { widgets: 'name-lost' },
      fails: [
        /sequence "rpc: CreateWidget -> DescribeWidgets -> DeleteWidget -> DescribeWidgets without it", step 2 \(describe what step 1 created\): DescribeWidgets \(RPC\) \{"RegionId":"cn-hangzhou","WidgetId":"w-2"\}/,
        /expected: WidgetName read back as created: "blue"\n {2}got: ""/,
      ],
    },
  ],
  [
    'rpc lifecycle: DeleteWidget answers ok and keeps it',
    {
      kind: 'rpc-lifecycle',
      server: { widgets: 'delete-keeps-it' },
      fails: [
        /step 4 \(describe it after the delete\): DescribeWidgets/,
        /expected: no WidgetId "w-2" \(step 3 deleted it\), or a documented error/,
      ],
    },
  ],
  ['rpc add and remove: a correct server', { kind: 'rpc-remove', server: { widgets: 'none' } }],
  [
    'rpc add and remove: the added parts are answered but not saved',
    {
      kind: 'rpc-remove',
      server: { widgets: 'add-not-saved' },
      fails: [
        /sequence "rpc: AddWidgetParts p-1 and p-2, then RemoveWidgetParts p-1, then p-2, then p-1 again \(x-slbkit-idempotent: a no-op\)", step 2 \(remove p-1\)/,
        /expected: Parts = the added list minus p-1: \["p-2"\]\n {2}got: \[\]/,
      ],
    },
  ],
  [
    'rpc add and remove: removing a part already removed is refused, where x-slbkit-idempotent documents a no-op',
    {
      kind: 'rpc-remove',
      server: { widgets: 'refuses-absent-part' },
      fails: [
        /step 4 \(remove p-1 again\): RemoveWidgetParts/,
        /answered: HTTP 400 .*InvalidPart.NotAttached/,
        /expected: a success: x-slbkit-idempotent: true documents removing an absent item as a no-op/,
      ],
    },
  ],
  ['rpc: the reference server', { kind: 'rpc-remove', server: { mutant: 'reference' } }],
  [
    'rpc: one server fewer listed than attached',
    {
      kind: 'rpc-remove',
      server: { mutant: 'drops-a-server' },
      fails: [
        /step 2 \(remove vm-234\): RemoveBackendServers \(RPC\) .*"BackendServers":\["vm-234"\]/,
        /expected: BackendServers = the previous step's minus vm-234: \["vm-231","vm-232"\]\n {2}got: \["vm-231"\]/,
      ],
    },
  ],
  [
    'rpc: removals never saved',
    {
      kind: 'rpc-remove',
      server: { mutant: 'forgets-removals' },
      fails: [/step 2 \(remove vm-234\)/, /got: \["vm-231","vm-232","vm-233"\]/],
    },
  ],
  [
    'rpc: the removed server still listed',
    {
      kind: 'rpc-remove',
      server: { mutant: 'answers-stale-list' },
      fails: [/step 1 \(remove vm-233\)/, /expected: BackendServers without vm-233/],
    },
  ],
];

describe('state sequences: a correct server passes, a server with a state bug fails naming the step', () => {
  it.for(rows)('%s', async ([, row]) => {
    const given = row.server;
    const server =
      'things' in given
        ? await startThings(given.things)
        : 'widgets' in given
          ? await startWidgets(given.widgets)
          : await startMutantServer(MUTANTS.find((m) => m.name === given.mutant));
    try {
      const spec = 'things' in given ? things : 'widgets' in given ? widgets : bundled;
      const kit = against(spec, realTarget(server.url, 'things' in given ? {} : CREDENTIALS));
      const sequence = deriveSequences(kit).find((s) => s.kind === row.kind)!;
      expect(sequencePlan(kit, sequence)).toBeUndefined();
      const outcome = await runSequence(kit, sequence).then(
        () => 'passed',
        (error: Error) => error.message,
      );
      if (!row.fails) expect(outcome).toBe('passed');
      else for (const pattern of row.fails) expect(outcome).toMatch(pattern);
    } finally {
      await server.close();
    }
  });
});

describe('where the sequences run', () => {
  const plans: [string, Partial<ContractTarget>, RegExp | undefined][] = [
    ['the mock: skipped, it keeps no state', { kind: 'mock' }, /^skipped: the mock \(Prism\) keeps no state/],
    [
      'a real target by default: skipped, mutation not allowed',
      { allowMutation: false },
      /^skipped: mutation not allowed: createThing \(POST \/things\), deleteThing \(DELETE \/things\/\{thingId\}\) may change things on real http:\/\/127\.0\.0\.1:1 \(CONTRACT_ALLOW_MUTATION=1 runs it\)$/,
    ],
    ['a real target with CONTRACT_ALLOW_MUTATION=1: run', { allowMutation: true }, undefined],
    ["the kit's stand-in: run", { allowMutation: false, standIn: true }, undefined],
  ];
  it.each(plans)('%s', (_name, extra, want) => {
    const kit = against(things, realTarget('http://127.0.0.1:1', extra));
    const plan = sequencePlan(kit, deriveSequences(kit).find((s) => s.kind === 'resource')!);
    if (want) expect(plan).toMatch(want);
    else expect(plan).toBeUndefined();
  });
});
