import type { CallOptions, ClientOptions } from './runtime/invoke.js';
import type { RemoveBackendServersInput, RemoveBackendServersOutput } from './types.js';
/** The endpoint used when the options name none: the first server of the spec. */
export declare const DEFAULT_ENDPOINT: string;
/** A client of Alibaba Cloud Server Load Balancer (SLB) RPC API, RemoveBackendServers: one method per operation of the spec. */
export interface Client {
    /**
     * Remove backend servers from a load balancer
     *
     * Removes up to 20 backend servers from a Server Load Balancer instance.
     *
     * If a server to be removed is not attached to the load balancer, the action ignores
     * it and returns no error: the call is idempotent and safe to retry.
     *
     * Sends Action=RemoveBackendServers (Version 2014-05-15) by GET or POST /.
     * @throws RequestValidationError when the input breaks the spec (nothing is sent)
     * @throws ApiError (ThrottlingError) when the server answers an error body
     * @throws TimeoutError, TransportError when no usable answer arrives
     */
    removeBackendServers(input: RemoveBackendServersInput, options?: CallOptions): Promise<RemoveBackendServersOutput>;
}
/** Create a client. Options are read once; credentials are looked up on each call (option, environment, profile file). */
export declare function createClient(options?: ClientOptions): Client;
