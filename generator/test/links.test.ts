/**
 * model/links.ts: OpenAPI Link Objects of an operation's responses, as the model's `links` (the
 * contract kit runs them as state sequences). Each row wraps a fragment into a valid document,
 * runs the real load check and `buildApiModel`, and compares the first operation's links, or
 * the SpecError's location and message.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import type { Json, JsonObject } from '../src/load/refs.js';
import type { LinkModel } from '../src/model/api-model.js';
import { buildApiModel } from '../src/model/build.js';

const ok = (links?: JsonObject): JsonObject => ({ description: 'ok', ...(links ? { links } : {}) });
/** POST /things (whose 201 carries the links) and GET /things/{id}. */
function documentOf(links: JsonObject | undefined, extra: JsonObject = {}): JsonObject {
  const id: Json = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const document: unknown = {
    openapi: '3.1.0',
    info: { title: 'Links', version: '1' },
    paths: {
      '/things': { post: { operationId: 'createThing', responses: { '201': ok(links) } } },
      '/things/{id}': { get: { operationId: 'getThing', parameters: [id], responses: { '200': ok() } } },
    },
    ...extra,
  };
  checkOpenApiDocument(document);
  return document;
}
const linksOf = (document: JsonObject) => buildApiModel({ file: 'x.yaml', document }).operations[0]!.links;

describe('model links', () => {
  const rows: [string, { links?: JsonObject; extra?: JsonObject; want: LinkModel[] | undefined }][] = [
    ['no links: the field is absent', { want: undefined }],
    [
      'by operationId, a runtime expression',
      {
        links: { GetThing: { operationId: 'getThing', parameters: { id: '$response.body#/id' } } },
        want: [
          {
            name: 'GetThing',
            status: 201,
            operationId: 'getThing',
            path: '/things/{id}',
            method: 'GET',
            parameters: { id: '$response.body#/id' },
          },
        ],
      },
    ],
    [
      'by operationRef (a local pointer), a constant and a request body kept as written',
      {
        links: { Again: { operationRef: '#/paths/~1things~1{id}/get', parameters: { 'path.id': 't-1' }, requestBody: '$request.body' } },
        want: [
          {
            name: 'Again',
            status: 201,
            operationId: 'getThing',
            path: '/things/{id}',
            method: 'GET',
            parameters: { 'path.id': 't-1' },
            requestBody: '$request.body',
          },
        ],
      },
    ],
    [
      'a $ref to components.links',
      {
        links: { GetThing: { $ref: '#/components/links/GetThing' } },
        extra: { components: { links: { GetThing: { operationId: 'getThing' } } } },
        want: [{ name: 'GetThing', status: 201, operationId: 'getThing', path: '/things/{id}', method: 'GET', parameters: {} }],
      },
    ],
  ];
  it.each(rows)('%s', (_name, { links, extra, want }) => {
    expect(linksOf(documentOf(links, extra))).toEqual(want);
  });

  // A link to nothing would be a sequence the kit silently never runs: refused with its location.
  const refused: [string, JsonObject, string][] = [
    [
      'an operationId no operation has',
      { Gone: { operationId: 'getThng' } },
      '#/paths/~1things/post/responses/201/links/Gone/operationId: link to operationId "getThng", which no operation has',
    ],
    [
      'an operationRef that is not an operation',
      { Gone: { operationRef: '#/paths/~1nothing/get' } },
      '#/paths/~1things/post/responses/201/links/Gone/operationRef: link operationRef "#/paths/~1nothing/get" is not an operation of this document',
    ],
  ];
  it.each(refused)('refused: %s', (_name, links, want) => {
    const error = (() => {
      try {
        linksOf(documentOf(links));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).describe()).toMatch(want.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  });
});
