/**
 * The two IPC channels between the preload bridge and the shell, and the checks on what travels
 * over them. Plain TypeScript with no imports: the sandboxed preload bundles it, and the tests run
 * it under Node.
 */

/** Request/response: `ipcRenderer.invoke(RPC_CHANNEL, { method, input })` → an RpcResult. */
export const RPC_CHANNEL = 'rpc';
/** Main → window only: `{ event, payload }` for every app event (e.g. `data.changed`). */
export const EVENTS_CHANNEL = 'events';

export interface RpcRequest {
  method: string;
  input: unknown;
}

export interface EventMessage {
  event: string;
  payload: unknown;
}

const METHOD_NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;
const MAX_METHOD_LENGTH = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * An `rpc` message must be exactly `{ method, input }` with a method name that looks like one
 * (`customers.list`); the router then checks the name against the contract and validates input.
 */
export function isRpcRequest(value: unknown): value is RpcRequest {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.some((key) => key !== 'method' && key !== 'input')) return false;
  const method = value.method;
  return typeof method === 'string' && method.length <= MAX_METHOD_LENGTH && METHOD_NAME.test(method);
}

export function isEventMessage(value: unknown): value is EventMessage {
  return isPlainObject(value) && typeof value.event === 'string' && 'payload' in value;
}
