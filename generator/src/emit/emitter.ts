import type { ApiModel } from '../model/api-model.js';
import type { PackageIdentity } from './package-json.js';

/**
 * What a generated file is. The post-steps choose by it, never by path: dist.ts compiles `ts`,
 * turns `types` into a .d.ts and an empty module, copies `js` and `dts`; format.ts formats the
 * code kinds.
 * - `ts`: a TypeScript module with code.
 * - `types`: TypeScript with declarations only (its own .d.ts; transpiling megabytes of types to
 *   learn that the module is empty was the largest cost of a big spec).
 * - `js`, `dts`: JavaScript and its declarations, as shipped (ajv's validators, printed dist files).
 */
export type FileKind = 'ts' | 'types' | 'js' | 'dts' | 'json' | 'markdown';

export interface GeneratedFile {
  /** Relative to the package root, `/`-separated. */
  readonly path: string;
  readonly text: string;
  readonly kind: FileKind;
  /**
   * A `ts` source whose dist/ files its emitter returned itself, printed from the same nodes
   * (operations.ts: megabytes of data at scale), so dist.ts does not compile it again.
   */
  readonly distIncluded?: true;
  /**
   * `false`: left as its printer wrote it by the formatter post-step. Only ajv's standalone
   * validators: 13.5 MB and 6.1 MB at 2,000 operations, which Biome took about 40 s to reprint
   * (more than the rest of the generation), and ajv prints them one statement per line already.
   */
  readonly formatted?: false;
  /**
   * The src/ file this dist/ file copies as it stands (dist.ts: ajv's validators, their
   * declarations, a declarations-only `types` file): the formatter post-step formats the source
   * once and the copy takes its result. At GitHub's spec the copies are 7 MB of declarations
   * (schema.ts, types.ts) that Biome otherwise formatted a second time for the same bytes.
   */
  readonly copyOf?: string;
}

export interface EmitContext {
  readonly identity: PackageIdentity;
  /** The first line of every generated code file (header.ts). */
  readonly header: string;
}

/**
 * The one shape of an emitter: model in, files out; writes nothing, keeps nothing between calls.
 * A Promise only where the library it drives is asynchronous (openapi-typescript and Redocly's
 * config loader: schema-types.ts).
 */
export type Emitter = (model: ApiModel, context: EmitContext) => GeneratedFile[] | Promise<GeneratedFile[]>;
