import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../generator/src/api.js';
import { type Mock, startMock } from './server.js';

// Issue 19, item 4: the mock of an AWS API as APIs.guru publishes it (the corpus's aws-sts,
// aws-sqs, aws-elasticloadbalancing and aws-s3), on a small spec of our own in the same shapes.
// A query API's `/#Action=Name` keys are plain HTTP whose query carries Action=Name, signed by
// AWS (the spec's `hmac` apiKey scheme), not Alibaba RPC actions; several operations share one
// method and path and are told apart by what the request carries (the Action pair, S3's
// `?delete=true` subresource, CopyObject's x-amz-copy-source header), never by the path key's
// fragment, which is not sent. Bodies are read by their media type (form, multipart, XML), and
// form-style objects, maps and lists of objects by their schema. On main (529e7b6) the query actions asked for
// Alibaba's AccessKeyId and Signature, a long query got node's 431, shared paths all went to the
// first operation of the path, an XML body was refused as "must be object", a form body was read as
// parameters and maps and allOf-typed properties were not decoded: every row failed there except the
// required-parameter, Version, bucket-listing, PutObject and multipart-with-its-file rows, which
// keep what already worked.

const scratch = mkdtempSync(join(tmpdir(), 'slbkit-aws-shapes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const xml = (example: string) => ({ description: 'Success', content: { 'text/xml': { schema: { type: 'string' }, example } } });
const text = (name: string, extra: object = {}) => ({ name, in: 'query', required: true, schema: { type: 'string', ...extra } });
const fixed = (name: string, value: string | boolean) => ({
  name,
  in: 'query',
  required: true,
  schema: { type: typeof value === 'boolean' ? 'boolean' : 'string', enum: [value] },
});
const action = (name: string, parameters: object[]) => ({
  get: {
    operationId: `GET_${name}`,
    parameters: [...parameters, fixed('Action', name), fixed('Version', '2011-06-15')],
    responses: { '200': xml(`<${name}Response/>`), '480': { description: 'RegionDisabledException' } },
  },
});

/** JSON is YAML: the shapes of APIs.guru's AWS conversions, each path named after the spec it comes from. */
const spec = join(scratch, 'aws-shapes.yaml');
writeFileSync(
  spec,
  JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'AWS shapes', version: '2011-06-15' },
    servers: [{ url: 'https://sts.amazonaws.com' }],
    components: {
      // elasticloadbalancing: each property wraps its type as allOf [$ref, {description}].
      schemas: {
        Interval: { type: 'integer', minimum: 5 },
        Target: { type: 'string' },
        Entry: { type: 'object', required: ['Id'], properties: { Id: { type: 'string' } } },
      },
      securitySchemes: {
        hmac: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      },
    },
    security: [{ hmac: [] }],
    paths: {
      // aws-sts: query actions on "/".
      '/#Action=AssumeRole': action('AssumeRole', [text('RoleArn', { maxLength: 2048 })]),
      '/#Action=GetSessionToken': action('GetSessionToken', []),
      // aws-sqs: query actions at a path, two on one path.
      '/{Account}/{Queue}/#Action=SendMessage': action('SendMessage', [
        { name: 'Account', in: 'path', required: true, schema: { type: 'integer' } },
        { name: 'Queue', in: 'path', required: true, schema: { type: 'string' } },
        text('MessageBody'),
      ]),
      '/{Account}/{Queue}/#Action=ReceiveMessage': action('ReceiveMessage', [
        { name: 'Account', in: 'path', required: true, schema: { type: 'integer' } },
        { name: 'Queue', in: 'path', required: true, schema: { type: 'string' } },
      ]),
      // aws-sqs: a map in form style (TagQueue's Tags: every pair no other parameter names).
      '/{Account}/{Queue}/#Action=TagQueue': action('TagQueue', [
        { name: 'Account', in: 'path', required: true, schema: { type: 'integer' } },
        { name: 'Queue', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'Tags', in: 'query', required: true, schema: { type: 'object', additionalProperties: { type: 'string', maxLength: 8 } } },
      ]),
      // aws-sqs: SendMessageBatch's Entries, a form list of allOf-wrapped objects: each item its JSON text.
      '/#Action=SendMessageBatch': action('SendMessageBatch', [
        {
          name: 'Entries',
          in: 'query',
          required: true,
          schema: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Entry' }] } },
        },
      ]),
      // aws-elasticloadbalancing: an object in form style whose properties are typed through allOf.
      '/#Action=ConfigureHealthCheck': action('ConfigureHealthCheck', [
        {
          name: 'HealthCheck',
          in: 'query',
          required: true,
          schema: {
            type: 'object',
            required: ['Target', 'Interval'],
            properties: {
              Target: { allOf: [{ $ref: '#/components/schemas/Target' }, { description: 'TCP:port' }] },
              Interval: { allOf: [{ $ref: '#/components/schemas/Interval' }, { description: 'seconds' }] },
            },
          },
        },
      ]),
      // aws-s3: CompleteMultipartUpload's XML body, whose schema is the object the XML stands for.
      '/{Bucket}/{Key}#uploadId': {
        post: {
          operationId: 'CompleteMultipartUpload',
          parameters: [
            { name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Key', in: 'path', required: true, schema: { type: 'string' } },
            text('uploadId'),
          ],
          requestBody: {
            required: true,
            content: { 'text/xml': { schema: { type: 'object', properties: { Parts: { type: 'array', items: { type: 'object' } } } } } },
          },
          responses: { '200': xml('<CompleteMultipartUploadResult/>') },
        },
      },
      // Form and multipart bodies of an http operation (mercure, ghes-diff, spotify in the corpus): read by their media type.
      '/forms': {
        post: {
          operationId: 'postForm',
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  required: ['name'],
                  properties: {
                    name: { type: 'string', maxLength: 5 },
                    count: { type: 'integer' },
                    tag: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: { file: { type: 'string', format: 'binary' }, note: { type: 'string', maxLength: 3 } },
                },
              },
            },
          },
          responses: { '200': xml('<Posted/>') },
        },
      },
      // aws-s3: a subresource (?cors, ?delete) beside the bucket's own operations.
      '/{Bucket}': {
        get: {
          operationId: 'ListObjects',
          parameters: [{ name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': xml('<ListBucketResult/>') },
        },
      },
      '/{Bucket}#cors': {
        get: {
          operationId: 'GetBucketCors',
          parameters: [{ name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } }, fixed('cors', true)],
          responses: { '200': xml('<CORSConfiguration/>') },
        },
      },
      '/{Bucket}#delete': {
        post: {
          operationId: 'DeleteObjects',
          parameters: [{ name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } }, fixed('delete', true)],
          requestBody: { required: true, content: { 'text/xml': { schema: { type: 'string' } } } },
          responses: { '200': xml('<DeleteResult/>') },
        },
      },
      // aws-s3: PutObject and CopyObject, one method and path, CopyObject's x-amz-copy-source header apart.
      '/{Bucket}/{Key}': {
        put: {
          operationId: 'PutObject',
          parameters: [
            { name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Key', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': xml('<PutObjectOutput/>') },
        },
      },
      '/{Bucket}/{Key}#x-amz-copy-source': {
        put: {
          operationId: 'CopyObject',
          parameters: [
            { name: 'Bucket', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Key', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'x-amz-copy-source', in: 'header', required: true, schema: { type: 'string', pattern: '\\/.+\\/.+' } },
          ],
          responses: { '200': xml('<CopyObjectResult/>') },
        },
      },
    },
  }),
);

const signed = { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sts/aws4_request' };
const sts = (query: string) => `/?${query}&Version=2011-06-15`;

interface Row {
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string };
  want: { status: number; text: RegExp };
}

const rows: [string, Row][] = [
  [
    "a query action with the spec's own security: answered, no Alibaba signature asked for",
    { request: { path: sts('Action=GetSessionToken'), headers: signed }, want: { status: 200, text: /^<GetSessionTokenResponse\/>$/ } },
  ],
  [
    'the second query action on "/" reaches its own operation (its Action pair, not the first of the path)',
    {
      request: { path: sts('Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr'), headers: signed },
      want: { status: 200, text: /^<AssumeRoleResponse\/>$/ },
    },
  ],
  [
    "a query action without the spec's hmac scheme: 401 naming it (the apiKey header Authorization)",
    { request: { path: sts('Action=GetSessionToken') }, want: { status: 401, text: /the header \\"Authorization\\" \(hmac\)/ } },
  ],
  [
    'a query action without its required parameter: refused naming it',
    { request: { path: sts('Action=AssumeRole'), headers: signed }, want: { status: 400, text: /\\"RoleArn\\"/ } },
  ],
  [
    'Version left out: the operation the Action names says so',
    { request: { path: '/?Action=GetSessionToken', headers: signed }, want: { status: 400, text: /\\"Version\\"/ } },
  ],
  [
    "a 100,000-character query value: the spec's refusal (maxLength), not node's 431 for a long request line",
    {
      request: { path: sts(`Action=AssumeRole&RoleArn=${'a'.repeat(100_000)}`), headers: signed },
      want: { status: 400, text: /\\"RoleArn\\" is not valid: must NOT have more than 2048 characters/ },
    },
  ],
  [
    'two query actions at one path (aws-sqs): the second',
    {
      request: { path: '/123/orders/?Action=ReceiveMessage&Version=2011-06-15', headers: signed },
      want: { status: 200, text: /^<ReceiveMessageResponse\/>$/ },
    },
  ],
  [
    'two query actions at one path (aws-sqs): the first',
    {
      request: { path: '/123/orders/?Action=SendMessage&Version=2011-06-15&MessageBody=hi', headers: signed },
      want: { status: 200, text: /^<SendMessageResponse\/>$/ },
    },
  ],
  [
    'an S3 subresource (?cors=true) beside the bucket listing: the subresource',
    { request: { path: '/photos?cors=true', headers: signed }, want: { status: 200, text: /^<CORSConfiguration\/>$/ } },
  ],
  [
    'an S3 subresource beside the bucket listing: the listing',
    { request: { path: '/photos', headers: signed }, want: { status: 200, text: /^<ListBucketResult\/>$/ } },
  ],
  [
    'S3 POST ?delete=true with its XML body',
    {
      request: {
        method: 'POST',
        path: '/photos?delete=true',
        headers: { ...signed, 'content-type': 'text/xml' },
        body: '<Delete><Object><Key>a</Key></Object></Delete>',
      },
      want: { status: 200, text: /^<DeleteResult\/>$/ },
    },
  ],
  [
    'S3 PUT with x-amz-copy-source: CopyObject',
    {
      request: { method: 'PUT', path: '/photos/b.jpg', headers: { ...signed, 'x-amz-copy-source': '/photos/a.jpg' } },
      want: { status: 200, text: /^<CopyObjectResult\/>$/ },
    },
  ],
  [
    'S3 PUT without it: PutObject',
    { request: { method: 'PUT', path: '/photos/b.jpg', headers: signed }, want: { status: 200, text: /^<PutObjectOutput\/>$/ } },
  ],
  [
    'a map in form style (aws-sqs TagQueue): its entries are the pairs no other parameter names',
    {
      request: { path: '/123/orders/?Action=TagQueue&Version=2011-06-15&team=web&env=prod', headers: signed },
      want: { status: 200, text: /^<TagQueueResponse\/>$/ },
    },
  ],
  [
    'a map in form style: an entry that breaks its schema is refused by name',
    {
      request: { path: '/123/orders/?Action=TagQueue&Version=2011-06-15&team=much-too-long', headers: signed },
      want: { status: 400, text: /\\"Tags\\" is not valid: \/team must NOT have more than 8 characters/ },
    },
  ],
  [
    'a form list of allOf-wrapped objects (aws-sqs SendMessageBatch): each item read from its JSON text',
    {
      request: { path: sts(`Action=SendMessageBatch&Entries=${encodeURIComponent('{"Id":"a"}')}`), headers: signed },
      want: { status: 200, text: /^<SendMessageBatchResponse\/>$/ },
    },
  ],
  [
    'an object in form style typed through allOf (elasticloadbalancing HealthCheck): Interval=30 is an integer',
    {
      request: { path: sts('Action=ConfigureHealthCheck&Target=TCP%3A80&Interval=30'), headers: signed },
      want: { status: 200, text: /^<ConfigureHealthCheckResponse\/>$/ },
    },
  ],
  [
    'an object in form style typed through allOf: Interval=1 breaks its minimum',
    {
      request: { path: sts('Action=ConfigureHealthCheck&Target=TCP%3A80&Interval=1'), headers: signed },
      want: { status: 400, text: /\\"HealthCheck\\" is not valid: \/Interval must be >= 5/ },
    },
  ],
  [
    'an XML body whose schema is an object (S3 CompleteMultipartUpload): taken, not refused as "must be object"',
    {
      request: {
        method: 'POST',
        path: '/photos/a.jpg?uploadId=u-1',
        headers: { ...signed, 'content-type': 'text/xml' },
        body: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
      },
      want: { status: 200, text: /^<CompleteMultipartUploadResult\/>$/ },
    },
  ],
  [
    'a required XML body left out: MissingParameter body',
    {
      request: { method: 'POST', path: '/photos/a.jpg?uploadId=u-1', headers: signed },
      want: { status: 400, text: /\\"body\\" that is mandatory/ },
    },
  ],
  [
    'a form body of an http operation: read as its body, values typed by the schema',
    {
      request: {
        method: 'POST',
        path: '/forms',
        headers: { ...signed, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=tea&count=2&tag=a&tag=b',
      },
      want: { status: 200, text: /^<Posted\/>$/ },
    },
  ],
  [
    'a form body that breaks its schema: refused naming the body and the property',
    {
      request: {
        method: 'POST',
        path: '/forms',
        headers: { ...signed, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=toolong&count=2',
      },
      want: { status: 400, text: /\\"body\\" is not valid: \/name must NOT have more than 5 characters/ },
    },
  ],
  [
    'a multipart body that breaks its schema: refused naming the part',
    {
      request: {
        method: 'POST',
        path: '/forms',
        headers: { ...signed, 'content-type': 'multipart/form-data; boundary=b1' },
        body: '--b1\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\r\n--b1\r\nContent-Disposition: form-data; name="note"\r\n\r\ntoo long\r\n--b1--\r\n',
      },
      want: { status: 400, text: /\\"body\\" is not valid: \/note must NOT have more than 3 characters/ },
    },
  ],
  [
    'a multipart body with its file part',
    {
      request: {
        method: 'POST',
        path: '/forms',
        headers: { ...signed, 'content-type': 'multipart/form-data; boundary=b1' },
        body: '--b1\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\r\n--b1\r\nContent-Disposition: form-data; name="note"\r\n\r\nok\r\n--b1--\r\n',
      },
      want: { status: 200, text: /^<Posted\/>$/ },
    },
  ],
];

let mock: Mock;
const warnings: string[] = [];
beforeAll(async () => {
  mock = await startMock({ spec, warn: (line) => warnings.push(line) });
}, 60_000);
afterAll(() => mock?.close());

describe('the mock of an AWS API in APIs.guru shapes', () => {
  it.each(rows)('%s', async (_name, { request, want }) => {
    const answer = await fetch(`${mock.url}${request.path}`, {
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await answer.text();
    expect(answer.status, body).toBe(want.status);
    expect(body).toMatch(want.text);
  });

  it("Prism warns of nothing: no path key's fragment or shared path reaches its router, no request without the scheme reaches its security check", () => {
    expect(warnings).toEqual([]);
  });

  it("a query action is an http operation (the client signs it with the spec's own scheme), never Alibaba's RPC", async () => {
    const model = await loadModel(spec);
    // style 'rpc' is what makes the client sign with Alibaba's signature (model/security.ts signersOf).
    expect(model.operations.map((op) => [op.operationId, op.style, op.signature, op.security.flat().map((s) => s.name)])).toEqual(
      model.operations.map((op) => [op.operationId, 'http', undefined, ['hmac']]),
    );
  });
});
