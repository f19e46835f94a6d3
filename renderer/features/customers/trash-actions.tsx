/** Move to Trash (with an Undo notification) and restore, shared by the list and the detail page. */
import { notifications } from '@mantine/notifications';
import type { Translator } from '../../../shared/i18n';
import { useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { ConfirmDialog } from '../../lib/confirm';
import { deleteWithUndo, showError } from '../../lib/undo';
import { dataChanged } from '../../stores/data';

export interface RecordRef {
  id: string;
  name: string;
}

export async function restoreCustomer(t: Translator, ref: RecordRef): Promise<boolean> {
  try {
    await invoke('customers.restore', { id: ref.id });
    notifications.hide(`deleted-${ref.id}`);
    notifications.show({ color: 'teal', message: t('customers.restored', { name: ref.name }) });
    return true;
  } catch (error) {
    showError(t, error);
    return false;
  } finally {
    dataChanged();
  }
}

export function moveToTrash(t: Translator, ref: RecordRef): Promise<boolean> {
  return deleteWithUndo(t, {
    // restoreCustomer hides this notice when the record comes back from Trash instead.
    id: `deleted-${ref.id}`,
    message: t('customers.deleted', { name: ref.name }),
    remove: () => invoke('customers.delete', { id: ref.id }),
    restore: () => restoreCustomer(t, ref),
  });
}

interface ConfirmProps {
  target: RecordRef | null;
  onClose(): void;
  onDeleted?(ref: RecordRef): void;
}

/** "Move to Trash?" dialog; Enter confirms (the confirm button has focus). */
export function ConfirmDelete({ target, onClose, onDeleted }: ConfirmProps) {
  const t = useT();
  return (
    <ConfirmDialog
      opened={target !== null}
      title={t('customers.delete.title')}
      body={t('customers.delete.body', { name: target?.name ?? '' })}
      confirm={t('customers.delete.confirm')}
      size="sm"
      onClose={onClose}
      onConfirm={async () => {
        if (target && (await moveToTrash(t, target))) onDeleted?.(target);
      }}
    />
  );
}
