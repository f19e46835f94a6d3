/** How each kind of record in Trash is restored, linked and labelled. */
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconChecklist, IconNote, IconTargetArrow, IconUser, IconUserPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { TrashItem, TrashRecordType } from '../../../shared/history';
import { isMessageKey, type MessageKey, type Translator } from '../../../shared/i18n';
import { invoke } from '../../lib/client';
import { showError } from '../../lib/undo';
import { kindKey } from '../../lib/display';
import { dataChanged } from '../../stores/data';
import { restoreCustomer } from '../customers/trash-actions';

const RESTORE: Record<Exclude<TrashRecordType, 'customer'>, (id: string) => Promise<unknown>> = {
  activity: (id) => invoke('activities.restore', { id }),
  note: (id) => invoke('notes.restore', { id }),
  lead: (id) => invoke('leads.restore', { id }),
  opportunity: (id) => invoke('opportunities.restore', { id }),
};

export async function restoreFromTrash(t: Translator, item: TrashItem): Promise<boolean> {
  if (item.recordType === 'customer') return restoreCustomer(t, item);
  try {
    await RESTORE[item.recordType](item.id);
    notifications.show({ color: 'teal', message: t('trash.restored', { name: item.name }) });
    return true;
  } catch (error) {
    showError(t, error);
    return false;
  } finally {
    dataChanged();
  }
}

/** Where the record (or, for activities and notes, its customer) is opened. */
export function trashLink(item: TrashItem): string | null {
  switch (item.recordType) {
    case 'customer':
      return `/customers/${item.id}`;
    case 'lead':
      return `/leads/${item.id}`;
    case 'opportunity':
      return `/pipeline/opportunities/${item.id}`;
    default:
      return item.customerId ? `/customers/${item.customerId}` : null;
  }
}

export function trashKindLabel(t: Translator, item: TrashItem): string {
  if (item.recordType === 'customer') return t(kindKey(item.kind));
  const key = item.recordType === 'activity' ? `activity.type.${item.kind}` : `trash.kind.${item.recordType}`;
  return isMessageKey(key) ? t(key as MessageKey) : item.kind;
}

export function trashIcon(item: TrashItem): ReactNode {
  switch (item.recordType) {
    case 'customer':
      return item.kind === 'organization' ? <IconBuilding size={15} /> : <IconUser size={15} />;
    case 'activity':
      return <IconChecklist size={15} />;
    case 'note':
      return <IconNote size={15} />;
    case 'lead':
      return <IconUserPlus size={15} />;
    case 'opportunity':
      return <IconTargetArrow size={15} />;
  }
}
