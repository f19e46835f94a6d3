/** A yes/no question before a step that is not undone with one click; Enter confirms (the button has focus). */
import { Button, Group, Modal, Stack, Text, type ModalProps } from '@mantine/core';
import { useT } from '../app/i18n';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  body: string;
  confirm: string;
  onConfirm(): void;
  onClose(): void;
  size?: ModalProps['size'];
  testId?: string;
}

export function ConfirmDialog({ opened, title, body, confirm, onConfirm, onClose, size, testId }: ConfirmDialogProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size={size}>
      <Stack>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {body}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            data-autofocus
            data-testid={testId}
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
