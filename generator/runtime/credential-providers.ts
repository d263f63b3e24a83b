import type { CredentialProvider, Credentials } from './credentials.js';
import { CredentialsError } from './errors.js';

/**
 * The credentials of one call: the provider's answer, or the chain's. Either way a
 * CredentialsError when there are none; nothing is sent then. The call's signal ends the wait
 * for a provider too (with its reason), as it ends every other step of a call.
 */
export async function callCredentials(
  option: Credentials | CredentialProvider | undefined,
  action: string,
  signal?: AbortSignal,
): Promise<Credentials> {
  if (option && 'getCredential' in option) {
    let got: Awaited<ReturnType<CredentialProvider['getCredential']>>;
    try {
      got = await (signal ? untilAborted(option.getCredential(), signal) : option.getCredential());
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      // Only the name and code: a provider's message may quote what it fetched, secret included.
      const { name, code } = error as { name?: string; code?: string };
      throw new CredentialsError(
        action,
        `${action}: the credentials provider threw ${name}${code ? ` (${code})` : ''}; nothing was sent. Its message is left out (it may quote a secret): call getCredential() to read it`,
      );
    }
    const { accessKeyId: id, accessKeySecret: secret, securityToken: token } = got ?? {};
    if (typeof id !== 'string' || typeof secret !== 'string' || !id || !secret)
      throw new CredentialsError(action, `${action}: the credentials provider gave no accessKeyId and accessKeySecret; nothing was sent`);
    return withToken({ accessKeyId: id, accessKeySecret: secret }, typeof token === 'string' ? token : undefined);
  }
  if (option) return option;
  // The files part of the chain is imported only by a client that reaches it.
  const { CREDENTIAL_SOURCES, resolveCredentials } = await import('./credentials.js');
  const found = resolveCredentials(undefined, process.env, action);
  if (!found)
    throw new CredentialsError(
      action,
      `${action}: no Alibaba Cloud credentials found; nothing was sent. Looked in: ${CREDENTIAL_SOURCES.join('; ')}.`,
    );
  return found;
}

function withToken(credentials: Credentials, token: string | undefined): Credentials {
  return token ? { ...credentials, securityToken: token } : credentials;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) =>
    signal.addEventListener('abort', (onAbort = () => reject(signal.reason)), { once: true }),
  );
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
