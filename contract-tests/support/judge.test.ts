import { describe, expect, it } from 'vitest';
import { loadModelAndDocument, parseXmlBody } from '../../generator/src/api.js';
import { documentedOperation } from './documented.js';
import { type Asked, judgeAnswer } from './judge.js';
import type { Kit, KitOperation } from './kit.js';
import { modelAjv } from './model-ajv.js';
import type { WireAnswer } from './wire-request.js';

// The judge on its own (issue 20, "every answer judged completely"): one answer per row against
// a small fixture spec, and the exact problems it must name. Only what judgeAnswer reads of a kit
// is built here: the model and document of the fixture, ajv over it, the XML reader.

const { model, document } = await loadModelAndDocument(new URL('../fixtures/judge/answers.yaml', import.meta.url).pathname);
const kitFor = (lenient: boolean) =>
  ({
    entry: { target: { kind: 'real', label: 'real http://target', lenient } },
    model,
    ajv: modelAjv(model),
    runtime: { parseXmlBody },
  }) as unknown as Kit;
const kitOp = (operationId: string) => {
  const op = model.operations.find((o) => o.operationId === operationId)!;
  return { op, label: operationId, documented: documentedOperation(document, op) } as unknown as KitOperation;
};

const THING = JSON.stringify({ id: 't-1', size: 3 });
const answer = (status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json'): WireAnswer => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, text: body, contentType, headers: { 'content-type': contentType, ...headers }, json };
};
const ok = (headers: Record<string, string> = { 'x-request-id': 'r-1' }) => answer(200, THING, headers);
const allowed: Asked = { kind: 'allowed', what: 'the example' };
const forbidden: Asked = { kind: 'forbidden', what: 'size maximum: 11', code: 'InvalidParameter', values: { id: 't-1', size: 11 } };

interface Row {
  operation: string;
  answer: WireAnswer;
  asked: Asked;
  lenient?: boolean;
  /** One pattern per problem, in order; [] : a documented answer. */
  problems: RegExp[];
  letPass?: RegExp[];
}

const rows: [string, Row][] = [
  ['a documented success with its headers', { operation: 'getThing', answer: ok(), asked: allowed, problems: [] }],
  [
    'an optional header absent is fine; a required one absent is not',
    { operation: 'getThing', answer: ok({}), asked: allowed, problems: [/the documented header x-request-id is missing/] },
  ],
  [
    'a header that breaks its schema (an integer header with text)',
    {
      operation: 'getThing',
      answer: ok({ 'x-request-id': 'r-1', 'ratelimit-remaining': 'lots' }),
      asked: allowed,
      problems: [/header ratelimit-remaining: /],
    },
  ],
  [
    'an integer header as digits is valid',
    { operation: 'getThing', answer: ok({ 'x-request-id': 'r-1', 'ratelimit-remaining': '7' }), asked: allowed, problems: [] },
  ],
  [
    'text/html where JSON is documented',
    {
      operation: 'getThing',
      answer: answer(200, THING, { 'x-request-id': 'r-1' }, 'text/html'),
      asked: allowed,
      problems: [/content type text\/html is not one the spec documents for 200 \(application\/json\)/],
    },
  ],
  [
    'a charset parameter does not change the media type',
    {
      operation: 'getThing',
      answer: answer(200, THING, { 'x-request-id': 'r-1' }, 'application/json; charset=utf-8'),
      asked: allowed,
      problems: [],
    },
  ],
  [
    'a success body missing a required field',
    {
      operation: 'getThing',
      answer: answer(200, JSON.stringify({ id: 't-1' }), { 'x-request-id': 'r-1' }),
      asked: allowed,
      problems: [/the 200 application\/json body does not validate: data must have required property 'size'/],
    },
  ],
  [
    'a success body with a wrong type',
    {
      operation: 'getThing',
      answer: answer(200, JSON.stringify({ id: 't-1', size: '3' }), { 'x-request-id': 'r-1' }),
      asked: allowed,
      problems: [/data\/size must be integer/],
    },
  ],
  [
    'a JSON media type whose body is not JSON',
    {
      operation: 'getThing',
      answer: answer(200, '<html>', { 'x-request-id': 'r-1' }),
      asked: allowed,
      problems: [/the application\/json body is not JSON: <html>/],
    },
  ],
  [
    'a 5xx to an allowed request, even under `default`',
    {
      operation: 'getThing',
      answer: answer(500, JSON.stringify({ Code: 'InternalError', Message: 'boom' })),
      asked: allowed,
      problems: [/answered HTTP 500 to the example: a 5xx to a request the spec allows/],
    },
  ],
  [
    'an error body of the wrong shape',
    {
      operation: 'getThing',
      answer: answer(404, JSON.stringify({ error: { code: 'NotFound' } })),
      asked: allowed,
      problems: [/the 404 application\/json body does not validate: data must have required property 'Code'/],
    },
  ],
  [
    'an allowed request refused as invalid',
    {
      operation: 'getThing',
      answer: answer(400, JSON.stringify({ Code: 'InvalidParameter', Message: 'size' })),
      asked: allowed,
      problems: [/refused a request the spec allows with InvalidParameter/],
    },
  ],
  [
    'a status the operation does not document (200 where 204 is)',
    { operation: 'deleteThing', answer: answer(200, ''), asked: allowed, problems: [/deleteThing documents 204, 404, not 200/] },
  ],
  [
    'a body where the spec documents none',
    { operation: 'deleteThing', answer: answer(204, '{"deleted":true}'), asked: allowed, problems: [/the spec documents no body for 204/] },
  ],
  [
    'a forbidden request refused as documented',
    {
      operation: 'getThing',
      answer: answer(400, JSON.stringify({ Code: 'InvalidParameter', Message: '"size"' })),
      asked: forbidden,
      problems: [],
    },
  ],
  [
    'a forbidden request accepted: the constraint and the request named',
    {
      operation: 'getThing',
      answer: ok(),
      asked: forbidden,
      problems: [
        /answered HTTP 200 to size maximum: 11: accepted a request the spec forbids \(want HTTP 400 InvalidParameter\); the request: \{"id":"t-1","size":11\}/,
      ],
    },
  ],
  [
    'the same, lenient: let pass, not failed',
    {
      operation: 'getThing',
      answer: ok(),
      asked: forbidden,
      lenient: true,
      problems: [],
      letPass: [/accepted a request the spec forbids/],
    },
  ],
  [
    'an operation marked x-slbkit-lenient: let pass without CONTRACT_LENIENT',
    { operation: 'putThing', answer: answer(200, THING), asked: forbidden, problems: [], letPass: [/accepted a request the spec forbids/] },
  ],
  [
    'a forbidden request answered 404, not the documented refusal',
    {
      operation: 'getThing',
      answer: answer(404, JSON.stringify({ Code: 'NotFound', Message: 'no' })),
      asked: forbidden,
      problems: [/not refused as the spec refuses it \(want HTTP 400 InvalidParameter\)/],
    },
  ],
  [
    'errors under default alone: a forbidden request refused with 415 is refused as documented',
    {
      operation: 'createNote',
      answer: answer(415, JSON.stringify({ Code: 'UnsupportedMediaType', Message: 'JSON only' })),
      asked: forbidden,
      problems: [],
    },
  ],
  [
    'errors under default alone: a 500 is still no refusal',
    {
      operation: 'createNote',
      answer: answer(500, JSON.stringify({ Code: 'InternalError', Message: 'boom' })),
      asked: forbidden,
      problems: [/not refused as the spec refuses it/],
    },
  ],
  [
    'a text/plain body under a string schema: read as that string',
    { operation: 'createNote', answer: answer(409, 'taken', {}, 'text/plain'), asked: allowed, problems: [] },
  ],
  [
    'a text/plain body longer than its maxLength (a stack trace in an error message)',
    {
      operation: 'createNote',
      answer: answer(409, `taken\n${'    at handler (app.js:1:1)\n'.repeat(3)}`, {}, 'text/plain'),
      asked: allowed,
      problems: [/the 409 text\/plain body does not validate/],
    },
  ],
  [
    'limit=1 and a list of one: within the page size',
    {
      operation: 'listNotes',
      answer: answer(200, `[${THING}]`),
      asked: { ...allowed, pageLimit: { name: 'limit', value: 1 } },
      problems: [],
    },
  ],
  [
    'limit=0 and a list of two: the page size ignored',
    {
      operation: 'listNotes',
      answer: answer(200, `[${THING},${THING}]`),
      asked: { ...allowed, pageLimit: { name: 'limit', value: 0 } },
      problems: [/limit=0 asks for at most 0 item\(s\), the list holds 2/],
    },
  ],
  [
    'a forbidden request answered 500: lenient or not, a failure',
    {
      operation: 'getThing',
      answer: answer(500, JSON.stringify({ Code: 'InternalError', Message: 'boom' })),
      asked: forbidden,
      lenient: true,
      problems: [/not refused as the spec refuses it/],
    },
  ],
];

describe('judgeAnswer: the whole answer against the spec', () => {
  it.each(rows)('%s', async (_name, row) => {
    const verdict = await judgeAnswer(kitFor(row.lenient ?? false), kitOp(row.operation), row.answer, row.asked);
    expect(verdict.problems).toHaveLength(row.problems.length);
    row.problems.forEach((pattern, i) => expect(verdict.problems[i]).toMatch(pattern));
    expect(verdict.letPass).toHaveLength(row.letPass?.length ?? 0);
    (row.letPass ?? []).forEach((pattern, i) => expect(verdict.letPass[i]).toMatch(pattern));
  });
});
