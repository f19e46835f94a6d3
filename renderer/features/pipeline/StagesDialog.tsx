/** Configure the pipeline: rename, reorder, set the default probability and kind, add, delete. */
import { ActionIcon, Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { RpcErrorPayload } from '../../../shared/errors';
import { describeError } from '../../../shared/i18n';
import { localizeDigits, parseInteger } from '../../../shared/format/format';
import type { Stage } from '../../../shared/pipeline/pipeline.schema';
import { STAGE_KINDS, type StageKind } from '../../../shared/pipeline/stages';
import { useDisplay, useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { stageName } from './display';

export function StagesDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const display = useDisplay();
  const [stages, setStages] = useState<Stage[]>([]);
  const [error, setError] = useState<RpcErrorPayload | null>(null);

  const load = useCallback(() => {
    invoke('pipeline.stages', {})
      .then(setStages)
      .catch(() => setStages([]));
  }, []);
  useEffect(() => load(), [load]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(null);
      dataChanged();
    } catch (e) {
      setError(e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } });
    }
    load();
  };
  const save = (
    stage: Stage,
    patch: Partial<{ name: string; probabilityBp: number; kind: StageKind; position: number }>,
  ) =>
    run(() =>
      invoke('pipeline.stages.update', {
        id: stage.id,
        name: patch.name ?? stage.name,
        probabilityBp: patch.probabilityBp ?? stage.probabilityBp,
        kind: patch.kind ?? stage.kind,
        position: patch.position ?? stage.position,
        // Only the patched fields: the rest keep what a sync round may have stored meanwhile.
        changed: Object.keys(patch) as (keyof typeof patch)[],
      }),
    );

  return (
    <Modal opened onClose={onClose} title={t('pipeline.stages.title')} size="xl" centered>
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('pipeline.stages.hint')}
        </Text>
        {error && (
          <Alert color="red" icon={<IconAlertTriangle />} data-testid="stages-error">
            {describeError(t, error)}
          </Alert>
        )}
        {stages.map((stage, index) => (
          <Group
            key={`${stage.id}-${stage.name}-${stage.probabilityBp}`}
            gap="xs"
            wrap="nowrap"
            data-testid="stage-row"
          >
            <TextInput
              aria-label={t('field.name')}
              defaultValue={stageName(t, stage)}
              onBlur={(e) => {
                const name = e.currentTarget.value.trim();
                if (name && name !== stageName(t, stage)) void save(stage, { name });
              }}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={`${t('field.probabilityBp')} (%)`}
              defaultValue={localizeDigits(String(stage.probabilityBp / 100), display.digits)}
              rightSection="%"
              w={90}
              onBlur={(e) => {
                const percent = parseInteger(e.currentTarget.value);
                if (percent !== null && percent * 100 !== stage.probabilityBp)
                  void save(stage, { probabilityBp: percent * 100 });
              }}
            />
            <Select
              aria-label={t('field.kind')}
              data={STAGE_KINDS.map((k) => ({ value: k, label: t(`pipeline.kind.${k}`) }))}
              value={stage.kind}
              onChange={(kind) => kind && kind !== stage.kind && void save(stage, { kind: kind as StageKind })}
              allowDeselect={false}
              w={110}
            />
            <ActionIcon
              variant="subtle"
              disabled={index === 0}
              aria-label={t('pipeline.stages.moveUp', { name: stageName(t, stage) })}
              onClick={() => void save(stage, { position: stage.position - 1 })}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              disabled={index === stages.length - 1}
              aria-label={t('pipeline.stages.moveDown', { name: stageName(t, stage) })}
              onClick={() => void save(stage, { position: stage.position + 1 })}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('pipeline.stages.delete', { name: stageName(t, stage) })}
              onClick={() => void run(() => invoke('pipeline.stages.delete', { id: stage.id }))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between" mt="xs">
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              void run(() =>
                invoke('pipeline.stages.create', {
                  name: t('pipeline.stages.newName'),
                  probabilityBp: 5000,
                  position: Math.max(1, stages.filter((s) => s.kind === 'open').length + 1),
                }),
              )
            }
          >
            {t('pipeline.stages.add')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('common.back')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
