import { builtinModules } from 'node:module';
import type { ApiModel } from '../model/api-model.js';
import { signersOf } from '../model/security.js';
import type { Emitter } from './emitter.js';

export interface PackageIdentity {
  name: string;
  version: string;
  /** The spec's own words for the manifest (issue 21): `info.license` and `info.summary`, read by generate.ts. */
  fromSpec?: SpecInfo;
}

export interface SpecInfo {
  /** package.json `license`, from `info.license` (see {@link licenseOf}); absent when the spec names none. */
  license?: string;
  /** `info.summary` (OpenAPI 3.1): a short description of the API. */
  summary?: string;
}

/**
 * `license` of package.json from the spec's `info.license` (OpenAPI 3.1 section 4.8.4: `name`,
 * and either an SPDX `identifier` or a `url`), as npm's docs ask ("license" in package.json):
 * an SPDX identifier or expression as it is; a licence that grants nothing (`Proprietary`,
 * `UNLICENSED`, `All rights reserved`) as "UNLICENSED"; any other licence as
 * "SEE LICENSE IN <url or name>". No `info.license`: nothing is claimed.
 */
export function licenseOf(info: unknown): string | undefined {
  const license = typeof info === 'object' && info !== null ? (info as { license?: unknown }).license : undefined;
  if (typeof license !== 'object' || license === null) return undefined;
  const { name, identifier, url } = license as { name?: unknown; identifier?: unknown; url?: unknown };
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  if (text(identifier) && SPDX_EXPRESSION.test(text(identifier)!)) return text(identifier);
  const named = text(name);
  if (named && /^(proprietary|unlicensed|all rights reserved|commercial|private)$/i.test(named)) return 'UNLICENSED';
  if (named && SPDX_EXPRESSION.test(named)) return named;
  const where = text(url) ?? named;
  return where ? `SEE LICENSE IN ${where}` : undefined;
}

/** The shape of an SPDX licence identifier or expression (`MIT`, `Apache-2.0`, `(MIT OR Apache-2.0)`); npm checks the list itself. */
const SPDX_EXPRESSION = /^\(?[A-Za-z0-9][A-Za-z0-9.+-]*(?: (?:OR|AND|WITH) \(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*\)?$/;

/** The spec's `info` fields the manifest takes, from the loaded document. */
export function specInfo(document: unknown): SpecInfo {
  const info = typeof document === 'object' && document !== null ? (document as { info?: unknown }).info : undefined;
  const license = licenseOf(info);
  const summary = typeof info === 'object' && info !== null ? (info as { summary?: unknown }).summary : undefined;
  return {
    ...(license ? { license } : {}),
    ...(typeof summary === 'string' && summary.trim() ? { summary: summary.trim().replace(/\s+/g, ' ') } : {}),
  };
}

/**
 * The runtimes a generated package supports, as its engines field and README say, each tested
 * (generator/test/install/versions.e2e.ts, under the Node and TypeScript versions of
 * generator/test/install/toolchains). Node: where `require()` of an ES module works unflagged
 * (20.19 and 22.12), so a CommonJS consumer can use the one ESM build, and where
 * process.getBuiltinModule is (20.16, 22.3), through which the runtime reaches node:http and
 * node:crypto without a `node:` import a browser bundler would refuse. TypeScript: the oldest whose
 * checker reads the package's .d.ts under a strict consumer (`export type *` is 5.0's).
 */
export const SUPPORTED_NODE = '^20.19.0 || >=22.12.0';
export const SUPPORTED_TYPESCRIPT = '5.0';

/** True when some operation is signed with Alibaba's signature, as the model's one signer choice says (model/security.ts). */
export function signsAlibaba(model: ApiModel): boolean {
  return model.operations.some((op) => signersOf(op).some((signer) => signer !== 'spec-security'));
}

/**
 * npm's rules for a new package's name (validate-npm-package-name, as `npm publish` applies
 * them): at most 214 characters, lower case, URL-safe, no leading `.` or `_`, none of ~'!()*,
 * optionally `@scope/`, and not the name of a Node built-in module.
 */
const NPM_NAME = /^(?:@[a-z0-9-][a-z0-9._-]*\/)?[a-z0-9-][a-z0-9._-]*$/;

/** Semantic Versioning 2.0.0, the regular expression semver.org gives (FAQ), at most 256 characters as npm's semver allows. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * The package's name when none is given (issue 21): the spec's `info.title` as npm allows a name.
 * Accents dropped, lower case, each run of anything but a-z 0-9 . _ - as one hyphen, none at
 * either end, at most 214 characters; a Node built-in's name gets `-client` after it (`HTTP` ->
 * `http-client`), and a title that leaves nothing (all CJK, or emoji) gives `api-client`.
 */
export function packageNameFromTitle(title: string): string {
  const trim = (text: string) => text.replace(/^[-._]+|[-._]+$/g, '');
  const name = trim(
    trim(
      title
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/-{2,}/g, '-'),
    ).slice(0, 207),
  );
  if (name === '') return 'api-client';
  return identityProblem({ name, version: '0.0.0' }) ? `${name}-client` : name;
}

/** What is wrong with a --package-name / --package-version, as one line; undefined when both are fine. */
export function identityProblem(identity: PackageIdentity): string | undefined {
  const { name, version } = identity;
  if (
    name.length === 0 ||
    name.length > 214 ||
    !NPM_NAME.test(name) ||
    builtinModules.includes(name) ||
    name === 'node_modules' ||
    name === 'favicon.ico'
  ) {
    return `--package-name ${JSON.stringify(name)} is not a valid npm package name (lower case letters, digits, - . _, optionally @scope/, at most 214 characters, not a Node built-in)`;
  }
  if (version.length > 256 || !SEMVER.test(version)) {
    return `--package-version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0 or 1.0.0-beta.1; see semver.org)`;
  }
  return undefined;
}

/**
 * The package manifest. ESM only, `types` first in `exports` (TypeScript reads conditions in
 * order), no dependencies: the runtime uses Node built-ins only; fast-xml-parser is an optional
 * peer, loaded only for format 'XML', from 5.10.1: the first release past the entity-expansion
 * advisories (GHSA-jmr7-xgp7-cmfj, fixed in 5.3.6; GHSA-8gc5-j5rx-235r, 5.5.6; GHSA-8r6m-32jq-jx6q,
 * repeated DOCTYPEs, 5.10.1). runtime/xml.ts also turns entity processing off. The `slbkit` field
 * marks the folder as generator output.
 */
export const packageJsonFiles: Emitter = (model, { identity }) => [
  { path: 'package.json', kind: 'json', text: emitPackageJson(model, identity) },
];

function emitPackageJson(model: ApiModel, identity: PackageIdentity): string {
  const manifest = {
    name: identity.name,
    version: identity.version,
    // "signed" only for an API that is; the spec's summary when it has one.
    description: identity.fromSpec?.summary
      ? `${identity.fromSpec.summary.replace(/\.$/, '')} (typed${signsAlibaba(model) ? ', signed' : ''} client generated by slbkit from ${model.specName})`
      : `Typed${signsAlibaba(model) ? ', signed' : ''} client for ${model.title}, generated by slbkit from ${model.specName}`,
    // The spec's licence; a spec that names none claims none (npm: "UNLICENSED" means no permission is granted).
    license: identity.fromSpec?.license ?? 'UNLICENSED',
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    files: ['dist', 'src', 'README.md'],
    sideEffects: false,
    engines: { node: SUPPORTED_NODE },
    peerDependencies: { '@alicloud/credentials': '>=2.4 <3', 'fast-xml-parser': '>=5.10.1 <6' },
    peerDependenciesMeta: { '@alicloud/credentials': { optional: true }, 'fast-xml-parser': { optional: true } },
    slbkit: { spec: model.specName, apiVersion: model.apiVersion },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
