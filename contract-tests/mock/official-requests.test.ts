import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiModel, loadModel, type OperationModel } from '../../generator/src/api.js';
import { type Mock, startMock } from './server.js';

// Every action of the imported SLB spec (spec/slb-2014-05-15.imported.yaml, 93 actions) called as
// Alibaba's official SDK calls it (issue 22, item 4): POST to `/`, the action and version only in
// the x-acs-action / x-acs-version headers, an ACS3-HMAC-SHA256 Authorization, and the
// parameters in the query flattened by Alibaba's own SDK code (@alicloud/openapi-util `query`,
// what the generated Tea SDKs call; a JSON-text parameter is the JSON text the caller gives).
// The documented request must get that action's documented answer, and the same request without
// a required parameter that action's MissingParameter: the mock routed it to that action.

const require = createRequire(import.meta.url);
const openapiUtil = (require('@alicloud/openapi-util') as { default: { query(filter: Record<string, unknown>): Record<string, string> } })
  .default;
const IMPORTED = join(new URL('../../', import.meta.url).pathname, 'spec/slb-2014-05-15.imported.yaml');
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

let model: ApiModel;
let mock: Mock;
beforeAll(async () => {
  [model, mock] = await Promise.all([loadModel(IMPORTED), startMock({ spec: IMPORTED })]);
}, 120_000);
afterAll(async () => {
  await mock?.close();
});

/** The documented request's parameters as the official SDK's request object holds them. */
function sdkParameters(op: OperationModel, leaveOut?: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const input of op.inputs) {
    const example = input.examples.find((e) => e.name === 'documentedRequest');
    if (example === undefined || input.name === leaveOut) continue;
    parameters[input.name] = input.wireEncoding === 'json' ? JSON.stringify(example.value) : example.value;
  }
  return parameters;
}

async function callAsTheSdk(op: OperationModel, parameters: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams(openapiUtil.query(parameters)).toString();
  const answer = await fetch(`${mock.url}/?${query}`, {
    method: 'POST',
    headers: {
      'x-acs-action': op.action!,
      'x-acs-version': '2014-05-15',
      'x-acs-date': '2026-01-01T00:00:00Z',
      'x-acs-signature-nonce': `nonce-${op.action}`,
      'x-acs-content-sha256': EMPTY_SHA256,
      accept: 'application/json',
      authorization: 'ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;x-acs-action;x-acs-date;x-acs-version,Signature=00',
    },
    signal: AbortSignal.timeout(20_000),
  });
  return { status: answer.status, body: await answer.json() };
}

// The rows are the actions of the spec (read from the file at collection, as the model names them).
const ACTIONS = [...(require('node:fs').readFileSync(IMPORTED, 'utf8') as string).matchAll(/^ {2}\/\?Action=(\w+):$/gm)].map((m) => m[1]!);

describe('the official SDK V3 requests of every imported SLB action', () => {
  it('has all 93 actions', () => {
    expect(ACTIONS).toHaveLength(93);
    expect(model.operations.map((op) => op.action).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)('%s', async (action) => {
    const op = model.operations.find((o) => o.action === action)!;
    const documented = op.success.examples.find((e) => e.name === 'documentedSuccess')?.value;
    expect(await callAsTheSdk(op, sdkParameters(op))).toEqual({ status: 200, body: documented });
    const required = op.inputs.find((p) => p.required && p.name !== 'RegionId');
    if (required) {
      const refused = await callAsTheSdk(op, sdkParameters(op, required.name));
      expect([refused.status, (refused.body as { Code?: string }).Code, (refused.body as { Message?: string }).Message]).toEqual([
        400,
        'MissingParameter',
        expect.stringContaining(`"${required.name}"`),
      ]);
    }
  });
});
