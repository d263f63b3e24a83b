/**
 * Issue 19 item 3: the types and the validators of a generated package say the same thing about
 * readOnly, writeOnly, `default` and discriminators. Each row is one value and one verdict,
 * judged twice: by a strict consumer's tsc (one program for every row: a line annotated with the
 * row's type, `@ts-expect-error` above it when the verdict is "refused") and by the package's
 * own ajv validator (the input validator, or the response validator for an Output row).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './cli-harness.js';
import { typecheck } from './generated-package.js';
import { sourcePackage } from './source-package.js';

const FIXTURES = join(REPO, 'generator/test/fixtures/types-honest');
const SPECS = {
  rw: join(FIXTURES, 'read-write.yaml'),
  d31: join(FIXTURES, 'discriminators-3-1.yaml'),
  d30: join(FIXTURES, 'discriminators-3-0.yaml'),
} as const;
type Spec = keyof typeof SPECS;

/** [spec, the package's type (an Input, or an Output judged by the response validator), the value, accepted, why]. */
type Row = [spec: Spec, type: string, value: unknown, accepted: boolean, why: string];

const booking = { trip_id: 't', passenger_name: 'Ann' };
/**
 * readOnly, writeOnly and default. On main (185fac0) a request required the readOnly `id` and a
 * response the writeOnly `cvc`, in the types and in the validators alike, and the `default`ed
 * `class` of a $ref'd body was required by the types.
 */
const READ_WRITE: Row[] = [
  ['rw', 'CreateBookingInput', { body: booking }, true, 'a request leaves out the readOnly id'],
  ['rw', 'CreateBookingInput', { body: { trip_id: 't' } }, false, 'a request still needs its other required fields'],
  ['rw', 'CreateBookingOutput', { id: 'b', ...booking }, true, 'a response carries the readOnly id'],
  ['rw', 'CreateBookingOutput', booking, false, 'a response needs the readOnly id it requires'],
  [
    'rw',
    'PayBookingInput',
    { id: 'b', body: { amount: 1, source: { number: '4242', cvc: '123' } } },
    true,
    'a request leaves out readOnly ids and sends the writeOnly cvc (through a $ref)',
  ],
  [
    'rw',
    'PayBookingInput',
    { id: 'b', body: { amount: 1, source: { number: '4242' } } },
    false,
    'the writeOnly cvc is required in a request',
  ],
  [
    'rw',
    'PayBookingOutput',
    { id: 'p', amount: 1, source: { number: '4242' } },
    true,
    'a response leaves out the writeOnly cvc (through a $ref)',
  ],
  ['rw', 'PayBookingOutput', { amount: 1, source: { number: '4242' } }, false, 'a response needs the readOnly id'],
  [
    'rw',
    'CreateTripInput',
    { body: { origin: 'Oslo', seats: [{ number: 1 }] } },
    true,
    'readOnly through allOf, a readOnly component, array items; the defaulted class left out',
  ],
  ['rw', 'CreateTripInput', { body: { origin: 'Oslo', class: 'first', seats: [] } }, true, 'a defaulted property may still be given'],
  ['rw', 'CreateTripInput', { body: { origin: 'Oslo', class: 'third', seats: [] } }, false, 'a defaulted property is still checked'],
  ['rw', 'CreateTripInput', { body: { seats: [{ number: 1 }] } }, false, 'origin (allOf member) is still required'],
  [
    'rw',
    'CreateTripOutput',
    { trips: [{ id: 't', origin: 'Oslo', class: 'first', created: '2026-01-01T00:00:00Z', seats: [{ number: 1, booked_at: 'x' }] }] },
    true,
    'a response carries every readOnly property',
  ],
  [
    'rw',
    'CreateTripOutput',
    { trips: [{ origin: 'Oslo', class: 'first', created: 'x', seats: [] }] },
    false,
    'a response needs the id Trip requires',
  ],
  ['rw', 'PutSettingsInput', { body: { name: 'n' } }, true, "a $ref'd body's defaulted property may be left out"],
  ['rw', 'PutSettingsInput', { body: { name: 'n', mode: 'other' } }, false, 'and is checked when given'],
  ['rw', 'CreateNoteInput', { body: { text: 't', tags: [{ label: 'a' }] } }, true, 'an inline body: readOnly in array items left out'],
  ['rw', 'CreateNoteInput', { body: { text: 't', tags: [{}] } }, false, 'an inline body: the items still need their label'],
];

/**
 * Discriminators, in a 3.1 and a 3.0 spec. On main the validator ignored them: it refused
 * `{ kind: 'circle' }` and `{ petType: 'Lizard' }` (both oneOf branches matched, their property a
 * plain string) that the types accept, and accepted `{ petType: 'Cat' }` and a Cat with
 * `animalType: 'Dog'` that the types refuse.
 */
const DISCRIMINATED = (spec: Spec): Row[] => [
  [spec, 'PutShapeInput', { body: { kind: 'circle', radius: 1 } }, true, 'mapping: a mapped value and its branch'],
  [spec, 'PutShapeInput', { body: { kind: 'circle' } }, true, 'mapping: the value alone picks the branch (both branches fit as written)'],
  [spec, 'PutShapeInput', { body: { kind: 'square', sideLength: 2 } }, true, 'mapping: the other value'],
  [spec, 'PutShapeInput', { body: { kind: 'ModelCircle' } }, false, 'mapping: the schema name is not a value when mapped'],
  [spec, 'PutShapeInput', { body: { radius: 1 } }, false, 'the discriminator property is required'],
  [spec, 'PutPetInput', { body: { petType: 'Lizard' } }, true, 'no mapping: the schema name, the branch property an enum/const'],
  [
    spec,
    'PutPetInput',
    { body: { petType: 'Dog', bark: 'woof' } },
    true,
    'no mapping: the schema name, the branch property a plain string',
  ],
  [spec, 'PutPetInput', { body: { petType: 'Cat' } }, false, 'no mapping: a name no branch has'],
  [spec, 'PutPetInput', { body: { petType: 'Dog', bark: 1 } }, false, 'the selected branch checks the rest'],
  [spec, 'PutVehicleInput', { body: { type: 'car', doors: 4 } }, true, 'mapping, the property an enum in each branch'],
  [spec, 'PutVehicleInput', { body: { type: 'boat' } }, false, 'mapping, an unmapped value'],
  [spec, 'PutCatInput', { body: { animalType: 'Cat', huntingSkill: 'lazy' } }, true, 'allOf inheritance: the schema name is its value'],
  [spec, 'PutCatInput', { body: { animalType: 'Dog' } }, false, 'allOf inheritance: another value is not a Cat'],
];

const ROWS: Row[] = [...READ_WRITE, ...DISCRIMINATED('d31'), ...DISCRIMINATED('d30')];

type Validate = ((value: unknown) => boolean) & { errors?: unknown };
const packages = {} as Record<Spec, string>;
/** tsc's diagnostics, by the row whose lines they are on. */
const diagnostics = new Map<number, string[]>();
let dir = '';

beforeAll(async () => {
  for (const spec of Object.keys(SPECS) as Spec[]) packages[spec] = await sourcePackage(SPECS[spec]);
  dir = mkdtempSync(join(tmpdir(), 'slbkit-types-honest-'));
  const lines = (Object.keys(SPECS) as Spec[]).map(
    (spec) => `import type * as ${spec} from ${JSON.stringify(join(packages[spec], 'src/index.js'))};`,
  );
  const rowOfLine: number[] = [];
  ROWS.forEach(([spec, type, value, accepted], i) => {
    if (!accepted) {
      lines.push('// @ts-expect-error the row says refused');
      rowOfLine[lines.length] = i;
    }
    lines.push(`export const row${i}: ${spec}.${type} = ${JSON.stringify(value)};`);
    rowOfLine[lines.length] = i;
  });
  writeFileSync(join(dir, 'consumer.mts'), `${lines.join('\n')}\n`);
  const run = await typecheck([join(dir, 'consumer.mts')]);
  let row: number | undefined;
  for (const line of (run.stdout + run.stderr).split('\n').filter(Boolean)) {
    // An indented line goes on with the diagnostic above it.
    if (!/^\s/.test(line)) {
      const at = /consumer\.mts\((\d+),\d+\)/.exec(line);
      row = at ? rowOfLine[Number(at[1])] : undefined;
    }
    // A diagnostic outside the rows (in the package itself) fails every row.
    for (const i of row === undefined ? ROWS.keys() : [row]) diagnostics.set(i, [...(diagnostics.get(i) ?? []), line]);
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validator(spec: Spec, type: string): Promise<Validate> {
  const output = type.endsWith('Output');
  const file = join(packages[spec], 'src', output ? 'response-validators.js' : 'validators.js');
  const module = (await import(pathToFileURL(file).href)) as Record<string, Validate>;
  const name = output ? `validate${type.slice(0, -'Output'.length)}Response` : `validate${type}`;
  expect(module[name], `${name} in ${file}`).toBeTypeOf('function');
  return module[name]!;
}

describe('types and validators agree (issue 19 item 3)', () => {
  it.each(ROWS.map((row, i) => [i, ...row] as const))('row %i %s %s: %j accepted=%s (%s)', async (i, spec, type, value, accepted) => {
    // tsc: no diagnostic on the row's lines (an unused @ts-expect-error is one).
    expect(diagnostics.get(i) ?? []).toEqual([]);
    const validate = await validator(spec, type);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(accepted);
  });
});
