/**
 * The sandboxed preload (built to out/preload/preload.cjs). It exposes exactly two functions as
 * `window.pishkhan` and nothing else; ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RpcResult } from '../../shared/errors';
import type { PishkhanBridge } from '../../renderer/lib/client';
import { EVENTS_CHANNEL, RPC_CHANNEL, isEventMessage, type RpcRequest } from './messages';

const bridge: PishkhanBridge = {
  invoke(method: string, input: unknown): Promise<RpcResult<unknown>> {
    const request: RpcRequest = { method, input };
    return ipcRenderer.invoke(RPC_CHANNEL, request) as Promise<RpcResult<unknown>>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, message: unknown) => {
      if (isEventMessage(message) && message.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENTS_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('pishkhan', bridge);
