/**
 * "Possible duplicates" under the customer form: asked of main (debounced) as the name, phones
 * and emails change. Saving stays allowed; each match links to its record.
 */
import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { CustomerKind } from '../../../shared/customers/customer.schema';
import type { DuplicateCandidate } from '../../../shared/duplicates/duplicate.schema';
import { useT } from '../../app/i18n';
import { invoke } from '../../lib/client';
import { ReasonBadges } from './reasons';

export interface DuplicateProbe {
  kind: CustomerKind;
  name: string;
  phones: string[];
  emails: string[];
  excludeId: string | null;
}

export function DuplicateWarning({ probe }: { probe: DuplicateProbe }) {
  const t = useT();
  const key = JSON.stringify(probe);
  const [debounced] = useDebouncedValue(key, 350);
  const [found, setFound] = useState<DuplicateCandidate[]>([]);

  useEffect(() => {
    const input = JSON.parse(debounced) as DuplicateProbe;
    const enough = input.name.trim().length >= 2 || input.phones.length > 0 || input.emails.length > 0;
    let live = true;
    if (!enough) {
      Promise.resolve().then(() => live && setFound([]));
    } else {
      invoke('customers.findDuplicates', input)
        .then((list) => live && setFound(list))
        // A check that fails must not block typing or saving.
        .catch(() => live && setFound([]));
    }
    return () => {
      live = false;
    };
  }, [debounced]);

  if (found.length === 0) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconCopy size={18} />}
      title={t(found.length === 1 ? 'duplicates.warningOne' : 'duplicates.warning', { count: found.length })}
      mb="md"
      data-testid="duplicate-warning"
    >
      <Stack gap={4}>
        {found.slice(0, 5).map((c) => (
          <Group key={c.customer.id} gap="xs" wrap="wrap">
            <Anchor component={Link} href={`/customers/${c.customer.id}`} size="sm" fw={600}>
              {c.customer.name}
            </Anchor>
            {c.customer.organizationName && (
              <Text size="xs" c="dimmed">
                {c.customer.organizationName}
              </Text>
            )}
            <ReasonBadges reasons={c.reasons} />
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {t('duplicates.warningHint')}
        </Text>
      </Stack>
    </Alert>
  );
}
