/**
 * What the last round found that needs attention: a file not arrived whole, a damaged or missing
 * file, a newer app, a clock running ahead. Each names the device and the file, which is shown
 * left-to-right on its own so its slashes keep their places in Persian text.
 */
import { Card, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { SyncProblem } from '../../../shared/sync/sync.schema';
import { useT } from '../../app/i18n';
import { problemText } from './sync.display';

/** `failed`: the last round stopped early (the folder was unreachable), so its files were not read. */
export function SyncProblems({ problems, failed }: { problems: SyncProblem[]; failed: boolean }) {
  const t = useT();
  return (
    <Card withBorder padding="md" data-testid="sync-problems">
      <Title order={3} size="h5" mb="xs">
        {t('sync.problems.title')}
      </Title>
      {problems.length === 0 && failed ? (
        <Text size="sm" c="dimmed" data-testid="sync-problems-unchecked">
          {t('sync.problems.unchecked')}
        </Text>
      ) : problems.length === 0 ? (
        <Group gap="xs" wrap="nowrap">
          <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
          <Text size="sm" c="dimmed" data-testid="sync-problems-none">
            {t('sync.problems.none')}
          </Text>
        </Group>
      ) : (
        <Stack gap="sm">
          {problems.map((problem, index) => (
            <Group
              key={`${problem.code}-${problem.device ?? ''}-${problem.file ?? index}`}
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              data-testid="sync-problem"
              data-code={problem.code}
            >
              <ThemeIcon size={22} variant="light" color="orange">
                <IconAlertTriangle size={14} />
              </ThemeIcon>
              <div className="grow">
                <Text size="sm">{problemText(t, problem)}</Text>
                {problem.file && (
                  <Text size="xs" c="dimmed" mt={2}>
                    {t('sync.problems.file')}{' '}
                    <Code dir="ltr" className="info-value" data-testid="sync-problem-file">
                      {problem.file}
                    </Code>
                  </Text>
                )}
                {typeof problem.params.detail === 'string' && (
                  <Text size="xs" c="dimmed" mt={2} style={{ overflowWrap: 'anywhere' }}>
                    <bdi>{problem.params.detail}</bdi>
                  </Text>
                )}
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
