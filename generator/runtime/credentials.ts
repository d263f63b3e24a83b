import { cliProfileCredentials } from './aliyun-config.js';
import { CredentialsError } from './errors.js';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token of temporary credentials: sent as SecurityToken (V1) or x-acs-security-token (V3). */
  securityToken?: string;
}

/**
 * Anything with `getCredential()`, asked once per call; it does its own caching and refreshing.
 * An `@alicloud/credentials` Credential is one, so every source that library knows (ECS RAM
 * role, OIDC/RRSA, RamRoleArn, credentials URI, ...) works by passing one.
 */
export interface CredentialProvider {
  getCredential(): Promise<{ accessKeyId?: string | undefined; accessKeySecret?: string | undefined; securityToken?: string | undefined }>;
}

/** Where the chain looked, in order, for the error that says nothing was found. */
export const CREDENTIAL_SOURCES: readonly string[] = [
  'the credentials option',
  'ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN)',
  'the file named by ALIBABA_CLOUD_CREDENTIALS_FILE',
  'the aliyun CLI profile (ALIBABA_CLOUD_PROFILE, else current) in ~/.aliyun/config.json',
  'the profile (ALIBABA_CLOUD_PROFILE, else default) in ~/.alibabacloud/credentials',
];

/** A credentials file is a few lines; anything larger is not one, and is not read. */
export const MAX_CREDENTIALS_FILE_BYTES: number = 64 * 1024;

/**
 * The credential chain of Alibaba's SDKs, in their order: explicit option, environment (keys,
 * then a named credentials file), the aliyun CLI's current profile, the profile file. Returns undefined when none has a key pair; the caller turns that into one clear error.
 * A source that is there but unusable (half a pair, a FIFO, a malformed line) is a
 * CredentialsError saying why, never a silent fall-through to the next source; it names
 * variables, files, sections and line numbers, never a value.
 * Read at call time, not at import, so a process can set the environment after loading us.
 */
export function resolveCredentials(
  explicit: Credentials | undefined,
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
  action: string = 'credentials',
): Credentials | undefined {
  if (explicit) return explicit;
  const unusable = (why: string) => new CredentialsError(action, `${action}: ${why}; nothing was sent.`);
  // Trimmed: a value pasted with a newline or a space is the same key.
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID?.trim();
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET?.trim();
  if (id && secret) return withToken({ accessKeyId: id, accessKeySecret: secret }, env.ALIBABA_CLOUD_SECURITY_TOKEN?.trim());
  const [set, unset] = id ? ['ID', 'SECRET'] : ['SECRET', 'ID'];
  if (id || secret)
    throw unusable(
      `ALIBABA_CLOUD_ACCESS_KEY_${set} is set but ALIBABA_CLOUD_ACCESS_KEY_${unset} is not: set both, or neither to use the profile file`,
    );
  // The files of the chain are Node's: elsewhere (a browser) the chain ends with the environment given.
  const node = globalThis.process?.getBuiltinModule?.bind(globalThis.process);
  if (typeof node !== 'function') return undefined;
  const fs = node('node:fs');
  const { join } = node('node:path');
  const named = env.ALIBABA_CLOUD_CREDENTIALS_FILE?.trim();
  const home = env.HOME || node('node:os').homedir();
  const chosen = env.ALIBABA_CLOUD_PROFILE?.trim();
  if (!named) {
    const cli = join(home, '.aliyun', 'config.json');
    const inCli = (why: string) => unusable(`the aliyun CLI config ${cli} ${why}`);
    const fromCli = cliProfileCredentials(readSmallFile(fs, cli, false, inCli), chosen, inCli);
    if (fromCli) return fromCli;
  }
  const file = named || join(home, '.alibabacloud', 'credentials');
  const inFile = (why: string) => unusable(`the credentials file ${file} ${why}`);
  const text = readSmallFile(fs, file, !!named, inFile);
  if (text === undefined) return undefined;
  const profile = chosen || 'default';
  let sections: Record<string, Record<string, string>>;
  try {
    sections = parseIni(text);
  } catch (error) {
    throw inFile(`has ${(error as Error).message}`);
  }
  const section = sections[profile]; // a null-prototype record: 'toString' is no section
  if (!section) throw inFile(`has no section [${profile}] (it has [${Object.keys(sections).join('], [')}])`);
  const { access_key_id: keyId, access_key_secret: keySecret } = section;
  if (!keyId || !keySecret)
    throw inFile(
      `has in [${profile}] ${keyId ? 'access_key_id but no access_key_secret' : keySecret ? 'access_key_secret but no access_key_id' : 'neither access_key_id nor access_key_secret'}`,
    );
  return withToken({ accessKeyId: keyId, accessKeySecret: keySecret }, section.security_token ?? section.sts_token);
}

/**
 * The file's text, or undefined when it does not exist (and was not named explicitly).
 * Opened non-blocking and checked through its own descriptor: a FIFO or a device is refused
 * without a read that would block the event loop, and a file swapped after a check cannot slip
 * in. At most MAX_CREDENTIALS_FILE_BYTES are read, whatever the file grows to meanwhile.
 */
function readSmallFile(
  fs: typeof import('node:fs'),
  file: string,
  named: boolean,
  inFile: (why: string) => CredentialsError,
): string | undefined {
  const { closeSync, constants, fstatSync, openSync, readSync } = fs;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' && !named) return undefined;
    throw inFile(`cannot be opened (${code}${named ? '; the path is from ALIBABA_CLOUD_CREDENTIALS_FILE' : ''})`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw inFile('is not a regular file');
    const buffer = Buffer.alloc(MAX_CREDENTIALS_FILE_BYTES + 1);
    let size = 0;
    for (let n; size < buffer.length && (n = readSync(fd, buffer, size, buffer.length - size, null)) > 0; ) size += n;
    if (size > MAX_CREDENTIALS_FILE_BYTES) throw inFile(`is larger than ${MAX_CREDENTIALS_FILE_BYTES} bytes`);
    return buffer.toString('utf8', 0, size).replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

function withToken(credentials: Credentials, token: string | undefined): Credentials {
  return token ? { ...credentials, securityToken: token } : credentials;
}

/**
 * The ini dialect of ~/.alibabacloud/credentials: `[profile]` sections of `key = value` lines,
 * `#` and `;` comments. A line that is none of these throws a SyntaxError naming its number
 * only: the line may hold a secret.
 */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = Object.create(null);
  let current: Record<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]!.trim()] = Object.create(null) as Record<string, string>;
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new SyntaxError(`line ${index + 1}, which is neither [section] nor key = value`);
    if (current)
      current[line.slice(0, eq).trim()] = line
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  });
  return sections;
}
