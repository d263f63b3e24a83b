import { scanDiscriminators } from 'openapi-typescript';
import { isObject, type Json, type JsonObject } from '../load/refs.js';

const PREFIX = '#/components/schemas/';

/**
 * The component schemas as the types read them where a discriminator decides, for the
 * validators: ajv knows `discriminator` only as an annotation, while openapi-typescript types each
 * schema a discriminator selects with its value (OpenAPI 3.1 section 4.8.25; the schema's name
 * when `mapping` does not name one). Read from the same scan openapi-typescript runs
 * (`scanDiscriminators`, on the types document with `components`' schemas as the types read them),
 * so the two agree by construction:
 * - a schema a oneOf with a discriminator selects (by `mapping` or by its name): its property is
 *   required and one of its values, as openapi-typescript patches it (so the oneOf's branches
 *   are told apart by the property, and a value no branch is selected by is refused);
 * - a schema that extends one with a discriminator by `allOf` and is not mapped: its property is
 *   required and its name (or the mapping key naming it), as openapi-typescript prints it.
 * A discriminator on an inline schema outside components is left to the schemas as written.
 */
export function discriminatedComponents(components: Record<string, Json>, typesDocument: Json): Record<string, Json> {
  const types = isObject(typesDocument) ? typesDocument : {};
  // The scan patches what it reads: it gets a copy of the schemas, and of the paths only when an
  // inline schema there holds a discriminator (copying a 13 MB document cost 100 MB at peak).
  const inPaths = holdsDiscriminator(types.paths ?? null);
  if (!inPaths && !holdsDiscriminator(components)) return components;
  const document = structuredClone({
    openapi: types.openapi ?? '3.1.0',
    ...(inPaths ? { paths: types.paths } : {}),
    components: { schemas: components },
  }) as JsonObject & { components: { schemas: JsonObject } };
  const schemas = document.components.schemas;
  // It patches the document it is given (its resolveRef reads only local pointers) and returns what it found.
  const { objects, refsHandled } = scanDiscriminators(document as never, { silent: true });
  for (const [ref, discriminator] of Object.entries(objects)) {
    const name = ref.startsWith(PREFIX) ? segmentName(ref.slice(PREFIX.length)) : undefined;
    const schema = name === undefined ? undefined : schemas[name];
    // As transformSchemaObjectCore reads it: a schema with allOf or anyOf, no discriminator of its own, not patched already.
    if (!isObject(schema) || schema.discriminator !== undefined || refsHandled.includes(ref)) continue;
    if (!Array.isArray(schema.allOf) && !Array.isArray(schema.anyOf)) continue;
    const property = discriminator.propertyName;
    const value = discriminatorValue(name!, discriminator.mapping);
    schemas[name!] = {
      ...schema,
      allOf: [...(Array.isArray(schema.allOf) ? schema.allOf : []), { required: [property], properties: { [property]: { const: value } } }],
    };
  }
  return schemas;
}

/** createDiscriminatorProperty's value: the mapping key whose target's last segment is the name, else the name. */
function discriminatorValue(name: string, mapping: Record<string, string> | undefined): string {
  const found = Object.entries(mapping ?? {}).find(
    ([, target]) => (target.startsWith('#') ? segmentName(target.split('/').pop() ?? '') : target) === name,
  );
  return found ? found[0] : name;
}

function holdsDiscriminator(node: Json): boolean {
  if (Array.isArray(node)) return node.some(holdsDiscriminator);
  if (!isObject(node)) return false;
  return (isObject(node.discriminator) && node.discriminator.propertyName !== undefined) || Object.values(node).some(holdsDiscriminator);
}

function segmentName(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
