// A strict consumer of the generated package: compiles only if the types are the decoded schema.
import { ApiError, createClient, type RemoveBackendServersInput, type RemoveBackendServersOutput } from '../../../generated/dist/index.js';

const client = createClient({ regionId: 'cn-hangzhou' });

export async function useIt(): Promise<number | undefined> {
  const ids: RemoveBackendServersInput = { LoadBalancerId: 'lb-1', BackendServers: ['vm-233', 'vm-234'] };
  const objects: RemoveBackendServersInput = { LoadBalancerId: 'lb-1', BackendServers: [{ ServerId: 'i-1', Type: 'eci', Weight: 0 }] };
  const result: RemoveBackendServersOutput = await client.removeBackendServers(ids);
  await client.removeBackendServers(objects, { signal: AbortSignal.timeout(1000) });
  // @ts-expect-error BackendServers is the decoded list, not the JSON string on the wire
  await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: '["vm-1"]' });
  // @ts-expect-error LoadBalancerId is required
  await client.removeBackendServers({ BackendServers: ['vm-1'] });
  // @ts-expect-error Type is ecs | eni | eci
  await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: [{ ServerId: 'i-1', Type: 'vm' }] });
  // @ts-expect-error Weight is a number
  await client.removeBackendServers({ LoadBalancerId: 'lb-1', BackendServers: [{ ServerId: 'i-1', Weight: '100' }] });
  try {
    return result.BackendServers.BackendServer[0]?.Weight;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}
