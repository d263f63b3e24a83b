import type { OperationDescriptor } from './runtime/operation.js';
/** RemoveBackendServers: how to call it, from the spec. */
export declare const removeBackendServersOperation: OperationDescriptor;
