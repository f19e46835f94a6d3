import { describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, RPC_CHANNEL, isEventMessage, isRpcRequest } from '../../../main/shell/messages';

describe('rpc message shape', () => {
  it('uses exactly one request channel and one event channel', () => {
    expect(RPC_CHANNEL).toBe('rpc');
    expect(EVENTS_CHANNEL).toBe('events');
  });

  it('accepts { method, input } with a dotted method name', () => {
    expect(isRpcRequest({ method: 'customers.list', input: { query: 'x' } })).toBe(true);
    expect(isRpcRequest({ method: 'app.info', input: undefined })).toBe(true);
    expect(isRpcRequest({ method: 'app.info' })).toBe(true);
    expect(isRpcRequest(Object.assign(Object.create(null) as object, { method: 'a.b', input: 1 }))).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [
      null,
      undefined,
      'customers.list',
      ['customers.list', {}],
      {},
      { method: 42, input: {} },
      { method: '', input: {} },
      { method: '__proto__', input: {} },
      { method: 'customers.list; drop', input: {} },
      { method: 'a'.repeat(101), input: {} },
      { method: 'customers.list', input: {}, extra: true },
      new (class Request {
        method = 'customers.list';
        input = {};
      })(),
    ]) {
      expect(isRpcRequest(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe('event message shape', () => {
  it('accepts { event, payload } only', () => {
    expect(isEventMessage({ event: 'data.changed', payload: { tables: ['customers'] } })).toBe(true);
    expect(isEventMessage({ event: 'data.changed' })).toBe(false);
    expect(isEventMessage({ event: 1, payload: null })).toBe(false);
    expect(isEventMessage('data.changed')).toBe(false);
  });
});
