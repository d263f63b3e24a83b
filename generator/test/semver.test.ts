/**
 * Regeneration as a release (generator/src/diff/): spec edits -> classified API changes ->
 * semver bump -> CHANGELOG.md, and the --fail-on-breaking gate.
 *
 * The table edits the text of one small spec (fixtures/semver/base.yaml) as a spec author would,
 * builds both models with the real loader and `buildApiModel`, round-trips each summary through
 * the file text the package carries (slbkit-api.json), and checks the exact change list and the
 * bump below and above 1.0.0. A few rows then go through the real CLI process, which is what
 * `npm run generate` runs: v0 written, spec edited, regenerated over it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSurface, printApiSurface, type ApiSurface } from '../src/diff/api-surface.js';
import { changeLine } from '../src/diff/changelog.js';
import { compareSurfaces } from '../src/diff/compare.js';
import { specCommitDate } from '../src/diff/release.js';
import { bumpVersion, releaseLevel } from '../src/diff/semver.js';
import { checkOpenApiDocument } from '../src/load/openapi-document.js';
import { parseSpecText } from '../src/load/read-yaml.js';
import { buildApiModel } from '../src/model/build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BASE_FILE = join(REPO, 'generator/test/fixtures/semver/base.yaml');
const BASE = readFileSync(BASE_FILE, 'utf8');

/** The summary a package would carry for this spec text, read back from its file text. */
function surfaceOf(text: string): ApiSurface {
  const document = parseSpecText(text, 'base.yaml');
  checkOpenApiDocument(document);
  return JSON.parse(printApiSurface(apiSurface(buildApiModel({ file: 'base.yaml', document })))) as ApiSurface;
}

/** Replace `from` by `to`, which must occur exactly once: a row whose edit misses fails instead of testing nothing. */
function edit(...pairs: [string, string][]): (text: string) => string {
  return (text) =>
    pairs.reduce((t, [from, to]) => {
      const count = t.split(from).length - 1;
      if (count !== 1) throw new Error(`edit target occurs ${count} times, not once: ${from}`);
      return t.replace(from, to);
    }, text);
}

interface Row {
  edit: (text: string) => string;
  /** The CHANGELOG lines, in order. */
  want: string[];
  /** The version after 0.1.0 and after 1.2.3. */
  bump: [string, string];
}

const NONE: [string, string] = ['0.1.0', '1.2.3'];
const FIX: [string, string] = ['0.1.1', '1.2.4'];
const FEATURE: [string, string] = ['0.1.1', '1.3.0'];
const BREAKING: [string, string] = ['0.2.0', '2.0.0'];

const LABEL = '      - name: Label\n        in: query\n        schema: { type: string }\n';
const rows: [string, Row][] = [
  // Documentation and no-op edits.
  ['operation description edited', { edit: edit(['Tunes the thing, softly', 'Tunes the thing, gently']), want: ['- fix: `tuneThing`: description changed'], bump: FIX }],
  ['parameter description edited', { edit: edit(['How hard to tune.', 'How firmly to tune.']), want: ['- fix: `tuneThing`: description of input parameter `Mode` changed'], bump: FIX }],
  ['output field description edited', { edit: edit(['The ID of the request.', 'The request ID.']), want: ['- fix: `tuneThing`: output field `RequestId`: description changed'], bump: FIX }],
  ['keys of a schema reordered', { edit: edit(['{ type: string, minLength: 1, maxLength: 64 }', '{ maxLength: 64, type: string, minLength: 1 }']), want: [], bump: NONE }],
  ['parameters reordered', { edit: edit([LABEL, ''], ['      - name: Contact\n', `${LABEL}      - name: Contact\n`]), want: [], bump: NONE }],
  ['success example edited', { edit: edit(['RequestId: r-1', 'RequestId: r-2']), want: [], bump: NONE }],
  // Inputs: parameters.
  ['optional parameter added', { edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        schema: { type: string }\n`]), want: ['- feature: `tuneThing`: optional input parameter `Tag` added'], bump: FEATURE }],
  ['required parameter added', { edit: edit([LABEL, `${LABEL}      - name: Tag\n        in: query\n        required: true\n        schema: { type: string }\n`]), want: ['- **breaking**: `tuneThing`: required input parameter `Tag` added'], bump: BREAKING }],
  ['parameter removed', { edit: edit([LABEL, '']), want: ['- **breaking**: `tuneThing`: input parameter `Label` removed'], bump: BREAKING }],
  ['optional parameter made required', { edit: edit(['      - name: Mode\n        in: query\n', '      - name: Mode\n        in: query\n        required: true\n']), want: ['- **breaking**: `tuneThing`: input parameter `Mode` is now required'], bump: BREAKING }],
  ['required parameter made optional', { edit: edit(['      - name: ThingId\n        in: query\n        required: true\n', '      - name: ThingId\n        in: query\n']), want: ['- feature: `tuneThing`: input parameter `ThingId` is now optional'], bump: FEATURE }],
  ['parameter moved from query to header', { edit: edit(['      - name: Label\n        in: query', '      - name: Label\n        in: header']), want: ['- **breaking**: `tuneThing`: input parameter `Label` moved from query to header'], bump: BREAKING }],
  // Inputs: types widened and narrowed.
  ['enum value added to an input', { edit: edit(['enum: [soft, hard]', 'enum: [soft, hard, auto]']), want: ['- feature: `tuneThing`: input parameter `Mode`: enum value "auto" added'], bump: FEATURE }],
  ['enum value removed from an input', { edit: edit(['enum: [soft, hard]', 'enum: [soft]']), want: ['- **breaking**: `tuneThing`: input parameter `Mode`: enum value "hard" removed'], bump: BREAKING }],
  ['maximum lowered on an input', { edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: integer, minimum: 0, maximum: 5 }']), want: ['- **breaking**: `tuneThing`: input parameter `Level`: maximum 10 -> 5'], bump: BREAKING }],
  ['minimum lowered on an input', { edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: integer, minimum: -5, maximum: 10 }']), want: ['- feature: `tuneThing`: input parameter `Level`: minimum 0 -> -5'], bump: FEATURE }],
  ['maxLength lowered', { edit: edit(['minLength: 1, maxLength: 64', 'minLength: 1, maxLength: 32']), want: ['- **breaking**: `tuneThing`: input parameter `ThingId`: maxLength 64 -> 32'], bump: BREAKING }],
  ['maxItems lowered on a JSON-encoded list', { edit: edit(['maxItems: 20', 'maxItems: 10']), want: ['- **breaking**: `tuneThing`: input parameter `Servers`: maxItems 20 -> 10'], bump: BREAKING }],
  ['minItems removed', { edit: edit(['              minItems: 1\n', '']), want: ['- feature: `tuneThing`: input parameter `Servers`: minItems 1 removed'], bump: FEATURE }],
  ['pattern added', { edit: edit([LABEL, LABEL.replace('{ type: string }', '{ type: string, pattern: "^[a-z]+$" }')]), want: ['- **breaking**: `tuneThing`: input parameter `Label`: pattern "^[a-z]+$" added'], bump: BREAKING }],
  ['format changed', { edit: edit(['format: email', 'format: uri']), want: ['- **breaking**: `tuneThing`: input parameter `Contact`: format "email" -> "uri"'], bump: BREAKING }],
  ['type changed', { edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: string }']), want: ['- **breaking**: `tuneThing`: input parameter `Level`: type integer -> string', '- feature: `tuneThing`: input parameter `Level`: minimum 0 removed', '- feature: `tuneThing`: input parameter `Level`: maximum 10 removed'], bump: BREAKING }],
  ['type widened', { edit: edit(['{ type: integer, minimum: 0, maximum: 10 }', '{ type: number, minimum: 0, maximum: 10 }']), want: ['- feature: `tuneThing`: input parameter `Level`: type integer -> number'], bump: FEATURE }],
  ['field made required inside a JSON-encoded input', { edit: edit(['required: [ServerId]', 'required: [ServerId, Weight]']), want: ['- **breaking**: `tuneThing`: input `Servers[].Weight`: now required (was optional)'], bump: BREAKING }],
  ['maximum raised inside a JSON-encoded input', { edit: edit(['minimum: 0, maximum: 100', 'minimum: 0, maximum: 200']), want: ['- feature: `tuneThing`: input `Servers[].Weight`: maximum 100 -> 200'], bump: FEATURE }],
  // Outputs.
  ['output field removed', { edit: edit(['                  Note: { type: string }\n', '']), want: ['- **breaking**: `tuneThing`: output field `Note`: field removed'], bump: BREAKING }],
  ['output field added', { edit: edit(['                  Note: { type: string }\n', '                  Note: { type: string }\n                  Owner: { type: string }\n']), want: ['- feature: `tuneThing`: output field `Owner`: optional field added'], bump: FEATURE }],
  ['output field made optional', { edit: edit(['required: [RequestId, State]', 'required: [RequestId]']), want: ['- **breaking**: `tuneThing`: output field `State`: now optional (was required)'], bump: BREAKING }],
  ['output field made required', { edit: edit(['required: [RequestId, State]', 'required: [RequestId, State, Note]']), want: ['- feature: `tuneThing`: output field `Note`: now required (was optional)'], bump: FEATURE }],
  ['enum value added to an output', { edit: edit(['enum: [tuned, pending]', 'enum: [tuned, pending, failed]']), want: ['- **breaking**: `tuneThing`: output field `State`: enum value "failed" added'], bump: BREAKING }],
  ['enum value removed from an output', { edit: edit(['enum: [tuned, pending]', 'enum: [tuned]']), want: ['- feature: `tuneThing`: output field `State`: enum value "pending" removed'], bump: FEATURE }],
  ['output type narrowed in a component', { edit: edit(['Size: { type: number }', 'Size: { type: integer }']), want: ['- feature: `getThing`: output field `Size`: type number -> integer'], bump: FEATURE }],
  // Errors.
  ['error code documented', { edit: edit(['                  value: { Code: InvalidParameter, Message: The parameter is not valid. }\n', '                  value: { Code: InvalidParameter, Message: The parameter is not valid. }\n                throttled:\n                  value: { Code: Throttling, Message: Too many requests. }\n']), want: ['- feature: `tuneThing`: error code Throttling (HTTP 400) documented'], bump: FEATURE }],
  ['error code renamed', { edit: edit(['Code: Thing.NotFound', 'Code: Thing.Missing']), want: ['- **breaking**: `tuneThing`: error code Thing.NotFound (HTTP 404) no longer documented', '- feature: `tuneThing`: error code Thing.Missing (HTTP 404) documented'], bump: BREAKING }],
  // Wire encoding and signing.
  ['POST form removed', { edit: edit(['    post:\n      operationId: TuneThingByPost\n      summary: Tune a thing (POST form)\n      responses: *responses\n', '']), want: ['- **breaking**: `tuneThing`: HTTP method POST no longer allowed'], bump: BREAKING }],
  ['Version changed', { edit: edit(['enum: ["2020-01-01"]', 'enum: ["2021-06-01"]']), want: ['- **breaking**: `tuneThing`: Version "2020-01-01" -> "2021-06-01"'], bump: BREAKING }],
  ['parameter JSON-encoded instead of plain', { edit: edit(['schema: { type: string, format: email }', 'content: { application/json: { schema: { type: string, format: email } } }']), want: ['- **breaking**: `tuneThing`: input parameter `Contact` wire encoding plain -> json'], bump: BREAKING }],
  ['path changed', { edit: edit(['/things/{id}:', '/items/{id}:']), want: ['- **breaking**: `getThing`: path /things/{id} -> /items/{id}'], bump: BREAKING }],
  ['default endpoint changed', { edit: edit(['https://api.example.invalid', 'https://eu.api.example.invalid']), want: ['- **breaking**: default endpoint https://api.example.invalid -> https://eu.api.example.invalid'], bump: BREAKING }],
  // Operations.
  ['operation renamed', { edit: edit(['operationId: getThing', 'operationId: fetchThing']), want: ['- **breaking**: `getThing`: operation removed', '- feature: `fetchThing`: operation added (GET /things/{id})'], bump: BREAKING }],
];

describe('classified changes of a spec edit (models built by the real loader)', () => {
  const before = surfaceOf(BASE);

  it.each(rows)('%s', (_name, { edit: apply, want, bump }) => {
    const changes = compareSurfaces(before, surfaceOf(apply(BASE)));
    expect(changes.map(changeLine)).toEqual(want);
    const level = releaseLevel(changes.map((c) => c.level));
    const next = (from: string) => (level ? bumpVersion(from, level) : from);
    expect([next('0.1.0'), next('1.2.3')]).toEqual(bump);
  });

  it('has at least 20 rows, and rows for each outcome: breaking, feature, fix and no change', () => {
    const outcomes = new Set(rows.map(([, r]) => r.bump.join()));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(outcomes).toEqual(new Set([NONE, FIX, FEATURE, BREAKING].map((b) => b.join())));
  });
});
