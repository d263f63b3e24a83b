import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATOR_DIR } from './paths.js';

/**
 * The config's validator: ajv compiling generator/schema/slbkit.config.schema.json, the schema
 * editors read through `$schema`, so what an editor flags and what the generator refuses are one
 * thing. `npm run generate` runs a bundle in which generator/bin/generate.mjs replaces this module
 * by ajv's standalone code for the same schema and options (AJV_OPTIONS), compiled when the
 * bundle is built: a run then validates its config without loading ajv (about 0.1 s).
 */

export const CONFIG_SCHEMA_FILE = join(GENERATOR_DIR, 'schema', 'slbkit.config.schema.json');

/** The schema uses no keyword that needs an ajv run-time helper (minLength would), so its standalone code imports nothing. */
export const AJV_OPTIONS = { allErrors: true, strict: true } as const;

export interface ConfigSchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type ConfigValidator = ((data: unknown) => boolean) & { errors?: ConfigSchemaError[] | null };

export async function configValidator(): Promise<ConfigValidator> {
  // Node gives the CommonJS exports object as the default import (its class is `.default`), as emit/validators.ts uses it.
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  return new Ajv2020.default(AJV_OPTIONS).compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'))) as ConfigValidator;
}
