import { activityHandlers } from '../features/activities/activity.handlers';
import { customerHandlers } from '../features/customers/customer.handlers';
import { duplicateHandlers } from '../features/duplicates/duplicate.handlers';
import { noteHandlers } from '../features/notes/note.handlers';
import { searchHandlers } from '../features/search/search.handlers';
import { timelineHandlers } from '../features/timeline/timeline.handlers';
import { preferenceHandlers } from '../features/preferences/preference.handlers';
import { trashHandlers } from '../features/trash/trash.handlers';
import { backupHandlers } from '../backup/backup.handlers';
import { exchangeHandlers } from '../exchange/exchange.handlers';
import { pipelineHandlers } from '../features/pipeline/pipeline.handlers';
import { billingHandlers } from '../features/billing/billing.handlers';
import { documentHandlers } from '../documents/documents.handlers';
import { syncHandlers } from '../sync/sync.handlers';
import type { Handlers } from './handler.types';

/** Every method of the contract, implemented; the type fails to check if one is missing. */
export const handlers: Handlers = {
  ...preferenceHandlers,
  ...customerHandlers,
  ...timelineHandlers,
  ...duplicateHandlers,
  ...noteHandlers,
  ...activityHandlers,
  ...searchHandlers,
  ...trashHandlers,
  ...billingHandlers,
  ...pipelineHandlers,
  ...backupHandlers,
  ...exchangeHandlers,
  ...documentHandlers,
  ...syncHandlers,
};
