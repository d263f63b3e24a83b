/**
 * Issue 19, item 1: the corpus of public specs as published (generator/test/fixtures/public/, one
 * folder per spec, sources and licences in SOURCES.md) and what slbkit does with each TODAY.
 *
 * This table is the yardstick. `npm test` (corpus.test.ts) checks the rows it can afford (every
 * small spec's outcome, a sample generated and type-checked strictly) and `npm run corpus`
 * (bench/corpus.ts) checks every row, the 13 MB one included, beside openapi-typescript. A
 * change that turns a refusal into support makes its rows fail: update the row (to `generates`,
 * or to the next refusal the spec meets) in the same change. A generator stops at the first
 * refusal, so a row names the first one only.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli-harness.js';
import { GITHUB_CONTRADICTIONS } from './corpus-contradictions.js';

export const PUBLIC = join(REPO, 'generator/test/fixtures/public');

/**
 * The refusals issue 19 lists ("The refusals, by how many specs they stop"), each with the item
 * of "What to build" that turns it into support, and the refusals met that the issue does not list.
 */
export const REFUSAL_KINDS = {
  'body-media-type': { item: 'issue 19 item 2: form, multipart, binary and text bodies, JSON-like media types', listed: true },
  'status-range': { item: 'issue 19 item 2: status ranges 4XX/5XX and default', listed: true },
  'relative-server': { item: 'issue 19 item 2: relative servers resolved against an endpoint option', listed: true },
  'no-success-response': { item: 'issue 19 item 2: operations without a success response', listed: true },
  'webhooks-only': { item: 'issue 19 item 2: webhooks-only documents (no paths) and callbacks typed', listed: true },
  'client-header': { item: 'issue 19 item 2: spec header parameters the client also writes', listed: true },
  'path-fragment': { item: 'issue 19 (refusals): AWS-style path keys with a path before #Action= or a #fragment', listed: true },
  'ajv-strict': { item: 'issue 19 item 2: schemas ajv cannot compile strictly compiled leniently', listed: true },
  'pattern-u-flag': { item: 'issue 19 (refusals): patterns with identity escapes the u flag refuses', listed: true },
  'cookie-param': { item: 'issue 19 (refusals): cookie parameters', listed: true },
  'object-query-form': { item: 'issue 19 (refusals): an object query parameter in the default form style', listed: true },
  'yaml-merge-keys': { item: 'issue 19 (refusals): YAML merge keys (<<)', listed: true },
  'external-ref': { item: 'not in issue 19: a $ref to another file (the spec is published as several files)', listed: false },
  'info-version-number': { item: 'not in issue 19: info.version written as a YAML number (1.0)', listed: false },
  'duplicate-operation-id': { item: 'not in issue 19: one operationId on two operations (invalid OpenAPI)', listed: false },
  'path-template': { item: 'not in issue 19: a path template naming no declared path parameter ({name*})', listed: false },
  'list-of-objects-form': {
    item: 'not in issue 19: a query list of objects in form style (OpenAPI defines no wire form for it; the fix is content: application/json)',
    listed: false,
  },
  'ajv-schema-invalid': {
    item: 'not in issue 19 (met behind the refusals of item 2): schemas the JSON Schema 2020-12 meta-schema refuses ($recursiveAnchor: true, a required list with a name twice, a boolean exclusiveMinimum), refused by ajv before it compiles',
    listed: false,
  },
  'expansion-budget': {
    item: "not in issue 19: a schema that stands for more than the generator's budget of nodes once its $refs are followed (docs/security.md); openapi-typescript never expands references",
    listed: false,
  },
  'pattern-check-budget': {
    item: "not in issue 19: a pattern the ReDoS check could not finish within its 10 s budget (depends on the machine's load)",
    listed: false,
  },
} as const;

export type RefusalKind = keyof typeof REFUSAL_KINDS;

/** How a refusal's message (SpecError.describe(): "pointer: message (fix)") tells its kind. */
const KIND_PATTERNS: [RefusalKind, RegExp][] = [
  ['body-media-type', /request body media type .* is not supported/],
  ['status-range', /response code range|"default" response|status .* is not supported/],
  ['relative-server', /is not an absolute URL|is neither an absolute http\(s\) URL nor a relative path/],
  ['no-success-response', /has no 2xx response|needs a "responses" mapping/],
  ['webhooks-only', /missing "paths" object|neither "paths" nor "webhooks"/],
  ['client-header', /is written by the client's transport or signer|header parameter "Accept"/],
  ['path-fragment', /has a query (or fragment )?that is not Action=Name|has a query with a template in it/],
  ['ajv-schema-invalid', /a schema cannot be compiled: schema is invalid/],
  ['ajv-strict', /a schema cannot be compiled/],
  ['pattern-u-flag', /not a valid JavaScript regular expression with the u flag/],
  ['cookie-param', /\bcookie\b/i],
  ['object-query-form', /an object in query with style form/],
  ['yaml-merge-keys', /merge key|"<<"/],
  ['list-of-objects-form', /form style has no wire form for a list of objects/],
  ['external-ref', /points outside this document/],
  ['info-version-number', /info\.version must be a string/],
  ['duplicate-operation-id', /operationId .* is used twice/],
  ['path-template', /but the operation has no path parameter/],
  ['expansion-budget', /stands for more than [\d,]+ nodes once its \$refs are followed/],
  ['pattern-check-budget', /could not be checked within \d+ s/],
];

/** The kind of a refusal message, or undefined for one no row of REFUSAL_KINDS describes. */
export function refusalKind(message: string): RefusalKind | undefined {
  return KIND_PATTERNS.find(([, pattern]) => pattern.test(message))?.[0];
}

export type Expected =
  | {
      outcome: 'generates';
      /**
       * The strict consumer's tsc fails today with this error (a substring of its first error line):
       * recorded, not hidden, where the spec as published makes openapi-typescript's own output fail
       * the same way (its schema.ts is ours too). `npm run corpus` fails the row when tsc passes.
       */
      tscError?: string;
    }
  | { outcome: 'refused'; kind: RefusalKind; message: string };

export interface CorpusSpec {
  /** The folder under fixtures/public/ (the sources file's row). */
  name: string;
  /** The spec, relative to fixtures/public/. */
  file: string;
  /** What the spec exercises (issue 19's features; computed from the document, listed in SOURCES.md). */
  features: string;
  expected: Expected;
  /**
   * What the spec meets instead when a time budget of the generator runs out first on a loaded
   * machine: the outcome then depends on the load, which the row records rather than hides.
   */
  underLoad?: Expected;
  /**
   * Examples of the spec that break their own schemas, as the contract suite's examples check
   * names them (a schema pointer, or an operation's parameter): each is reported there once (a true failure of the spec, not of slbkit),
   * and the derived cases start from a schema-built value instead. Any other failure of
   * `slbkit contract --spec` against the mock is a false one (issue 19, item 4).
   */
  contradictions?: string[];
}

const generates: Expected = { outcome: 'generates' };
const refused = (kind: RefusalKind, message: string): Expected => ({ outcome: 'refused', kind, message });

/** Every spec of the corpus, smallest first (sizes in SOURCES.md; `specSize` reads them). */
export const CORPUS: CorpusSpec[] = [
  {
    name: 'otypescript-yaml-merge',
    file: 'otypescript-yaml-merge/yaml-merge.yaml',
    features: '3.1, a YAML merge key with its explicit tag (`!!merge <<: *anchor`), a 4XX range, a text/plain answer',
    expected: generates, // issue 19: main refused the tag ("unknown tag !<tag:yaml.org,2002:merge>"); yaml-merge-tag.test.ts
    // Contract suite vs the mock on 2026-12-08: green (1 passed).
  },
  {
    name: 'oai-non-oauth-scopes',
    file: 'oai-non-oauth-scopes/non-oauth-scopes.json',
    features: '3.1, JSON, an operation with no responses (optional in 3.1), bearer scopes',
    expected: generates, // issue 19: no responses (optional in 3.1), typed unknown
  },
  {
    name: 'oai-webhook-example',
    file: 'oai-webhook-example/webhook-example.yaml',
    features: '3.1, webhooks only (no paths)',
    expected: generates, // issue 19: webhooks-only documents are typed
  },
  {
    name: 'oai-callback-example',
    file: 'oai-callback-example/callback-example.yaml',
    features: '3.0, a callback',
    expected: generates,
  },
  {
    name: 'heyapi-schema-const',
    file: 'heyapi-schema-const/schema-const.yaml',
    features: '3.1, no paths, `const` of every JSON type (null, objects, lists) in components',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: green (1 passed: no operations).
  },
  { name: 'oai-petstore', file: 'oai-petstore/petstore.yaml', features: '3.0, default responses', expected: generates },
  {
    name: 'heyapi-circular',
    file: 'heyapi-circular/circular.yaml',
    features: '3.0, no paths, circular schemas, `version: 1.0` unquoted',
    expected: generates, // issue 19: info.version a number read as a string (warning); components alone typed
  },
  { name: 'oai-link-example', file: 'oai-link-example/link-example.yaml', features: '3.0, links', expected: generates },
  {
    name: 'apisguru-refugerestrooms',
    file: 'apisguru-refugerestrooms/refugerestrooms.org.json',
    features: '3.0 (converted from Swagger 2), JSON, a scheme-relative server //host/api',
    expected: generates, // issue 19: a scheme-relative server takes https
  },
  {
    name: 'oai-petstore-expanded',
    file: 'oai-learn/petstore-expanded.yaml',
    features: '3.0, default responses, allOf (issue 13)',
    expected: generates,
  },
  {
    name: 'apisguru-circl-lu-hashlookup',
    file: 'apisguru-circl-lu-hashlookup/hashlookup.json',
    features: '3.0, JSON, relative server "/"',
    expected: generates, // issue 19: the endpoint option is required
  },
  {
    name: 'apisguru-mercure',
    file: 'apisguru-mercure/mercure.local.json',
    features: '3.0, JSON, form-urlencoded body, a cookie parameter ($ref), text/event-stream and +json answers',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
  },
  {
    name: 'oai-tictactoe',
    file: 'oai-learn/tictactoe.yaml',
    features: '3.1, callback and webhook, text/html errors (issue 13)',
    expected: generates,
  },
  {
    name: 'oai-api-with-examples',
    file: 'oai-api-with-examples/api-with-examples.json',
    features: '3.0, JSON, no operationIds, 203/300 answers, examples',
    expected: generates,
  },
  {
    name: 'twilio-oauth-v1',
    file: 'twilio-oauth-v1/twilio_oauth_v1.yaml',
    features: '3.0, form-urlencoded body, a 302-only operation',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
  },
  {
    name: 'otypescript-simple',
    file: 'otypescript-simple/simple-example.yaml',
    features: '3.1, webhooks, an operation with no responses, unquoted status keys',
    expected: generates, // issue 19: no responses (optional in 3.1), typed unknown
  },
  {
    name: 'oai-uspto',
    file: 'oai-uspto/uspto.json',
    features: '3.0, JSON, form-urlencoded body, server variables',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
  },
  {
    name: 'openapi-fetch-common',
    file: 'openapi-fetch-common/common.yaml',
    features: '3.1, every path style (label, matrix, explode), default responses, application/json5 and +json answers',
    expected: generates, // issue 19: {name*}, {.label}, {;matrix} map to the declared parameters' style and explode
  },
  {
    name: 'twilio-lookups-v1',
    file: 'twilio-lookups-v1/twilio_lookups_v1.yaml',
    features: '3.0, an object query parameter in form style',
    expected: generates, // issue 19: form style objects (AddOnsData=... as key=value pairs)
  },
  {
    name: 'redocly-museum',
    file: 'redocly-museum/redocly-museum.yaml',
    features: '3.1, webhooks, problem+json errors, image/png answer (issue 11)',
    expected: generates,
  },
  {
    name: 'prism-petstore',
    file: 'prism-petstore/petstore.oas3.yaml',
    features: '3.0, form and multipart bodies, default responses, json;charset answers, one operationId twice',
    expected: generates, // issue 19: the duplicate operationIds renamed as openapi-generator does (warning)
  },
  {
    name: 'apisguru-azure-advisor',
    file: 'apisguru-azure-advisor/advisor.json',
    features:
      '3.0 (converted from Swagger 2), JSON, Azure Resource Manager: x-ms-pageable, x-ms-enum, x-ms-azure-resource, an api-version query parameter',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 983 passed, 1 failed, its one contradiction: the path parameter's
    // example "operationGUID" under format: uuid (the examples check reports it once).
    contradictions: ['Recommendations_GetGenerateStatus operationId'],
  },
  {
    name: 'apisguru-zapier-nla',
    file: 'apisguru-zapier-nla/nla.json',
    features: '3.0, JSON, an apiKey security scheme in a cookie beside a header one',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 17 passed, 7 failed: the mock's 400 body {error} holds the Code and names no parameter.
  },
  {
    name: 'train-travel-api',
    file: 'train-travel-api/openapi.yaml',
    features: '3.1, webhooks, JSON and XML bodies (issue 13)',
    expected: generates,
    // Examples that are not UUIDs (a 7-digit first group: 4f4e4e1-c824-...) under format: uuid: each `id` (Trip's,
    // Booking's: one contradiction, reported on the first) and Booking's trip_id.
    contradictions: [
      '#/components/schemas/Trip/properties/id',
      '#/components/schemas/Booking/properties/trip_id',
      // Its Card answer echoes the card's cvc, which is writeOnly: a response SHOULD NOT carry it, and the client reads it without.
      'create-booking-payment (POST /bookings/{bookingId}/payment) response 200 application/json example Card',
    ],
  },
  {
    name: 'apisguru-google-secretmanager',
    file: 'apisguru-google-secretmanager/secretmanager.json',
    features:
      "3.0 (converted from Google's discovery document), JSON, {name}:verb path keys, {name} and {parent} templates over one prefix, path-level parameters ($.xgafv, alt, ...), two oauth2 schemes",
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 956 passed, 81 failed: the mock samples "string" for format: byte.
  },
  {
    name: 'apisguru-adobe-com-aem',
    file: 'apisguru-adobe-com-aem/aem.json',
    features: '3.0, JSON, relative server, multipart bodies, default and 4XX answers, operations with no 2xx, text/plain answers',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
  },
  {
    name: 'heyapi-full-3-0',
    file: 'heyapi-full-3-0/full.yaml',
    features: '3.0, cookie parameters, form and multipart bodies, 4XX and default, a $ref to a sibling file',
    // Its sibling file is read (external-shared.json fetched beside it); `required: true` on a property schema is removed with a warning (load/schema-repairs.ts).
    expected: generates, // issue 19: schemas the 2020-12 meta-schema refuses, read as meant
  },
  {
    name: 'heyapi-full-3-1',
    file: 'heyapi-full-3-1/full.yaml',
    features: '3.1, cookie parameters, form and multipart bodies, 4XX and default, a $ref to a sibling file',
    // Its sibling file is read (external-shared.json fetched beside it); `required: true` on a property schema is removed with a warning (load/schema-repairs.ts).
    expected: generates, // issue 19: schemas the 2020-12 meta-schema refuses, read as meant
  },
  {
    name: 'aws-elasticloadbalancing',
    file: 'aws-elasticloadbalancing/elasticloadbalancing.json',
    features: '3.0, JSON, AWS query API (/#Action=), text/xml bodies and answers',
    expected: generates, // issue 19: text/xml bodies
  },
  {
    name: 'aws-sts',
    file: 'aws-sts/sts.json',
    features: '3.0, JSON, AWS query API, text/xml, patterns with \\: escapes',
    expected: generates, // issue 19: text/xml bodies, identity-escape patterns, #Action= path keys
  },
  {
    name: 'box-2025',
    file: 'box-2025/openapi-v2025.0.json',
    features: '3.0, JSON, default responses, required naming an allOf member property',
    expected: generates, // issue 19: ajv strict findings compiled leniently
    // None: its six path ids documented as `example: 123` under `type: string` were counted as contradictions; a
    // path parameter travels as text, and the text 123 is the string "123" (the examples check reads a parameter's
    // example as the wire reads it, as it reads twilio's Beta: "true" as the boolean).
    contradictions: [],
  },
  {
    name: 'aws-sqs',
    file: 'aws-sqs/sqs.json',
    features: '3.0, JSON, AWS query API with a path before #Action=, text/xml',
    expected: generates, // issue 19: text/xml bodies, identity-escape patterns, #Action= path keys
  },
  {
    name: 'spotify',
    file: 'spotify/official-spotify-open-api.yml',
    features: '3.0, image/jpeg body, oauth2, a $ref in an x- extension to a file not published with it',
    expected: generates, // issue 19: binary bodies
    // Discriminators without a mapping over TrackObject and EpisodeObject: the implicit value is the component's name
    // (OpenAPI 3.1 section 4.8.25), which TrackObject's own `type: {enum: [track]}` refuses; the client checks both.
    contradictions: [
      '#/components/schemas/PlaylistTrackObject/properties/item/discriminator selects TrackObject',
      '#/components/schemas/PlaylistTrackObject/properties/track/discriminator selects TrackObject',
      '#/components/schemas/QueueObject/properties/currently_playing/discriminator selects TrackObject',
      '#/components/schemas/QueueObject/properties/queue/items/discriminator selects TrackObject',
      '#/components/schemas/CurrentlyPlayingContextObject/properties/item/discriminator selects TrackObject',
    ],
  },
  {
    name: 'apisguru-docker-engine',
    file: 'apisguru-docker-engine/engine.json',
    features:
      '3.0, JSON, a relative server /v1.33 beside a templated one, text/plain, octet-stream and x-tar bodies, vnd.docker.raw-stream answers',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 1,301 passed, 153 failed: 96 the client's /v1.33 (relative server) unknown to the mock, ~40 derived from request examples that break their schemas, 7 true contradictions.
  },
  {
    name: 'apisguru-asana',
    file: 'apisguru-asana/asana.com.json',
    features: '3.0, JSON, path-level parameters on 125 paths, multipart body',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 3,690 passed, 487 failed: 344 the mock's error body {} names no parameter, 109 the mock serves response examples that break format date/uri.
  },
  {
    name: 'apisguru-google-youtube',
    file: 'apisguru-google-youtube/youtube.json',
    features:
      "3.0 (converted from Google's discovery document), JSON, media uploads with 109 request media types (video/*, image/*, octet-stream, text/xml), path-level parameters",
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 6,709 passed, 179 failed, all the mock sampling "string" for format: byte (contentDetails.mesh).
  },
  {
    name: 'heyapi-zoom-video-sdk',
    file: 'heyapi-zoom-video-sdk/zoom-video-sdk.json',
    features: '3.1, JSON, webhooks only (34), no paths, no servers',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: green (1 passed: webhooks only).
  },
  {
    name: 'apisguru-trello',
    file: 'apisguru-trello/trello.com.json',
    features: '3.0 (converted from Swagger 2), JSON, 324 operations, xml objects, a `required` list naming a property twice',
    // issue 19: the input validator named `token` (path and query) twice in `required`, which ajv
    // refused; now one field, required once, checked by both schemas (shared-parameter-names.test.ts).
    expected: generates,
  },
  {
    name: 'apisguru-slack',
    file: 'apisguru-slack/slack.com.json',
    features: '3.0, JSON, form-urlencoded bodies on every write, default responses, 174 operations',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 2,321 passed, 339 failed: 211 the mock's {ok: false, error: <enum>} names no parameter, 42 invalid_auth answers to the client.
  },
  {
    name: 'apisguru-vercel',
    file: 'apisguru-vercel/vercel.com.json',
    features: '3.1, JSON, type arrays (464), const, octet-stream body, application/stream+json answers',
    // EdgeConfigItemValue is `type: "null"` beside a oneOf of non-null branches, one an array of itself (the
    // 3.0 original's `nullable: true` as APIs.guru's 3.1 conversion wrote it): null fails every branch, so no value satisfies it, and
    // openapi-typescript prints `null & (... | EdgeConfigItemValue[])`, which its own output fails with in tsc too.
    expected: {
      outcome: 'generates',
      tscError: "error TS2502: 'EdgeConfigItemValue' is referenced directly or indirectly in its own type annotation",
    },
    // Contract suite vs the mock on 2026-12-08: 1,735 passed, 234 failed: 159 mock samples break `type: "null"` schemas and others.
  },
  {
    name: 'heyapi-opencode',
    file: 'heyapi-opencode/opencode.yaml',
    features: '3.1, no servers (the endpoint option), prefixItems, text/event-stream and `text/x-diff; charset=utf-8` answers',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 1,871 passed, 496 failed: mock samples ignore patterns (^ses...) and the tagged error bodies' _tag.
  },
  {
    name: 'heyapi-clerk',
    file: 'heyapi-clerk/clerk-2025-11-10.yaml',
    features: '3.0, multipart bodies, discriminators, nullable (568)',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 2,491 passed, 846 failed: 702 the mock's {errors: []} names no parameter.
  },
  {
    name: 'aws-s3',
    file: 'aws-s3/s3.json',
    features: '3.0, JSON, AWS REST-XML, #x-amz-copy-source path keys, Content-Encoding/Content-Type header parameters',
    expected: generates, // issue 19: Content-Encoding is the spec's to set, Content-Type given wins, Content-Length no input (warnings)
    // Three schema examples that write integers as text (MaxUploads: "2", MaxKeys, PartNumber).
    contradictions: [
      '#/components/schemas/ListMultipartUploadsOutput',
      '#/components/schemas/ListObjectsV2Output',
      '#/components/schemas/ListPartsOutput',
    ],
  },
  {
    name: 'otypescript-ghes-diff',
    file: 'otypescript-ghes-diff/octokit-ghes-3.6-diff-to-api.json',
    features: '3.0, JSON, GitHub Enterprise operations, form-urlencoded body',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
    // Answer examples without properties their schemas require (expires_at, display_title, ...), a string group_id
    // under type: integer, an object where a list is documented, a date that is no date-time.
    contradictions: [
      'enterprise-admin/list-personal-access-tokens (GET /admin/tokens) response 200 application/json example default',
      'teams/external-idp-group-info-for-org (GET /orgs/{org}/external-group/{group_id}) response 200 application/json example default',
      'actions/list-workflow-runs-for-repo (GET /repos/{owner}/{repo}/actions/runs) response 200 application/json example default',
      'actions/get-workflow-run (GET /repos/{owner}/{repo}/actions/runs/{run_id}) response 200 application/json example default',
      'repos/list-deploy-keys (GET /repos/{owner}/{repo}/keys) response 200 application/json example default',
      'repos/list-cache-info (GET /repos/{owner}/{repo}/replicas/caches) response 200 application/json example default',
      'schema #/components/schemas/announcement-expiration examples[0]',
    ],
  },
  {
    name: 'apisguru-digitalocean',
    file: 'apisguru-digitalocean/digitalocean.com.json',
    features: '3.0, JSON, discriminator mappings to files not published with it, text/csv, application/pdf and application/yaml answers',
    // openapi-typescript refuses it too ("Can't resolve $ref: ENOENT ... models/domain_record_types.yml").
    expected: refused(
      'external-ref',
      '#/paths/~1v2~1domains~1{domain_name}~1records/post/requestBody/content/application~1json/schema/discriminator/mapping/A: $ref "models/domain_record_types.yml#/domain_record_a" points outside this document',
    ),
  },
  {
    name: 'discord',
    file: 'discord/openapi.json',
    features: '3.1, JSON, 4XX ranges, form and multipart bodies, image/png and text/csv answers',
    expected: generates, // issue 19: an empty enum is typed never and refused by the validator (warning)
  },
  {
    name: 'apisguru-plaid',
    file: 'apisguru-plaid/plaid.com.json',
    features:
      '3.0, JSON, 200 operations, application/pdf and application/zip answers, default responses, required naming undeclared properties',
    // issue 19: ajv strict findings compiled leniently. An allOf of a nullable schema (PlaidError) and a `required`
    // list: openapi-typescript prints WithRequired<X | null, ...>, whose keys are `never` (3 errors; its own output fails the same).
    expected: { outcome: 'generates', tscError: `error TS2344: Type '"error_type" | "error_code"` },
    // Contract suite vs the mock on 2026-12-08: 4,909 passed, 97 failed (npm run corpus; not analysed).
  },
  {
    name: 'box',
    file: 'box/openapi.json',
    features: '3.0, JSON, form, multipart and octet-stream bodies, default responses, binary and image answers, a #fragment path',
    expected: generates, // issue 19: the form-style list of objects (mdfilters) is refused at call time when given (warning)
    // Seen at load averages of 15 to 23 on 2 cores (2026-12-07): the ReDoS check of this pattern
    // ran out of its 10 s budget before the body was reached.
    underLoad: refused(
      'pattern-check-budget',
      '#/components/schemas/AiAgentBasicTextTool/allOf/1/properties/prompt_template/pattern: the pattern',
    ),
  },
  {
    name: 'apisguru-jira',
    file: 'apisguru-jira/jira.json',
    features:
      '3.0, JSON, 499 operations, */* and text/plain bodies, xml objects, image/png and image/svg+xml answers, form-style lists of objects',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: stopped at npm run corpus's 180 s bound.
  },
  {
    name: 'twilio-api-v2010',
    file: 'twilio-api-v2010/twilio_api_v2010.json',
    features: '3.0, JSON, form-urlencoded bodies, operations with no 2xx',
    expected: generates, // issue 19 (bodies, answers, cookies, servers, headers)
    // Relative *_uri and uri under format: uri (one per property, each reported on its first answer: 183 answers
    // hold them), dates like "2009-07-06 20:30:00" under format: date-time, methods and statuses outside their enums.
    contradictions: [
      'ListAccount (GET /2010-04-01/Accounts.json) response 200 application/json example readEmpty',
      'UpdateAccount (POST /2010-04-01/Accounts/{Sid}.json) request body application/x-www-form-urlencoded example updateWithNumericStatus',
      'ListApplication (GET /2010-04-01/Accounts/{AccountSid}/Applications.json) response 200 application/json example readFull',
      'ListAuthorizedConnectApp (GET /2010-04-01/Accounts/{AccountSid}/AuthorizedConnectApps.json) response 200 application/json example readFull',
      'ListAvailablePhoneNumberLocal (GET /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json) response 200 application/json example readFull',
      'CreateCall (POST /2010-04-01/Accounts/{AccountSid}/Calls.json) request body application/x-www-form-urlencoded example createWithTwiml',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter StartTime example readFullPage1',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter StartTime< example readEmptyDatesLess',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter StartTime> example readEmptyDatesGreater',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter EndTime example readFullPage1',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter EndTime< example readEmptyDatesLess',
      'ListCall (GET /2010-04-01/Accounts/{AccountSid}/Calls.json) parameter EndTime> example readEmptyDatesGreater',
      'FetchCallNotification (GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications/{Sid}.json) response 200 application/json example fetch',
      'ListCallRecording (GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json) response 200 application/json example readFull',
      'FetchConference (GET /2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json) response 200 application/json example fetchValidRegionInProgress',
      'ListDependentPhoneNumber (GET /2010-04-01/Accounts/{AccountSid}/Addresses/{AddressSid}/DependentPhoneNumbers.json) response 200 application/json example readFull',
      'UpdateIncomingPhoneNumber (POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json) response 200 application/json example update',
      'ListMedia (GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json) parameter DateCreated< example readEmptyDatecreatedLess',
      'ListMedia (GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json) parameter DateCreated> example readFull',
      'ListMessage (GET /2010-04-01/Accounts/{AccountSid}/Messages.json) parameter DateSent example readEmptySentdateEquals',
      'ListMessage (GET /2010-04-01/Accounts/{AccountSid}/Messages.json) parameter DateSent< example readEmptySentdateLess',
      'ListMessage (GET /2010-04-01/Accounts/{AccountSid}/Messages.json) parameter DateSent> example readFullPage1',
      'CreateRealtimeTranscription (POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Transcriptions.json) request body application/x-www-form-urlencoded example createWithArgs',
      'ListRecording (GET /2010-04-01/Accounts/{AccountSid}/Recordings.json) parameter DateCreated example readFull',
      'CreateSipDomain (POST /2010-04-01/Accounts/{AccountSid}/SIP/Domains.json) request body application/x-www-form-urlencoded example create',
    ],
  },
  {
    name: 'apisguru-stripe',
    file: 'apisguru-stripe/stripe.com.json',
    features:
      "3.0, JSON, form-urlencoded and multipart bodies, expandable fields (anyOf string or $ref) everywhere, an operation's own server",
    // openapi-typescript reads it (it never expands references); the budget is docs/security.md's bound on one schema.
    expected: refused(
      'expansion-budget',
      '#/components/schemas/charge: this part of the spec stands for more than 100,000 nodes once its $refs are followed',
    ),
  },
  {
    name: 'openai',
    file: 'openai/openapi.yaml',
    features: '3.1, multipart and application/sdp bodies, webhooks, text/event-stream, binary and zip answers',
    // Multipart bodies and the fixed ?beta=true pair are read (issue 19); $recursiveAnchor/$recursiveRef, a name twice in
    // `required`, 3.0's boolean exclusiveMinimum and `nullable` (in a 3.1 document) are read as meant, each with a warning (load/schema-repairs.ts).
    expected: generates, // issue 19: schemas the 2020-12 meta-schema refuses, read as meant
  },
  {
    name: 'apisguru-zoom',
    file: 'apisguru-zoom/zoom.us.json',
    features:
      '3.0 (converted from Swagger 2), JSON, 373 operations, path-level parameters, multipart body, application/xml answers and a media type "new"',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: 5,103 passed, 396 failed: 108 empty 204 answers judged against the 204's documented JSON content, 92 examples that break their schemas, 22 enum cases whose value breaks type: string.
  },
  {
    name: 'apisguru-kubernetes',
    file: 'apisguru-kubernetes/kubernetes.io.json',
    features:
      '3.0 (converted from Swagger 2), JSON, 4.3 MB, 845 operations each with its own servers, path-level parameters, */* bodies, protobuf and watch-stream answers, a scheme-relative server',
    expected: generates,
    // Contract suite vs the mock on 2026-12-08: stopped at npm run corpus's 180 s bound.
  },
  {
    name: 'github',
    file: 'github/api.github.com.json',
    features: '3.0, JSON, 13 MB, 1,223 operations, text/plain and octet-stream bodies, vnd.github.* answers, operations with no 2xx',
    expected: generates, // issue 19: text bodies
    // Answer examples without properties their schemas require, and the like: corpus-contradictions.ts.
    contradictions: GITHUB_CONTRADICTIONS,
  },
];

/** The spec's size in bytes, as committed. */
export function specSize(spec: CorpusSpec): number {
  return statSync(join(PUBLIC, spec.file)).size;
}

/** The public specs the project shipped before the corpus (issues 11 and 13): each must generate, as other tests check. */
const SHIPPED_PUBLIC = ['oai-learn', 'train-travel-api', 'redocly-museum'];

/**
 * A file of the corpus that the project does not ship as a spec it reads: tests that walk every
 * fixture spec and require it to pass a check (hostile-patterns.test.ts) leave these to the
 * corpus table, which says what slbkit does with each (refusals included).
 */
export function isCorpusOnly(file: string): boolean {
  if (!file.startsWith(`${PUBLIC}/`)) return false;
  return !SHIPPED_PUBLIC.includes(file.slice(PUBLIC.length + 1).split('/')[0]!);
}
