/** Move to Trash (with an Undo notification) and restore, shared by the list and the detail page. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError, type Translator } from '../../../shared/i18n';
import { useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';

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
    notifications.show({ color: 'red', title: t('common.error'), message: describeError(t, toPayload(error)) });
    return false;
  } finally {
    dataChanged();
  }
}

export async function moveToTrash(t: Translator, ref: RecordRef): Promise<boolean> {
  try {
    await invoke('customers.delete', { id: ref.id });
  } catch (error) {
    notifications.show({ color: 'red', title: t('common.error'), message: describeError(t, toPayload(error)) });
    return false;
  }
  dataChanged();
  const id = `deleted-${ref.id}`;
  notifications.show({
    id,
    color: 'gray',
    autoClose: 8000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{t('customers.deleted', { name: ref.name })}</Text>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => {
            notifications.hide(id);
            void restoreCustomer(t, ref);
          }}
        >
          {t('common.undo')}
        </Button>
      </Group>
    ),
  });
  return true;
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
    <Modal opened={target !== null} onClose={onClose} title={t('customers.delete.title')} centered size="sm">
      <Stack>
        <Text size="sm">{t('customers.delete.body', { name: target?.name ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            data-autofocus
            onClick={async () => {
              if (!target) return;
              onClose();
              if (await moveToTrash(t, target)) onDeleted?.(target);
            }}
          >
            {t('customers.delete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
