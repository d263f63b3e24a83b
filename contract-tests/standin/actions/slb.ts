/**
 * The local SLB's stateful actions (issue 22, item 5), for the imported spec
 * (spec/slb-2014-05-15.imported.yaml): CreateLoadBalancer, DescribeLoadBalancers,
 * DescribeLoadBalancerAttribute, DeleteLoadBalancer, Add/Remove/SetBackendServers and
 * DescribeHealthStatus. Each is a function of authenticated parameters and state, as
 * remove-backend-servers.ts is: parameters judged by the model's validators first, then the
 * load balancer looked up (within RegionId when the request names one), then the next state and
 * an answer shaped by the action's response schema in the model (spec-answer.ts).
 *
 * Where SLB's documentation says what happens, the local SLB does it; where it does not, the
 * choice is named here and in docs/standin.md:
 * - at most 20 backend servers per Add/Set/RemoveBackendServers call. Alibaba's AddBackendServers
 *   reference ("Each call can add a maximum of 20 backend servers", api-docs.json's parameter
 *   text: "每次调用最多可添加20个后端服务器") names no error code for a 21st; the code answered is
 *   InvalidParameter (400), the first code api-docs.json lists for AddBackendServers and the one
 *   the bundled spec documents for a list over its maxItems of 20;
 * - an unknown LoadBalancerId (or one in another region): InvalidLoadBalancerId.NotFound (404);
 * - DeleteLoadBalancer with DeleteProtection on: OperationDenied.DeleteProtectionIsOn (400, the
 *   code and message of api-docs.json);
 * - a server listed twice in one call counts once (the first), as the reference page says; adding
 *   a server already attached keeps it as it is; setting or removing one not attached is ignored;
 * - the servers answered by Add/Set/Remove are the ones attached after the call (as the stand-in
 *   answers RemoveBackendServers for the bundled spec: spec/ERRATA.md E2);
 * - no health checks run: DescribeHealthStatus reports each attached server with weight above 0
 *   as `normal`, weight 0 as `unavailable`.
 */
import type { ApiModel, OperationModel } from '../../../generator/src/api.js';
import type { ModelAjv } from '../../support/model-ajv.js';
import { GatewayError, invalid } from '../errors.js';
import type { BackendServer, LoadBalancer, StandInState } from '../state.js';
import { compileChecks, readParameters } from './parameters.js';
import type { Action, ActionResult } from './remove-backend-servers.js';
import { jsonAnswer, shapeTo } from './spec-answer.js';

/** Alibaba's AddBackendServers reference: "Each call can add a maximum of 20 backend servers." */
export const MAX_SERVERS_PER_CALL = 20;
export const STATEFUL_ACTIONS = [
  'CreateLoadBalancer',
  'DescribeLoadBalancers',
  'DescribeLoadBalancerAttribute',
  'DeleteLoadBalancer',
  'AddBackendServers',
  'RemoveBackendServers',
  'SetBackendServers',
  'DescribeHealthStatus',
] as const;
export type StatefulAction = (typeof STATEFUL_ACTIONS)[number];

type Values = Record<string, unknown>;
type Step = (values: Values, params: Readonly<Record<string, string>>, state: StandInState) => ActionResult | Values;

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));

/** The load balancer a request names, within its RegionId when it names one, or SLB's 404. */
function lookUp(state: StandInState, values: Values): [string, LoadBalancer] | GatewayError {
  const id = text(values.LoadBalancerId) ?? '';
  const found = Object.hasOwn(state.loadBalancers, id) ? state.loadBalancers[id] : undefined;
  const region = text(values.RegionId);
  if (!found || (region !== undefined && found.regionId !== region)) return new GatewayError('InvalidLoadBalancerId.NotFound');
  return [id, found];
}

/** What Describe* report of a load balancer: its attributes over the defaults of one created with none given. */
function described(id: string, lb: LoadBalancer): Values {
  return {
    LoadBalancerName: id,
    LoadBalancerStatus: 'active',
    AddressType: 'internet',
    AddressIPVersion: 'ipv4',
    NetworkType: 'classic',
    PayType: 'PayOnDemand',
    InternetChargeType: 'paybytraffic',
    DeleteProtection: 'off',
    ...lb.attributes,
    LoadBalancerId: id,
    RegionId: lb.regionId,
  };
}

const serverList = (servers: readonly BackendServer[]) => ({ BackendServer: servers.map((server) => ({ ...server })) });

/** A judged BackendServers list -> entries with a ServerId (strings or objects), the first of each id kept; at most 20. */
function requestedServers(value: unknown): Array<Values & { ServerId: string }> | GatewayError {
  const list = Array.isArray(value) ? value : [];
  if (list.length > MAX_SERVERS_PER_CALL) {
    return invalid('BackendServers', `lists ${list.length} servers; at most ${MAX_SERVERS_PER_CALL} can be given in one call`);
  }
  const seen = new Map<string, Values & { ServerId: string }>();
  for (const [index, entry] of list.entries()) {
    const object: Values = typeof entry === 'string' ? { ServerId: entry } : typeof entry === 'object' && entry !== null ? entry : {};
    const serverId = text(object.ServerId);
    if (serverId === undefined) return invalid(`BackendServers[${index}].ServerId`, 'missing');
    if (!seen.has(serverId)) seen.set(serverId, { ...object, ServerId: serverId });
  }
  return [...seen.values()];
}

function weightOf(value: unknown, where: string): number | GatewayError {
  if (value === undefined) return 100;
  const weight = Number(value);
  return Number.isInteger(weight) && weight >= 0 && weight <= 100 ? weight : invalid(where, 'must be an integer from 0 to 100');
}

/** The next state with one load balancer replaced (or removed, with `undefined`). */
function withLoadBalancer(state: StandInState, id: string, lb: LoadBalancer | undefined): StandInState {
  const loadBalancers = { ...state.loadBalancers };
  if (lb) loadBalancers[id] = lb;
  else delete loadBalancers[id];
  return { ...state, loadBalancers };
}

const STEPS: Record<StatefulAction, Step> = {
  CreateLoadBalancer(values, _params, state) {
    const token = text(values.ClientToken);
    const known = token !== undefined ? state.clientTokens?.[token] : undefined;
    if (known !== undefined && Object.hasOwn(state.loadBalancers, known)) {
      return { ok: true, state, answer: created(known, state.loadBalancers[known]!) };
    }
    const n = (state.created ?? 0) + 1;
    const id = `lb-standin${String(n).padStart(13, '0')}`;
    const internet = (text(values.AddressType) ?? 'internet') === 'internet';
    const now = new Date();
    const attributes = Object.fromEntries(
      Object.entries({
        LoadBalancerName: text(values.LoadBalancerName) ?? `auto_named_slb_${n}`,
        AddressType: internet ? 'internet' : 'intranet',
        Address:
          text(values.Address) ?? (internet ? `198.51.100.${(n % 254) + 1}` : `192.168.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`),
        AddressIPVersion: text(values.AddressIPVersion) ?? 'ipv4',
        NetworkType: text(values.VpcId) || text(values.VSwitchId) ? 'vpc' : 'classic',
        LoadBalancerStatus: 'active',
        CreateTime: `${now.toISOString().slice(0, 16)}Z`,
        CreateTimeStamp: now.getTime(),
        PayType: text(values.PayType) ?? 'PayOnDemand',
        InternetChargeType: text(values.InternetChargeType) ?? 'paybytraffic',
        Bandwidth: values.Bandwidth === undefined ? -1 : Number(values.Bandwidth),
        VpcId: text(values.VpcId),
        VSwitchId: text(values.VSwitchId),
        MasterZoneId: text(values.MasterZoneId),
        SlaveZoneId: text(values.SlaveZoneId),
        LoadBalancerSpec: text(values.LoadBalancerSpec),
        ResourceGroupId: text(values.ResourceGroupId) ?? 'rg-standin-default',
        DeleteProtection: text(values.DeleteProtection) ?? 'off',
        ModificationProtectionStatus: text(values.ModificationProtectionStatus),
        ModificationProtectionReason: text(values.ModificationProtectionReason),
        InstanceChargeType: text(values.InstanceChargeType),
      }).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
    );
    const lb: LoadBalancer = { regionId: text(values.RegionId) ?? '', servers: [], attributes };
    const next = withLoadBalancer({ ...state, created: n }, id, lb);
    if (token !== undefined) next.clientTokens = { ...state.clientTokens, [token]: id };
    return { ok: true, state: next, answer: created(id, lb) };
  },

  DescribeLoadBalancers(values, _params, state) {
    const ids = text(values.LoadBalancerId)
      ?.split(',')
      .map((id) => id.trim());
    const filters: Array<[string, string | undefined]> = [
      'LoadBalancerName',
      'LoadBalancerStatus',
      'AddressType',
      'AddressIPVersion',
      'NetworkType',
      'Address',
      'VpcId',
      'VSwitchId',
      'MasterZoneId',
      'SlaveZoneId',
      'PayType',
      'InternetChargeType',
      'ResourceGroupId',
    ].map((name) => [name, text(values[name])]);
    const serverId = text(values.ServerId);
    const matching = Object.entries(state.loadBalancers)
      .filter(([id, lb]) => lb.regionId === text(values.RegionId) && (!ids || ids.includes(id)))
      .filter(([, lb]) => !serverId || lb.servers.some((server) => server.ServerId === serverId))
      .map(([id, lb]) => described(id, lb))
      .filter((lb) => filters.every(([name, wanted]) => wanted === undefined || String(lb[name]) === wanted));
    const pageSize = Number(values.PageSize ?? 10);
    const pageNumber = Math.max(Number(values.PageNumber ?? 1), 1);
    const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return { TotalCount: matching.length, PageNumber: pageNumber, PageSize: pageSize, LoadBalancers: { LoadBalancer: page } };
  },

  DescribeLoadBalancerAttribute(values, _params, state) {
    const found = lookUp(state, values);
    if (found instanceof GatewayError) return { ok: false, error: found };
    const [id, lb] = found;
    return { ...described(id, lb), BackendServers: serverList(lb.servers), ListenerPorts: { ListenerPort: [] } };
  },

  DeleteLoadBalancer(values, _params, state) {
    const found = lookUp(state, values);
    if (found instanceof GatewayError) return { ok: false, error: found };
    const [id, lb] = found;
    if (lb.attributes?.DeleteProtection === 'on') return { ok: false, error: new GatewayError('OperationDenied.DeleteProtectionIsOn') };
    return { ok: true, state: withLoadBalancer(state, id, undefined), answer: jsonAnswer({}) };
  },

  AddBackendServers: changeServers((servers, requested) => {
    const next = [...servers];
    for (const entry of requested) {
      if (next.some((server) => server.ServerId === entry.ServerId)) continue;
      const weight = weightOf(entry.Weight, `BackendServers.${entry.ServerId}.Weight`);
      if (weight instanceof GatewayError) return weight;
      const description = text(entry.Description);
      next.push({
        ServerId: entry.ServerId,
        Type: text(entry.Type) ?? 'ecs',
        Weight: weight,
        ...(description ? { Description: description } : {}),
      });
    }
    return next;
  }),

  RemoveBackendServers: changeServers((servers, requested) =>
    servers.filter((server) => !requested.some((entry) => entry.ServerId === server.ServerId)),
  ),

  SetBackendServers: changeServers((servers, requested) => {
    const next: BackendServer[] = [];
    for (const server of servers) {
      const entry = requested.find((e) => e.ServerId === server.ServerId);
      const weight = entry?.Weight === undefined ? server.Weight : weightOf(entry.Weight, `BackendServers.${server.ServerId}.Weight`);
      if (weight instanceof GatewayError) return weight;
      const description = text(entry?.Description) ?? server.Description;
      next.push({ ...server, Weight: weight, ...(description ? { Description: description } : {}) });
    }
    return next;
  }),

  DescribeHealthStatus(values, _params, state) {
    const found = lookUp(state, values);
    if (found instanceof GatewayError) return { ok: false, error: found };
    const port = values.ListenerPort === undefined ? undefined : Number(values.ListenerPort);
    const BackendServer = found[1].servers.map((server) => ({
      ServerId: server.ServerId,
      ServerHealthStatus: server.Weight > 0 ? 'normal' : 'unavailable',
      ...(port === undefined ? {} : { ListenerPort: port, Port: port }),
      ...(values.ListenerProtocol === undefined ? {} : { Protocol: text(values.ListenerProtocol) }),
    }));
    return { BackendServers: { BackendServer } };
  },
};

function created(id: string, lb: LoadBalancer) {
  const { LoadBalancerName, Address, AddressIPVersion, NetworkType, VpcId, VSwitchId, ResourceGroupId } = lb.attributes ?? {};
  return jsonAnswer({ LoadBalancerId: id, LoadBalancerName, Address, AddressIPVersion, NetworkType, VpcId, VSwitchId, ResourceGroupId });
}

/** Add, Remove and Set: look up, judge the list (at most 20), change the servers, answer the servers now attached. */
function changeServers(
  change: (servers: BackendServer[], requested: Array<Values & { ServerId: string }>) => BackendServer[] | GatewayError,
): Step {
  return (values, _params, state) => {
    const found = lookUp(state, values);
    if (found instanceof GatewayError) return { ok: false, error: found };
    const requested = requestedServers(values.BackendServers);
    if (requested instanceof GatewayError) return { ok: false, error: requested };
    const [id, lb] = found;
    const servers = change(lb.servers, requested);
    if (servers instanceof GatewayError) return { ok: false, error: servers };
    return { LoadBalancerId: id, BackendServers: serverList(servers), state: withLoadBalancer(state, id, { ...lb, servers }) };
  };
}

/** A step's finished result (an error, or a next state with its answer), as opposed to a body still to shape. */
const isResult = (result: ActionResult | Values): result is ActionResult => typeof result.ok === 'boolean';

/** The action's step with its parameters judged first and its answer shaped by its response schema. */
export function statefulAction(name: StatefulAction, model: ApiModel, operation: OperationModel, ajv: ModelAjv): Action {
  // Compiled on first use: the imported spec has 93 actions, most never called in a run.
  let checks: ReturnType<typeof compileChecks> | undefined;
  const step = STEPS[name];
  return (params, state) => {
    const read = readParameters(params, (checks ??= compileChecks(operation.inputs, ajv)));
    if ('error' in read) return { ok: false, error: read.error };
    const result = step(read.values, params, state);
    if (isResult(result)) {
      if (!result.ok) return result;
      const body = JSON.parse(result.answer.body) as Values;
      return { ...result, answer: { ...result.answer, body: JSON.stringify(shapeTo(model, operation.successSchema, body)) } };
    }
    const { state: next, ...body } = result as Values & { state?: StandInState };
    const answer = jsonAnswer(shapeTo(model, operation.successSchema, body) as Values);
    return { ok: true, state: next ?? state, answer };
  };
}
