import type { Migration } from './index';

/**
 * Sync bookkeeping. None of these tables is synced itself: each device keeps its own view of the
 * folder. They travel with the data file, so a restored copy knows what it had already applied.
 */
export const sync: Migration = {
  version: 6,
  name: 'sync',
  up(db) {
    db.exec(`
      -- 1: the change came from another device's file (never published again by this one).
      ALTER TABLE change_log ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX change_log_local ON change_log (remote, seq);

      -- Every device seen in the folder, from its newest manifest, and how far its log is applied here.
      CREATE TABLE sync_devices (
        device_id TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        series_prefix TEXT NOT NULL DEFAULT '',
        schema_version INTEGER NOT NULL DEFAULT 0,
        app_version TEXT NOT NULL DEFAULT '',
        log_from INTEGER NOT NULL DEFAULT 1,
        applied_seq INTEGER NOT NULL DEFAULT 0,
        published_seq INTEGER NOT NULL DEFAULT 0,
        last_seen_at TEXT,
        acks TEXT NOT NULL DEFAULT '{}',
        retired_by TEXT NOT NULL DEFAULT '[]'
      ) WITHOUT ROWID;

      -- Edits that arrived before the record they change was created here (another device's
      -- file with the create has not arrived yet): kept with their stamps, applied on creation.
      CREATE TABLE sync_orphans (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        clocks TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
      ) WITHOUT ROWID;

      -- A record edited on one device after it was deleted on another: the user decides.
      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        deleted_hlc TEXT NOT NULL,
        edited_hlc TEXT NOT NULL,
        fields TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
      ) WITHOUT ROWID;
      CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, table_name, row_id);
    `);
  },
};
