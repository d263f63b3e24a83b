/**
 * The local SLB's admin endpoints, under ADMIN_PREFIX: a path the gateway never serves (every
 * RPC call goes to `/`), so they cannot collide with an action. Loopback callers only: a stand-in
 * reachable from another host (a container's published port) still refuses them with 403.
 *
 *   GET  /_standin/state    the live state as JSON ({"loadBalancers": {...}, "created": n})
 *   POST /_standin/reset    the live state back to its start, every x-slbkit-state session dropped
 *   GET  /_standin/faults   the fault rates in force
 *   PUT  /_standin/faults   new fault rates (a JSON body, the keys of a fault file); the seed restarts
 *
 * Admin requests are not recorded, draw no fault and need no signature. They never show a key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaultRates, FaultConfigError, type FaultRates } from './faults.js';
import type { StandInState } from './state.js';

export const ADMIN_PREFIX = '/_standin/';

export interface AdminTarget {
  state(): StandInState;
  reset(): void;
  faultRates(): FaultRates;
  setFaultRates(rates: FaultRates): void;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what Node reports on a dual-stack socket). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers an admin request (the path starts with ADMIN_PREFIX). */
export function handleAdmin(req: IncomingMessage, res: ServerResponse, body: Buffer, target: AdminTarget): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    reply(res, 403, { Code: 'Forbidden', Message: 'The admin endpoints answer loopback callers only.' });
    return;
  }
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  const route = `${req.method ?? 'GET'} ${path}`;
  switch (route) {
    case `GET ${ADMIN_PREFIX}state`:
      return reply(res, 200, target.state());
    case `POST ${ADMIN_PREFIX}reset`:
      target.reset();
      return reply(res, 200, target.state());
    case `GET ${ADMIN_PREFIX}faults`:
      return reply(res, 200, target.faultRates());
    case `PUT ${ADMIN_PREFIX}faults`: {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(res, 400, {
          Code: 'InvalidParameter',
          Message: 'The body is not JSON: send the keys of a fault file, e.g. {"throttle": 0.2, "seed": 7}.',
        });
      }
      try {
        target.setFaultRates(checkFaultRates(parsed, 'body'));
      } catch (error) {
        if (!(error instanceof FaultConfigError)) throw error;
        return reply(res, 400, { Code: 'InvalidParameter', Message: error.message });
      }
      return reply(res, 200, target.faultRates());
    }
    default:
      return reply(res, 404, {
        Code: 'NotFound',
        Message: `No admin endpoint ${route}: GET ${ADMIN_PREFIX}state, POST ${ADMIN_PREFIX}reset, GET or PUT ${ADMIN_PREFIX}faults.`,
      });
  }
}
