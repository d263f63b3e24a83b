import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIni, resolveCredentials, type Credentials } from '../../runtime/credentials.js';
import { CredentialsError, createClient } from '../../../generated/dist/index.js';
import { startReplayServer } from '../../../contract-tests/support/replay-server.js';

// The credential chain: option, environment, profile file, in that order.

const home = mkdtempSync(join(tmpdir(), 'slbkit-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, '.alibabacloud'));
writeFileSync(
  join(home, '.alibabacloud', 'credentials'),
  ['[default]', 'type = access_key', 'access_key_id = file-id', 'access_key_secret = file-secret', '', '# a comment', '[sts]', 'type = sts', 'access_key_id = sts-id', 'access_key_secret = sts-secret', 'security_token = sts-token', '[broken]', 'access_key_id = only-id'].join('\n'),
);
const other = join(home, 'other.ini');
writeFileSync(other, '[default]\naccess_key_id = other-id\naccess_key_secret = other-secret\n');

const explicit: Credentials = { accessKeyId: 'opt-id', accessKeySecret: 'opt-secret' };
const envKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };

const rows: [string, Credentials | undefined, NodeJS.ProcessEnv, Credentials | undefined][] = [
  ['the option wins over everything', explicit, { ...envKeys, HOME: home }, explicit],
  ['then the environment', undefined, { ...envKeys, HOME: home }, { accessKeyId: 'env-id', accessKeySecret: 'env-secret' }],
  ['with its STS token', undefined, { ...envKeys, ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token', HOME: home }, { accessKeyId: 'env-id', accessKeySecret: 'env-secret', securityToken: 'env-token' }],
  ['an id without a secret is not a pair: on to the file', undefined, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', HOME: home }, { accessKeyId: 'file-id', accessKeySecret: 'file-secret' }],
  ['then the default profile', undefined, { HOME: home }, { accessKeyId: 'file-id', accessKeySecret: 'file-secret' }],
  ['the profile ALIBABA_CLOUD_PROFILE names, token included', undefined, { HOME: home, ALIBABA_CLOUD_PROFILE: 'sts' }, { accessKeyId: 'sts-id', accessKeySecret: 'sts-secret', securityToken: 'sts-token' }],
  ['a profile without a secret gives nothing', undefined, { HOME: home, ALIBABA_CLOUD_PROFILE: 'broken' }, undefined],
  ['a profile that does not exist gives nothing', undefined, { HOME: home, ALIBABA_CLOUD_PROFILE: 'nope' }, undefined],
  ['the file ALIBABA_CLOUD_CREDENTIALS_FILE names', undefined, { HOME: home, ALIBABA_CLOUD_CREDENTIALS_FILE: other }, { accessKeyId: 'other-id', accessKeySecret: 'other-secret' }],
  ['no file at all gives nothing', undefined, { HOME: join(home, 'missing') }, undefined],
];

describe('resolveCredentials', () => {
  it.each(rows)('%s', (_name, option, env, want) => {
    expect(resolveCredentials(option, env)).toEqual(want);
  });
});

describe('parseIni', () => {
  it.each([
    ['sections and keys, spaces trimmed', '[a]\n k = v \n', { a: { k: 'v' } }],
    ['comments and blank lines skipped, quotes removed', '; c\n# c\n[a]\n\nk="v w"\n', { a: { k: 'v w' } }],
    ['keys before any section ignored', 'k=v\n[a]\nx=1\n', { a: { x: '1' } }],
    ['an = inside the value kept', '[a]\nk=v=w\n', { a: { k: 'v=w' } }],
  ])('%s', (_name, text, want) => {
    expect(parseIni(text)).toEqual(want);
  });
});

describe('a client with no credentials anywhere', () => {
  it('throws CredentialsError naming the three places, and sends nothing', async () => {
    const server = await startReplayServer();
    const saved = { ...process.env };
    try {
      delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
      delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
      process.env.HOME = join(home, 'missing');
      delete process.env.ALIBABA_CLOUD_CREDENTIALS_FILE;
      const error = await createClient({ endpoint: server.url, regionId: 'r' })
        .removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: ['vm-1'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CredentialsError);
      expect((error as Error).message).toMatch(/credentials. client option.*ALIBABA_CLOUD_ACCESS_KEY_ID.*~\/\.alibabacloud\/credentials/s);
      expect(server.requests).toHaveLength(0);
    } finally {
      process.env = saved;
      await server.close();
    }
  });
});
