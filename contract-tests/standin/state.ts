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
}

export interface LoadBalancer {
  regionId: string;
  servers: BackendServer[];
}

export interface StandInState {
  loadBalancers: Record<string, LoadBalancer>;
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
