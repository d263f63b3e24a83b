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
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../runtime/invoke.js';

const readme = readFileSync(new URL('../../../generated/README.md', import.meta.url), 'utf8');
const invokeSource = new Project({ useInMemoryFileSystem: false }).addSourceFileAtPath(new URL('../../runtime/invoke.ts', import.meta.url).pathname);
const optionNames = invokeSource.getInterfaceOrThrow('ClientOptions').getProperties().map((p) => p.getName());

describe('the README option table', () => {
  it.each(optionNames)('lists ClientOptions.%s', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${name}\`[^|]* \\|`, 'm'));
  });

  it('gives the default cap the runtime uses', () => {
    const bytes = DEFAULT_MAX_RESPONSE_BYTES;
    expect(readme).toContain(`| \`maxResponseBytes\` | \`${bytes}\` (${bytes / 1024 / 1024} MiB) |`);
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
    const runtime = ['invoke', 'transport', 'credentials'].map((f) => readFileSync(new URL(`../../runtime/${f}.ts`, import.meta.url), 'utf8')).join('\n');
    const inSource = fact.startsWith('at most') ? `MAX_CREDENTIALS_FILE_BYTES` : fact.replace('accept-encoding: identity', "'accept-encoding': 'identity'");
    expect(runtime).toContain(inSource);
  });
});
