import type { ValidationIssue } from './errors.js';
/**
 * What the generated client knows of one operation: plain data printed by the generator from
 * the spec, read by `invoke`. Nothing here is specific to an action.
 */
export interface OperationDescriptor {
    /** The name errors use: the RPC action, or the operationId. */
    name: string;
    style: 'rpc' | 'http';
    /** RPC: the Action and Version sent with every call. */
    action?: string;
    version?: string;
    /** Methods the spec allows; the first is the default. */
    methods: readonly string[];
    path: string;
    parameters: readonly ParameterDescriptor[];
    /** Single-valued parameters the client always sends (Action, Version, ...). */
    fixed: readonly {
        name: string;
        in: ParameterIn;
        value: string;
    }[];
    /** http style: the input's `body` goes out as JSON. */
    body?: {
        required: boolean;
    };
    validate: InputValidator;
    /** How to read the XML form of the success body (format 'XML'). */
    xml?: XmlShape;
}
export type ParameterIn = 'query' | 'header' | 'path';
export interface ParameterDescriptor {
    name: string;
    in: ParameterIn;
    /** 'json': the caller gives the decoded value; the wire carries JSON.stringify of it. */
    wire: 'plain' | 'json';
    /** RPC: filled from the client's `regionId` when the input has none. */
    clientDefault?: 'regionId';
}
/** An ajv standalone validator (compiled by the generator; no ajv at run time). */
export type InputValidator = ((data: unknown) => boolean) & {
    errors?: AjvIssue[] | null;
};
export interface AjvIssue {
    instancePath: string;
    keyword: string;
    message?: string;
    params: Record<string, unknown>;
}
/**
 * The success schema as the XML reader needs it: which element paths are lists (a single
 * `<BackendServer>` must still become a list) and which are numbers or booleans.
 * Paths are dotted element names below the root, e.g. `BackendServers.BackendServer.Weight`.
 */
export interface XmlShape {
    root: string;
    arrays: readonly string[];
    numbers: readonly string[];
    booleans: readonly string[];
}
/** ajv's issues -> ours: one per broken rule, with the JSON pointer of the offending value. */
export declare function validationIssues(errors: readonly AjvIssue[]): ValidationIssue[];
