import type { KeywordDefinition } from 'ajv';
import { printable } from '../errors.js';

/**
 * ajv's strict mode, as warnings instead of refusals. Strict mode (ajv's "Strict mode" docs)
 * refuses schemas that are valid JSON Schema 2020-12 but that ajv suspects of a mistake: `required`
 * naming a property only an `allOf` member declares (strictRequired), `prefixItems` without
 * `minItems` and `items: false` (strictTuples), a keyword it does not know, such as draft-04's `id`
 * (strictSchema). openapi-typescript reads such specs, and the validator ajv compiles for them is
 * still exact: each rule above only asks for something to be spelt out, and an unknown keyword is
 * an annotation in 2020-12 (section 6.5). So they compile; each finding is a warning naming the
 * JSON pointer of the schema it came from (`compiling`), one per pointer and message.
 */
export const LENIENT_STRICTNESS = {
  strict: 'log',
  strictTypes: false,
  logger: { log: () => {}, warn: (message: unknown) => heard.push(String(message)), error: () => {} },
} as const;

const heard: string[] = [];
const warned = new Set<string>();

/** Run one ajv compile step; what strict mode found while it ran is warned about at `at` (the schema's pointer). */
export function compiling<T>(at: string, compile: () => T): T {
  heard.length = 0;
  try {
    return compile();
  } finally {
    for (const message of heard.splice(0)) {
      // ajv names the place by its internal $id (components.json#/allOf/0): the part after `#` is relative to `at`.
      const text = message.replace(/^strict mode: /, '').replace(/"[\w.-]+\.json#/g, '"#');
      const line = `${at}: ${text}; compiled leniently (ajv strict mode)`;
      if (warned.has(line)) continue;
      warned.add(line);
      process.emitWarning(printable(line), { code: 'SLBKIT_LENIENT_SCHEMA' });
    }
  }
}

/**
 * Draft-04's `id` (2020-12's `$id`): ajv's core vocabulary refuses it outright, whatever the
 * strictness ("NOT SUPPORTED: keyword id"). In a 2020-12 schema it is an unknown keyword, an
 * annotation (section 6.5): read as one, with the same warning as any other unknown keyword.
 * References are resolved by JSON pointer inside the one document (load/refs.ts), never by `id`.
 */
export function readDraft04Id(ajv: { removeKeyword(keyword: string): unknown; addKeyword(definition: KeywordDefinition): unknown }): void {
  ajv.removeKeyword('id');
  ajv.addKeyword({
    keyword: 'id',
    code: () => {
      heard.push('strict mode: unknown keyword: "id" (draft-04 for $id; read as an annotation)');
    },
  });
}
