import { isObject, type Json, type JsonObject } from '../load/refs.js';

/** Keywords whose value is one subschema, or a list or map of them (JSON Schema 2020-12). */
export const ONE = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
];
export const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
export const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

const PREFIX = '#/components/schemas/';

/**
 * A schema as a request carries it and as a response carries it (OpenAPI 3.1 section 4.8.24,
 * JSON Schema validation 9.4): a `readOnly` property is one only the server writes, so a request
 * leaves it out (and does not require it); a `writeOnly` property is one it never sends back, so
 * a response leaves it out. A request also leaves out `default`: the server fills a property the
 * caller leaves out, so the caller may (openapi-typescript's `defaultNonNullable` would type it
 * as required, as it rightly does in a response).
 *
 * A component used both ways is printed twice: under its own name as a response reads it
 * (writeOnly properties left out), and as `<Name>Writable` as a request writes it (readOnly
 * properties and defaults left out), the second only for a component whose request form differs
 * and that a request reaches. Every request schema (bodies, parameters) refers to the `Writable`
 * forms, every response schema to the plain names. This is @hey-api/openapi-ts's way since 0.66
 * (separate payload and response types). openapi-typescript 7.13 instead wraps properties in
 * `$Read<T>`/`$Write<T>` under `--read-write-markers`, for openapi-fetch's `Readable`/`Writable`
 * helpers to strip at each use: our Input and Output aliases would need those helpers too, and
 * a hover would show the wrappers. Pure: `schemas` is
 * not changed.
 */
export interface ReadWriteViews {
  /**
   * The component schemas by name: each as a response reads it, and the `Writable` forms that
   * `request` has reached so far (so: read it after every request schema has been viewed).
   */
  readonly components: Record<string, Json>;
  /** A request schema (a body, a parameter) as the caller writes it. */
  request(schema: Json): Json;
  /** A response schema as the caller reads it. */
  response(schema: Json): Json;
}

type Mark = 'readOnly' | 'writeOnly';

export function readWriteViews(schemas: Record<string, Json>): ReadWriteViews {
  const nameOf = (ref: string): string | undefined => {
    if (!ref.startsWith(PREFIX)) return undefined;
    const name = decodeURIComponent(ref.slice(PREFIX.length)).replace(/~1/g, '/').replace(/~0/g, '~');
    return Object.hasOwn(schemas, name) ? name : undefined;
  };
  const target = (schema: JsonObject): Json | undefined => {
    const name = typeof schema.$ref === 'string' ? nameOf(schema.$ref) : undefined;
    return name === undefined ? undefined : schemas[name];
  };

  // Each schema object is asked about many times (once per view of every schema holding it): the answers are kept.
  const memo = { readOnly: new WeakMap<JsonObject, boolean>(), writeOnly: new WeakMap<JsonObject, boolean>() };
  const namesMemo = { readOnly: new WeakMap<JsonObject, string[]>(), writeOnly: new WeakMap<JsonObject, string[]>() };

  /** A property schema the mark leaves out: marked itself, by the component it refers to, or by an allOf member. */
  const marked = (schema: Json, mark: Mark, seen: Json[] = []): boolean => {
    if (!isObject(schema) || seen.includes(schema)) return false;
    if (!seen.length) {
      let known = memo[mark].get(schema);
      if (known === undefined) memo[mark].set(schema, (known = marked(schema, mark, [null])));
      return known;
    }
    if (schema[mark] === true) return true;
    const next = [...seen, schema];
    const referred = target(schema);
    if (referred !== undefined && marked(referred, mark, next)) return true;
    return Array.isArray(schema.allOf) && schema.allOf.some((member) => marked(member, mark, next));
  };

  /** The names of the properties an object schema (with its allOf members, through refs) declares marked. */
  const markedNames = (schema: Json, mark: Mark, seen: Json[] = []): string[] => {
    if (!isObject(schema) || seen.includes(schema)) return [];
    if (!seen.length) {
      let known = namesMemo[mark].get(schema);
      if (known === undefined) namesMemo[mark].set(schema, (known = markedNames(schema, mark, [null])));
      return known;
    }
    const next = [...seen, schema];
    const own = isObject(schema.properties)
      ? Object.entries(schema.properties)
          .filter(([, property]) => marked(property, mark))
          .map(([name]) => name)
      : [];
    const referred = target(schema);
    return [
      ...own,
      ...(referred === undefined ? [] : markedNames(referred, mark, next)),
      ...(Array.isArray(schema.allOf) ? schema.allOf.flatMap((member) => markedNames(member, mark, next)) : []),
    ];
  };

  /** Whether the schema itself (refs not followed) holds what a view leaves out. */
  const holds = (schema: Json, marks: Mark[], defaults: boolean): boolean => {
    if (!isObject(schema)) return false;
    if (defaults && schema.default !== undefined) return true;
    if (isObject(schema.properties) && Object.values(schema.properties).some((p) => marks.some((m) => marked(p, m)))) return true;
    return children(schema).some((child) => holds(child, marks, defaults));
  };

  // Which components differ, to a fixed point over their refs: the response form (in place) where
  // a writeOnly property is reached; a `Writable` form where anything either view changes is
  // reached (a request must not refer to a component whose response form left out a writeOnly).
  const names = Object.keys(schemas);
  const refs = Object.fromEntries(names.map((name) => [name, referredNames(schemas[name]!, nameOf)]));
  const fixedPoint = (local: (schema: Json) => boolean): Set<string> => {
    const set = new Set(names.filter((name) => local(schemas[name]!)));
    for (let grew = true; grew; ) {
      grew = false;
      for (const name of names) {
        if (!set.has(name) && refs[name]!.some((r) => set.has(r))) {
          set.add(name);
          grew = true;
        }
      }
    }
    return set;
  };
  const readDiffers = fixedPoint((s) => holds(s, ['writeOnly'], false));
  const writeDiffers = fixedPoint((s) => holds(s, ['readOnly', 'writeOnly'], true));
  const taken = new Set(names);
  const writable = new Map<string, string>();
  // The Writable forms a request has reached, built when first reached: a form no request reaches
  // is neither printed nor compiled (a spec's response-only components would appear twice).
  const built = new Map<string, Json>();
  for (const name of names.filter((n) => writeDiffers.has(n))) {
    let variant = `${name}Writable`;
    for (let i = 2; taken.has(variant); i++) variant = `${name}Writable${i}`;
    taken.add(variant);
    writable.set(name, variant);
  }

  const view = (schema: Json, mark: Mark, inherited: string[]): Json => {
    if (!isObject(schema)) return schema;
    const copy: JsonObject = { ...schema };
    if (typeof copy.$ref === 'string' && mark === 'readOnly') {
      const name = nameOf(copy.$ref);
      const variant = name === undefined ? undefined : writable.get(name);
      // The variant's name is the component's and an ASCII suffix: appended, the ref keeps its own escaping.
      if (variant !== undefined) {
        copy.$ref = `${copy.$ref}${variant.slice(name!.length)}`;
        if (!built.has(variant)) {
          built.set(variant, true); // a cycle reaches it again while it is built
          built.set(variant, view(schemas[name!]!, 'readOnly', []));
        }
      }
    }
    if (mark === 'readOnly') delete copy.default;
    const left = [...inherited, ...markedNames(schema, mark)];
    if (isObject(copy.properties)) {
      copy.properties = Object.fromEntries(Object.entries(copy.properties).filter(([, property]) => !marked(property, mark)));
    }
    if (Array.isArray(copy.required)) copy.required = copy.required.filter((name) => typeof name !== 'string' || !left.includes(name));
    for (const key of ONE) if (copy[key] !== undefined) copy[key] = view(copy[key]!, mark, []);
    for (const key of LIST) {
      // An allOf member's `required` may name a property a sibling declares marked.
      if (Array.isArray(copy[key])) copy[key] = (copy[key] as Json[]).map((s) => view(s, mark, key === 'allOf' ? left : []));
    }
    for (const key of MAP) {
      if (isObject(copy[key])) copy[key] = Object.fromEntries(Object.entries(copy[key]).map(([k, s]) => [k, view(s, mark, [])]));
    }
    return copy;
  };

  const responseForms: Record<string, Json> = {};
  for (const name of names) responseForms[name] = readDiffers.has(name) ? view(schemas[name]!, 'writeOnly', []) : schemas[name]!;
  return {
    get components() {
      return { ...responseForms, ...Object.fromEntries(built) };
    },
    request: (schema) => view(schema, 'readOnly', []),
    response: (schema) => view(schema, 'writeOnly', []),
  };
}

function children(schema: JsonObject): Json[] {
  return [
    ...ONE.map((k) => schema[k]).filter((s): s is Json => s !== undefined),
    ...LIST.flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : [])),
    ...MAP.flatMap((k) => (isObject(schema[k]) ? Object.values(schema[k]) : [])),
  ];
}

/** The components a schema refers to directly (anywhere inside it). */
function referredNames(schema: Json, nameOf: (ref: string) => string | undefined): string[] {
  if (!isObject(schema)) return [];
  const own = typeof schema.$ref === 'string' ? nameOf(schema.$ref) : undefined;
  return [...(own === undefined ? [] : [own]), ...children(schema).flatMap((child) => referredNames(child, nameOf))];
}
