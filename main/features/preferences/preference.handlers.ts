import type { HandlerGroup } from '../../rpc/handler.types';

export const preferenceHandlers: HandlerGroup<'preferences.get' | 'preferences.update' | 'app.info'> = {
  'app.info': (_input, ctx) => ctx.info,
  'preferences.get': (_input, ctx) => ctx.preferences(),
  'preferences.update': (patch, ctx) => {
    const next = { ...ctx.preferences(), ...patch };
    ctx.setPreferences(next);
    return next;
  },
};
