import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

// The spec lints clean under @redocly/cli's recommended rules (redocly.yaml), and the same
// linter does catch a broken copy, so a green row means something.

const root = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'slbkit-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(file: string, cwd: string) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    // No telemetry or update check: tests make no calls off this machine.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

it.each([
  ['the bundled spec', (dir: string) => dir, 0, /valid/],
  [
    'a copy whose 200 example breaks its schema',
    (dir: string) => {
      const text = readFileSync(join(root, 'spec/slb-2014-05-15.yaml'), 'utf8').replace(
        '                    - ServerId: vm-233\n                      Weight: 100',
        '                    - ServerId: vm-233\n                      Weight: 101',
      );
      writeFileSync(join(dir, 'spec/slb-2014-05-15.yaml'), text);
      return dir;
    },
    1,
    /no-invalid-media-type-examples/,
  ],
] as const)('redocly lint: %s', (_name, prepare, status, pattern) => {
  const dir = mkdtempSync(join(scratch, 'case-'));
  spawnSync('mkdir', ['-p', join(dir, 'spec')]);
  copyFileSync(join(root, 'spec/slb-2014-05-15.yaml'), join(dir, 'spec/slb-2014-05-15.yaml'));
  copyFileSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  copyFileSync(join(root, '.redocly.lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
  const result = lint('spec/slb-2014-05-15.yaml', prepare(dir));
  expect(result.output).toMatch(pattern);
  expect(result.status).toBe(status);
});

// Many RPC actions in one document (`/?Action=Name` and `/#Action=Name` path keys) lint clean
// under the same rule set, which still catches a broken example in such a document.
it.each([
  ['the five-action fixture, /?Action= keys', (text: string) => text, 0, /valid/],
  ['the same with /#Action= keys', (text: string) => text.replaceAll('/?Action=', '/#Action='), 0, /valid/],
  [
    'a copy whose PageSize example breaks its maximum',
    (text: string) => text.replace('              value: 50\n', '              value: 500\n'),
    1,
    /no-invalid-parameter-examples/,
  ],
] as const)('redocly lint: %s', (_name, edit, status, pattern) => {
  const dir = mkdtempSync(join(scratch, 'actions-'));
  copyFileSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  writeFileSync(join(dir, 'slb-actions.yaml'), edit(readFileSync(join(root, 'generator/test/fixtures/specs/slb-actions.yaml'), 'utf8')));
  const result = lint('slb-actions.yaml', dir);
  expect(result.output).toMatch(pattern);
  expect(result.status).toBe(status);
});
