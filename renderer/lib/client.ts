/**
 * The typed client: the only way the window talks to main. In Electron it goes through the
 * preload bridge (`window.pishkhan`); in browser mode it posts to the host on 127.0.0.1 with the
 * per-run token from the address bar. Either way the same contract types apply.
 */
import type { AppEvents, EventName, MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { RpcErrorPayload, RpcResult } from '../../shared/errors';

export interface PishkhanBridge {
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    pishkhan?: PishkhanBridge;
  }
}

/** An error returned by main; `payload` is what `describeError` translates. */
export class RpcError extends Error {
  readonly payload: RpcErrorPayload;
  constructor(payload: RpcErrorPayload) {
    super(payload.code);
    this.name = 'RpcError';
    this.payload = payload;
  }
}

const TOKEN_KEY = 'pishkhan.token';

/** Reads the token once from `?token=` and keeps it for reloads of this tab only. */
function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): PishkhanBridge {
  const token = browserToken();
  return {
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetch('/rpc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        return { ok: false, error: { code: 'network' } };
      }
      return (await response.json()) as RpcResult<unknown>;
    },
    on(event, listener) {
      const source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
      const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data));
      source.addEventListener(event, handler);
      return () => source.close();
    },
  };
}

let bridge: PishkhanBridge | null = null;
function currentBridge(): PishkhanBridge {
  bridge ??= window.pishkhan ?? httpBridge();
  return bridge;
}

/** Replaces the transport; tests use it to run the renderer against an in-process router. */
export function setBridge(next: PishkhanBridge | null): void {
  bridge = next;
}

export async function invoke<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const result = await currentBridge().invoke(method, input);
  if (!result.ok) throw new RpcError(result.error);
  return result.value as MethodOutput<K>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
  return currentBridge().on(event, (payload) => listener(payload as AppEvents[E]));
}
