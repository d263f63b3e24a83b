/**
 * The stand-in's state: load balancers in memory, keyed by LoadBalancerId. Plain data, so that
 * an action is a function of parameters and state that a test can call with a hand-built one.
 */

export const DEFAULT_LOAD_BALANCER_ID = '139a00604ad-cn-east-hangzhou-01';
export const DEFAULT_REGION_ID = 'cn-east-hangzhou-01';

export interface BackendServer {
  ServerId: string;
  Type: string;
  Weight: number;
  Description?: string;
}

export interface LoadBalancer {
  regionId: string;
  servers: BackendServer[];
  /**
   * What DescribeLoadBalancerAttribute reports besides the id, region and servers, as the
   * imported spec names it (LoadBalancerName, Address, AddressType, DeleteProtection, ...): set by
   * CreateLoadBalancer; absent on a load balancer a test hands in, which then reports defaults.
   */
  attributes?: Record<string, string | number>;
}

export interface StandInState {
  loadBalancers: Record<string, LoadBalancer>;
  /** Load balancers created so far (their ids count up from 1), so ids never repeat after a delete. */
  created?: number;
  /** CreateLoadBalancer's ClientToken -> the id it created: the same token creates once, as on SLB. */
  clientTokens?: Record<string, string>;
}

/** The reference page's example: one load balancer with vm-231 to vm-234 attached. */
export function defaultLoadBalancers(): Record<string, LoadBalancer> {
  const server = (ServerId: string): BackendServer => ({ ServerId, Type: 'ecs', Weight: 100 });
  return {
    [DEFAULT_LOAD_BALANCER_ID]: {
      regionId: DEFAULT_REGION_ID,
      servers: ['vm-231', 'vm-232', 'vm-233', 'vm-234'].map(server),
    },
  };
}

/** A copy the caller's record never shares: the stand-in's state is its own. */
export function initialState(loadBalancers: Record<string, LoadBalancer> = defaultLoadBalancers()): StandInState {
  return { loadBalancers: structuredClone(loadBalancers) };
}

/**
 * A request carrying this header (any value up to 100 characters) acts on its own state, keyed
 * by the value and started from the stand-in's initial load balancers: the contract kit's
 * sequences send one fresh value per run, so what they read back depends neither on the order
 * of the suite's files nor on the other files' requests running at the same time (a state
 * reset per run). Requests without it share the stand-in's live state. Any other server
 * ignores the header.
 */
export const STATE_SESSION_HEADER = 'x-slbkit-state';
/** Sessions kept at most; the oldest is dropped first (a long-running stand-in stays bounded). */
export const MAX_STATE_SESSIONS = 256;

/** The live state, or the session's own (created from `initial` on first use). */
export function stateSessions(live: StandInState, initial: Record<string, LoadBalancer> | undefined) {
  const sessions = new Map<string, StandInState>();
  const stateOf = (headers: Readonly<Record<string, string>>): StandInState => {
    const id = headers[STATE_SESSION_HEADER];
    if (id === undefined || id.length === 0 || id.length > 100) return live;
    let session = sessions.get(id);
    if (!session) {
      session = initialState(initial);
      sessions.set(id, session);
      if (sessions.size > MAX_STATE_SESSIONS) sessions.delete(sessions.keys().next().value!);
    }
    return session;
  };
  /** Drops every session (the admin reset). */
  stateOf.clear = (): void => sessions.clear();
  return stateOf;
}
