import type { OperationModel } from '../src/model/api-model.js';

/**
 * Models built by hand for emitter tests (the model is plain data): an RPC operation with nothing
 * in it; a row adds what it is about.
 */
export function operation(extra: Partial<OperationModel> = {}): OperationModel {
  return {
    operationId: 'DoThing',
    sourceOperationIds: ['DoThing'],
    methodName: 'doThing',
    typeName: 'DoThing',
    specPath: '/',
    style: 'rpc',
    action: 'DoThing',
    version: '2014-05-15',
    httpMethods: ['GET'],
    path: '/',
    inputs: [],
    fixed: [{ name: 'Action', in: 'query', value: 'DoThing' }],
    signerOwned: [],
    success: { status: 200, code: '200', mediaTypes: ['application/json'], examples: [], schemas: {} },
    errors: [],
    // The contract kit's facts: none, unless a row is about them.
    wireParameters: [],
    bodyExamples: [],
    security: [],
    readOnly: false,
    requestTexts: [],
    ...extra,
  };
}
