import type { operations } from './schema.js';
/** Input of RemoveBackendServers. Remove backend servers from a load balancer. */
export interface RemoveBackendServersInput {
    /**
     * The backend servers to be removed, as a JSON-encoded list.
     * **Note:** up to 20 backend servers can be removed at a time.
     * Either plain server IDs (`["vm-233","vm-234"]`, the form of the reference page) or
     * server objects (`[{"ServerId":"i-...","Type":"ecs","Weight":100}]`).
     *
     * Give the value itself: the client sends it JSON-encoded.
     */
    BackendServers: NonNullable<operations["RemoveBackendServers"]["parameters"]["query"]>["BackendServers"];
    /** The ID of the SLB instance. */
    LoadBalancerId: NonNullable<operations["RemoveBackendServers"]["parameters"]["query"]>["LoadBalancerId"];
    /**
     * The ID of the region to which the SLB instance belongs.
     *
     * Defaults to the client's `regionId` option.
     */
    RegionId?: NonNullable<operations["RemoveBackendServers"]["parameters"]["query"]>["RegionId"];
    /** The ID of the account. */
    OwnerAccount?: NonNullable<operations["RemoveBackendServers"]["parameters"]["query"]>["OwnerAccount"];
}
/** The HTTP 200 body of RemoveBackendServers. */
export type RemoveBackendServersOutput = operations["RemoveBackendServers"]["responses"][200]["content"]["application/json"];
/** An error body the spec documents for this operation (the fields of ApiError). */
export type RemoveBackendServersErrorBody = operations["RemoveBackendServers"]["responses"][400]["content"]["application/json"] | operations["RemoveBackendServers"]["responses"][403]["content"]["application/json"] | operations["RemoveBackendServers"]["responses"][404]["content"]["application/json"] | operations["RemoveBackendServers"]["responses"][500]["content"]["application/json"] | operations["RemoveBackendServers"]["responses"][503]["content"]["application/json"];
