import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  type ApiModel,
  COMPONENTS_ID,
  compiling,
  isDataKey,
  type Json,
  LENIENT_STRICTNESS,
  NAME_MAPS,
  readDraft04Id,
  toAjvSchema,
} from '../../generator/src/api.js';

/**
 * ajv over a model's schemas: JSON Schema 2020-12 (OpenAPI 3.1's dialect) with ajv-formats,
 * strict as the generator is (emit/ajv-compile.ts, one rule): what strict mode finds in a valid
 * 2020-12 schema (a tuple without minItems, a draft-04 `id`) is a warning, not a refusal, so the
 * suite reads every spec the generator generates. OpenAPI's annotation keywords (section 4.8.24: discriminator, xml, externalDocs,
 * example) are declared as a vocabulary rather than switching strict off. The components are
 * one schema resource, so `#/components/schemas/X` (rewritten by `toAjvSchema`) resolves.
 * A `format` ajv-formats does not know (OpenAPI leaves formats open: "iso-country-code") is
 * accepted unchecked, and named once in `unknownFormats`, so the caller can say so.
 */
export interface ModelAjv {
  /** A validator for a schema of the model (`$ref`s into components kept as in the spec). */
  compile(schema: Json): ValidateFunction;
  /** ajv's errors as one readable line, for messages. */
  explain(validate: ValidateFunction): string;
  unknownFormats: string[];
}

export function modelAjv(model: ApiModel, options: { allErrors?: boolean; coerceTypes?: 'array' } = {}): ModelAjv {
  const ajv = new Ajv2020.default({
    ...LENIENT_STRICTNESS,
    allErrors: options.allErrors ?? true,
    ...(options.coerceTypes ? { coerceTypes: options.coerceTypes } : {}),
  });
  readDraft04Id(ajv);
  addFormats.default(ajv);
  ajv.addVocabulary(['xml', 'example', 'externalDocs', 'discriminator']);
  const used = [
    ...formatsIn(model.componentSchemas as Json, 0, true),
    ...model.operations.flatMap(operationSchemas).flatMap((s) => formatsIn(s)),
  ];
  const unknownFormats = [...new Set(used)].filter((f) => !ajv.formats[f]).sort();
  for (const format of unknownFormats) ajv.addFormat(format, true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: toAjvSchema(model.componentSchemas) } as object);
  const cache = new Map<Json, ValidateFunction>();
  return {
    compile(schema) {
      let validate = cache.get(schema);
      if (!validate) {
        // A format the walk above did not reach (a response header's `format: timestamp`, ghes-diff's
        // rate-limit): accepted unchecked as well, rather than ajv's "unknown format" refusing the schema.
        for (const format of formatsIn(schema)) {
          if (ajv.formats[format]) continue;
          ajv.addFormat(format, true);
          unknownFormats.push(format);
        }
        const compiled = compiling('a schema of the spec (contract suite)', () => ajv.compile(toAjvSchema(schema) as object));
        cache.set(schema, (validate = compiled));
      }
      return validate;
    },
    explain: (validate) => ajv.errorsText(validate.errors, { separator: '; ' }),
    unknownFormats,
  };
}

function operationSchemas(op: ApiModel['operations'][number]): Json[] {
  return [
    ...op.wireParameters.map((p) => p.schema),
    ...(op.requestBody ? [op.requestBody.schema] : []),
    ...[op.success, ...op.errors].flatMap((r) => Object.values(r.schemas)),
  ];
}

/**
 * Every `format` keyword in a schema tree. What is data (example, examples, default, const, enum,
 * x-*) and which keywords map names to subschemas is the loader's one rule (load/refs.ts), so a
 * `format` inside an example is not one and a property may be called `example`.
 */
function formatsIn(node: Json, depth = 0, nameMap = false): string[] {
  if (depth > 64 || node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((child) => formatsIn(child, depth + 1));
  const own = !nameMap && typeof node.format === 'string' ? [node.format] : [];
  return [
    ...own,
    ...Object.entries(node).flatMap(([key, child]) =>
      !nameMap && isDataKey(key, child as Json) ? [] : formatsIn(child as Json, depth + 1, !nameMap && NAME_MAPS.has(key)),
    ),
  ];
}
