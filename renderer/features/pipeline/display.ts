/** Display helpers for the pipeline: stage names (translated while default), amounts, statuses. */
import type { DisplayOptions } from '../../../shared/format/format';
import type { MessageKey, Translator } from '../../../shared/i18n';
import { formatAmount } from '../../../shared/pipeline/money-display';
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

export function amountText(minor: number, currency: string, display: DisplayOptions): string {
  return formatAmount(minor, currency, display);
}

export function totalsText(totals: readonly MoneyTotal[], display: DisplayOptions): string[] {
  return totals.map((total) => formatAmount(total.amountMinor, total.currency, display));
}

/** The currencies offered in forms; IRR first (entered and shown in Toman). */
export const CURRENCIES = ['IRR', 'USD', 'EUR', 'AED'] as const;
