/** One field change from the change log, as the History panel shows it. */
export interface HistoryEntry {
  /** Hybrid logical clock of the write; entries of one write share it. */
  hlc: string;
  at: string;
  userName: string;
  deviceId: string;
  action: 'created' | 'updated' | 'deleted' | 'restored';
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface TrashItem {
  recordType: 'customer';
  id: string;
  name: string;
  kind: string;
  deletedAt: string;
}
