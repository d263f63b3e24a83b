/**
 * Issue 19 item 2: schemas the JSON Schema 2020-12 meta-schema refuses but whose meaning is plain
 * (load/schema-repairs.ts), met in the corpus (heyapi-full-3-0/3-1: `required: true` on a
 * property; openai: `$recursiveAnchor`, a name twice in `required`, 3.0's boolean
 * `exclusiveMinimum` and `nullable` in a 3.1 document). On main (529e7b6) ajv refused each row's
 * spec before compiling ("a schema cannot be compiled: schema is invalid"); checked by running
 * this file against main's sources. Each row: the warning (code SLBKIT_SPEC, at the keyword's
 * pointer, with the fix), the schema as read, and the validators compile. The second table runs
 * the emitted validators on values: the reading is the one the types say.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type JsonObject, loadModelAndDocument, resolvePointer, SpecError } from '../src/api.js';
import { emitValidators } from '../src/emit/validators.js';
import { type EmittedValidator, importValidators, withSpecWarnings } from './load-helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-schema-repairs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let files = 0;
/** Load `yaml` (real loader and model, through the kit's door), with the SLBKIT_SPEC warnings it gave. */
async function read(yaml: string) {
  const file = join(scratch, `spec-${files++}.yaml`);
  writeFileSync(file, yaml);
  const { value, warnings } = await withSpecWarnings(() => loadModelAndDocument(file));
  return { ...value, warnings };
}

const head = (version = '3.1.0') => `openapi: ${version}\ninfo: {title: T, version: "1"}\nservers: [{url: "https://api.example.com"}]\n`;
/** A spec whose one operation posts a `Thing` (`schemas`: the components, as YAML flow text). */
const spec = (schemas: string, version?: string) =>
  `${head(version)}paths:\n  /things: {post: {operationId: createThing, requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}, responses: {"204": {description: done}}}}\ncomponents:\n  schemas:\n${schemas}`;
const T = '#/components/schemas/Thing';

interface Row {
  yaml: string;
  /** Pointer -> the schema there as the loader reads it. */
  read: Record<string, unknown>;
  warnings: string[];
}

const rows: [string, Row][] = [
  [
    '`required: true` on a property its parent lists (heyapi-full): removed, nothing else changes',
    {
      yaml: spec('    Thing: {type: object, required: [a], properties: {a: {type: string, required: true}}}\n'),
      read: { [T]: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } },
      warnings: [
        `${T}/properties/a/required: "required: true" on a schema is not JSON Schema (required is a list of property names); removed: the parent's required list already names "a" (remove it)`,
      ],
    },
  ],
  [
    '`required: true` on a property its parent does not list: optional, as openapi-typescript types it; the fix says how to require it',
    {
      yaml: spec('    Thing: {type: object, properties: {a: {type: string, required: true}}}\n'),
      read: { [T]: { type: 'object', properties: { a: { type: 'string' } } } },
      warnings: [
        `${T}/properties/a/required: "required: true" on a schema is not JSON Schema (required is a list of property names); removed: "a" is optional, as its parent's required list says (remove it, and list "a" in the parent schema's required to make it required)`,
      ],
    },
  ],
  [
    '`required: true` in an OpenAPI 3.0 document: the same reading after the 3.0 upgrade, at the original pointer',
    {
      yaml: spec('    Thing: {type: object, required: [a], properties: {a: {type: string, nullable: true, required: true}}}\n', '3.0.3'),
      read: { [T]: { type: 'object', required: ['a'], properties: { a: { type: ['string', 'null'] } } } },
      warnings: [
        `${T}/properties/a/required: "required: true" on a schema is not JSON Schema (required is a list of property names); removed: the parent's required list already names "a" (remove it)`,
      ],
    },
  ],
  [
    'a required list naming a property twice (openai ContainerResource): read once',
    {
      yaml: spec('    Thing: {type: object, required: [a, b, a], properties: {a: {type: string}, b: {type: string}}}\n'),
      read: { [`${T}/required`]: ['a', 'b'] },
      warnings: [`${T}/required: the required list names "a" twice (its names must be unique); read once (remove the repeated names)`],
    },
  ],
  [
    'a boolean exclusiveMinimum beside minimum in a 3.1 document (openai): read as OpenAPI 3.0 reads it',
    {
      yaml: spec('    Thing: {type: object, properties: {rate: {type: number, minimum: 0, exclusiveMinimum: true}}}\n'),
      read: { [`${T}/properties/rate`]: { type: 'number', exclusiveMinimum: 0 } },
      warnings: [
        `${T}/properties/rate/exclusiveMinimum: "exclusiveMinimum: true" beside "minimum: 0" is OpenAPI 3.0's form; read as 3.0 reads it, "exclusiveMinimum: 0" (the bound itself is refused) (write "exclusiveMinimum: 0" in place of both (OpenAPI 3.1 schemas are JSON Schema 2020-12))`,
      ],
    },
  ],
  [
    'a boolean exclusiveMaximum with no maximum: it constrains nothing, removed',
    {
      yaml: spec('    Thing: {type: object, properties: {rate: {type: number, exclusiveMaximum: true}}}\n'),
      read: { [`${T}/properties/rate`]: { type: 'number' } },
      warnings: [
        `${T}/properties/rate/exclusiveMaximum: "exclusiveMaximum: true" (OpenAPI 3.0's form) has no "maximum" beside it: it constrains nothing; removed (remove it, or write "exclusiveMaximum: <number>" (OpenAPI 3.1 schemas are JSON Schema 2020-12))`,
      ],
    },
  ],
  [
    '$recursiveAnchor and $recursiveRef "#" (openai CompoundFilter, JSON Schema 2019-09): a $ref to the component',
    {
      yaml: spec(
        '    Thing: {$recursiveAnchor: true, type: object, properties: {op: {enum: [and, or]}, filters: {type: array, items: {anyOf: [{$ref: "#/components/schemas/Leaf"}, {$recursiveRef: "#"}]}}}}\n    Leaf: {type: object, required: [key], properties: {key: {type: string}}}\n',
      ),
      read: { [`${T}/properties/filters/items/anyOf/1`]: { $ref: T }, [`${T}/$recursiveAnchor`]: undefined },
      warnings: [
        `${T}/$recursiveAnchor: $recursiveAnchor true (JSON Schema 2019-09, not in OpenAPI 3.1) removed; a $recursiveRef "#" in this schema is read as a $ref to it (remove it, and write a $ref to the schema meant where $recursiveRef is used)`,
        `${T}/properties/filters/items/anyOf/1/$recursiveRef: $recursiveRef "#" (JSON Schema 2019-09, not in OpenAPI 3.1) read as $ref "${T}", the schema marked $recursiveAnchor it is written in (write $ref: "${T}")`,
      ],
    },
  ],
  [
    '$recursiveRef "#" in a marked component another marked schema references (2019-09 would extend it): removed, not guessed',
    {
      yaml: spec(
        '    Thing: {$recursiveAnchor: true, type: object, properties: {tree: {$ref: "#/components/schemas/Tree"}}}\n    Tree: {$recursiveAnchor: true, type: object, properties: {kids: {type: array, items: {$recursiveRef: "#"}}}}\n',
      ),
      read: { '#/components/schemas/Tree/properties/kids/items': {} },
      warnings: [
        `${T}/$recursiveAnchor: $recursiveAnchor true (JSON Schema 2019-09, not in OpenAPI 3.1) removed; a $recursiveRef "#" in this schema is read as a $ref to it (remove it, and write a $ref to the schema meant where $recursiveRef is used)`,
        '#/components/schemas/Tree/$recursiveAnchor: $recursiveAnchor true (JSON Schema 2019-09, not in OpenAPI 3.1) removed (remove it, and write a $ref to the schema meant where $recursiveRef is used)',
        '#/components/schemas/Tree/properties/kids/items/$recursiveRef: $recursiveRef "#" (JSON Schema 2019-09, not in OpenAPI 3.1) has no single target without its dynamic scope (another schema marked $recursiveAnchor references #/components/schemas/Tree); removed: this schema accepts any value (write a $ref to the schema meant)',
      ],
    },
  ],
  [
    '$recursiveRef with no $recursiveAnchor around it: no target without the dynamic scope, removed (any value, openapi-typescript: unknown)',
    {
      yaml: spec('    Thing: {type: object, properties: {next: {$recursiveRef: "#"}}}\n'),
      read: { [`${T}/properties/next`]: {} },
      warnings: [
        `${T}/properties/next/$recursiveRef: $recursiveRef "#" (JSON Schema 2019-09, not in OpenAPI 3.1) has no single target without its dynamic scope; removed: this schema accepts any value (write a $ref to the schema meant)`,
      ],
    },
  ],
  [
    'nullable beside a type and an enum in a 3.1 document (openai): null added to both, as openapi-typescript types it',
    {
      yaml: spec('    Thing: {type: object, properties: {mode: {type: string, enum: [a, b], nullable: true}}}\n'),
      read: { [`${T}/properties/mode`]: { type: ['string', 'null'], enum: ['a', 'b', null] } },
      warnings: [
        `${T}/properties/mode/nullable: "nullable: true" is OpenAPI 3.0's keyword, not 3.1's; read as type ["string","null"] with null in its enum, as openapi-typescript types it (add "null" to the type, or a {type: "null"} branch (OpenAPI 3.1 schemas are JSON Schema 2020-12))`,
      ],
    },
  ],
  [
    'nullable beside a oneOf and no type (openai; ajv: "nullable" cannot be used without "type"): one more branch, null',
    {
      yaml: spec('    Thing: {type: object, properties: {p: {nullable: true, oneOf: [{type: string}, {type: integer}]}}}\n'),
      read: { [`${T}/properties/p`]: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] } },
      warnings: [
        `${T}/properties/p/nullable: "nullable: true" is OpenAPI 3.0's keyword, not 3.1's; read as one more oneOf branch, {type: "null"}, as openapi-typescript types it (add "null" to the type, or a {type: "null"} branch (OpenAPI 3.1 schemas are JSON Schema 2020-12))`,
      ],
    },
  ],
  [
    'nullable beside a $ref (openai usage): anyOf [the $ref, null]; the description stays',
    {
      yaml: spec(
        '    Thing: {type: object, properties: {u: {$ref: "#/components/schemas/Leaf", description: d, nullable: true}}}\n    Leaf: {type: object}\n',
      ),
      read: { [`${T}/properties/u`]: { description: 'd', anyOf: [{ $ref: '#/components/schemas/Leaf' }, { type: 'null' }] } },
      warnings: [
        `${T}/properties/u/nullable: "nullable: true" is OpenAPI 3.0's keyword, not 3.1's; read as anyOf [{$ref}, {type: "null"}], as openapi-typescript types it (add "null" to the type, or a {type: "null"} branch (OpenAPI 3.1 schemas are JSON Schema 2020-12))`,
      ],
    },
  ],
];

describe('schemas the 2020-12 meta-schema refuses, read as meant', () => {
  it.each(rows)('%s', async (_name, row) => {
    const { model, document, warnings } = await read(row.yaml);
    expect(warnings).toEqual(row.warnings);
    for (const [at, want] of Object.entries(row.read)) {
      if (want === undefined) expect(() => resolvePointer(document, at, at)).toThrow();
      else expect(resolvePointer(document, at, at)).toEqual(want);
    }
    // The refusal on main: ajv checks every component against the meta-schema before compiling.
    expect(() => emitValidators(model)).not.toThrow();
  });

  it('a keyword that still breaks the meta-schema (type: file, Swagger 2.0) stays a located refusal', async () => {
    const { model } = await read(spec('    Thing: {type: object, properties: {f: {type: file}}}\n'));
    const refusal = (() => {
      try {
        emitValidators(model);
      } catch (error) {
        return error;
      }
    })() as SpecError;
    expect(refusal).toBeInstanceOf(SpecError);
    expect(refusal.describe()).toMatch(
      /^#\/components\/schemas\/Thing\/properties\/f\/type: a schema cannot be compiled: schema is invalid/,
    );
  });
});

/**
 * The emitted input validator of one spec holding every repair, run on values (the shipped module
 * and its runtime helpers, imported as a consumer would).
 */
const ALL = spec(
  [
    '    Thing:',
    '      type: object',
    '      required: [rate, rate]',
    '      properties:',
    '        rate: {type: number, minimum: 0, exclusiveMinimum: true}',
    '        name: {type: string, required: true}',
    '        mode: {type: string, enum: [a, b], nullable: true}',
    '        pick: {nullable: true, oneOf: [{type: string}, {type: integer}]}',
    '        filter: {$ref: "#/components/schemas/Filter"}',
    '    Filter:',
    '      $recursiveAnchor: true',
    '      type: object',
    '      required: [op, filters]',
    '      additionalProperties: false',
    '      properties:',
    '        op: {enum: [and, or]}',
    '        filters: {type: array, items: {anyOf: [{$ref: "#/components/schemas/Leaf"}, {$recursiveRef: "#"}]}}',
    '    Leaf: {type: object, required: [key], additionalProperties: false, properties: {key: {type: string}}}',
    '',
  ].join('\n'),
);

let compiled: Promise<EmittedValidator> | undefined;
/** Compiled once, on the first row that asks (so on main each row fails on its own, at the refusal). */
const validator = () => (compiled ??= compile());
async function compile(): Promise<EmittedValidator> {
  const { model } = await read(ALL);
  return (await importValidators(model, join(scratch, 'package'))).validateCreateThingInput!;
}

const leaf = { key: 'k' };
/** [why, body, the failing keywords ("" when accepted)]. */
const VERDICTS: [string, JsonObject, string][] = [
  ['rate above the exclusive minimum', { rate: 0.5 }, ''],
  ['rate at the bound itself: exclusiveMinimum: true meant it is refused', { rate: 0 }, '/body/rate exclusiveMinimum'],
  ['rate is required (named twice, read once)', {}, '/body required'],
  ['name may be left out (`required: true` on it is not a list)', { rate: 1 }, ''],
  ['mode null (nullable beside enum)', { rate: 1, mode: null }, ''],
  ['mode outside the enum is still refused', { rate: 1, mode: 'c' }, '/body/mode enum'],
  ['pick null (nullable beside oneOf: a null branch)', { rate: 1, pick: null }, ''],
  ['pick a boolean matches no branch', { rate: 1, pick: true }, '/body/pick type; /body/pick type; /body/pick type; /body/pick oneOf'],
  [
    'a filter nested in a filter ($recursiveRef "#" read as the component)',
    { rate: 1, filter: { op: 'and', filters: [leaf, { op: 'or', filters: [leaf] }] } },
    '',
  ],
  [
    'a nested filter is checked as a filter, not accepted as anything',
    { rate: 1, filter: { op: 'and', filters: [{ op: 'xor', filters: [] }] } },
    '/body/filter/filters/0 required; /body/filter/filters/0 additionalProperties; /body/filter/filters/0 additionalProperties; /body/filter/filters/0/op enum; /body/filter/filters/0 anyOf',
  ],
];

describe('the validator reads the repairs as the warnings say', () => {
  it.each(VERDICTS)('%s', async (_why, body, want) => {
    const validate = await validator();
    const got = validate({ body }) ? '' : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).join('; ');
    expect(got).toBe(want);
  });
});
