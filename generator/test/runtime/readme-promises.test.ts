/**
 * The generated README restates what the runtime does (issue 9: "the README's safety promises
 * are true and name their limits"). These rows tie each restated fact to the runtime source,
 * so a change on one side without the other fails here. The README read is generated/README.md,
 * which `generate --check` keeps equal to what the emitter prints.
 */
import { readFileSync } from 'node:fs';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { MAX_CREDENTIALS_FILE_BYTES } from '../../runtime/credentials.js';
import { DEFAULTS } from '../../runtime/defaults.js';

const readme = readFileSync(new URL('../../../generated/README.md', import.meta.url), 'utf8');
const contextSource = new Project({ useInMemoryFileSystem: false }).addSourceFileAtPath(
  new URL('../../runtime/context.ts', import.meta.url).pathname,
);
const options = contextSource.getInterfaceOrThrow('ClientOptions').getProperties();
const optionNames = options.map((p) => p.getName());
/** A default as the README and the JSDoc show it: strings quoted ('v1'), numbers and booleans bare. */
const shown = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

describe('the README option table', () => {
  it.each(optionNames)('lists ClientOptions.%s', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${name}\`[^|]* \\|`, 'm'));
  });

  it('gives the default cap the runtime uses', () => {
    const bytes = DEFAULTS.maxResponseBytes;
    expect(readme).toContain(`| \`maxResponseBytes\` | \`${bytes}\` (${bytes / 1024 / 1024} MiB) |`);
  });

  // The README's default column and the runtime's DEFAULTS (runtime/defaults.ts) say the same.
  it.each(Object.entries(DEFAULTS).filter(([name]) => name !== 'retryBaseDelayMs' && name !== 'retryMaxDelayMs'))(
    'gives the default of %s the runtime uses (%s)',
    (name, value) => {
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\| \`${shown(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``, 'm'));
    },
  );

  it('gives the backoff defaults the runtime uses', () => {
    expect(readme).toContain(
      `| \`retryBaseDelayMs\`, \`retryMaxDelayMs\` | \`${DEFAULTS.retryBaseDelayMs}\`, \`${DEFAULTS.retryMaxDelayMs}\` |`,
    );
  });
});

describe('the ClientOptions JSDoc', () => {
  // Each documented default names its DEFAULTS entry and restates its value for the reader of
  // the .d.ts; the two must agree.
  const documented = options.flatMap((p) => {
    const match = /Default `DEFAULTS\.(\w+)` \(([^,)]+)/.exec(
      p
        .getJsDocs()
        .map((d) => d.getInnerText())
        .join(' '),
    );
    return match ? [[p.getName(), match[1]!, match[2]!] as const] : [];
  });

  it('documents every default of DEFAULTS', () => {
    expect(documented.map(([, name]) => name).sort()).toEqual(Object.keys(DEFAULTS).sort());
  });

  it.each(documented)('%s: DEFAULTS.%s is %s', (option, name, text) => {
    expect(option).toBe(name);
    expect(text).toBe(shown(DEFAULTS[name as keyof typeof DEFAULTS]));
  });
});

describe('the README safety text', () => {
  it.each([
    ['the credentials file size limit', `at most ${MAX_CREDENTIALS_FILE_BYTES / 1024} KiB`],
    ['the warning code the runtime emits', 'SLBKIT_INSECURE_ENDPOINT'],
    ['fetch is told not to follow', "redirect: 'manual'"],
    ['what node:http asks for', 'accept-encoding: identity'],
  ])('states %s, as the runtime source does', (_name, fact) => {
    expect(readme).toContain(fact);
    const runtime = ['invoke', 'context', 'transport', 'credentials']
      .map((f) => readFileSync(new URL(`../../runtime/${f}.ts`, import.meta.url), 'utf8'))
      .join('\n');
    const inSource = fact.startsWith('at most')
      ? `MAX_CREDENTIALS_FILE_BYTES`
      : fact.replace('accept-encoding: identity', "'accept-encoding': 'identity'");
    expect(runtime).toContain(inSource);
  });
});
