/**
 * One opportunity: its facts, a stage picker, "Mark as won" / "Mark as lost", edit, delete, and
 * the stage history (entered/left). The page carries the opportunity id in data attributes so
 * other features (quotes) and end-to-end tests can find it.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconArrowRight,
  IconFileInvoice,
  IconPencil,
  IconThumbDown,
  IconTrash,
  IconTrophy,
} from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { describeError } from '../../../shared/i18n';
import { formatPercent } from '../../../shared/pipeline/money-display';
import type { OpportunityDetail, Stage } from '../../../shared/pipeline/pipeline.schema';
import { formatDateTime } from '../../../shared/format/format';
import { useDisplay, useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { formatShortDate } from '../../lib/display';
import { dataChanged, useDataVersion } from '../../stores/data';
import { usePreferences } from '../../stores/preferences';
import { amountText, stageColor, stageName, useIrrUnit } from './display';
import { LostReasonDialog } from './LostReasonDialog';
import { useMoveOpportunity } from './move';
import { OpportunityForm } from './OpportunityForm';
import './pipeline.css';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function OpportunityPage({ id }: { id: string }) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const rtl = usePreferences((s) => s.preferences.language === 'fa');
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const [detail, setDetail] = useState<OpportunityDetail | null>(null);
  const [stages, setStages] = useState<Stage[]>([]);
  const [loadError, setLoadError] = useState<RpcErrorPayload | null>(null);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    Promise.all([invoke('opportunities.get', { id }), invoke('pipeline.stages', {})])
      .then(([d, s]) => {
        setDetail(d);
        setStages(s);
        setLoadError(null);
      })
      .catch((e: unknown) =>
        setLoadError(e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } }),
      );
  }, [id]);
  useEffect(() => load(), [load, version]);

  const {
    move,
    pendingLost,
    confirmLost,
    cancelLost,
    error: moveError,
  } = useMoveOpportunity((moved, stage) => {
    notifications.show({
      message: t('pipeline.moved', { title: moved.title, stage: stageName(t, stage) }),
      color: 'teal',
    });
  });

  if (loadError) {
    return (
      <div className="page">
        <Alert color="red" icon={<IconAlertTriangle />} data-testid="opportunity-error">
          {describeError(t, loadError)}
        </Alert>
      </div>
    );
  }
  if (!detail) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  const { opportunity, history } = detail;
  const stage = stages.find((s) => s.id === opportunity.stageId);
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  const Back = rtl ? IconArrowRight : IconArrowLeft;

  return (
    <div className="page" data-testid="opportunity-page" data-opportunity-id={opportunity.id}>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<Back size={14} />}
        component={Link}
        href="/pipeline"
        mb="xs"
      >
        {t('pipeline.title')}
      </Button>
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
        <Stack gap={2}>
          <Title order={2} size="h3" data-testid="opportunity-title">
            {opportunity.title}
          </Title>
          <Anchor component={Link} href={`/customers/${opportunity.customerId}`} size="sm">
            {opportunity.customerName}
          </Anchor>
        </Stack>
        <Group gap="xs">
          {won && opportunity.stageId !== won.id && (
            <Button
              color="teal"
              leftSection={<IconTrophy size={16} />}
              onClick={() => move(opportunity, won)}
              data-testid="mark-won"
            >
              {t('pipeline.markWon')}
            </Button>
          )}
          {lost && opportunity.stageId !== lost.id && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconThumbDown size={16} />}
              onClick={() => move(opportunity, lost)}
              data-testid="mark-lost"
            >
              {t('pipeline.markLost')}
            </Button>
          )}
          <Button
            component={Link}
            href={`/pipeline/opportunities/${opportunity.id}/new-quote`}
            variant="light"
            leftSection={<IconFileInvoice size={16} />}
            data-testid="opportunity-new-quote"
          >
            {t('opportunity.newQuote')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            onClick={() => setEditing(true)}
            data-testid="opportunity-edit"
          >
            {t('common.edit')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() =>
              void invoke('opportunities.delete', { id: opportunity.id }).then(() => {
                notifications.show({ message: t('opportunity.deleted', { title: opportunity.title }) });
                dataChanged();
                navigate('/pipeline');
              })
            }
            data-testid="opportunity-delete"
          >
            {t('common.delete')}
          </Button>
        </Group>
      </Group>
      {moveError && !pendingLost && (
        <Alert color="red" icon={<IconAlertTriangle />} mb="sm">
          {describeError(t, moveError)}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <SimpleGrid cols={2} spacing="sm">
            <Fact label={t('field.stageId')}>
              <Select
                aria-label={t('field.stageId')}
                data={stages.map((s) => ({ value: s.id, label: stageName(t, s) }))}
                value={opportunity.stageId}
                onChange={(value) => {
                  const target = stages.find((s) => s.id === value);
                  if (target) move(opportunity, target);
                }}
                allowDeselect={false}
                size="xs"
                data-testid="opportunity-stage"
              />
            </Fact>
            <Fact label={t('field.amountMinor')}>
              <span className="pipeline-amount" data-testid="opportunity-amount">
                {amountText(opportunity.amountMinor, opportunity.currency, display, irrUnit)}
              </span>
            </Fact>
            <Fact label={t('field.probabilityBp')}>{formatPercent(opportunity.probabilityBp, display)}</Fact>
            <Fact label={t('field.expectedCloseDate')}>
              {opportunity.expectedCloseDate
                ? formatShortDate(`${opportunity.expectedCloseDate}T12:00:00Z`, display)
                : t('common.empty')}
            </Fact>
            {stage && stage.kind !== 'open' && (
              <Fact label={t('pipeline.col.stage')}>
                <Badge color={stageColor(stage)} variant="light">
                  {t(`pipeline.kind.${stage.kind}`)}
                </Badge>
              </Fact>
            )}
            {opportunity.lostReason && <Fact label={t('field.lostReason')}>{opportunity.lostReason}</Fact>}
            {opportunity.leadId && (
              <Fact label={t('nav.leads')}>
                <Anchor component={Link} href={`/leads/${opportunity.leadId}`} size="sm">
                  {t('lead.title')}
                </Anchor>
              </Fact>
            )}
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            {t('opportunity.history')}
          </Title>
          <Timeline active={history.length - 1} bulletSize={14} lineWidth={2} data-testid="stage-history">
            {history.map((entry) => (
              <Timeline.Item key={entry.id} title={stageName(t, { id: entry.stageId, name: entry.stageName })}>
                <Text size="xs" c="dimmed">
                  {t('opportunity.entered', { at: formatDateTime(entry.enteredAt, display) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {entry.leftAt
                    ? t('opportunity.left', { at: formatDateTime(entry.leftAt, display) })
                    : t('opportunity.current')}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </SimpleGrid>
      {pendingLost && (
        <LostReasonDialog
          title={opportunity.title}
          error={moveError ? describeError(t, moveError) : null}
          onConfirm={confirmLost}
          onCancel={cancelLost}
        />
      )}
      {editing && <OpportunityForm opportunity={opportunity} onClose={() => setEditing(false)} />}
    </div>
  );
}
