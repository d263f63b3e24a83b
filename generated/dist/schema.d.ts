export interface paths {
    "/": {
        parameters: {
            query: {
                /** @description The action to perform. Valid value: **RemoveBackendServers**. */
                Action: components["parameters"]["Action"];
                /** @description The API version. RPC common parameter. */
                Version: components["parameters"]["Version"];
                /**
                 * @description The backend servers to be removed, as a JSON-encoded list.
                 *     **Note:** up to 20 backend servers can be removed at a time.
                 *     Either plain server IDs (`["vm-233","vm-234"]`, the form of the reference page) or
                 *     server objects (`[{"ServerId":"i-...","Type":"ecs","Weight":100}]`).
                 */
                BackendServers: components["parameters"]["BackendServers"];
                /** @description The ID of the SLB instance. */
                LoadBalancerId: components["parameters"]["LoadBalancerId"];
                /** @description The ID of the region to which the SLB instance belongs. */
                RegionId: components["parameters"]["RegionId"];
                /** @description The ID of the account. */
                OwnerAccount?: components["parameters"]["OwnerAccount"];
                /** @description The format of the response body. RPC common parameter. */
                Format?: components["parameters"]["Format"];
                /** @description The AccessKey ID that signs the request. RPC common parameter. */
                AccessKeyId: components["parameters"]["AccessKeyId"];
                /** @description The signature V1 of the request (HMAC-SHA1, base64). RPC common parameter. */
                Signature: components["parameters"]["Signature"];
                /** @description The signature algorithm. RPC common parameter. */
                SignatureMethod: components["parameters"]["SignatureMethod"];
                /** @description The version of the signature algorithm. RPC common parameter. */
                SignatureVersion: components["parameters"]["SignatureVersion"];
                /** @description A unique random number that prevents replay. RPC common parameter. */
                SignatureNonce: components["parameters"]["SignatureNonce"];
                /** @description The UTC time of the request, ISO 8601 `yyyy-MM-ddTHH:mm:ssZ`. RPC common parameter. */
                Timestamp: components["parameters"]["Timestamp"];
                /** @description The STS token, when the AccessKey is temporary. RPC common parameter. */
                SecurityToken?: components["parameters"]["SecurityToken"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Remove backend servers from a load balancer
         * @description Removes up to 20 backend servers from a Server Load Balancer instance.
         *
         *     If a server to be removed is not attached to the load balancer, the action ignores
         *     it and returns no error: the call is idempotent and safe to retry.
         */
        get: operations["RemoveBackendServers"];
        put?: never;
        /**
         * Remove backend servers from a load balancer (POST form of the same action)
         * @description Removes up to 20 backend servers from a Server Load Balancer instance.
         *
         *     If a server to be removed is not attached to the load balancer, the action ignores
         *     it and returns no error: the call is idempotent and safe to retry.
         */
        post: operations["RemoveBackendServersByPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The list of backend servers to remove, at most 20. */
        BackendServersToRemove: (components["schemas"]["ServerId"] | components["schemas"]["BackendServerToRemove"])[];
        /** @description The ID of a backend server (an ECS instance ID, for example). */
        ServerId: string;
        /** @description A backend server to remove, in the object form. */
        BackendServerToRemove: {
            ServerId: components["schemas"]["ServerId"];
            /**
             * @description The backend server type.
             * @enum {string}
             */
            Type?: "ecs" | "eni" | "eci";
            /** @description The weight of the backend server. */
            Weight?: number;
            /** @description A description of the backend server. */
            Description?: string;
        };
        RemoveBackendServersResponse: {
            /**
             * @description The ID of the request.
             * @example 365F4154-92F6-4AE4-92F8-7FF34B540710
             */
            RequestId: string;
            /**
             * @description The ID of the SLB instance.
             * @example 139a00604ad-cn-east-hangzhou-01
             */
            LoadBalancerId: string;
            /** @description A list of backend servers. */
            BackendServers: {
                BackendServer: components["schemas"]["BackendServer"][];
            };
        };
        BackendServer: {
            /**
             * @description The backend server name ID, which is the ECS instance ID.
             * @example vm-232
             */
            ServerId: string;
            /**
             * @description The backend server type: **ecs** (ECS instance, the default) or **eni** (Elastic Network Interface).
             * @default ecs
             * @enum {string}
             */
            Type: "ecs" | "eni";
            /**
             * @description The weight of the backend server. Valid values 0 to 100.
             * @example 100
             */
            Weight?: number;
            /**
             * @description A description of the backend server group.
             * @example Backend servers
             */
            Description?: string;
        };
        /** @description The error body of every failed call. */
        ErrorResponse: {
            /** @description The error code, e.g. InvalidParameter. */
            Code: string;
            /** @description The error message. */
            Message: string;
            /** @description The ID of the request. */
            RequestId: string;
            /** @description The host that answered. */
            HostId: string;
            /** @description A link to Alibaba's diagnosis of this request. */
            Recommend?: string;
        };
    };
    responses: {
        /** @description The servers were removed (or were not attached). */
        RemoveBackendServersOk: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RemoveBackendServersResponse"];
                "application/xml": components["schemas"]["RemoveBackendServersResponse"];
            };
        };
        /** @description A parameter is missing or not valid, or the caller is throttled. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The caller may not perform this action on this resource. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The load balancer does not exist in this region. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The service failed to process the request. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The service is temporarily unavailable; retry later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /** @description The action to perform. Valid value: **RemoveBackendServers**. */
        Action: "RemoveBackendServers";
        /** @description The API version. RPC common parameter. */
        Version: "2014-05-15";
        /**
         * @description The backend servers to be removed, as a JSON-encoded list.
         *     **Note:** up to 20 backend servers can be removed at a time.
         *     Either plain server IDs (`["vm-233","vm-234"]`, the form of the reference page) or
         *     server objects (`[{"ServerId":"i-...","Type":"ecs","Weight":100}]`).
         */
        BackendServers: components["schemas"]["BackendServersToRemove"];
        /** @description The ID of the SLB instance. */
        LoadBalancerId: string;
        /** @description The ID of the region to which the SLB instance belongs. */
        RegionId: string;
        /** @description The ID of the account. */
        OwnerAccount: string;
        /** @description The format of the response body. RPC common parameter. */
        Format: "JSON" | "XML";
        /** @description The AccessKey ID that signs the request. RPC common parameter. */
        AccessKeyId: string;
        /** @description The signature V1 of the request (HMAC-SHA1, base64). RPC common parameter. */
        Signature: string;
        /** @description The signature algorithm. RPC common parameter. */
        SignatureMethod: "HMAC-SHA1";
        /** @description The version of the signature algorithm. RPC common parameter. */
        SignatureVersion: "1.0";
        /** @description A unique random number that prevents replay. RPC common parameter. */
        SignatureNonce: string;
        /** @description The UTC time of the request, ISO 8601 `yyyy-MM-ddTHH:mm:ssZ`. RPC common parameter. */
        Timestamp: string;
        /** @description The STS token, when the AccessKey is temporary. RPC common parameter. */
        SecurityToken: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    RemoveBackendServers: {
        parameters: {
            query: {
                /** @description The action to perform. Valid value: **RemoveBackendServers**. */
                Action: components["parameters"]["Action"];
                /** @description The API version. RPC common parameter. */
                Version: components["parameters"]["Version"];
                /**
                 * @description The backend servers to be removed, as a JSON-encoded list.
                 *     **Note:** up to 20 backend servers can be removed at a time.
                 *     Either plain server IDs (`["vm-233","vm-234"]`, the form of the reference page) or
                 *     server objects (`[{"ServerId":"i-...","Type":"ecs","Weight":100}]`).
                 */
                BackendServers: components["parameters"]["BackendServers"];
                /** @description The ID of the SLB instance. */
                LoadBalancerId: components["parameters"]["LoadBalancerId"];
                /** @description The ID of the region to which the SLB instance belongs. */
                RegionId: components["parameters"]["RegionId"];
                /** @description The ID of the account. */
                OwnerAccount?: components["parameters"]["OwnerAccount"];
                /** @description The format of the response body. RPC common parameter. */
                Format?: components["parameters"]["Format"];
                /** @description The AccessKey ID that signs the request. RPC common parameter. */
                AccessKeyId: components["parameters"]["AccessKeyId"];
                /** @description The signature V1 of the request (HMAC-SHA1, base64). RPC common parameter. */
                Signature: components["parameters"]["Signature"];
                /** @description The signature algorithm. RPC common parameter. */
                SignatureMethod: components["parameters"]["SignatureMethod"];
                /** @description The version of the signature algorithm. RPC common parameter. */
                SignatureVersion: components["parameters"]["SignatureVersion"];
                /** @description A unique random number that prevents replay. RPC common parameter. */
                SignatureNonce: components["parameters"]["SignatureNonce"];
                /** @description The UTC time of the request, ISO 8601 `yyyy-MM-ddTHH:mm:ssZ`. RPC common parameter. */
                Timestamp: components["parameters"]["Timestamp"];
                /** @description The STS token, when the AccessKey is temporary. RPC common parameter. */
                SecurityToken?: components["parameters"]["SecurityToken"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["RemoveBackendServersOk"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RemoveBackendServersByPost: {
        parameters: {
            query: {
                /** @description The action to perform. Valid value: **RemoveBackendServers**. */
                Action: components["parameters"]["Action"];
                /** @description The API version. RPC common parameter. */
                Version: components["parameters"]["Version"];
                /**
                 * @description The backend servers to be removed, as a JSON-encoded list.
                 *     **Note:** up to 20 backend servers can be removed at a time.
                 *     Either plain server IDs (`["vm-233","vm-234"]`, the form of the reference page) or
                 *     server objects (`[{"ServerId":"i-...","Type":"ecs","Weight":100}]`).
                 */
                BackendServers: components["parameters"]["BackendServers"];
                /** @description The ID of the SLB instance. */
                LoadBalancerId: components["parameters"]["LoadBalancerId"];
                /** @description The ID of the region to which the SLB instance belongs. */
                RegionId: components["parameters"]["RegionId"];
                /** @description The ID of the account. */
                OwnerAccount?: components["parameters"]["OwnerAccount"];
                /** @description The format of the response body. RPC common parameter. */
                Format?: components["parameters"]["Format"];
                /** @description The AccessKey ID that signs the request. RPC common parameter. */
                AccessKeyId: components["parameters"]["AccessKeyId"];
                /** @description The signature V1 of the request (HMAC-SHA1, base64). RPC common parameter. */
                Signature: components["parameters"]["Signature"];
                /** @description The signature algorithm. RPC common parameter. */
                SignatureMethod: components["parameters"]["SignatureMethod"];
                /** @description The version of the signature algorithm. RPC common parameter. */
                SignatureVersion: components["parameters"]["SignatureVersion"];
                /** @description A unique random number that prevents replay. RPC common parameter. */
                SignatureNonce: components["parameters"]["SignatureNonce"];
                /** @description The UTC time of the request, ISO 8601 `yyyy-MM-ddTHH:mm:ssZ`. RPC common parameter. */
                Timestamp: components["parameters"]["Timestamp"];
                /** @description The STS token, when the AccessKey is temporary. RPC common parameter. */
                SecurityToken?: components["parameters"]["SecurityToken"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["RemoveBackendServersOk"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
