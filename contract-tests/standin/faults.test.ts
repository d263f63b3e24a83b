// The fault rates' rules as tables (pure functions, no server): what a fault file or flags may say
// and the error naming where it is wrong; the seeded draws, which tests rely on to be the same on
// every run; the admin endpoints' loopback rule.
import { describe, expect, it } from 'vitest';
import { isLoopback } from './admin.js';
import { checkFaultRates, FaultDice, seededRandom } from './faults.js';

describe('checkFaultRates', () => {
  it.each([
    ['all keys', { throttle: 0.1, unavailable: 0.1, internalError: 0.1, reset: 0.1, latencyMs: 5, seed: -3, actions: ['A'] }, undefined],
    ['nothing', {}, undefined],
    ['shares adding up to exactly 1', { throttle: 0.5, reset: 0.5 }, undefined],
    ['not an object', [], 'f.json: must be a JSON object'],
    [
      'a typo',
      { throtle: 0.1 },
      'f.json#/throtle: unknown key; use one of throttle, unavailable, internalError, reset, latencyMs, seed, actions',
    ],
    ['a share above 1', { reset: 1.5 }, 'f.json#/reset: must be a number from 0 to 1 (a share of requests), got 1.5'],
    ['a share as text', { unavailable: '0.1' }, 'f.json#/unavailable: must be a number from 0 to 1 (a share of requests), got "0.1"'],
    [
      'shares above 1 together',
      { throttle: 0.6, internalError: 0.6 },
      'f.json: the shares of throttle, unavailable, internalError and reset add up to 1.2, more than 1',
    ],
    ['a fractional latency', { latencyMs: 1.5 }, 'f.json#/latencyMs: must be an integer from 0 to 60000 (milliseconds)'],
    ['a fractional seed', { seed: 0.5 }, 'f.json#/seed: must be an integer'],
    ['actions not a list of names', { actions: 'A' }, 'f.json#/actions: must be a list of action names'],
  ])('%s', (_name, input, error) => {
    if (error === undefined) expect(checkFaultRates(input, 'f.json')).toEqual(input);
    else expect(() => checkFaultRates(input, 'f.json')).toThrow(error);
  });
});

const draws = (dice: FaultDice, action: string | undefined, n: number) => Array.from({ length: n }, () => dice.draw(action) ?? '-');

describe('FaultDice', () => {
  it('the same seed gives the same faults; another seed others; configure restarts the sequence', () => {
    const rates = { throttle: 0.3, unavailable: 0.2, reset: 0.1, seed: 42 };
    const first = draws(new FaultDice(rates), 'A', 40);
    expect(draws(new FaultDice(rates), 'A', 40)).toEqual(first);
    expect(draws(new FaultDice({ ...rates, seed: 43 }), 'A', 40)).not.toEqual(first);
    const dice = new FaultDice(rates);
    draws(dice, 'A', 7);
    dice.configure(rates);
    expect(draws(dice, 'A', 40)).toEqual(first);
    // Each kind shows up in 40 draws at these shares, and so do requests left alone.
    expect(new Set(first)).toEqual(new Set(['throttle', 'unavailable', 'reset', '-']));
  });

  it.each([
    ['rate 1 always faults', { internalError: 1 }, 'A', 'internalError'],
    ['rate 0 never does', { throttle: 0 }, 'A', '-'],
    ['a listed action draws', { reset: 1, actions: ['A'] }, 'A', 'reset'],
    ['an action not listed does not', { reset: 1, actions: ['A'] }, 'B', '-'],
    ['a request naming no action does not, when actions are listed', { reset: 1, actions: ['A'] }, undefined, '-'],
  ])('%s', (_name, rates, action, want) => {
    expect(new Set(draws(new FaultDice(rates), action, 20))).toEqual(new Set([want]));
  });

  it('mulberry32 gives numbers in [0, 1) spread over the range', () => {
    const random = seededRandom(1);
    const values = Array.from({ length: 1000 }, random);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(600);
  });
});

describe('isLoopback (the admin endpoints answer only these)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.2', false],
    ['128.0.0.1', false],
    ['1127.0.0.1', false],
    [undefined, false],
  ])('%s -> %s', (address, want) => {
    expect(isLoopback(address)).toBe(want);
  });
});
