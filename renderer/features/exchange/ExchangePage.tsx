/**
 * Import & export: pick or drop a file → upload in chunks → inspect (encoding, delimiter,
 * columns) → map the columns (CSV) → preview → dry run → import, each run summarized with its
 * counts, rejected rows and warnings. Export downloads a CSV, vCard or JSON file.
 * Main checks the whole file before writing anything, so a problem leaves nothing half-imported.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconDownload,
  IconFileImport,
  IconPlayerPlay,
  IconRefresh,
  IconTestPipe,
} from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { describeFileProblem, describeRowProblem } from '../../../shared/exchange/exchange.messages';
import {
  CSV_ENTITIES,
  IMPORT_FIELDS,
  type CsvEntity,
  type ExportFormat,
  type FileProblem,
  type ImportField,
  type ImportFormat,
  type ImportInspection,
  type ImportSummary,
  type OnDuplicate,
  type RowProblem,
} from '../../../shared/exchange/exchange.schema';
import type { RpcErrorPayload } from '../../../shared/errors';
import { formatNumber } from '../../../shared/format/format';
import { describeError, type Translator } from '../../../shared/i18n';
import { useDisplay, useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { dataChanged } from '../../stores/data';
import { toPayload } from '../../stores/preferences';
import { downloadText, formatFromName, uploadFile } from './upload';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1256': 'Windows-1256',
};
const encodingName = (encoding: string) => ENCODINGS[encoding] ?? encoding.toUpperCase();

function delimiterText(t: Translator, delimiter: string): string {
  const name =
    delimiter === ';'
      ? t('exchange.delimiter.semicolon')
      : delimiter === '\t'
        ? t('exchange.delimiter.tab')
        : t('exchange.delimiter.comma');
  return t('exchange.import.delimiter', { delimiter: name });
}

/** What went wrong: a whole-file problem from main, an error of the call, or an unknown file type. */
type Problem =
  | { kind: 'file'; problem: FileProblem }
  | { kind: 'error'; error: RpcErrorPayload }
  | { kind: 'unknown'; name: string };

interface Loaded {
  name: string;
  uploadId: string | null;
  inspection: ImportInspection;
}

function ProblemView({ problem, t }: { problem: Problem; t: Translator }) {
  const text =
    problem.kind === 'file'
      ? describeFileProblem(t, problem.problem)
      : problem.kind === 'error'
        ? describeError(t, problem.error)
        : t('exchange.ui.unknownFormat', { name: problem.name });
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle />}
      title={problem.kind === 'error' ? t('exchange.ui.failed') : t('exchange.ui.problemTitle')}
      role="alert"
      data-testid="exchange-problem"
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {text}
      </Text>
    </Alert>
  );
}

function ProblemList({ title, items, total, t }: { title: string; items: RowProblem[]; total: number; t: Translator }) {
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <Table.ScrollContainer minWidth={480} mah={260}>
        <Table verticalSpacing={3} fz="xs" striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>{t('exchange.ui.rowNumber')}</Table.Th>
              <Table.Th>{t('exchange.ui.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.slice(0, 200).map((item, i) => (
              <Table.Tr key={`${item.row}-${i}`} data-testid="exchange-problem-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{t('exchange.summary.row', { row: item.row })}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{describeRowProblem(t, item)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > Math.min(items.length, 200) && (
        <Text size="xs" c="dimmed">
          {t('exchange.summary.more', { count: Math.min(items.length, 200) })}
        </Text>
      )}
    </Stack>
  );
}

function SummaryView({ summary, t }: { summary: ImportSummary; t: Translator }) {
  const display = useDisplay();
  const stats: { key: 'created' | 'updated' | 'skipped' | 'rejected'; color: string }[] = [
    { key: 'created', color: 'teal' },
    { key: 'updated', color: 'blue' },
    { key: 'skipped', color: 'gray' },
    { key: 'rejected', color: 'red' },
  ];
  return (
    <Alert
      color={summary.dryRun ? 'blue' : 'teal'}
      icon={summary.dryRun ? <IconTestPipe /> : <IconCheck />}
      title={summary.dryRun ? t('exchange.summary.dryTitle') : t('exchange.summary.title')}
      data-testid={summary.dryRun ? 'exchange-dry-summary' : 'exchange-summary'}
      role="status"
    >
      <Stack gap="sm">
        <SimpleGrid cols={4} spacing="xs">
          {stats.map(({ key, color }) => (
            <Card key={key} withBorder padding="xs" data-testid={`exchange-count-${key}`}>
              <Text size="xl" fw={700} c={summary[key] > 0 ? `${color}.7` : 'dimmed'}>
                {formatNumber(summary[key], display)}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`exchange.ui.${key}`)}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
        <Text size="sm" data-testid="exchange-summary-counts">
          {t('exchange.summary.counts', {
            created: summary.created,
            updated: summary.updated,
            skipped: summary.skipped,
            rejected: summary.rejected,
            rows: summary.rows,
          })}
        </Text>
        {summary.organizationsCreated > 0 && (
          <Text size="sm">{t('exchange.summary.organizations', { count: summary.organizationsCreated })}</Text>
        )}
        {summary.rejected === 0 && (
          <Text size="xs" c="dimmed">
            {t('exchange.ui.noRejections')}
          </Text>
        )}
        <ProblemList title={t('exchange.summary.rejected')} items={summary.rejections} total={summary.rejected} t={t} />
        <ProblemList title={t('exchange.summary.skipped')} items={summary.skips} total={summary.skipped} t={t} />
        <ProblemList
          title={t('exchange.summary.warnings')}
          items={summary.warnings}
          total={summary.warnings.length}
          t={t}
        />
        {summary.dryRun && (
          <Text size="xs" c="dimmed">
            {t('exchange.ui.dryHint')}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function MappingTable({
  inspection,
  mapping,
  onChange,
  t,
}: {
  inspection: ImportInspection;
  mapping: ImportField[];
  onChange: (index: number, field: ImportField) => void;
  t: Translator;
}) {
  const options = IMPORT_FIELDS.map((field) => ({ value: field, label: t(`exchange.field.${field}`) }));
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={6} fz="sm" withTableBorder data-testid="exchange-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">{t('exchange.mapping.column')}</Table.Th>
            <Table.Th>{t('exchange.ui.samples')}</Table.Th>
            <Table.Th w={260}>{t('exchange.mapping.field')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inspection.headers.map((header, i) => {
            const samples = inspection.preview
              .map((row) => (row[i] ?? '').trim())
              .filter(Boolean)
              .slice(0, 3);
            return (
              <Table.Tr key={i} data-testid="exchange-mapping-row">
                <Table.Td fw={600} style={{ overflowWrap: 'anywhere' }}>
                  <span dir="auto">{header}</span>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {samples.map((sample, j) => (
                      <Badge
                        key={j}
                        variant="light"
                        color="gray"
                        tt="none"
                        fw={400}
                        maw={180}
                        dir="auto"
                        style={{ textAlign: 'start' }}
                      >
                        {sample}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={header}
                    data={options}
                    value={mapping[i] ?? 'ignore'}
                    onChange={(value) => onChange(i, (value as ImportField | null) ?? 'ignore')}
                    allowDeselect={false}
                    size="xs"
                    maxDropdownHeight={320}
                    comboboxProps={{ withinPortal: true }}
                    data-testid={`exchange-map-${i}`}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PreviewTable({
  inspection,
  mapping,
  t,
}: {
  inspection: ImportInspection;
  mapping: ImportField[];
  t: Translator;
}) {
  const columns = mapping.map((field, i) => ({ field, i })).filter((c) => c.field !== 'ignore');
  if (columns.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('exchange.ui.previewEmpty')}
      </Text>
    );
  }
  const firstDataRow = inspection.format === 'csv' ? 2 : 1;
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={4} fz="xs" striped withTableBorder data-testid="exchange-preview">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>{t('exchange.ui.rowNumber')}</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.i} style={{ whiteSpace: 'nowrap' }}>
                {t(`exchange.field.${c.field}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inspection.preview.map((row, r) => (
            <Table.Tr key={r}>
              <Table.Td c="dimmed">{t('exchange.summary.row', { row: r + firstDataRow })}</Table.Td>
              {columns.map((c) => (
                <Table.Td key={c.i} style={{ overflowWrap: 'anywhere' }}>
                  <span dir="auto">{row[c.i] ?? ''}</span>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ExportCard() {
  const t = useT();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [entity, setEntity] = useState<CsvEntity>('customers');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const run = async () => {
    setBusy(true);
    setDone(null);
    setProblem(null);
    try {
      const result = await invoke('exchange.export', { format, entity: format === 'json' ? 'all' : entity });
      if (!result.ok) {
        setProblem({ kind: 'file', problem: result.problem });
        return;
      }
      downloadText(result.value.fileName, result.value.mime, result.value.content);
      setDone(t('exchange.export.done', { count: result.value.count, file: result.value.fileName }));
    } catch (error) {
      setProblem({ kind: 'error', error: toPayload(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="exchange-export">
      <Title order={3} size="h5" mb={4}>
        {t('exchange.export.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('exchange.export.explain')}
      </Text>
      <Stack gap="sm" maw={720}>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('exchange.ui.exportFormat')}
          </Text>
          <SegmentedControl
            value={format}
            onChange={(value) => setFormat(value as ExportFormat)}
            data={[
              { value: 'csv', label: t('exchange.format.csv') },
              { value: 'vcard', label: t('exchange.format.vcard') },
              { value: 'json', label: t('exchange.format.json') },
            ]}
            data-testid="exchange-export-format"
          />
        </Stack>
        {format === 'csv' ? (
          <Select
            label={t('exchange.export.entity')}
            data={CSV_ENTITIES.map((e) => ({ value: e, label: t(`exchange.entity.${e}`) }))}
            value={entity}
            onChange={(value) => value && setEntity(value as CsvEntity)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="exchange-export-entity"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {format === 'vcard' ? t('exchange.ui.vcardPeople') : t('exchange.ui.jsonAll')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button
            leftSection={<IconDownload size={16} />}
            loading={busy}
            onClick={() => void run()}
            data-testid="exchange-export-run"
          >
            {t('exchange.export.run')}
          </Button>
        </Group>
        {done && (
          <Alert color="teal" icon={<IconCheck />} role="status" data-testid="exchange-export-done">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {done}
            </Text>
          </Alert>
        )}
        {problem && <ProblemView problem={problem} t={t} />}
      </Stack>
    </Card>
  );
}

export function ExchangePage() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mapping, setMapping] = useState<ImportField[]>([]);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('skip');
  const [busy, setBusy] = useState<'dry' | 'import' | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const reset = () => {
    if (loaded?.uploadId) void invoke('exchange.discard', { uploadId: loaded.uploadId }).catch(() => undefined);
    setLoaded(null);
    setMapping([]);
    setSummary(null);
    setProblem(null);
    setProgress(null);
  };

  const readFile = async (file: File) => {
    reset();
    const format: ImportFormat | null = formatFromName(file.name);
    if (!format) {
      setProblem({ kind: 'unknown', name: file.name });
      return;
    }
    try {
      const upload = await uploadFile(file, setProgress);
      if (!upload.ok) {
        setProblem({ kind: 'file', problem: upload.problem });
        return;
      }
      const inspected = await invoke('exchange.inspect', { uploadId: upload.uploadId, format });
      if (!inspected.ok) {
        void invoke('exchange.discard', { uploadId: upload.uploadId }).catch(() => undefined);
        setProblem({ kind: 'file', problem: inspected.problem });
        return;
      }
      setLoaded({ name: file.name, uploadId: upload.uploadId, inspection: inspected.value });
      setMapping(inspected.value.mapping);
      if (inspected.value.format === 'json' && onDuplicate === 'create') setOnDuplicate('skip');
    } catch (error) {
      setProblem({ kind: 'error', error: toPayload(error) });
    } finally {
      setProgress(null);
    }
  };

  const run = async (dryRun: boolean) => {
    if (!loaded?.uploadId) return;
    setBusy(dryRun ? 'dry' : 'import');
    setProblem(null);
    setSummary(null);
    try {
      const result = await invoke('exchange.import', {
        uploadId: loaded.uploadId,
        format: loaded.inspection.format,
        mapping: loaded.inspection.format === 'csv' ? mapping : null,
        dryRun,
        onDuplicate,
      });
      if (!result.ok) {
        setProblem({ kind: 'file', problem: result.problem });
        return;
      }
      setSummary(result.value);
      if (!dryRun) {
        // Main is done with the file after a real import.
        setLoaded({ ...loaded, uploadId: null });
        dataChanged();
      }
    } catch (error) {
      setProblem({ kind: 'error', error: toPayload(error) });
    } finally {
      setBusy(null);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  const inspection = loaded?.inspection ?? null;
  const imported = summary !== null && !summary.dryRun;
  const changeMapping = (index: number, field: ImportField) => {
    setMapping((current) => current.map((f, i) => (i === index ? field : f)));
    setSummary(null);
    setProblem(null);
  };

  return (
    <div
      className="page exchange-page"
      data-testid="exchange-page"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
      style={{ position: 'relative', minHeight: '100%' }}
    >
      {dragging && (
        <div
          style={{
            position: 'absolute',
            inset: 0,
            zIndex: 10,
            border: '2px dashed var(--mantine-color-teal-6)',
            borderRadius: 8,
            background: 'color-mix(in srgb, var(--mantine-color-body) 85%, transparent)',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            pointerEvents: 'none',
          }}
        >
          <Text size="lg" fw={600} c="teal.7">
            {t('exchange.ui.dropHere')}
          </Text>
        </div>
      )}
      <Title order={2} size="h3" mb="md">
        {t('exchange.title')}
      </Title>
      <Stack gap="md">
        <Card withBorder padding="md" data-testid="exchange-import">
          <Title order={3} size="h5" mb={4}>
            {t('exchange.import.title')}
          </Title>
          <Text size="xs" c="dimmed" mb="sm">
            {t('exchange.import.explain')}
          </Text>
          <Stack gap="sm">
            <Group gap="sm" wrap="nowrap" align="center">
              <Button
                leftSection={<IconFileImport size={16} />}
                variant={loaded ? 'default' : 'filled'}
                onClick={() => input.current?.click()}
                disabled={progress !== null || busy !== null}
                style={{ flexShrink: 0 }}
              >
                {t('exchange.import.choose')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('exchange.ui.drop')}
              </Text>
              <input
                ref={input}
                type="file"
                hidden
                accept=".csv,.tsv,.txt,.vcf,.vcard,.json,text/csv,text/vcard,application/json"
                data-testid="exchange-file"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = '';
                  if (file) void readFile(file);
                }}
              />
            </Group>
            {progress !== null && (
              <Stack gap={4} data-testid="exchange-progress">
                <Progress value={progress} animated />
                <Text size="xs" c="dimmed">
                  {t('exchange.import.uploading', { percent: progress })}
                </Text>
              </Stack>
            )}
            {inspection && loaded && (
              <Group gap="xs" data-testid="exchange-detected">
                <Text size="sm" fw={600} dir="auto" style={{ overflowWrap: 'anywhere' }}>
                  {loaded.name}
                </Text>
                <Badge variant="light" color="teal" tt="none">
                  {t(`exchange.format.${inspection.format}`)}
                </Badge>
                {inspection.format === 'csv' && (
                  <>
                    <Badge variant="light" color="gray" tt="none">
                      {t('exchange.ui.rows', { count: inspection.rows })}
                    </Badge>
                    <Text size="sm" c="dimmed" data-testid="exchange-encoding">
                      {t('exchange.ui.detected', {
                        encoding: encodingName(inspection.encoding),
                        delimiter: delimiterText(t, inspection.delimiter ?? ','),
                      })}
                    </Text>
                  </>
                )}
              </Group>
            )}
            {inspection?.format === 'vcard' && (
              <Text size="sm" data-testid="exchange-vcard-found">
                {t('exchange.ui.vcardFound', { count: inspection.rows })}
              </Text>
            )}
            {inspection?.format === 'json' && (
              <Text size="sm" data-testid="exchange-json-found">
                {t('exchange.ui.jsonFound')}
              </Text>
            )}
            {problem && !inspection && <ProblemView problem={problem} t={t} />}
          </Stack>
        </Card>

        {inspection?.format === 'csv' && (
          <Card withBorder padding="md">
            <Title order={3} size="h5" mb={4}>
              {t('exchange.mapping.title')}
            </Title>
            <Text size="xs" c="dimmed" mb="sm">
              {t('exchange.mapping.explain')}
            </Text>
            <MappingTable inspection={inspection} mapping={mapping} onChange={changeMapping} t={t} />
          </Card>
        )}

        {inspection && inspection.format !== 'json' && (
          <Card withBorder padding="md">
            <Title order={3} size="h5" mb={4}>
              {t('exchange.preview.title')}
            </Title>
            <Text size="xs" c="dimmed" mb="sm">
              {t('exchange.ui.previewExplain')}
            </Text>
            <PreviewTable inspection={inspection} mapping={mapping} t={t} />
          </Card>
        )}

        {inspection && (
          <Card withBorder padding="md">
            <Stack gap="sm">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t(inspection.format === 'json' ? 'exchange.onDuplicate.jsonLabel' : 'exchange.onDuplicate.label')}
                </Text>
                <SegmentedControl
                  value={onDuplicate}
                  onChange={(value) => {
                    setOnDuplicate(value as OnDuplicate);
                    setSummary(null);
                  }}
                  disabled={imported || busy !== null}
                  // A JSON record is matched by its id, so "create it anyway" has no meaning there.
                  data={
                    inspection.format === 'json'
                      ? [
                          { value: 'skip', label: t('exchange.onDuplicate.jsonSkip') },
                          { value: 'update', label: t('exchange.onDuplicate.jsonUpdate') },
                        ]
                      : [
                          { value: 'skip', label: t('exchange.onDuplicate.skip') },
                          { value: 'update', label: t('exchange.onDuplicate.update') },
                          { value: 'create', label: t('exchange.onDuplicate.create') },
                        ]
                  }
                  data-testid="exchange-on-duplicate"
                  w="fit-content"
                />
              </Stack>
              <Group justify="space-between">
                <Button
                  variant="subtle"
                  color="gray"
                  leftSection={<IconRefresh size={16} />}
                  onClick={reset}
                  disabled={busy !== null}
                >
                  {imported ? t('exchange.ui.again') : t('exchange.cancel')}
                </Button>
                <Group gap="xs">
                  <Button
                    variant="default"
                    leftSection={<IconTestPipe size={16} />}
                    loading={busy === 'dry'}
                    disabled={!loaded?.uploadId || busy !== null}
                    onClick={() => void run(true)}
                    data-testid="exchange-dry-run"
                  >
                    {t('exchange.dryRun')}
                  </Button>
                  <Button
                    leftSection={<IconPlayerPlay size={16} />}
                    loading={busy === 'import'}
                    disabled={!loaded?.uploadId || busy !== null}
                    onClick={() => void run(false)}
                    data-testid="exchange-run"
                  >
                    {t('exchange.run')}
                  </Button>
                </Group>
              </Group>
              {problem && <ProblemView problem={problem} t={t} />}
              {summary && <SummaryView summary={summary} t={t} />}
            </Stack>
          </Card>
        )}

        <ExportCard />
      </Stack>
    </div>
  );
}
