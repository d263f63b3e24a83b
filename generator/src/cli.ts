#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SpecError } from './errors.js';
import { identityProblem } from './emit/package-json.js';
import { DEFAULT_PACKAGE, generateFromFile } from './generate.js';
import { OWN_PACKAGE_JSON } from './paths.js';
import { OutputError, diffOutput, writeOutput } from './write.js';

/** Arguments, exit codes, nothing else. 0: done or up to date; 1: --check found drift; 2: bad spec or usage. */

const USAGE = `Usage: slbkit-generate [--spec FILE] [--out DIR] [--check] [--package-name NAME] [--package-version VERSION]

  --spec FILE            OpenAPI 3.1 spec to read (default: spec/slb-2014-05-15.yaml)
  --out DIR              package folder to write (default: generated)
  --check                write nothing; exit 1 naming the files that differ from what the spec gives
  --package-name NAME    name in the package's package.json (default: ${DEFAULT_PACKAGE.name})
  --package-version V    version in the package's package.json (default: ${DEFAULT_PACKAGE.version})
  --help, --version`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        spec: { type: 'string', default: 'spec/slb-2014-05-15.yaml' },
        out: { type: 'string', default: 'generated' },
        check: { type: 'boolean', default: false },
        'package-name': { type: 'string', default: DEFAULT_PACKAGE.name },
        'package-version': { type: 'string', default: DEFAULT_PACKAGE.version },
        help: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`slbkit-generate: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    const own = JSON.parse(readFileSync(OWN_PACKAGE_JSON, 'utf8')) as { version: string };
    process.stdout.write(`${own.version}\n`);
    return 0;
  }
  const identity = { name: args['package-name'], version: args['package-version'] };
  const badIdentity = identityProblem(identity);
  if (badIdentity) {
    process.stderr.write(`slbkit-generate: ${badIdentity}\n`);
    return 2;
  }
  try {
    const started = performance.now();
    const files = await generateFromFile(args.spec, identity);
    if (args.check) {
      const { changed, missing, extra } = await diffOutput(args.out, files);
      const drift = [...changed.map((f) => `changed  ${f}`), ...missing.map((f) => `missing  ${f}`), ...extra.map((f) => `extra    ${f}`)];
      if (drift.length) {
        process.stderr.write(`${args.out} is not what ${args.spec} gives (${drift.length} files); run \`npm run generate\`:\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
        return 1;
      }
      process.stdout.write(`${args.out} is up to date with ${args.spec} (${files.size} files)\n`);
      return 0;
    }
    await writeOutput(args.out, files);
    process.stdout.write(`wrote ${files.size} files to ${args.out} from ${args.spec} in ${Math.round(performance.now() - started)} ms\n`);
    return 0;
  } catch (error) {
    if (error instanceof SpecError) {
      process.stderr.write(`slbkit-generate: ${error.describe()}\nnothing was written\n`);
      return 2;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`slbkit-generate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
