import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token of temporary credentials: sent as SecurityToken (V1) or x-acs-security-token (V3). */
  securityToken?: string;
}

/** Where the chain looked, for the error that says nothing was found. */
export const CREDENTIAL_SOURCES: readonly string[] = [
  'the `credentials` client option',
  'the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN)',
  'the profile file ~/.alibabacloud/credentials (profile from ALIBABA_CLOUD_PROFILE, else "default"; path from ALIBABA_CLOUD_CREDENTIALS_FILE)',
];

/**
 * The credential chain of Alibaba's SDKs, in their order: explicit option, environment, profile
 * file. Returns undefined when none has a key pair; the caller turns that into one clear error.
 * Read at call time, not at import, so a process can set the environment after loading us.
 */
export function resolveCredentials(explicit: Credentials | undefined, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  if (explicit) return explicit;
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && secret) return withToken({ accessKeyId: id, accessKeySecret: secret }, env.ALIBABA_CLOUD_SECURITY_TOKEN);
  return profileCredentials(env);
}

function profileCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const file = env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(env.HOME || homedir(), '.alibabacloud', 'credentials');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const section = parseIni(text)[env.ALIBABA_CLOUD_PROFILE || 'default'];
  const id = section?.access_key_id;
  const secret = section?.access_key_secret;
  if (!id || !secret) return undefined;
  return withToken({ accessKeyId: id, accessKeySecret: secret }, section.security_token ?? section.sts_token);
}

function withToken(credentials: Credentials, token: string | undefined): Credentials {
  return token ? { ...credentials, securityToken: token } : credentials;
}

/** The ini dialect of ~/.alibabacloud/credentials: `[profile]` sections of `key = value` lines. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]!.trim()] = {};
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return sections;
}
