/**
 * A failed request shown in place: a red notice with a title and the translated sentence, its
 * paths and codes isolated so they read whole in either direction.
 */
import { Alert, type AlertProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { RpcErrorPayload } from '../../shared/errors';
import { describeError } from '../../shared/i18n';
import { useT } from '../app/i18n';
import { isolatePaths } from './bidi';

interface ErrorAlertProps extends Omit<AlertProps, 'title' | 'children' | 'color' | 'icon' | 'role'> {
  title: string;
  error: RpcErrorPayload;
  testId?: string;
}

export function ErrorAlert({ title, error, testId, ...props }: ErrorAlertProps) {
  const t = useT();
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title} role="alert" data-testid={testId} {...props}>
      <span style={{ overflowWrap: 'anywhere' }}>{describeError(t, isolatePaths(error))}</span>
    </Alert>
  );
}
