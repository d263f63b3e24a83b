import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { SpecError } from '../errors.js';

/**
 * Read a spec file (YAML or JSON; JSON is YAML) into plain data.
 * js-yaml rather than `yaml`: it parses large specs about ten times faster, and its
 * exceptions carry the line and column we need for the error.
 */
export async function readSpecFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SpecError(`cannot read the spec (${code})`, file, 'check the --spec path');
  }
  return parseSpecText(text, file);
}

export function parseSpecText(text: string, file: string): unknown {
  try {
    return yaml.load(text, { filename: file, schema: yaml.JSON_SCHEMA });
  } catch (cause) {
    if (cause instanceof yaml.YAMLException) {
      const mark = cause.mark;
      // js-yaml counts lines and columns from 0; editors count from 1.
      throw new SpecError(`YAML syntax error: ${cause.reason}`, `${file}:${mark.line + 1}:${mark.column + 1}`);
    }
    throw cause;
  }
}
