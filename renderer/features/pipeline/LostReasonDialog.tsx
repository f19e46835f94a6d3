/** Asks why a deal was lost before it moves to a lost stage; the reason is required. */
import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../app/i18n';

export function LostReasonDialog({
  title,
  error,
  onConfirm,
  onCancel,
}: {
  title: string;
  error: string | null;
  onConfirm(reason: string): void;
  onCancel(): void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const missing = tried && !reason.trim();
  const submit = () => {
    setTried(true);
    if (reason.trim()) onConfirm(reason.trim());
  };
  return (
    <Modal opened onClose={onCancel} title={t('pipeline.lost.title', { title })} centered>
      <Stack>
        <Textarea
          label={t('field.lostReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
          error={missing ? t('issue.lost_reason_required', { field: t('field.lostReason') }) : error}
          autosize
          minRows={2}
          data-autofocus
          data-testid="lost-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={submit} data-testid="lost-confirm">
            {t('pipeline.lost.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
