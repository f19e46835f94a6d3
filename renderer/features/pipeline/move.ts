/** Moving an opportunity to another stage from the board, the list or its page. */
import { useState } from 'react';
import type { RpcErrorPayload } from '../../../shared/errors';
import type { Opportunity, Stage } from '../../../shared/pipeline/pipeline.schema';
import { invoke, RpcError } from '../../lib/client';
import { dataChanged } from '../../stores/data';

export interface PendingLost {
  opportunity: Opportunity;
  stage: Stage;
}

export function useMoveOpportunity(onMoved: (opportunity: Opportunity, stage: Stage) => void) {
  const [pendingLost, setPendingLost] = useState<PendingLost | null>(null);
  const [error, setError] = useState<RpcErrorPayload | null>(null);

  const send = async (opportunity: Opportunity, stage: Stage, lostReason: string) => {
    try {
      const moved = await invoke('opportunities.move', { id: opportunity.id, stageId: stage.id, lostReason });
      setPendingLost(null);
      setError(null);
      dataChanged();
      onMoved(moved, stage);
    } catch (e) {
      setError(e instanceof RpcError ? e.payload : { code: 'internal', params: { detail: String(e) } });
    }
  };

  /** Moves at once, or first asks for the reason when the stage is a lost one. */
  const move = (opportunity: Opportunity, stage: Stage) => {
    if (stage.id === opportunity.stageId) return;
    setError(null);
    if (stage.kind === 'lost') setPendingLost({ opportunity, stage });
    else void send(opportunity, stage, '');
  };

  const confirmLost = (reason: string) => {
    if (pendingLost) void send(pendingLost.opportunity, pendingLost.stage, reason);
  };

  return {
    move,
    pendingLost,
    confirmLost,
    cancelLost: () => setPendingLost(null),
    error,
    clearError: () => setError(null),
  };
}
