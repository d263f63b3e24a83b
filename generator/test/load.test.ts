// Over 400 lines: one table per load stage (YAML, structure, $ref) with the exact location each error carries.
/**
 * load/: YAML text -> data, the structural checks, and `$ref` resolution. Every failure is a
 * SpecError whose location is `file:line:column` (YAML, 1-based like an editor) or the JSON
 * pointer of the offending node; the rows pin both, and the message, exactly.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { LIMITS } from '../src/load/bounds.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import { parseSpecText } from '../src/load/read-yaml.js';
import { checkAllRefs, deref, inertDocument, type Json, type JsonObject, resolvePointer } from '../src/load/refs.js';

/** What a call threw, as the one line the CLI prints; or what it returned. */
function outcome(run: () => unknown): { threw: string } | { returned: unknown } {
  try {
    return { returned: run() };
  } catch (error) {
    if (error instanceof SpecError) return { threw: error.describe() };
    throw error;
  }
}

// ------------------------------------------------------------------ parseSpecText

describe('parseSpecText: YAML errors carry file:line:column (1-based)', () => {
  const rows: [string, { given: string; want: string }][] = [
    [
      'bad indentation',
      {
        given: 'openapi: 3.1.0\ninfo:\n  title: x\n   version: y\n',
        // js-yaml marks the ":" of the mis-indented entry: line 4, column 11.
        want: 'spec.yaml:4:11: YAML syntax error: bad indentation of a mapping entry',
      },
    ],
    [
      'unclosed double quote (reported where the stream ends)',
      {
        given: 'openapi: 3.1.0\ninfo:\n  title: "x\n  version: y\npaths: {}\n',
        want: 'spec.yaml:6:1: YAML syntax error: unexpected end of the stream within a double quoted scalar',
      },
    ],
    [
      'tab indentation',
      {
        given: 'openapi: 3.1.0\ninfo:\n\ttitle: x\n',
        want: 'spec.yaml:3:1: YAML syntax error: tab characters must not be used in indentation',
      },
    ],
    [
      'duplicate key (marked at the second one)',
      {
        given: 'openapi: 3.1.0\ninfo:\n  title: x\n  title: y\n',
        want: 'spec.yaml:4:3: YAML syntax error: duplicated mapping key',
      },
    ],
    [
      'unclosed flow sequence',
      {
        given: 'openapi: 3.1.0\ntags: [a, b\ninfo: {}\n',
        want: 'spec.yaml:3:1: YAML syntax error: missed comma between flow collection entries',
      },
    ],
    [
      'alias to an unknown anchor',
      {
        given: 'openapi: 3.1.0\ninfo: *nope\n',
        want: 'spec.yaml:2:12: YAML syntax error: unidentified alias "nope"',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(outcome(() => parseSpecText(given, 'spec.yaml'))).toEqual({ threw: want });
  });
});

describe('parseSpecText: JSON schema of YAML, so versions and codes stay strings', () => {
  const rows: [string, { given: string; want: unknown }][] = [
    ['a date-like version stays a string', { given: 'version: 2014-05-15\n', want: { version: '2014-05-15' } }],
    ['yes/no are not booleans', { given: 'a: yes\nb: no\n', want: { a: 'yes', b: 'no' } }],
    ['a numeric status key is the string key', { given: 'responses:\n  200: {}\n', want: { responses: { '200': {} } } }],
    ['true and null are JSON values', { given: 'a: true\nb: null\n', want: { a: true, b: null } }],
    ['JSON text is YAML', { given: '{"openapi": "3.1.0", "paths": {}}', want: { openapi: '3.1.0', paths: {} } }],
    ['an empty file is undefined (refused later as "not a mapping")', { given: '', want: undefined }],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(parseSpecText(given, 'spec.yaml')).toEqual(want);
  });
});

// ------------------------------------------------------------------ checkOpenApiDocument

const INFO = { title: 'T', version: '1' };
const OK = { '200': { description: 'ok' } };
/** A valid document with one operation, `GET /things`, whose parts a row replaces. */
function doc(overrides: Record<string, unknown> = {}, operation: Record<string, unknown> = {}): unknown {
  return {
    openapi: '3.1.0',
    info: INFO,
    paths: { '/things': { get: { operationId: 'getThing', responses: OK, ...operation } } },
    ...overrides,
  };
}
const Q = { name: 'q', in: 'query', schema: { type: 'string' } };

describe('checkOpenApiDocument: each refusal names the JSON pointer and what is wrong', () => {
  const rows: [string, { given: unknown; want: string | undefined }][] = [
    ['a valid document passes', { given: doc(), want: undefined }],
    ['a list at the top', { given: [1, 2], want: '#: an OpenAPI document must be a mapping at the top level' }],
    ['a scalar at the top', { given: 'hello', want: '#: an OpenAPI document must be a mapping at the top level' }],
    ['no openapi field', { given: doc({ openapi: undefined }), want: '#: missing "openapi" version field (add `openapi: 3.1.0`)' }],
    [
      'openapi: 3.1 unquoted (a YAML number)',
      {
        given: doc({ openapi: 3.1 }),
        want: '#/openapi: "openapi" must be a string, not the number 3.1 (write the full version in quotes, e.g. `openapi: "3.1.0"`)',
      },
    ],
    [
      'OpenAPI 3.0.3',
      // loadSpec upgrades 3.0.0-3.0.4 first (upgrade-3-0.test.ts); the checks themselves read 3.1 only.
      {
        given: doc({ openapi: '3.0.3' }),
        want: '#/openapi: OpenAPI 3.0.3 is not supported (the generator reads OpenAPI 3.0.0 to 3.0.4 and 3.1.x)',
      },
    ],
    ['OpenAPI 3.2.0', { given: doc({ openapi: '3.2.0' }), want: expect.stringMatching(/^#\/openapi: OpenAPI 3\.2\.0 is not supported/) }],
    ['no info', { given: doc({ info: undefined }), want: '#: missing "info" object' }],
    ['no info.title', { given: doc({ info: { version: '1' } }), want: '#/info/title: info.title must be a string' }],
    // A number is read as its string, with a warning (refusals-accepted.test.ts); anything else is refused.
    ['info.version a number passes', { given: doc({ info: { title: 'T', version: 1 } }), want: undefined }],
    [
      'info.version a list',
      { given: doc({ info: { title: 'T', version: [1] } }), want: '#/info/version: info.version must be a string (quote it in the YAML)' },
    ],
    [
      'neither paths nor webhooks',
      {
        given: doc({ paths: undefined }),
        want: '#: the document has neither "paths" nor "webhooks" (the generator needs at least one operation: add paths (client methods), or webhooks or components (types only))',
      },
    ],
    [
      'paths without operations',
      { given: doc({ paths: { '/things': { summary: 'nothing here' } } }), want: '#/paths: the document has no operations' },
    ],
    [
      'a path without the leading "/"',
      {
        given: doc({ paths: { things: { get: { operationId: 'a', responses: OK } } } }),
        want: '#/paths/things: path "things" must start with "/"',
      },
    ],
    ['a path item that is a list', { given: doc({ paths: { '/a/b': [] } }), want: '#/paths/~1a~1b: a path item must be a mapping' }],
    [
      'an operation that is a string',
      { given: doc({ paths: { '/things': { get: 'x' } } }), want: '#/paths/~1things/get: an operation must be a mapping' },
    ],
    // Any operationId, or none, names a method (model/names.ts; naming rows in model.test.ts).
    ['no operationId passes', { given: doc({}, { operationId: undefined }), want: undefined }],
    ['an operationId with a dash passes', { given: doc({}, { operationId: 'get-thing' }), want: undefined }],
    [
      'an operationId that is a number',
      {
        given: doc({}, { operationId: 12 }),
        want: '#/paths/~1things/get/operationId: operationId must be a string (quote it in the YAML)',
      },
    ],
    // Read with a warning, the second renamed (refusals-accepted.test.ts).
    [
      'the same operationId twice passes',
      {
        given: doc({ paths: { '/a': { get: { operationId: 'x', responses: OK } }, '/b': { post: { operationId: 'x', responses: OK } } } }),
        want: undefined,
      },
    ],
    // Optional in OpenAPI 3.1 (section 4.8.10.1).
    ['no responses passes', { given: doc({}, { responses: undefined }), want: undefined }],
    [
      'responses a list',
      { given: doc({}, { responses: [OK] }), want: '#/paths/~1things/get/responses: "responses" must be a mapping of status codes' },
    ],
    [
      'parameters not a list',
      { given: doc({}, { parameters: { q: Q } }), want: '#/paths/~1things/get/parameters: "parameters" must be a list' },
    ],
    [
      'a parameter that is a string',
      { given: doc({}, { parameters: ['q'] }), want: '#/paths/~1things/get/parameters/0: a parameter must be a mapping' },
    ],
    [
      'a parameter without a name',
      {
        given: doc({}, { parameters: [{ in: 'query', schema: {} }] }),
        want: '#/paths/~1things/get/parameters/0: a parameter needs a "name"',
      },
    ],
    [
      'in: body (OpenAPI 2)',
      {
        given: doc({}, { parameters: [{ ...Q, in: 'body' }] }),
        want: '#/paths/~1things/get/parameters/0/in: parameter "q" has "in: body" (use query, header, path or cookie)',
      },
    ],
    [
      'both schema and content',
      {
        given: doc({}, { parameters: [Q, { ...Q, name: 'r', content: { 'application/json': { schema: {} } } }] }),
        want: '#/paths/~1things/get/parameters/1: parameter "r" must have exactly one of "schema" and "content"',
      },
    ],
    [
      'neither schema nor content, at path level',
      {
        given: doc({ paths: { '/things': { parameters: [{ name: 'q', in: 'query' }], get: { operationId: 'a', responses: OK } } } }),
        want: '#/paths/~1things/parameters/0: parameter "q" must have exactly one of "schema" and "content"',
      },
    ],
    [
      'content with two media types',
      {
        given: doc({}, { parameters: [{ name: 'q', in: 'query', content: { 'application/json': {}, 'text/plain': {} } }] }),
        want: '#/paths/~1things/get/parameters/0/content: parameter "q": "content" must hold exactly one media type',
      },
    ],
    [
      'the same parameter twice in one list',
      {
        given: doc({}, { parameters: [Q, { ...Q, in: 'header' }, Q] }),
        want: '#/paths/~1things/get/parameters/2: query parameter "q" is listed twice (also at #/paths/~1things/get/parameters/0) (remove one of them)',
      },
    ],
    [
      'a $ref that does not resolve (checked before anything else reads it)',
      {
        given: doc({}, { parameters: [{ $ref: '#/components/parameters/Q' }] }),
        want: '#/paths/~1things/get/parameters/0/$ref: $ref "#/components/parameters/Q" does not resolve (no "components")',
      },
    ],
    [
      'a parameter reached through $ref is checked too',
      {
        given: doc(
          { components: { parameters: { Q: { name: 'q', in: 'cookies', schema: {} } } } },
          { parameters: [{ $ref: '#/components/parameters/Q' }] },
        ),
        want: '#/paths/~1things/get/parameters/0/in: parameter "q" has "in: cookies" (use query, header, path or cookie)',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const result = outcome(() => checkOpenApiDocument(given));
    expect(result).toEqual(want === undefined ? { returned: undefined } : { threw: want });
  });
});

// ------------------------------------------------------------------ resolvePointer / deref

const POINTED: JsonObject = {
  components: {
    schemas: { 'a/b': 1, 'c~d': 2, list: [10, 20], 'with space': 3, Obj: { x: 1 } },
  },
};

describe('resolvePointer: RFC 6901 pointers into the same document', () => {
  const rows: [string, { given: string; want: { returned: Json } | { threw: string } }][] = [
    ['"~1" is "/"', { given: '#/components/schemas/a~1b', want: { returned: 1 } }],
    ['"~0" is "~"', { given: '#/components/schemas/c~0d', want: { returned: 2 } }],
    ['an array index', { given: '#/components/schemas/list/1', want: { returned: 20 } }],
    ['a %-escaped token (URI fragment form)', { given: '#/components/schemas/with%20space', want: { returned: 3 } }],
    // Used to reach openapi-typescript, which threw "Error parsing $ref: #" with a stack (exit 1).
    [
      '"#" (the whole document) is refused',
      { given: '#', want: { threw: 'AT: $ref "#" points at the whole document (point at a component, e.g. "#/components/schemas/Name")' } },
    ],
    [
      'another file',
      {
        given: 'common.yaml#/components/schemas/Obj',
        want: {
          threw:
            'AT: $ref "common.yaml#/components/schemas/Obj" points outside this document (bundle the spec into one file first, e.g. `redocly bundle`)',
        },
      },
    ],
    [
      'an absolute URL',
      {
        given: 'https://example.com/s.yaml',
        want: { threw: expect.stringMatching(/^AT: \$ref "https:\/\/example\.com\/s\.yaml" points outside this document/) },
      },
    ],
    [
      'a missing name',
      { given: '#/components/schemas/Missing', want: { threw: 'AT: $ref "#/components/schemas/Missing" does not resolve (no "Missing")' } },
    ],
    [
      'an index past the end',
      { given: '#/components/schemas/list/2', want: { threw: 'AT: $ref "#/components/schemas/list/2" does not resolve (no "2")' } },
    ],
    [
      'an index with a leading zero',
      { given: '#/components/schemas/list/01', want: { threw: 'AT: $ref "#/components/schemas/list/01" does not resolve (no "01")' } },
    ],
    // Used to resolve to Object.prototype.constructor.
    [
      'an inherited member is not a key',
      {
        given: '#/components/schemas/constructor',
        want: { threw: 'AT: $ref "#/components/schemas/constructor" does not resolve (no "constructor")' },
      },
    ],
    // Used to resolve to the whole document.
    [
      'an anchor, not a pointer',
      {
        given: '#Obj',
        want: { threw: 'AT: $ref "#Obj" is not a JSON pointer (write it as "#/components/..." (anchors are not supported))' },
      },
    ],
    // Used to escape as a raw URIError.
    [
      'a malformed %-escape',
      {
        given: '#/components/schemas/100%',
        want: { threw: 'AT: $ref "#/components/schemas/100%" has a malformed %-escape in "100%" (write "%" as "%25" in a $ref)' },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(outcome(() => resolvePointer(POINTED, given, 'AT'))).toEqual(want);
  });
});

const CHAINED: JsonObject = {
  a: { $ref: '#/b' },
  b: { $ref: '#/c' },
  c: { type: 'string' },
  loop1: { $ref: '#/loop2' },
  loop2: { $ref: '#/loop1' },
  self: { $ref: '#/self' },
  dangling: { $ref: '#/nowhere' },
};

describe('deref: follows a chain of $refs, refuses a loop', () => {
  const rows: [string, { given: Json; want: { returned: Json } | { threw: string } }][] = [
    ['a node without $ref is itself', { given: { type: 'integer' }, want: { returned: { type: 'integer' } } }],
    ['a scalar is itself', { given: 7, want: { returned: 7 } }],
    ['a chain of two', { given: { $ref: '#/a' }, want: { returned: { type: 'string' } } }],
    [
      'a loop of two',
      {
        given: { $ref: '#/loop1' },
        want: { threw: 'AT: $ref cycle: #/loop1 -> #/loop2 -> #/loop1 (a reference must lead to a schema or object, not back to itself)' },
      },
    ],
    [
      'a reference to itself',
      {
        given: { $ref: '#/self' },
        want: { threw: 'AT: $ref cycle: #/self -> #/self (a reference must lead to a schema or object, not back to itself)' },
      },
    ],
    [
      'a chain that ends nowhere',
      { given: { $ref: '#/dangling' }, want: { threw: 'AT: $ref "#/nowhere" does not resolve (no "nowhere")' } },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(outcome(() => deref(CHAINED, given, 'AT'))).toEqual(want);
  });
});

// ------------------------------------------------------------------ checkAllRefs

describe('checkAllRefs: every reference resolves, data is not a reference', () => {
  const schemas = (extra: JsonObject): JsonObject => ({ components: { schemas: { S: { type: 'string' }, ...extra } } });
  const rows: [string, { given: JsonObject; want: string | undefined }][] = [
    ['refs that resolve', { given: schemas({ T: { type: 'array', items: { $ref: '#/components/schemas/S' } } }), want: undefined }],
    [
      'a dangling ref, with its pointer',
      {
        given: schemas({ T: { items: { $ref: '#/components/schemas/Nope' } } }),
        want: '#/components/schemas/T/items/$ref: $ref "#/components/schemas/Nope" does not resolve (no "Nope")',
      },
    ],
    [
      'a ref under a key with "/" (escaped in the pointer)',
      { given: { paths: { '/a': { $ref: '#/x' } } }, want: '#/paths/~1a/$ref: $ref "#/x" does not resolve (no "x")' },
    ],
    [
      "a loop of bare refs (used to overflow ajv's stack)",
      {
        given: schemas({ A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } }),
        want: '#/components/schemas/A/$ref: $ref cycle: #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B (a reference must lead to a schema or object, not back to itself)',
      },
    ],
    [
      'a schema that recurses through properties is fine',
      {
        given: schemas({
          Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
        }),
        want: undefined,
      },
    ],
    [
      '"$ref" inside example, default, const, enum and x- data is data',
      {
        given: schemas({
          T: {
            example: { $ref: 'x' },
            default: { $ref: 'x' },
            const: { $ref: 'x' },
            enum: [{ $ref: 'x' }],
            examples: [{ $ref: 'x' }],
            'x-note': { $ref: 'x' },
          },
        }),
        want: undefined,
      },
    ],
    [
      '"$ref" inside an Example Object\'s value is data',
      { given: { components: { examples: { E: { value: { $ref: 'x' } } } } }, want: undefined },
    ],
    [
      'a property named "value" is a schema (its ref used to go unchecked)',
      {
        given: schemas({ T: { type: 'object', properties: { value: { $ref: '#/components/schemas/Nope' } } } }),
        want: '#/components/schemas/T/properties/value/$ref: $ref "#/components/schemas/Nope" does not resolve (no "Nope")',
      },
    ],
    [
      'a schema named "example" is a schema',
      {
        given: schemas({ example: { $ref: '#/components/schemas/Nope' } }),
        want: '#/components/schemas/example/$ref: $ref "#/components/schemas/Nope" does not resolve (no "Nope")',
      },
    ],
    [
      'a named example that is a dangling $ref',
      {
        given: {
          paths: {
            '/a': {
              get: {
                responses: { '200': { content: { 'application/json': { examples: { one: { $ref: '#/components/examples/Nope' } } } } } },
              },
            },
          },
        },
        want: '#/paths/~1a/get/responses/200/content/application~1json/examples/one/$ref: $ref "#/components/examples/Nope" does not resolve (no "components")',
      },
    ],
    [
      '"$ref": "#" is refused',
      {
        given: schemas({ T: { items: { $ref: '#' } } }),
        want: '#/components/schemas/T/items/$ref: $ref "#" points at the whole document (point at a component, e.g. "#/components/schemas/Name")',
      },
    ],
    [
      'a schema defined as itself through allOf',
      {
        given: schemas({ A: { allOf: [{ $ref: '#/components/schemas/A' }] } }),
        want: expect.stringMatching(
          /^#\/components\/schemas\/A\/allOf\/0\/\$ref: schema defined as itself: #\/components\/schemas\/A -> #\/components\/schemas\/A \(/,
        ),
      },
    ],
    [
      'a loop through not, oneOf and a bare $ref',
      {
        given: schemas({
          A: { not: { $ref: '#/components/schemas/B' } },
          B: { oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/C' }] },
          C: { $ref: '#/components/schemas/A' },
        }),
        want: expect.stringMatching(
          /^#\/components\/schemas\/C\/\$ref: schema defined as itself: #\/components\/schemas\/A -> #\/components\/schemas\/B -> #\/components\/schemas\/C -> #\/components\/schemas\/A /,
        ),
      },
    ],
    [
      'recursion through items inside allOf is fine',
      { given: schemas({ A: { allOf: [{ type: 'array', items: { $ref: '#/components/schemas/A' } }] } }), want: undefined },
    ],
    [
      'an external $ref in a name map (Redocly follows it there too)',
      {
        given: { components: { schemas: { $ref: 'https://example.com/s.yaml' } } } as JsonObject,
        want: expect.stringMatching(/^#\/components\/schemas\/\$ref: \$ref "https:\/\/example\.com\/s\.yaml" points outside this document/),
      },
    ],
    [
      'a discriminator mapping to another file',
      {
        given: schemas({ A: { discriminator: { propertyName: 'k', mapping: { b: 'other.yaml#/B', c: 'S' } } } }),
        want: expect.stringMatching(
          /^#\/components\/schemas\/A\/discriminator\/mapping\/b: \$ref "other\.yaml#\/B" points outside this document/,
        ),
      },
    ],
    [
      'a discriminator mapping by name or local pointer is fine',
      {
        given: schemas({ A: { discriminator: { propertyName: 'k', mapping: { b: 'S', c: '#/components/schemas/S' } } } }),
        want: undefined,
      },
    ],
    [
      '$id is refused',
      {
        given: schemas({ A: { $id: 'https://example.com/a', type: 'string' } }),
        want: expect.stringMatching(/^#\/components\/schemas\/A\/\$id: "\$id" is not supported/),
      },
    ],
    [
      'a property named $id is a name, not the keyword',
      { given: schemas({ A: { properties: { $id: { type: 'string' } } } }), want: undefined },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(outcome(() => checkAllRefs(given))).toEqual(want === undefined ? { returned: undefined } : { threw: want });
  });
});

// ------------------------------------------------------------------ inertDocument

describe('inertDocument: nothing left for a resolver to follow but the checked local refs', () => {
  const rows: [string, { given: JsonObject; want: JsonObject }][] = [
    [
      'data holding a $ref at any depth is left out; other data stays',
      {
        given: {
          s: {
            type: 'string',
            example: 'kept',
            default: { $ref: '/etc/hostname' },
            examples: ['a', { deep: [{ $ref: 'http://x/' }] }],
            const: 1,
            'x-a': { b: { $ref: 'http://x/' } },
            'x-b': { c: 1 },
          },
        },
        want: { s: { type: 'string', example: 'kept', const: 1, 'x-b': { c: 1 } } },
      },
    ],
    [
      'every externalValue is left out, also where it is data',
      {
        given: {
          components: { examples: { E: { externalValue: 'http://x/e', summary: 's' }, V: { value: { externalValue: 'http://x/v' } } } },
        },
        want: { components: { examples: { E: { summary: 's' }, V: {} } } },
      },
    ],
    [
      'a local reference outside data stays',
      { given: { a: { $ref: '#/b' }, b: { type: 'string' } }, want: { a: { $ref: '#/b' }, b: { type: 'string' } } },
    ],
    [
      'a property named example or default is a schema, kept',
      {
        given: { s: { properties: { example: { $ref: '#/t' }, default: { type: 'string' } } }, t: {} },
        want: { s: { properties: { example: { $ref: '#/t' }, default: { type: 'string' } } }, t: {} },
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const before = structuredClone(given);
    expect(inertDocument(given)).toEqual(want);
    expect(given, 'the input is not changed').toEqual(before);
  });
});

// ------------------------------------------------------------------ parseSpecText: bounds

/** "Billion laughs": `levels` anchors, each a list of ten aliases of the one before (10^levels nodes expanded). */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('parseSpecText: bounded work on hostile YAML (load/bounds.ts LIMITS)', () => {
  const rows: [string, { given: string; want: string | RegExp }][] = [
    // A 10^12-node bomb is refused as fast as a 10^7 one: the walk is memoised, one visit per distinct node.
    [
      'a 10^12-node alias bomb',
      {
        given: aliasBomb(12),
        want: /^#\/a5: the document expands to more than 1,000,000 nodes once YAML aliases are followed \(alias \*a10, used 10 times, first at line 12, and 10 more alias names\)/,
      },
    ],
    ['an alias expansion of 111,112 nodes passes', { given: aliasBomb(5), want: 'parsed' }],
    [
      'an alias inside its own anchor',
      {
        given: 'a: &a {b: *a}\n',
        want: '#/a/b: a YAML alias refers to a node that contains it, so the document is infinite (remove the alias *a, used 1 time, first at line 1)',
      },
    ],
    // Levels count nodes on a path: the top mapping, the lists, the scalar.
    ['128 levels of nesting in the text pass', { given: `a: ${'['.repeat(126)}1${']'.repeat(126)}\n`, want: 'parsed' }],
    [
      '129 levels of nesting in the text',
      { given: `a: ${'['.repeat(127)}1${']'.repeat(127)}\n`, want: 'spec.yaml:1:131: YAML syntax error: nesting exceeded maxDepth (128)' },
    ],
    [
      '122 levels through an alias pass',
      { given: `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`, want: 'parsed' },
    ],
    [
      '182 levels through aliases (62 in the text at most)',
      {
        given: `a: &a ${'['.repeat(60)}1${']'.repeat(60)}\nb: &b ${'['.repeat(60)}*a${']'.repeat(60)}\nc: ${'['.repeat(60)}*b${']'.repeat(60)}\n`,
        want: /^#\/c(\/0){60}: the document nests more than 128 levels deep \(YAML aliases included\)/,
      },
    ],
    [`a list of ${LIMITS.entries} entries passes`, { given: `a: [${Array(LIMITS.entries).fill(1).join(',')}]\n`, want: 'parsed' }],
    [
      `a list of ${LIMITS.entries + 1} entries`,
      {
        given: `a: [${Array(LIMITS.entries + 1)
          .fill(1)
          .join(',')}]\n`,
        want: '#/a: this list has 50,001 entries; the generator reads at most 50,000 per mapping or list',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    const result = outcome(() => parseSpecText(given, 'spec.yaml'));
    if (want === 'parsed') expect(result).toHaveProperty('returned');
    else expect(result).toEqual({ threw: typeof want === 'string' ? want : expect.stringMatching(want) });
  });
});

describe('parseSpecText: a "__proto__" key is refused wherever it is, and nothing is polluted', () => {
  const rows: [string, { given: string; want: string }][] = [
    [
      'at the top',
      {
        given: '__proto__: {polluted: 1}\n',
        want: '#/__proto__: a key named "__proto__" is not allowed (JavaScript tools read it as the object\'s prototype; rename it)',
      },
    ],
    [
      'a schema name',
      {
        given: 'components:\n  schemas:\n    __proto__: {polluted: 1}\n',
        want: '#/components/schemas/__proto__: a key named "__proto__" is not allowed (JavaScript tools read it as the object\'s prototype; rename it)',
      },
    ],
    [
      'a property name',
      {
        given: 's: {properties: {__proto__: {type: string, polluted: 1}}}\n',
        want: '#/s/properties/__proto__: a key named "__proto__" is not allowed (JavaScript tools read it as the object\'s prototype; rename it)',
      },
    ],
    [
      'inside an example in a list',
      {
        given: 'e: [1, {__proto__: {polluted: 1}}]\n',
        want: '#/e/1/__proto__: a key named "__proto__" is not allowed (JavaScript tools read it as the object\'s prototype; rename it)',
      },
    ],
    [
      'in JSON',
      {
        given: '{"a": {"__proto__": {"polluted": 1}}}',
        want: '#/a/__proto__: a key named "__proto__" is not allowed (JavaScript tools read it as the object\'s prototype; rename it)',
      },
    ],
  ];
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(outcome(() => parseSpecText(given, 'spec.yaml'))).toEqual({ threw: want });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
