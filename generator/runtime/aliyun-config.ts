import type { Credentials } from './credentials.js';

/**
 * The aliyun CLI's profiles (`~/.aliyun/config.json`, written by `aliyun configure`): the
 * profile named by ALIBABA_CLOUD_PROFILE, else the file's `current`. Modes AK and StsToken hold
 * the keys themselves and are read here; every other mode (RamRoleArn, EcsRamRole, OIDC, ...)
 * needs a token exchange, which is what @alicloud/credentials does: the error says to pass one
 * of its Credential objects. Same profile rules as @alicloud/credentials' CLIProfileCredentialsProvider.
 *
 * `text` is the file's content (undefined when there is none); `fail` makes the error, which
 * names the file, the profile and the mode, never a value.
 */
export function cliProfileCredentials(
  text: string | undefined,
  named: string | undefined,
  fail: (why: string) => Error,
): Credentials | undefined {
  if (text === undefined) return undefined;
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text);
  } catch {
    throw fail('is not JSON');
  }
  const name = named || config?.current;
  const profile = Array.isArray(config?.profiles)
    ? (config.profiles as Record<string, unknown>[]).find((p) => p?.name === name)
    : undefined;
  // A name from ALIBABA_CLOUD_PROFILE may be a section of the credentials file instead.
  if (!profile) {
    if (named) return undefined;
    throw fail(`has no profile "${String(name)}"`);
  }
  const { mode, access_key_id: id, access_key_secret: secret, sts_token: token } = profile;
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw fail(
      `profile "${String(name)}" has mode ${String(mode)}, which slbkit does not read: pass a Credential of @alicloud/credentials as the credentials option`,
    );
  }
  if (
    typeof id !== 'string' ||
    typeof secret !== 'string' ||
    !id ||
    !secret ||
    (mode === 'StsToken' && (typeof token !== 'string' || !token))
  ) {
    throw fail(
      `profile "${String(name)}" (mode ${mode}) lacks access_key_id, access_key_secret${mode === 'StsToken' ? ' or sts_token' : ''}`,
    );
  }
  return mode === 'StsToken'
    ? { accessKeyId: id, accessKeySecret: secret, securityToken: token as string }
    : { accessKeyId: id, accessKeySecret: secret };
}
