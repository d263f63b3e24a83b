import { generatedHeader } from './emit/header.js';
import { type PackageIdentity, packageNameFromTitle, specInfo } from './emit/package-json.js';
import { SpecError } from './errors.js';
import { loadSpec } from './load/openapi-document.js';
import type { ApiModel } from './model/api-model.js';
import { buildApiModel } from './model/build.js';

/** The name and version asked for; without a name, the package is named from the spec's `info.title` (packageNameFromTitle). */
export interface PackageRequest {
  name?: string | undefined;
  version: string;
}

export const DEFAULT_PACKAGE: PackageRequest = { version: '0.1.0' };

/**
 * spec file -> every file of the package, by relative path. Writes nothing. Any failure is a
 * SpecError (the CLI's exit 2), also one that no check foresaw: see `asSpecError`.
 */
export async function generateFromFile(specFile: string, request: PackageRequest = DEFAULT_PACKAGE): Promise<Map<string, string>> {
  const loaded = await stage('reading the spec', specFile, () => loadSpec(specFile));
  const model = await stage('modelling the spec', specFile, () => buildApiModel(loaded));
  // The manifest's name (when none is given), licence and summary come from the spec's `info` (issue 21).
  const identity = {
    name: request.name ?? packageNameFromTitle(model.title),
    version: request.version,
    fromSpec: specInfo(loaded.document),
  };
  return stage('generating the package', specFile, () => generatePackage(model, identity));
}

/**
 * model -> files: every emitter of emit/index.ts EMITTERS in turn, then the post-steps by file
 * kind (dist, escape, format). The emitters (ts-morph, openapi-typescript, ajv: about a second of
 * imports) are loaded only once the spec has loaded and modelled cleanly, so a broken spec is
 * reported at once.
 */
export async function generatePackage(
  model: ApiModel,
  identity: PackageIdentity = { name: packageNameFromTitle(model.title), version: DEFAULT_PACKAGE.version },
): Promise<Map<string, string>> {
  const emit = await import('./emit/index.js');
  const header = generatedHeader(model.specName);
  const files = await emit.emitAll(model, { identity, header });
  return new Map(emit.postProcess(files, header).map((file) => [file.path, file.text]));
}

async function stage<T>(name: string, specFile: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asSpecError(error, name, specFile);
  }
}

/**
 * An error the checks did not foresee, as the one line the CLI prints: which stage, the
 * library's own message, and where (the spec file; the checks name a JSON pointer whenever they
 * can). A stack overflow (`RangeError: Maximum call stack size exceeded`, e.g. from a
 * library's recursion on a shape the limits in load/bounds.ts let through) is said in words.
 * Never the stack: a user cannot act on it, and the message is what to report.
 */
export function asSpecError(error: unknown, stage: string, specFile: string): SpecError {
  if (error instanceof SpecError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const what =
    error instanceof RangeError && /call stack/i.test(message)
      ? 'the spec is nested or repeated beyond what the generator can follow (stack overflow)'
      : `internal error: ${firstLine(message)}`;
  return new SpecError(`${what} while ${stage}`, specFile, 'please report it with the spec');
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
