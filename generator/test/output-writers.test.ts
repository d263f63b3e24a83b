/**
 * generator/src/output/ holds everything that touches `--out`, and output/write.ts is the only
 * code that writes or removes anything there (issue 18, item 4). This test keeps it so: it parses
 * every file of generator/src (TypeScript's own parser, no regular expression over the text) and
 * lists the node:fs functions each imports that can create, change or remove a file. Every file
 * that imports one must be a row of WRITERS below, with exactly those functions and the reason;
 * a new writer anywhere, or a new write function in a listed file, fails the test until it is
 * listed here (and reviewed). A whole-module import (`import * as fs`, `import fs`, `require`,
 * `import()`) counts as every function: it is reported as '*'.
 *
 * Out of scope: a child process that writes (`spawn('rm')`) and a library that writes on our
 * behalf are not seen by an import check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { REPO } from './cli-harness.js';

const SRC = join(REPO, 'generator/src');

/** node:fs functions (callback, promise and Sync forms) that create, change or remove a file system entry. */
const WRITE_FUNCTIONS = new Set(
  [
    'appendFile',
    'chmod',
    'chown',
    'copyFile',
    'cp',
    'createWriteStream',
    'fchmod',
    'fchown',
    'ftruncate',
    'futimes',
    'lchmod',
    'lchown',
    'link',
    'lutimes',
    'mkdir',
    'mkdtemp',
    // open can create and truncate (flag 'w'): each reader that opens is listed with its flags.
    'open',
    'rename',
    'rm',
    'rmdir',
    'symlink',
    'truncate',
    'unlink',
    'utimes',
    'write',
    'writeFile',
    'writev',
  ].flatMap((name) => [name, `${name}Sync`]),
);
/** Named imports that hand over the whole API (`fs.promises`, `{ default as fs }`): as good as a namespace import. */
const WHOLE_API = new Set(['promises', 'default']);
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

/** Each file of generator/src that may write, relative to it, with the functions it imports and why. */
const WRITERS: [file: string, functions: string[], reason: string][] = [
  [
    'output/write.ts',
    ['mkdir', 'rename', 'rm', 'rmdir', 'writeFile'],
    'the only writer under --out: staged files renamed into place, stale ones removed, the folders above --out created',
  ],
  [
    'output/lock.ts',
    ['link', 'rename', 'rm', 'writeFile'],
    'the lock file <out>.slbkit-lock beside --out (written O_EXCL, hard-linked into place), never a file inside it',
  ],
  [
    'output/up-to-date.ts',
    ['mkdir', 'rename', 'rm', 'writeFile'],
    'the record of manifests this installation wrote, under node_modules/.cache/slbkit/, outside --out',
  ],
  ['output/folder.ts', ['open'], 'readHead opens with O_RDONLY | O_NOFOLLOW | O_NONBLOCK: reads the previous output, never writes'],
  ['load/read-yaml.ts', ['open'], 'opens the spec read-only (O_RDONLY), never writes'],
  [
    'emit/dist.ts',
    ['mkdirSync', 'renameSync', 'writeFileSync'],
    'the transpiled-runtime cache under generator/.build/transpiled, outside --out',
  ],
  [
    'emit/format.ts',
    ['mkdirSync', 'renameSync', 'writeFileSync'],
    "the formatted-runtime cache under generator/.build/formatted, outside --out (the runtime's files only)",
  ],
  ['diff/release.ts', ['writeFile'], '--release-notes FILE: a file the user names, outside --out (a job summary, a PR body)'],
  [
    'import/cli.ts',
    ['renameSync', 'rmSync', 'writeFileSync'],
    'slbkit import --out FILE: the imported spec, a file the user names (written beside it, renamed into place), no generate --out',
  ],
];

/** The write functions `source` takes from node:fs (sorted, '*' for the whole API). */
function writeFunctionsIn(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Set<string>();
  const isFs = (node: ts.Node | undefined) => node !== undefined && ts.isStringLiteralLike(node) && FS_MODULES.has(node.text);
  const take = (name: string) => {
    if (WRITE_FUNCTIONS.has(name)) found.add(name);
    else if (WHOLE_API.has(name)) found.add('*');
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isFs(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import type { ... }` brings no function in.
      if (clause && !clause.isTypeOnly) {
        if (clause.name) found.add('*');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) found.add('*');
        if (bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements) if (!element.isTypeOnly) take((element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(node) && isFs(node.moduleSpecifier) && !node.isTypeOnly) {
      const clause = node.exportClause;
      if (!clause || !ts.isNamedExports(clause)) found.add('*');
      else for (const element of clause.elements) if (!element.isTypeOnly) take((element.propertyName ?? element.name).text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      if (isFs(node.moduleReference.expression)) found.add('*');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(callee) && callee.text === 'require';
      if ((dynamic || required) && isFs(node.arguments[0])) found.add('*');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => /\.[cm]?[jt]s$/.test(path));
}

describe('the scanner sees every way a file can import a write function', () => {
  // A scanner that misses one of these would let a writer in unseen: each row must find exactly `want`.
  it.each<[string, string, string[]]>([
    ['a named import from node:fs/promises', "import { readFile, writeFile } from 'node:fs/promises';", ['writeFile']],
    ['a Sync function from fs without the node: prefix', "import { existsSync, rmSync } from 'fs';", ['rmSync']],
    ['a renamed import', "import { rename as move } from 'node:fs/promises';", ['rename']],
    ['a namespace import', "import * as fs from 'node:fs';", ['*']],
    ['a default import', "import fs from 'fs';", ['*']],
    ['the promises object', "import { promises } from 'node:fs';", ['*']],
    ['a dynamic import', "export async function f() { const { rm } = await import('node:fs/promises'); return rm; }", ['*']],
    ['require', "const fs = require('fs');", ['*']],
    ['import = require', "import fs = require('node:fs');", ['*']],
    ['a re-export', "export { unlink } from 'node:fs/promises';", ['unlink']],
    ['a star re-export', "export * from 'node:fs';", ['*']],
    ['open, which can create and truncate', "import { open } from 'node:fs/promises';", ['open']],
    ['reads only', "import { lstat, readdir, readFile, realpath } from 'node:fs/promises';", []],
    ['types only', "import type { Stats } from 'node:fs';", []],
    ['a type-only element', "import { type WriteStream, readFileSync } from 'node:fs';", []],
    ['another module with the same names', "import { writeFile } from './my-fs.js';", []],
  ])('%s', (_name, source, want) => {
    expect(writeFunctionsIn('row.ts', source)).toEqual(want);
  });
});

describe('only the files listed here write, and only with the functions listed', () => {
  const found = new Map(
    sourceFiles(SRC)
      .map((path) => [relative(SRC, path).split('\\').join('/'), writeFunctionsIn(path, readFileSync(path, 'utf8'))] as const)
      .filter(([, functions]) => functions.length > 0),
  );

  // A stale row (the file no longer writes, or writes with other functions) fails too: the table
  // says what is true today, so the reason beside each row can be trusted.
  it.each(WRITERS)('%s: %j (%s)', (file, functions) => {
    expect(found.get(file) ?? [], `${file} imports other node:fs write functions than listed`).toEqual([...functions].sort());
  });

  it('no other file of generator/src imports a node:fs write function', () => {
    const listed = new Set(WRITERS.map(([file]) => file));
    const unlisted = [...found].filter(([file]) => !listed.has(file)).map(([file, functions]) => `${file}: ${functions.join(', ')}`);
    // The fix for a new writer under --out is to move it into output/write.ts; anything else
    // (a cache, a file the user names) is added to WRITERS with its reason.
    expect(unlisted).toEqual([]);
  });
});
