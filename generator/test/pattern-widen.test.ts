/**
 * Issue 17, found by the review after the first fixes: past recheck's `maxRepeatCount` (the sum
 * of a pattern's counted repeats) it fuzzes instead of deciding with its automaton, and its
 * fuzzer called `^[0-9a-f]{101}-(a+)+$` safe; V8 matches it in exponential time (1.6 s at 27
 * characters in the generated client). The loader now checks such a pattern with its counted
 * repeats widened (load/patterns.ts `widenRepeats`).
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../src/errors.js';
import { checkPatterns, widenRepeats } from '../src/load/patterns.js';
import type { JsonObject } from '../src/load/refs.js';

describe('widenRepeats: what recheck is asked about', () => {
  it.each([
    ['over the sum: an exact count becomes +', '^[0-9a-f]{101}-(a+)+$', '^[0-9a-f]+-(a+)+$'],
    ['over the sum: a range from 1 becomes +', '^[a-z]{1,200}$', '^[a-z]+$'],
    ['over the sum: a range from 0 becomes *, an optional stays', '^x{0,300}y{0,1}$', '^x*y{0,1}$'],
    ['under the sum: unchanged (the automaton decides it exactly)', '^AC[0-9a-f]{32}$', '^AC[0-9a-f]{32}$'],
    ['a brace inside a class or escaped is no count', '[a{200}]\\{300}b{150}', '[a{200}]\\{300}b+'],
  ])('%s: %s', (_name, source, widened) => {
    expect(widenRepeats(source, 100)).toBe(widened);
  });
});

describe('a bounded prefix no longer hides a catastrophic pattern from the check', () => {
  const document = (pattern: string): JsonObject => ({
    openapi: '3.1.0',
    info: { title: 'widen', version: '1' },
    components: { schemas: { Id: { type: 'string', pattern } } },
  });

  it.each([String.raw`^[0-9a-f]{101}-(a+)+$`, String.raw`^x{0,120}(\w+\s?)*$`])('%s is refused', async (pattern) => {
    await expect(checkPatterns(document(pattern))).rejects.toBeInstanceOf(SpecError);
  });

  it.each([String.raw`^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){0,126}$`, String.raw`^.{1,1000}$`])('%s still passes', async (pattern) => {
    await expect(checkPatterns(document(pattern))).resolves.toBeUndefined();
  });
});
