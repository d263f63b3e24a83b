import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO, runProcess, TSC, STRICT_CONSUMER_TSCONFIG as TSCONFIG } from '../generated-package.js';
import { sourcePackage } from '../source-package.js';

// The imported SLB spec (issue 22, item 3: spec/slb-2014-05-15.imported.yaml, 93 actions)
// generates through slbkit, and its package type-checks for a strict consumer with no
// @types/node (as public-specs.test.ts checks the public specs). One row: generating 93 actions
// and type-checking them is the longest part (tens of seconds on 2 busy cores).

const root = mkdtempSync(join(tmpdir(), 'slbkit-imported-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Uses the package as its user would; each @ts-expect-error pins that an input stays typed by the metadata. */
const CONSUMER = `import { createClient, type CreateLoadBalancerOutput, type TagResourcesInput } from './slb/dist/index.js';

export async function use(): Promise<string | undefined> {
  const slb = createClient({ endpoint: 'http://127.0.0.1:1', regionId: 'cn-hangzhou' });
  const created: CreateLoadBalancerOutput = await slb.createLoadBalancer({ Bandwidth: -1, AddressType: 'internet' });
  await slb.createLoadBalancer({ Bandwidth: 10 });
  // A JSON-text parameter, typed by its documented example.
  await slb.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: [{ ServerId: 'i-1', Weight: '100' }] });
  const tags: TagResourcesInput = { ResourceType: 'instance', ResourceId: ['lb-1'], Tag: [{ Key: 'env', Value: 'prod' }] };
  await slb.tagResources(tags);
  await slb.moveResourceGroup({ ResourceId: 'lb-1', ResourceType: 'loadbalancer', NewResourceGroupId: 'rg-1' });
  // @ts-expect-error Bandwidth is a number
  await slb.createLoadBalancer({ Bandwidth: '10' });
  // @ts-expect-error LoadBalancerId is required
  await slb.addBackendServers({ BackendServers: [] });
  // @ts-expect-error ResourceType is one of the documented values
  await slb.moveResourceGroup({ ResourceId: 'lb-1', ResourceType: 'disk', NewResourceGroupId: 'rg-1' });
  return created.LoadBalancerId;
}
`;

it('generates the imported spec, and a strict consumer without @types/node type-checks its package', async () => {
  // The package the oracle (official-oracle.test.ts) calls, generated once by the real CLI and shared (source-package.ts).
  const generated = await sourcePackage(join(REPO, 'spec/slb-2014-05-15.imported.yaml'));
  expect(existsSync(join(generated, 'dist/index.d.ts'))).toBe(true);
  symlinkSync(generated, join(root, 'slb'), 'dir');
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(root, 'consumer.ts'), CONSUMER);
  const result = await runProcess(process.execPath, [TSC, '-p', join(root, 'tsconfig.json')], { cwd: root, timeoutMs: 240_000 });
  expect(`${result.stdout}${result.stderr}`).toBe('');
  expect(result.code).toBe(0);
}, 300_000);
