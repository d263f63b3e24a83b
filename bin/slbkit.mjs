#!/usr/bin/env node
// `slbkit <command>`: the one executable of the installed package (issue 21). It only picks the
// command and hands the rest of the arguments over; each command parses its own flags.
// - generate: generator/bin/generate.mjs (an esbuild bundle of generator/src, built on first use);
// - mock, standin, contract, import: TypeScript sources run through tsx's loader in this process (tsx is
//   a dependency: no build step between a source change and what a user runs).
import { readFileSync } from 'node:fs';

const COMMANDS = {
  generate: { file: '../generator/bin/generate.mjs', what: 'generate a typed TypeScript client package from an OpenAPI 3.0/3.1 spec' },
  mock: { file: '../contract-tests/mock/cli.ts', what: "serve a spec with the enforcing mock (Prism's engine) on a local port" },
  contract: { file: '../contract-tests/cli.ts', what: 'check a server (or the mock) against a spec: every example and derived case' },
  standin: {
    file: '../contract-tests/standin/cli.ts',
    what: 'run a local SLB for tests: stateful, signature-checking (V1/V3), fault injection',
  },
  import: { file: '../generator/src/import/cli.ts', what: "turn Alibaba Cloud's API metadata (api-docs.json) into an OpenAPI 3.1 spec" },
};

const USAGE = `Usage: slbkit <command> [flags]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { what }]) => `  ${name.padEnd(10)} ${what}`)
  .join('\n')}

  slbkit <command> --help    the flags of a command
  slbkit --version, -v       slbkit's version
  slbkit --help, -h          this text`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exitCode = command === undefined ? 2 : 0;
} else if (command === '--version' || command === '-v' || command === 'version') {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (Object.hasOwn(COMMANDS, command)) {
  // The command sees its own arguments only, as when it is run on its own.
  process.argv = [process.argv[0], `slbkit ${command}`, ...rest];
  const { file } = COMMANDS[command];
  if (file.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  await import(new URL(file, import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { closest } = await import(new URL('../generator/src/suggest.ts', import.meta.url).href);
  const guess = closest(command, Object.keys(COMMANDS));
  process.stderr.write(
    `slbkit: unknown command "${JSON.stringify(command).slice(1, -1)}"${guess ? ` (did you mean "${guess}"?)` : ''}\n\n${USAGE}\n`,
  );
  process.exitCode = 2;
}
