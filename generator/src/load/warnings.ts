import { printable } from '../errors.js';

/** The process warning code of what the generator reads in a spec but reads with a guess (beside ajv's SLBKIT_LENIENT_SCHEMA). */
export const SPEC_WARNING = 'SLBKIT_SPEC';

/**
 * A spec the generator reads although it breaks a rule (issue 19: "accepts what
 * openapi-typescript accepts"): the reading chosen is said once, at its JSON pointer, with the fix
 * that removes the guess. A process warning, as ajv's lenient compiles are (emit/ajv-compile.ts):
 * the CLI's stderr shows it, a test or a host app can listen for the code.
 */
export function specWarning(at: string, message: string, fix: string): void {
  process.emitWarning(printable(`${at}: ${message} (${fix})`), { code: SPEC_WARNING });
}
