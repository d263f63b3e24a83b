/**
 * Fault injection for the stand-in, in two forms:
 * - one-shot switches (`FaultSwitches`): arm the next N requests with a fault, for tests that
 *   need one precise failure (the stand-in's own tests, the runtime's fault tests);
 * - rates (`FaultRates`): each request draws once from a seeded generator and may be throttled,
 *   answered 503 or 500, or have its connection reset, with an optional latency on every answer:
 *   what a team runs its retry logic against (`slbkit standin --throttle-rate 0.2 --seed 7`, or a
 *   JSON file). The same seed and the same order of requests give the same faults, so a test that
 *   depends on them is deterministic.
 * The codes are the ones SLB's gateway sends: `Throttling.User` (400), `ServiceUnavailable` (503),
 * `InternalError` (500) (errors.ts).
 */
import { readFileSync } from 'node:fs';

/**
 * One-shot faults, checked in this order; each one consumes one request.
 * - reset: destroy the socket without answering.
 * - stall: never answer (or answer normally after stallMs).
 * - badGateway: 502 with an HTML page, as the load balancer in front of the gateway sends.
 * - unavailable: 503 ServiceUnavailable.
 * - throttle: 400 Throttling.User.
 * - truncate: carry out the request, then send only the first half of the JSON body, the way
 *   a broken proxy would: the removal happened but the client cannot read that it did.
 * - echo: 400 IncompleteSignature whose Message, HostId, Recommend and RequestId quote the whole
 *   request (URL, headers, body), as gateways that quote the string to sign do.
 * - huge: 200 with a JSON-looking body of HUGE_ANSWER_BYTES, streamed without a length and
 *   never closed (a client that reads it all still cannot parse it).
 * - redirect: 307 to another origin (127.0.0.1 port 1, where nothing listens), query kept.
 */
export const FAULT_KINDS = ['reset', 'stall', 'badGateway', 'unavailable', 'throttle', 'truncate', 'echo', 'huge', 'redirect'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultPlan = Partial<Record<FaultKind, number>> & {
  /** Stalled requests are answered normally after this delay; undefined: never answered. */
  stallMs?: number;
};

export interface FaultSwitches {
  /** Arms the next N requests with a fault; a count replaces the pending count of its kind. */
  set(plan: FaultPlan): void;
  /** Disarms everything. */
  clear(): void;
  /** Counts still pending, per kind. */
  pending(): Record<FaultKind, number>;
}

export class Faults implements FaultSwitches {
  private counts: Record<FaultKind, number> = Faults.none();
  stallMs: number | undefined;

  private static none(): Record<FaultKind, number> {
    return { reset: 0, stall: 0, badGateway: 0, unavailable: 0, throttle: 0, truncate: 0, echo: 0, huge: 0, redirect: 0 };
  }

  set(plan: FaultPlan): void {
    for (const kind of FAULT_KINDS) {
      const count = plan[kind];
      if (count !== undefined) this.counts[kind] = Math.max(0, Math.floor(count));
    }
    if ('stallMs' in plan) this.stallMs = plan.stallMs;
  }

  clear(): void {
    this.counts = Faults.none();
    this.stallMs = undefined;
  }

  pending(): Record<FaultKind, number> {
    return { ...this.counts };
  }

  take(): FaultKind | undefined {
    const kind = FAULT_KINDS.find((k) => this.counts[k] > 0);
    if (kind) this.counts[kind] -= 1;
    return kind;
  }
}

/** The faults drawn by rate, in the order their shares of [0, 1) are laid out. */
export const RATE_FAULTS = ['throttle', 'unavailable', 'internalError', 'reset'] as const;
export type RateFault = (typeof RATE_FAULTS)[number];

export interface FaultRates {
  /** Share of requests answered 400 Throttling.User (0 to 1). */
  throttle?: number;
  /** Share answered 503 ServiceUnavailable. */
  unavailable?: number;
  /** Share answered 500 InternalError. */
  internalError?: number;
  /** Share whose connection is destroyed before any answer (the client sees ECONNRESET). */
  reset?: number;
  /** Milliseconds every answer waits before it is written (faults included). */
  latencyMs?: number;
  /** Seed of the generator (an integer); the same seed gives the same sequence of faults. Default 1. */
  seed?: number;
  /** Only requests for these actions draw a fault; absent: every action. */
  actions?: string[];
}

export const FAULT_RATE_KEYS = [...RATE_FAULTS, 'latencyMs', 'seed', 'actions'] as const;

/** Thrown for a fault file or flag that cannot be used: `where` is the file and JSON pointer (or the flag). */
export class FaultConfigError extends Error {}

/**
 * Rates as given (a parsed JSON file or flags) -> checked rates. Every problem names where it is
 * and what is allowed; the shares together may not exceed 1.
 */
export function checkFaultRates(input: unknown, where: string): FaultRates {
  const fail = (pointer: string, why: string): never => {
    throw new FaultConfigError(`${where}${pointer}: ${why}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail('', 'must be a JSON object, e.g. {"throttle": 0.2, "seed": 7}');
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FAULT_RATE_KEYS as readonly string[]).includes(key)) fail(`#/${key}`, `unknown key; use one of ${FAULT_RATE_KEYS.join(', ')}`);
  }
  const rates: FaultRates = {};
  let total = 0;
  for (const kind of RATE_FAULTS) {
    const value = record[kind];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      fail(`#/${kind}`, `must be a number from 0 to 1 (a share of requests), got ${JSON.stringify(value)}`);
    rates[kind] = value as number;
    total += value as number;
  }
  if (total > 1) fail('', `the shares of throttle, unavailable, internalError and reset add up to ${total}, more than 1`);
  if (record.latencyMs !== undefined) {
    const ms = record.latencyMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 60_000)
      fail('#/latencyMs', 'must be an integer from 0 to 60000 (milliseconds)');
    rates.latencyMs = ms as number;
  }
  if (record.seed !== undefined) {
    if (typeof record.seed !== 'number' || !Number.isSafeInteger(record.seed)) fail('#/seed', 'must be an integer');
    rates.seed = record.seed as number;
  }
  if (record.actions !== undefined) {
    const actions = record.actions;
    if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string' && a !== ''))
      fail('#/actions', 'must be a list of action names, e.g. ["DescribeLoadBalancers"]');
    rates.actions = actions as string[];
  }
  return rates;
}

/** A fault file (JSON, the keys of FaultRates) -> checked rates; errors name the file and the JSON pointer. */
export function readFaultFile(file: string): FaultRates {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FaultConfigError(`${file}: cannot read the fault file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FaultConfigError(`${file}: not JSON (${(error as Error).message})`);
  }
  return checkFaultRates(parsed, file);
}

/** mulberry32 (Tommy Ettinger's 32-bit generator): small, fast, and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rate faults of a stand-in: one draw per request of a listed action, from its own generator. */
export class FaultDice {
  private random: () => number;
  constructor(private rates: FaultRates = {}) {
    this.random = seededRandom(rates.seed ?? 1);
  }

  /** Replaces the rates and restarts the generator from their seed. */
  configure(rates: FaultRates): void {
    this.rates = rates;
    this.random = seededRandom(rates.seed ?? 1);
  }

  current(): FaultRates {
    return structuredClone(this.rates);
  }

  get latencyMs(): number {
    return this.rates.latencyMs ?? 0;
  }

  /** The fault this request gets, if any; a request for an action not listed draws nothing. */
  draw(action: string | undefined): RateFault | undefined {
    const { actions } = this.rates;
    if (!RATE_FAULTS.some((kind) => (this.rates[kind] ?? 0) > 0)) return undefined;
    if (actions && (action === undefined || !actions.includes(action))) return undefined;
    const roll = this.random();
    let edge = 0;
    for (const kind of RATE_FAULTS) {
      edge += this.rates[kind] ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  }
}
