import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer } from '../../../contract-tests/support/replay-server.js';
import type * as Bundled from '../../../generated/src/index.js';
import { type Credentials, MAX_CREDENTIALS_FILE_BYTES, parseIni, resolveCredentials } from '../../runtime/credentials.js';
import { CredentialsError } from '../../runtime/errors.js';
import { BUNDLED_SPEC, importSourcePackage } from '../source-package.js';

// The credential chain: option, environment, profile file, in that order.

const home = mkdtempSync(join(tmpdir(), 'slbkit-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
mkdirSync(join(home, '.alibabacloud'));
writeFileSync(
  join(home, '.alibabacloud', 'credentials'),
  [
    '[default]',
    'type = access_key',
    'access_key_id = file-id',
    'access_key_secret = file-secret',
    '',
    '# a comment',
    '[sts]',
    'type = sts',
    'access_key_id = sts-id',
    'access_key_secret = sts-secret',
    'security_token = sts-token',
    '[broken]',
    'access_key_id = only-id',
  ].join('\n'),
);
const other = join(home, 'other.ini');
writeFileSync(other, '[default]\naccess_key_id = other-id\naccess_key_secret = other-secret\n');
/** A file of its own for each row below; `lines` joined by newlines. */
const file = (name: string, ...lines: string[]) => {
  const path = join(home, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};
const linked = join(home, 'linked.ini');
symlinkSync(other, linked);
const withBom = file('bom.ini', '\uFEFF[default]', 'access_key_id = bom-id', 'access_key_secret = bom-secret');
const pair = ['[default]', 'access_key_id = big-id', 'access_key_secret = big-secret', '#'].join('\n');
const atLimit = file('limit.ini', pair + 'x'.repeat(MAX_CREDENTIALS_FILE_BYTES - pair.length));
const pastLimit = file('past-limit.ini', pair + 'x'.repeat(MAX_CREDENTIALS_FILE_BYTES - pair.length + 1));
const malformed = file('malformed.ini', '[default]', 'access_key_id = m-id', 'access_key_secret m-secret-no-equals');
const secretOnly = file('secret-only.ini', '[default]', 'access_key_secret = lone-secret');
const roleProfile = file('role.ini', '[default]', 'type = ecs_ram_role', 'role_name = r');

const explicit: Credentials = { accessKeyId: 'opt-id', accessKeySecret: 'opt-secret' };
const envKeys = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };

const rows: [string, Credentials | undefined, NodeJS.ProcessEnv, Credentials | undefined][] = [
  ['the option wins over everything', explicit, { ...envKeys, HOME: home }, explicit],
  ['then the environment', undefined, { ...envKeys, HOME: home }, { accessKeyId: 'env-id', accessKeySecret: 'env-secret' }],
  [
    'with its STS token',
    undefined,
    { ...envKeys, ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token', HOME: home },
    { accessKeyId: 'env-id', accessKeySecret: 'env-secret', securityToken: 'env-token' },
  ],
  [
    'values are trimmed (a pasted newline or space is the same key)',
    undefined,
    {
      ALIBABA_CLOUD_ACCESS_KEY_ID: ' env-id\n',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '\tenv-secret ',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token\n',
      HOME: home,
    },
    { accessKeyId: 'env-id', accessKeySecret: 'env-secret', securityToken: 'env-token' },
  ],
  [
    'blank variables count as unset: on to the file',
    undefined,
    { ALIBABA_CLOUD_ACCESS_KEY_ID: ' ', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '', HOME: home },
    { accessKeyId: 'file-id', accessKeySecret: 'file-secret' },
  ],
  ['then the default profile', undefined, { HOME: home }, { accessKeyId: 'file-id', accessKeySecret: 'file-secret' }],
  [
    'the profile ALIBABA_CLOUD_PROFILE names, token included',
    undefined,
    { HOME: home, ALIBABA_CLOUD_PROFILE: 'sts' },
    { accessKeyId: 'sts-id', accessKeySecret: 'sts-secret', securityToken: 'sts-token' },
  ],
  [
    'the file ALIBABA_CLOUD_CREDENTIALS_FILE names',
    undefined,
    { HOME: home, ALIBABA_CLOUD_CREDENTIALS_FILE: other },
    { accessKeyId: 'other-id', accessKeySecret: 'other-secret' },
  ],
  [
    'a symlink to a regular file is followed',
    undefined,
    { ALIBABA_CLOUD_CREDENTIALS_FILE: linked },
    { accessKeyId: 'other-id', accessKeySecret: 'other-secret' },
  ],
  [
    'a byte order mark is skipped',
    undefined,
    { ALIBABA_CLOUD_CREDENTIALS_FILE: withBom },
    { accessKeyId: 'bom-id', accessKeySecret: 'bom-secret' },
  ],
  [
    'a file of exactly the size limit is read',
    undefined,
    { ALIBABA_CLOUD_CREDENTIALS_FILE: atLimit },
    { accessKeyId: 'big-id', accessKeySecret: 'big-secret' },
  ],
  ['no file at all gives nothing', undefined, { HOME: join(home, 'missing') }, undefined],
];

// Found but unusable: a CredentialsError that says why and where, never a fall-through to the
// next source, and never a value (the secrets of each row are listed to be searched for).
const unusable: [string, { env: NodeJS.ProcessEnv; want: RegExp; values: string[] }][] = [
  [
    'an env id without its secret',
    {
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', HOME: home },
      want: /ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/,
      values: ['env-id', 'file-secret'],
    },
  ],
  [
    'an env secret without its id',
    {
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret', HOME: home },
      want: /ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not/,
      values: ['env-secret', 'file-secret'],
    },
  ],
  [
    'a profile with an id and no secret',
    {
      env: { HOME: home, ALIBABA_CLOUD_PROFILE: 'broken' },
      want: /the credentials file .*credentials has in \[broken\] access_key_id but no access_key_secret/,
      values: ['only-id'],
    },
  ],
  [
    'a profile with a secret and no id',
    {
      env: { ALIBABA_CLOUD_CREDENTIALS_FILE: secretOnly },
      want: /secret-only\.ini has in \[default\] access_key_secret but no access_key_id/,
      values: ['lone-secret'],
    },
  ],
  [
    'a profile that does not exist',
    {
      env: { HOME: home, ALIBABA_CLOUD_PROFILE: 'nope' },
      want: /has no section \[nope\] \(it has \[default\], \[sts\], \[broken\]\)/,
      values: ['file-secret', 'sts-token'],
    },
  ],
  [
    'a profile named like an Object member',
    { env: { HOME: home, ALIBABA_CLOUD_PROFILE: 'toString' }, want: /has no section \[toString\]/, values: [] },
  ],
  [
    'a profile named __proto__',
    { env: { HOME: home, ALIBABA_CLOUD_PROFILE: '__proto__' }, want: /has no section \[__proto__\]/, values: [] },
  ],
  [
    'a profile of another type (ecs_ram_role)',
    {
      env: { ALIBABA_CLOUD_CREDENTIALS_FILE: roleProfile },
      want: /role\.ini has in \[default\] neither access_key_id nor access_key_secret/,
      values: [],
    },
  ],
  [
    'a malformed line, named by number only',
    {
      env: { ALIBABA_CLOUD_CREDENTIALS_FILE: malformed },
      want: /malformed\.ini has line 3, which is neither \[section\] nor key = value/,
      values: ['m-secret-no-equals', 'm-id'],
    },
  ],
  [
    'a file past the size limit',
    { env: { ALIBABA_CLOUD_CREDENTIALS_FILE: pastLimit }, want: /past-limit\.ini is larger than 65536 bytes/, values: ['big-secret'] },
  ],
  ['a directory', { env: { ALIBABA_CLOUD_CREDENTIALS_FILE: home }, want: /credentials file .* is not a regular file/, values: [] }],
  ['a character device', { env: { ALIBABA_CLOUD_CREDENTIALS_FILE: '/dev/zero' }, want: /\/dev\/zero is not a regular file/, values: [] }],
  [
    'a named file that does not exist',
    {
      env: { ALIBABA_CLOUD_CREDENTIALS_FILE: join(home, 'absent.ini'), HOME: home },
      want: /absent\.ini cannot be opened \(ENOENT; the path is from ALIBABA_CLOUD_CREDENTIALS_FILE\)/,
      values: ['file-secret'],
    },
  ],
];

describe('resolveCredentials', () => {
  it.each(rows)('%s', (_name, option, env, want) => {
    expect(resolveCredentials(option, env)).toEqual(want);
  });
});

describe('a source found but unusable', () => {
  it.each(unusable)('%s', (_name, { env, want, values }) => {
    let error: unknown;
    try {
      resolveCredentials(undefined, env, 'RemoveBackendServers');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ action: 'RemoveBackendServers', message: expect.stringMatching(want) });
    const shown = [String(error), (error as Error).stack, JSON.stringify(error)].join('\n');
    for (const value of values) expect(shown).not.toContain(value);
  });
});

describe('a FIFO as the credentials file', () => {
  // Opening a FIFO for reading blocks until a writer comes, and a synchronous read would block
  // the event loop for good: no test timeout could end it. So the check runs in a child process
  // with a time limit, which fails this test instead of hanging the run.
  it.each([
    ['named by ALIBABA_CLOUD_CREDENTIALS_FILE', (fifo: string) => ({ ALIBABA_CLOUD_CREDENTIALS_FILE: fifo })],
    ['at the default path', (fifo: string) => ({ HOME: join(fifo, '..', 'fifo-home') })],
  ])('%s: refused at once as not a regular file', (_name, envOf) => {
    const dir = mkdtempSync(join(tmpdir(), 'slbkit-fifo-'));
    try {
      mkdirSync(join(dir, 'fifo-home', '.alibabacloud'), { recursive: true });
      const fifo = join(dir, 'credentials');
      for (const path of [fifo, join(dir, 'fifo-home', '.alibabacloud', 'credentials')]) {
        const made = spawnSync('mkfifo', [path]);
        expect(made.status, String(made.stderr)).toBe(0);
      }
      const script = `import { resolveCredentials } from ${JSON.stringify(new URL('../../runtime/credentials.ts', import.meta.url).pathname)};
        try { resolveCredentials(undefined, ${JSON.stringify(envOf(fifo))}); console.log('no error'); }
        catch (e) { console.log(e.name + ': ' + e.message); }`;
      const started = Date.now();
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        timeout: 15_000,
        encoding: 'utf8',
      });
      expect(child.error, 'the child blocked on the FIFO').toBeUndefined();
      expect(child.stdout.trim()).toMatch(
        /^CredentialsError: credentials: the credentials file .*credentials is not a regular file; nothing was sent\.$/,
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseIni', () => {
  it.each([
    ['sections and keys, spaces trimmed', '[a]\n k = v \n', { a: { k: 'v' } }],
    ['comments and blank lines skipped, quotes removed', '; c\n# c\n[a]\n\nk="v w"\n', { a: { k: 'v w' } }],
    ['keys before any section ignored', 'k=v\n[a]\nx=1\n', { a: { x: '1' } }],
    ['a section named like an Object member is a plain key', '[toString]\nk=v\n', { toString: { k: 'v' } }],
    ['an = inside the value kept', '[a]\nk=v=w\n', { a: { k: 'v=w' } }],
  ])('%s', (_name, text, want) => {
    expect(parseIni(text)).toEqual(want);
  });
});

describe('a client with no credentials anywhere', () => {
  it('throws CredentialsError naming every place looked in, in order, and sends nothing', async () => {
    // The bundled spec's client running the runtime's source (source-package.ts).
    const { createClient } = await importSourcePackage<typeof Bundled>(BUNDLED_SPEC);
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
      expect((error as Error).message).toMatch(
        /credentials option.*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALIBABA_CLOUD_CREDENTIALS_FILE.*~\/\.aliyun\/config\.json.*~\/\.alibabacloud\/credentials/s,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      process.env = saved;
      await server.close();
    }
  });
});
