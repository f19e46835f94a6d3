/**
 * Sync through a shared folder: the shapes the window and the CLI see. The folder layout, file
 * formats and the merge live in main/sync.
 */
import { z } from 'zod';
import type { RpcErrorPayload } from '../errors';
import { seriesSchema } from '../billing/billing.schema';

/** Automatic rounds run this often while a folder is set (and at start and quit). */
export const AUTO_SYNC_MINUTES = 5;
/** A device whose stamps run further ahead of this computer's clock than this is flagged. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

/**
 * Why a file or device needs attention. A problem never stops a round: the file is retried
 * next time (never deleted), the device's later files wait for it.
 */
export const SYNC_PROBLEM_CODES = [
  /** A file is shorter than its trailer says, or has no trailer yet (still being copied in). */
  'file_incomplete',
  /** The file's checksum does not match its content. */
  'file_bad_checksum',
  /** A device's next file is missing: later files wait until it arrives. */
  'file_gap',
  /** A device writes with a newer app (data version); its changes wait until this app is updated. */
  'newer_schema',
  /** A device's clock is ahead of this computer's by more than the allowed drift. */
  'clock_ahead',
  /** A snapshot could not be read or written. */
  'snapshot_failed',
  /** Two devices use the same invoice series prefix. */
  'series_clash',
] as const;
export type SyncProblemCode = (typeof SYNC_PROBLEM_CODES)[number];

export interface SyncProblem {
  code: SyncProblemCode;
  /** Path of the file involved, relative to the sync folder (e.g. `log/<device>/1-20.ab12cd34.ndjson`). */
  file: string | null;
  device: string | null;
  /** Display name of the device, when known. */
  deviceName: string | null;
  params: Record<string, string | number>;
}

export interface SyncDevice {
  id: string;
  name: string;
  seriesPrefix: string;
  /** When its manifest was last written (its own report of its last round). */
  lastSeenAt: string | null;
  /** The last of its changes applied here, and the last it has published. */
  appliedSeq: number;
  publishedSeq: number;
  schemaVersion: number;
  appVersion: string;
  retired: boolean;
  thisDevice: boolean;
}

export interface SyncStatus {
  configured: boolean;
  /** The folder the user chose (Pishkhan-Sync/ lives inside it). */
  folder: string | null;
  shopId: string | null;
  deviceId: string;
  deviceName: string;
  seriesPrefix: string;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: RpcErrorPayload | null;
  /** Local changes not yet published to the folder. */
  pendingChanges: number;
  devices: SyncDevice[];
  problems: SyncProblem[];
  openConflicts: number;
  autoSyncMinutes: number;
  /**
   * Invoice numbers two invoices carry, issued on two devices in one series before they synced
   * (the first few, and how many): issued numbers never change, so the user is told, not asked.
   */
  numbersIssuedTwice: { count: number; numbers: string[] };
}

export interface SyncRoundResult {
  publishedChanges: number;
  publishedFiles: string[];
  appliedChanges: number;
  appliedFiles: number;
  snapshotWritten: string | null;
  snapshotApplied: string | null;
  removedFiles: number;
  conflicts: number;
  problems: SyncProblem[];
  finishedAt: string;
}

export interface SyncConflict {
  id: string;
  table: string;
  rowId: string;
  /** A name to show: the customer's name, a note's first words, an invoice number… */
  title: string;
  deletedBy: string;
  deletedAt: string;
  editedBy: string;
  editedAt: string;
  /** Synced fields edited after the delete. */
  fields: string[];
  detectedAt: string;
  /**
   * A customer deleted by a merge: the record it was merged into. It cannot be restored (its
   * notes and activities moved there); the user opens the survivor to carry the edits over.
   */
  mergedInto: { id: string; name: string } | null;
}

const folder = z.string().trim().min(1, { error: 'required' }).max(4_000, { error: 'too_long' });
export const deviceNameSchema = z.string().trim().min(1, { error: 'required' }).max(60, { error: 'too_long' });
/** This device's invoice series prefix: the same rule as the billing setting. */
export const seriesPrefixSchema = seriesSchema.shape.prefix;

export const syncSetupSchema = z
  .object({
    folder,
    deviceName: deviceNameSchema,
    seriesPrefix: seriesPrefixSchema,
  })
  .strict();

export const syncRetireSchema = z
  .object({ deviceId: z.string().regex(/^[0-9a-f]{16}$/, { error: 'invalid' }) })
  .strict();

export const syncResolveSchema = z
  .object({
    id: z.string().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
    action: z.enum(['restore', 'delete'], { error: 'invalid_choice' }),
  })
  .strict();

export type SyncSetupValues = z.infer<typeof syncSetupSchema>;
