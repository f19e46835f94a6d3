/**
 * The default pipeline stages every device creates in migration 4, with fixed ids so that
 * devices agree after sync. While a default stage keeps its original name, windows show the
 * name translated (`pipeline.stage.<key>`); a renamed stage shows what the user typed.
 */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export interface DefaultStage {
  id: string;
  key: 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost';
  name: string;
  position: number;
  probabilityBp: number;
  kind: StageKind;
}

export const DEFAULT_STAGES: readonly DefaultStage[] = [
  {
    id: '00000000-0000-7000-8000-000000000101',
    key: 'new',
    name: 'New',
    position: 1,
    probabilityBp: 1_000,
    kind: 'open',
  },
  {
    id: '00000000-0000-7000-8000-000000000102',
    key: 'qualified',
    name: 'Qualified',
    position: 2,
    probabilityBp: 2_500,
    kind: 'open',
  },
  {
    id: '00000000-0000-7000-8000-000000000103',
    key: 'proposal',
    name: 'Proposal',
    position: 3,
    probabilityBp: 5_000,
    kind: 'open',
  },
  {
    id: '00000000-0000-7000-8000-000000000104',
    key: 'negotiation',
    name: 'Negotiation',
    position: 4,
    probabilityBp: 7_500,
    kind: 'open',
  },
  {
    id: '00000000-0000-7000-8000-000000000105',
    key: 'won',
    name: 'Won',
    position: 5,
    probabilityBp: 10_000,
    kind: 'won',
  },
  {
    id: '00000000-0000-7000-8000-000000000106',
    key: 'lost',
    name: 'Lost',
    position: 6,
    probabilityBp: 0,
    kind: 'lost',
  },
];

export const WON_STAGE_ID = '00000000-0000-7000-8000-000000000105';
export const LOST_STAGE_ID = '00000000-0000-7000-8000-000000000106';

/** The translation key of a stage's name while it is an unrenamed default stage, else null. */
export function defaultStageKey(stage: { id: string; name: string }): DefaultStage['key'] | null {
  const found = DEFAULT_STAGES.find((s) => s.id === stage.id);
  return found && found.name === stage.name ? found.key : null;
}
