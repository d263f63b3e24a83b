import { validateRemoveBackendServersInput } from './validators.js';
/** RemoveBackendServers: how to call it, from the spec. */
export const removeBackendServersOperation = {
    name: "RemoveBackendServers",
    style: "rpc",
    action: "RemoveBackendServers",
    version: "2014-05-15",
    methods: [
        "GET",
        "POST"
    ],
    path: "/",
    parameters: [
        {
            name: "BackendServers",
            in: "query",
            wire: "json"
        },
        {
            name: "LoadBalancerId",
            in: "query",
            wire: "plain"
        },
        {
            name: "RegionId",
            in: "query",
            wire: "plain",
            clientDefault: "regionId"
        },
        {
            name: "OwnerAccount",
            in: "query",
            wire: "plain"
        }
    ],
    fixed: [
        {
            name: "Action",
            in: "query",
            value: "RemoveBackendServers"
        },
        {
            name: "Version",
            in: "query",
            value: "2014-05-15"
        }
    ],
    xml: {
        root: "RemoveBackendServersResponse",
        arrays: [
            "BackendServers.BackendServer"
        ],
        numbers: [
            "BackendServers.BackendServer.Weight"
        ],
        booleans: []
    },
    validate: validateRemoveBackendServersInput,
};
