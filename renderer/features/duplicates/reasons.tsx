import { Badge, Group } from '@mantine/core';
import type { DuplicateReason } from '../../../shared/duplicates/duplicate.schema';
import { useT } from '../../app/i18n';

const COLORS: Record<DuplicateReason, string> = {
  same_phone: 'red',
  same_email: 'red',
  same_name: 'orange',
  similar_name: 'yellow',
};

/** Why two records look like the same customer. */
export function ReasonBadges({ reasons }: { reasons: DuplicateReason[] }) {
  const t = useT();
  return (
    <Group gap={4} wrap="wrap">
      {reasons.map((r) => (
        <Badge key={r} size="xs" variant="light" color={COLORS[r]} tt="none">
          {t(`duplicates.reason.${r}`)}
        </Badge>
      ))}
    </Group>
  );
}
