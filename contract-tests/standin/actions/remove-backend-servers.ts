/**
 * RemoveBackendServers (SLB API 2014-05-15) as a function of authenticated parameters and state:
 * the gateway has already checked who is asking; this judges the values with the model's
 * validators, finds the load balancer in its region, and answers with the servers still attached.
 */
import type { OperationModel } from '../../../generator/src/api.js';
import type { ModelAjv } from '../../support/model-ajv.js';
import { type Answer, GatewayError, newRequestId } from '../errors.js';
import type { BackendServer, StandInState } from '../state.js';
import { compileChecks, readParameters } from './parameters.js';

export type ActionResult = { ok: true; state: StandInState; answer: Answer } | { ok: false; error: GatewayError };

/** Authenticated parameters and state -> the next state and the answer, or the error; never throws a GatewayError. */
export type Action = (params: Readonly<Record<string, string>>, state: StandInState) => ActionResult;

export interface ActionOptions {
  /**
   * Answer as the bundled spec says where the gateway is looser or says less (the reference
   * server of the mutation benchmark): values exactly as the model's schemas say (no numeric
   * strings, no unknown properties), Format judged too, and the success body in XML when
   * Format=XML or absent (the spec's default).
   */
  conform?: boolean;
}

export function removeBackendServers(operation: OperationModel, ajv: ModelAjv, options: ActionOptions = {}): Action {
  // The gateway judges the action's own parameters; the conforming server also the common
  // parameters the spec describes (Format, the signature's), each by its schema in the model;
  // those are never required here: V3 sends them as headers, and the gateway checked them.
  const own = new Set([...operation.inputs, ...operation.fixed].map((p) => p.name));
  const common = (operation.wireParameters ?? []).filter((p) => !own.has(p.name)).map((p) => ({ ...p, required: false }));
  const judged = options.conform ? [...operation.inputs, ...common] : operation.inputs;
  const checks = compileChecks(judged, ajv);
  const formatDefault = (operation.wireParameters ?? []).find((p) => p.name === 'Format')?.schema;
  const defaultFormat =
    typeof formatDefault === 'object' && formatDefault !== null && 'default' in formatDefault ? formatDefault.default : 'XML';

  return (params, state) => {
    const read = readParameters(params, checks, options);
    if ('error' in read) return { ok: false, error: read.error };
    const regionId = params.RegionId ?? '';
    const loadBalancerId = params.LoadBalancerId ?? '';
    const format = params.Format ?? defaultFormat;
    const toRemove = new Set(serverIds(read.values.BackendServers));
    const loadBalancer = Object.hasOwn(state.loadBalancers, loadBalancerId) ? state.loadBalancers[loadBalancerId] : undefined;
    // Load balancers are looked up within the request's region.
    if (!loadBalancer || loadBalancer.regionId !== regionId)
      return { ok: false, error: new GatewayError('InvalidLoadBalancerId.NotFound') };
    // Servers that are not attached are ignored: the API page says no error is returned.
    const servers = loadBalancer.servers.filter((server) => !toRemove.has(server.ServerId));
    const next: StandInState = { loadBalancers: { ...state.loadBalancers, [loadBalancerId]: { ...loadBalancer, servers } } };

    // The API page contradicts itself: its JSON example lists the removed servers (vm-233,
    // vm-234) and its XML example the remaining ones (vm-231, vm-232). Current Alibaba docs
    // call the field "the list of backend servers" of the load balancer, so we answer with
    // the servers still attached after the removal.
    const requestId = newRequestId();
    const body = {
      RequestId: requestId,
      LoadBalancerId: loadBalancerId,
      BackendServers: { BackendServer: servers.map(({ ServerId, Type, Weight }: BackendServer) => ({ ServerId, Type, Weight })) },
    };
    const answer: Answer =
      options.conform && format === 'XML'
        ? { status: 200, contentType: 'application/xml;charset=utf-8', body: xmlOf('RemoveBackendServersResponse', body), requestId }
        : { status: 200, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body), requestId };
    return { ok: true, state: next, answer };
  };
}

/** A judged BackendServers value: each entry a ServerId or an object with one. */
function serverIds(value: unknown): string[] {
  return Array.isArray(value)
    ? value.map((entry) => (typeof entry === 'string' ? entry : String((entry as { ServerId: unknown }).ServerId)))
    : [];
}

/** The success body as Alibaba's XML form: one element per property, an array as repeated elements of its name. */
function xmlOf(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlOf(name, item)).join('');
  if (typeof value === 'object' && value !== null)
    return `<${name}>${Object.entries(value)
      .map(([key, child]) => xmlOf(key, child))
      .join('')}</${name}>`;
  return `<${name}>${String(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</${name}>`;
}
