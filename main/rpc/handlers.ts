import { customerHandlers } from '../features/customers/customer.handlers';
import { preferenceHandlers } from '../features/preferences/preference.handlers';
import { trashHandlers } from '../features/trash/trash.handlers';
import type { Handlers } from './handler.types';

/** Every method of the contract, implemented; the type fails to check if one is missing. */
export const handlers: Handlers = {
  ...preferenceHandlers,
  ...customerHandlers,
  ...trashHandlers,
};
