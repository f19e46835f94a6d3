/** Display helpers for the pipeline: stage names (translated while default), amounts, statuses. */
import type { DisplayOptions } from '../../../shared/format/format';
import type { MessageKey, Translator } from '../../../shared/i18n';
import { useEffect } from 'react';
import { formatAmount, type IrrUnit } from '../../../shared/pipeline/money-display';
import { useBillingProfile } from '../billing/billing.store';
import type { LeadSource, LeadStatus, MoneyTotal, Stage } from '../../../shared/pipeline/pipeline.schema';
import { defaultStageKey } from '../../../shared/pipeline/stages';

export function stageName(t: Translator, stage: Pick<Stage, 'id' | 'name'>): string {
  const key = defaultStageKey(stage);
  return key ? t(`pipeline.stage.${key}`) : stage.name;
}

export const leadStatusKey = (status: LeadStatus): MessageKey => `lead.status.${status}`;
export const leadSourceKey = (source: LeadSource): MessageKey => `lead.source.${source}`;

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'teal',
  disqualified: 'gray',
  converted: 'green',
};

export function stageColor(stage: Pick<Stage, 'kind'>): string {
  return stage.kind === 'won' ? 'teal' : stage.kind === 'lost' ? 'red' : 'blue';
}

export function amountText(minor: number, currency: string, display: DisplayOptions, irrUnit: IrrUnit): string {
  return formatAmount(minor, currency, display, irrUnit);
}

export function totalsText(totals: readonly MoneyTotal[], display: DisplayOptions, irrUnit: IrrUnit): string[] {
  return totals.map((total) => formatAmount(total.amountMinor, total.currency, display, irrUnit));
}

/** Rial or Toman, as the business profile in Settings says (the same setting invoices use). */
export function useIrrUnit(): IrrUnit {
  const profile = useBillingProfile((s) => s.profile);
  const load = useBillingProfile((s) => s.load);
  useEffect(() => {
    if (!profile) void load().catch(() => undefined);
  }, [profile, load]);
  return profile?.rialDisplay ?? 'rial';
}

/** The currencies offered in forms; IRR first (entered and shown in Rial or Toman per Settings). */
export const CURRENCIES = ['IRR', 'USD', 'EUR', 'AED'] as const;
