import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { spec } from './spec-examples.js';

/**
 * ajv over the spec's own schemas, JSON Schema 2020-12 (OpenAPI 3.1's dialect) with ajv-formats,
 * strict. OpenAPI adds annotation keywords to schemas (section 4.8.24: discriminator, xml,
 * externalDocs, example); they are declared as a vocabulary rather than switching strict off.
 * The whole document is added under an $id, so the spec's own `#/components/...` refs resolve.
 */
const SPEC_ID = 'https://slbkit.invalid/spec.json';

export const ajv = new Ajv2020.default({ strict: true, strictTypes: false, allErrors: true });
addFormats.default(ajv);
ajv.addVocabulary(['xml', 'example', 'externalDocs', 'discriminator']);
// The document root is added as the schema resource the refs point into; its `components` key
// is a container of schemas, so it is declared as an annotation too.
ajv.addVocabulary(['components']);
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

const cache = new Map<string, ValidateFunction>();

/** A validator for the schema at a JSON pointer of the spec, e.g. `#/components/schemas/ErrorResponse`. */
export function schemaAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

/** ajv's errors as one readable line, for assertion messages. */
export function explain(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: '; ' });
}
