import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import yaml from 'js-yaml';
import { SpecError } from '../errors.js';
import { checkBounds, LIMITS } from './bounds.js';
import { expandMergeKeys, MERGE_KEY, mergeBudget } from './merge-keys.js';

/**
 * Read a spec file (YAML or JSON; JSON is YAML) into plain data. This is the only file the
 * generator reads from the spec's side: nothing a `$ref` names is ever opened (load/refs.ts).
 * js-yaml rather than `yaml`: it parses large specs about ten times faster, and its
 * exceptions carry the line and column we need for the error.
 */
export async function readSpecFile(file: string): Promise<unknown> {
  return parseSpecText(await readSpecText(file), file);
}

/**
 * The text of a regular file of at most LIMITS.fileBytes. A FIFO or a device (`--spec
 * /dev/zero`) is refused before anything is read: it may never end. The size is checked on the
 * open handle, and a file that grows while it is read is refused.
 */
async function readSpecText(file: string): Promise<string> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw unreadable(cause, file);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new SpecError('the spec is not a regular file', file, 'pass the path of a .yaml or .json file');
    if (stats.size > LIMITS.fileBytes) throw tooLarge(file);
    // One byte more than the size said: reading it means the file grew while it was read.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > stats.size) throw new SpecError('the spec changed while it was read', file, 'run again once it is written');
    }
    return buffer.toString('utf8', 0, length);
  } catch (cause) {
    if (cause instanceof SpecError) throw cause;
    throw unreadable(cause, file);
  } finally {
    await handle.close();
  }
}

function unreadable(cause: unknown, file: string): SpecError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
  return new SpecError(`cannot read the spec (${code})`, file, 'check the --spec path');
}

function tooLarge(file: string): SpecError {
  return new SpecError(
    `the spec is larger than ${LIMITS.fileBytes / 1024 / 1024} MiB, the most the generator reads`,
    file,
    'split the API into several specs',
  );
}

/**
 * The merge key written with its explicit YAML 1.1 tag, `!!merge <<: *anchor` (as openapi-typescript's
 * own yaml-merge fixture writes it, and as YAML libraries print merges): JSON_SCHEMA knows no such
 * tag, so js-yaml refused it as "unknown tag". With this type js-yaml merges it while parsing (its
 * loader does so for any key of this tag), with the same rule as merge-keys.ts (the mapping's own
 * keys win, then the first source); its copies are bounded by maxTotalMergeKeys, set to the same
 * budget. A plain `<<` stays a plain key here and is merged by expandMergeKeys after the parse.
 */
const mergeTag = new yaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: unknown) => data === MERGE_KEY,
  construct: () => MERGE_KEY,
});
const SPEC_SCHEMA = yaml.JSON_SCHEMA.extend({ explicit: [mergeTag] });

/** YAML text -> data, checked against LIMITS (aliases expanded, depth, entries, no `__proto__` key). */
export function parseSpecText(text: string, file: string): unknown {
  let data: unknown;
  try {
    // maxDepth: js-yaml's own guard against deep nesting in the text (its default is 100);
    // checkBounds applies the same limit through aliases.
    data = yaml.load(text, {
      filename: file,
      schema: SPEC_SCHEMA,
      maxDepth: LIMITS.depth,
      maxTotalMergeKeys: LIMITS.nodes,
    } as yaml.LoadOptions);
  } catch (cause) {
    if (cause instanceof yaml.YAMLException) {
      const mark = cause.mark;
      // js-yaml counts lines and columns from 0; editors count from 1.
      const at = `${file}:${mark.line + 1}:${mark.column + 1}`;
      if (cause.reason.startsWith('merge keys exceeded maxTotalMergeKeys')) throw mergeBudget(at);
      throw new SpecError(`YAML syntax error: ${cause.reason}`, at);
    }
    throw cause;
  }
  // Before checkBounds: it checks the tree the merges make (merge-keys.ts bounds their own work).
  if (text.includes(MERGE_KEY)) expandMergeKeys(data);
  checkBounds(data, text);
  return data;
}
