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

export const TRASH_RECORD_TYPES = ['customer', 'activity', 'note', 'lead', 'opportunity'] as const;
export type TrashRecordType = (typeof TRASH_RECORD_TYPES)[number];

export interface TrashItem {
  recordType: TrashRecordType;
  id: string;
  /** Name, subject, title, or the start of a note. */
  name: string;
  /** Customer kind, activity type, or the record type again. */
  kind: string;
  deletedAt: string;
  /** The customer the record belongs to (itself for a customer), for a link. */
  customerId: string | null;
}
