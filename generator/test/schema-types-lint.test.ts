import { describe, expect, it } from 'vitest';
import { emitSchemaTypes } from '../src/emit/schema-types.js';
import type { ApiModel } from '../src/model/api-model.js';

/**
 * schema-types.ts runs only the lint rules of openapi-typescript's ruleset that refuse (severity
 * `error`); the `warn` ones are off, since openapi-typescript drops their findings unread when
 * silent. These rows hold the refusing half: a types document that breaks an `error` rule is
 * still refused, and one that only breaks `warn` rules still prints. The types document is given
 * by hand (the loader and the model refuse such documents earlier, with their pointers): only
 * emitSchemaTypes reads it.
 */
const HEAD = { openapi: '3.1.0', info: { title: 't', version: '1' } };
const OK = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } };

const ROWS: [string, { document: object; want: RegExp | 'prints' }][] = [
  [
    // Refused by Redocly's bundle before; the loader refuses it first (checkAllRefs), this is schema-types.ts's guard.
    'a $ref to nothing',
    {
      document: { ...HEAD, paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Missing' } } } } } },
      want: /\$ref "#\/components\/responses\/Missing" does not resolve \(no "components"\)/,
    },
  ],
  [
    'two operations with one operationId (operation-operationId-unique: error, as openapi-typescript sets it)',
    {
      document: {
        ...HEAD,
        paths: { '/a': { get: { operationId: 'same', responses: OK } }, '/b': { get: { operationId: 'same', responses: OK } } },
      },
      want: /operationId/,
    },
  ],
  [
    // operation-summary, operation-2xx-response, no-unused-components and tag-description are warnings in the ruleset.
    'only warnings: no summary, no 2xx, an unused component, an undescribed tag',
    {
      document: {
        ...HEAD,
        tags: [{ name: 'pets' }],
        paths: { '/a': { get: { tags: ['pets'], responses: { '404': { description: 'no' } } } } },
        components: { schemas: { Unused: { type: 'string' } } },
      },
      want: 'prints',
    },
  ],
];

describe("openapi-typescript's lint: the refusing rules run, the warning ones are off", () => {
  it.each(ROWS)('%s', async (_name, { document, want }) => {
    const emitted = emitSchemaTypes({ specName: 't.yaml', typesDocument: document } as unknown as ApiModel);
    if (want === 'prints') await expect(emitted).resolves.toMatch(/export interface paths \{/);
    else await expect(emitted).rejects.toThrow(want);
  });
});
