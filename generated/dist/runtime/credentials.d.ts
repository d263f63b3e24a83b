export interface Credentials {
    accessKeyId: string;
    accessKeySecret: string;
    /** STS token of temporary credentials: sent as SecurityToken (V1) or x-acs-security-token (V3). */
    securityToken?: string;
}
/** Where the chain looked, for the error that says nothing was found. */
export declare const CREDENTIAL_SOURCES: readonly string[];
/**
 * The credential chain of Alibaba's SDKs, in their order: explicit option, environment, profile
 * file. Returns undefined when none has a key pair; the caller turns that into one clear error.
 * Read at call time, not at import, so a process can set the environment after loading us.
 */
export declare function resolveCredentials(explicit: Credentials | undefined, env?: NodeJS.ProcessEnv): Credentials | undefined;
/** The ini dialect of ~/.alibabacloud/credentials: `[profile]` sections of `key = value` lines. */
export declare function parseIni(text: string): Record<string, Record<string, string>>;
