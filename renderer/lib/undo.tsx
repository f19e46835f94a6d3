/** Notices shared by every page: a request's error, and "moved to Trash" with an Undo button. */
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError, type Translator } from '../../shared/i18n';
import { dataChanged } from '../stores/data';
import { toPayload } from '../stores/preferences';
import { isolatePaths } from './bidi';

/** A failed request as one translated sentence. */
export function showError(t: Translator, error: unknown): void {
  notifications.show({
    color: 'red',
    title: t('common.error'),
    message: describeError(t, isolatePaths(toPayload(error))),
  });
}

export interface UndoableDelete {
  /** Notification id; restoring the record elsewhere (Trash) may hide it by this id. */
  id: string;
  message: string;
  remove(): Promise<unknown>;
  restore(): Promise<unknown>;
}

/**
 * Deletes (moves to Trash), then offers Undo for a few seconds. Lists refresh either way; a
 * failure of either step is shown as a translated error. Returns whether the delete happened.
 */
export async function deleteWithUndo(t: Translator, action: UndoableDelete): Promise<boolean> {
  try {
    await action.remove();
  } catch (error) {
    showError(t, error);
    return false;
  } finally {
    dataChanged();
  }
  notifications.show({
    id: action.id,
    color: 'gray',
    autoClose: 8000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{action.message}</Text>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => {
            notifications.hide(action.id);
            action
              .restore()
              .catch((error: unknown) => showError(t, error))
              .finally(dataChanged);
          }}
        >
          {t('common.undo')}
        </Button>
      </Group>
    ),
  });
  return true;
}
