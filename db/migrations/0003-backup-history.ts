import type { Migration } from './index';

/**
 * A local record of backups and restores on this machine (not synced: each machine backs up its
 * own file). Shown in Settings → Backup; a restore carries it over to the restored file.
 */
export const backupHistory: Migration = {
  version: 3,
  name: 'backup history',
  up(db) {
    db.exec(`
      CREATE TABLE backup_history (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        trigger TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        result TEXT NOT NULL,
        file TEXT,
        folder TEXT,
        size INTEGER,
        encrypted INTEGER NOT NULL DEFAULT 0,
        compressed INTEGER NOT NULL DEFAULT 0,
        error TEXT
      ) WITHOUT ROWID;
      CREATE INDEX backup_history_by_time ON backup_history (started_at);
    `);
  },
};
