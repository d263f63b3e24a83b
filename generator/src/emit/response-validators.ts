import { ts } from 'ts-morph';

/**
 * The success-body validators live in their own module, `response-validators.js`, which the
 * client imports only with `validateResponses` (a dynamic import: a bundler puts it in a chunk
 * of its own). Both modules are printed by ajv's standalone code from ONE ajv instance, so a
 * component schema used by a request and a response is compiled once, under one name, and
 * printed into both. This keeps one copy: every top-level statement of the response module that
 * the input module also has, character for character (a component's function, its schema
 * constant, the properties ajv sets on the function), is dropped from the response module,
 * whose names come from `./validators.js` instead. Parsed, not pattern-matched, so it holds for
 * any layout ajv prints.
 */
export function shareWithInputs(inputJs: string, responseJs: string): { inputJs: string; responseJs: string } {
  const statementsOf = (text: string) => ts.createSourceFile('module.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS).statements;
  const isCode = (s: ts.Statement) => !ts.isImportDeclaration(s) && !ts.isExportDeclaration(s) && !(ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
  const inInput = new Set(statementsOf(inputJs).filter(isCode).map((s) => s.getText()));
  const shared: string[] = [];
  let kept = '';
  let from = 0;
  for (const statement of statementsOf(responseJs)) {
    if (!isCode(statement) || !inInput.has(statement.getText())) continue;
    shared.push(...declaredNames(statement));
    kept += responseJs.slice(from, statement.getStart());
    from = statement.getEnd();
  }
  if (shared.length === 0) return { inputJs, responseJs };
  kept += responseJs.slice(from);
  const names = [...new Set(shared)].sort().join(', ');
  // After the response module's own imports (the header comment and helper imports stay on top).
  const lastImport = statementsOf(kept).filter(ts.isImportDeclaration).at(-1);
  const at = lastImport ? lastImport.getEnd() + 1 : 0;
  return {
    inputJs: `${inputJs}export { ${names} };\n`,
    responseJs: `${kept.slice(0, at)}import { ${names} } from './validators.js';\n${kept.slice(at)}`,
  };
}

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isFunctionDeclaration(statement) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}
