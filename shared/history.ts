/** One field change from the change log, as the History panel shows it. */
export interface HistoryEntry {
  /** Hybrid logical clock of the write; entries of one write share it. */
  hlc: string;
  at: string;
  userId: string;
  /** Stored name; for the default user, show the translated "Owner" instead (shared/users.ts). */
  userName: string;
  deviceId: string;
  action: 'created' | 'updated' | 'deleted' | 'restored' | 'merged';
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface TrashItem {
  recordType: 'customer' | 'activity' | 'note';
  id: string;
  name: string;
  kind: string;
  deletedAt: string;
}
