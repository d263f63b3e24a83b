import type { ApiModel } from '../model/api-model.js';
import { apiSurfaceFiles } from './api-surface.js';
import { distFiles } from './dist.js';
import { escapePrinted } from './docs.js';
import type { EmitContext, Emitter, GeneratedFile } from './emitter.js';
import { formatFiles } from './format.js';
import { collectGarbage } from './gc.js';
import { operationFiles } from './operations.js';
import { packageJsonFiles } from './package-json.js';
import { declarationFiles } from './printed.js';
import { readmeFiles } from './readme.js';
import { runtimeFiles } from './runtime.js';
import { schemaFiles } from './schema-types.js';
import { validatorFiles } from './validators.js';

export type { EmitContext, Emitter, FileKind, GeneratedFile } from './emitter.js';

/**
 * Every emitter, in the order they run: the largest first (ajv's validators, then
 * openapi-typescript's schema), each followed by a garbage collection when the heap is large.
 * A new kind of generated file is one more Emitter here; the post-steps below find it by its kind.
 */
export const EMITTERS: readonly Emitter[] = [
  validatorFiles,
  schemaFiles,
  declarationFiles,
  operationFiles,
  runtimeFiles,
  packageJsonFiles,
  readmeFiles,
  apiSurfaceFiles,
];

/** Runs the list; throws on two emitters writing one path. */
export async function emitAll(model: ApiModel, context: EmitContext, emitters: readonly Emitter[] = EMITTERS): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const emit of emitters) {
    files.push(...(await emit(model, context)));
    collectGarbage();
  }
  const seen = new Set<string>();
  for (const { path } of files) {
    if (seen.has(path)) throw new Error(`two emitters wrote ${path}`);
    seen.add(path);
  }
  return files;
}

/**
 * The post-steps over what the emitters returned, each choosing files by kind: dist (dist.ts),
 * then the escape of every invisible character from the spec (docs.ts escapePrinted), then the
 * formatter (format.ts). Escaped before formatting: Biome reads UTF-8, in which a lone surrogate
 * from the spec cannot be said; its escape can. Deterministic: the same files give
 * byte-identical output, sorted by path.
 */
export function postProcess(files: readonly GeneratedFile[], header: string): GeneratedFile[] {
  // A dist copy (emitter.ts `copyOf`) of the same text takes its source's escaped text: at GitHub's
  // spec the copies are 20 MB (ajv's validators, schema.ts, types.ts), scanned a second time before.
  const escaped = new Map<string, { text: string; escaped: string }>();
  const escapeOnce = (file: GeneratedFile): GeneratedFile => {
    const source = file.copyOf === undefined ? undefined : escaped.get(file.copyOf);
    if (source && source.text === file.text) return { ...file, text: source.escaped };
    const text = escapePrinted(file.text);
    escaped.set(file.path, { text: file.text, escaped: text });
    return { ...file, text };
  };
  const all = [...files, ...distFiles(files, header)].map(escapeOnce);
  return formatFiles(all).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
