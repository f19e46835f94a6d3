/**
 * The pipeline: a kanban board (drag a card to another stage, or focus it and press ← / →) and a
 * list view. Moving into a lost stage asks for the reason first. Each column shows its count and
 * the sum of its amounts per currency. Stages run in reading order, so in Persian the board
 * starts on the right.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconSearch, IconSettings } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useLocation } from 'wouter';
import type { RpcErrorPayload } from '../../../shared/errors';
import { describeError } from '../../../shared/i18n';
import type { Board, BoardColumn, Opportunity, Stage } from '../../../shared/pipeline/pipeline.schema';
import { formatPercent } from '../../../shared/pipeline/money-display';
import { normalizeForSearch } from '../../../shared/text/normalize';
import { useDisplay, useT } from '../../app/i18n';
import { invoke, RpcError } from '../../lib/client';
import { formatShortDate } from '../../lib/display';
import { useDataVersion } from '../../stores/data';
import { usePreferences } from '../../stores/preferences';
import { amountText, stageColor, stageName, totalsText, useIrrUnit } from './display';
import { LostReasonDialog } from './LostReasonDialog';
import { useMoveOpportunity } from './move';
import { OpportunityForm } from './OpportunityForm';
import { StagesDialog } from './StagesDialog';
import './pipeline.css';

const DRAG_TYPE = 'application/x-pishkhan-opportunity';

function OpportunityCard({
  opportunity,
  stage,
  dragging,
  onDragStart,
  onDragEnd,
  onKeyDown,
  onOpen,
}: {
  opportunity: Opportunity;
  stage: Stage;
  dragging: boolean;
  onDragStart(e: DragEvent<HTMLDivElement>): void;
  onDragEnd(): void;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  onOpen(): void;
}) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const amount = amountText(opportunity.amountMinor, opportunity.currency, display, irrUnit);
  return (
    <div
      className="pipeline-card"
      role="button"
      tabIndex={0}
      draggable
      data-dragging={dragging}
      data-testid={`opportunity-card-${opportunity.id}`}
      data-opportunity-id={opportunity.id}
      aria-label={t('pipeline.cardLabel', {
        title: opportunity.title,
        customer: opportunity.customerName,
        amount,
        stage: stageName(t, stage),
      })}
      aria-roledescription="card"
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onKeyDown={onKeyDown}
      onClick={onOpen}
    >
      <Text size="sm" fw={600} lineClamp={2}>
        {opportunity.title}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {opportunity.customerName}
      </Text>
      <Group justify="space-between" gap={4} mt={4} wrap="nowrap">
        <Text size="sm" className="pipeline-amount">
          {amount}
        </Text>
        {opportunity.expectedCloseDate && stage.kind === 'open' && (
          <Text size="xs" c="dimmed" className="pipeline-amount">
            {formatShortDate(`${opportunity.expectedCloseDate}T12:00:00Z`, display)}
          </Text>
        )}
      </Group>
      {stage.kind === 'lost' && opportunity.lostReason && (
        <Text size="xs" c="red" lineClamp={2} mt={2}>
          {t('opportunity.lostBecause', { reason: opportunity.lostReason })}
        </Text>
      )}
    </div>
  );
}

function ColumnHead({ column }: { column: BoardColumn }) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const totals = totalsText(column.totals, display, irrUnit);
  return (
    <div
      className="pipeline-column-head"
      style={{ ['--stage-color' as string]: `var(--mantine-color-${stageColor(column.stage)}-5)` }}
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text fw={700} size="sm" truncate>
          {stageName(t, column.stage)}
        </Text>
        <Badge variant="light" color={stageColor(column.stage)} size="sm" data-testid="stage-count">
          {t(column.count === 1 ? 'pipeline.countOne' : 'pipeline.count', { count: column.count })}
        </Badge>
      </Group>
      <div data-testid="stage-totals">
        {totals.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('common.empty')}
          </Text>
        ) : (
          totals.map((total) => (
            <Text key={total} size="xs" c="dimmed" className="pipeline-amount">
              {total}
            </Text>
          ))
        )}
      </div>
    </div>
  );
}

function BoardView({
  board,
  filter,
  onMove,
  focusId,
}: {
  board: Board;
  filter: string;
  onMove(opportunity: Opportunity, stage: Stage): void;
  focusId: string | null;
}) {
  const t = useT();
  const [, navigate] = useLocation();
  const rtl = usePreferences((s) => s.preferences.language === 'fa');
  const [dragId, setDragId] = useState<string | null>(null);
  const [overStage, setOverStage] = useState<string | null>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  const stages = board.columns.map((c) => c.stage);
  const needle = normalizeForSearch(filter);
  const matches = (o: Opportunity) => !needle || normalizeForSearch(`${o.title} ${o.customerName}`).includes(needle);

  useEffect(() => {
    if (!focusId) return;
    boardRef.current?.querySelector<HTMLElement>(`[data-opportunity-id="${focusId}"]`)?.focus();
  }, [focusId, board]);

  const find = (id: string) => {
    for (const column of board.columns) {
      const found = column.opportunities.find((o) => o.id === id);
      if (found) return found;
    }
    return null;
  };

  const onKey = (opportunity: Opportunity, index: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      navigate(`/pipeline/opportunities/${opportunity.id}`);
      return;
    }
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const forward = e.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    const target = stages[index + (forward ? 1 : -1)];
    e.preventDefault();
    if (target) onMove(opportunity, target);
  };

  return (
    <div className="pipeline-board" ref={boardRef} data-testid="pipeline-board">
      {board.columns.map((column, index) => {
        const cards = column.opportunities.filter(matches);
        return (
          <section
            key={column.stage.id}
            className="pipeline-column"
            aria-label={stageName(t, column.stage)}
            data-testid={`stage-column-${column.stage.id}`}
            data-stage-id={column.stage.id}
            data-stage-kind={column.stage.kind}
            data-over={overStage === column.stage.id}
            onDragOver={(e) => {
              if (!dragId) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              setOverStage(column.stage.id);
            }}
            onDragLeave={() => setOverStage((s) => (s === column.stage.id ? null : s))}
            onDrop={(e) => {
              e.preventDefault();
              const id = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain') || dragId;
              setOverStage(null);
              setDragId(null);
              const opportunity = id ? find(id) : null;
              if (opportunity) onMove(opportunity, column.stage);
            }}
          >
            <ColumnHead column={column} />
            <div className="pipeline-column-body">
              {cards.length === 0 ? (
                <Text size="xs" c="dimmed" ta="center" py="md">
                  {t('pipeline.columnEmpty')}
                </Text>
              ) : (
                cards.map((opportunity) => (
                  <OpportunityCard
                    key={opportunity.id}
                    opportunity={opportunity}
                    stage={column.stage}
                    dragging={dragId === opportunity.id}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, opportunity.id);
                      e.dataTransfer.setData('text/plain', opportunity.id);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragId(opportunity.id);
                    }}
                    onDragEnd={() => {
                      setDragId(null);
                      setOverStage(null);
                    }}
                    onKeyDown={onKey(opportunity, index)}
                    onOpen={() => navigate(`/pipeline/opportunities/${opportunity.id}`)}
                  />
                ))
              )}
              {column.stage.kind !== 'open' && column.count > column.opportunities.length && (
                <Text size="xs" c="dimmed" ta="center">
                  {t('pipeline.moreClosed', { shown: column.opportunities.length, count: column.count })}
                </Text>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function ListView({ filter, stages }: { filter: string; stages: Stage[] }) {
  const t = useT();
  const display = useDisplay();
  const irrUnit = useIrrUnit();
  const [, navigate] = useLocation();
  const version = useDataVersion((s) => s.version);
  const [rows, setRows] = useState<Opportunity[] | null>(null);
  useEffect(() => {
    let live = true;
    invoke('opportunities.list', { query: filter, limit: 500 })
      .then((result) => live && setRows(result.rows))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [filter, version]);
  if (!rows) return <Loader size="sm" />;
  const byId = new Map(stages.map((s) => [s.id, s]));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover className="pipeline-table" data-testid="opportunity-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('pipeline.col.title')}</Table.Th>
            <Table.Th>{t('pipeline.col.customer')}</Table.Th>
            <Table.Th>{t('pipeline.col.stage')}</Table.Th>
            <Table.Th>{t('pipeline.col.amount')}</Table.Th>
            <Table.Th>{t('pipeline.col.probability')}</Table.Th>
            <Table.Th>{t('pipeline.col.close')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((o) => {
            const stage = byId.get(o.stageId);
            return (
              <Table.Tr
                key={o.id}
                onClick={() => navigate(`/pipeline/opportunities/${o.id}`)}
                style={{ cursor: 'pointer' }}
                data-testid={`opportunity-row-${o.id}`}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {o.title}
                  </Text>
                </Table.Td>
                <Table.Td>{o.customerName}</Table.Td>
                <Table.Td>
                  {stage && (
                    <Badge variant="light" color={stageColor(stage)}>
                      {stageName(t, stage)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td className="pipeline-amount">
                  {amountText(o.amountMinor, o.currency, display, irrUnit)}
                </Table.Td>
                <Table.Td>{formatPercent(o.probabilityBp, display)}</Table.Td>
                <Table.Td>
                  {o.expectedCloseDate
                    ? formatShortDate(`${o.expectedCloseDate}T12:00:00Z`, display)
                    : t('common.empty')}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function PipelinePage() {
  const t = useT();
  const version = useDataVersion((s) => s.version);
  const [view, setView] = useState<'board' | 'list'>('board');
  const [board, setBoard] = useState<Board | null>(null);
  const [loadError, setLoadError] = useState<RpcErrorPayload | null>(null);
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [editingStages, setEditingStages] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);

  const load = useCallback(() => {
    invoke('pipeline.board', {})
      .then((next) => {
        setBoard(next);
        setLoadError(null);
      })
      .catch((e: unknown) =>
        setLoadError(e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } }),
      );
  }, []);
  useEffect(() => load(), [load, version]);

  const {
    move,
    pendingLost,
    confirmLost,
    cancelLost,
    error: moveError,
    clearError,
  } = useMoveOpportunity((moved, stage) => {
    setAnnouncement(t('pipeline.moved', { title: moved.title, stage: stageName(t, stage) }));
    setFocusId(moved.id);
  });
  const empty = useMemo(() => board !== null && board.columns.every((c) => c.count === 0), [board]);

  return (
    <div className="page page-fill" data-testid="pipeline-page">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h3">
          {t('pipeline.title')}
        </Title>
        <Group gap="xs" wrap="wrap">
          <TextInput
            placeholder={t('pipeline.search')}
            aria-label={t('pipeline.search')}
            leftSection={<IconSearch size={15} />}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            w={240}
          />
          <SegmentedControl
            aria-label={t('pipeline.view')}
            value={view}
            onChange={(v) => setView(v === 'list' ? 'list' : 'board')}
            data={[
              { value: 'board', label: t('pipeline.view.board') },
              { value: 'list', label: t('pipeline.view.list') },
            ]}
          />
          <Tooltip label={t('pipeline.stages.edit')}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('pipeline.stages.edit')}
              onClick={() => setEditingStages(true)}
              data-testid="edit-stages"
            >
              <IconSettings size={18} />
            </ActionIcon>
          </Tooltip>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-opportunity">
            {t('pipeline.newOpportunity')}
          </Button>
        </Group>
      </Group>
      <div className="pipeline-sr" aria-live="polite" role="status" data-testid="pipeline-announcer">
        {announcement}
      </div>
      {moveError && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          withCloseButton
          onClose={clearError}
          mb="sm"
          data-testid="move-error"
        >
          {describeError(t, moveError)}
        </Alert>
      )}
      {loadError ? (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('pipeline.loadFailed')} data-testid="pipeline-error">
          <Stack gap="xs">
            {describeError(t, loadError)}
            <Button variant="light" color="red" w="fit-content" onClick={load}>
              {t('common.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : !board ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : (
        <>
          {empty && (
            <Card withBorder mb="sm" data-testid="pipeline-empty">
              <Text fw={600}>{t('pipeline.empty.title')}</Text>
              <Text size="sm" c="dimmed">
                {t('pipeline.empty.body')}
              </Text>
            </Card>
          )}
          {view === 'board' ? (
            <>
              <Text size="xs" c="dimmed" mb={6}>
                {t('pipeline.keyboardHint')}
              </Text>
              <BoardView board={board} filter={filter} onMove={move} focusId={focusId} />
            </>
          ) : (
            <ListView filter={filter} stages={board.columns.map((c) => c.stage)} />
          )}
        </>
      )}
      {pendingLost && (
        <LostReasonDialog
          title={pendingLost.opportunity.title}
          error={moveError ? describeError(t, moveError) : null}
          onConfirm={confirmLost}
          onCancel={cancelLost}
        />
      )}
      {creating && <OpportunityForm opportunity={null} onClose={() => setCreating(false)} />}
      {editingStages && <StagesDialog onClose={() => setEditingStages(false)} />}
    </div>
  );
}
