import type { Migration } from './index';

/**
 * Notes and activities (linked to any record by record type and id, and to the customer whose
 * timeline shows them), merge links between customers, and trigram indexes for global search.
 * Add-only, as every migration of synced tables must be.
 */
export const customer360: Migration = {
  version: 2,
  name: 'customer 360: notes, activities, merges, global search',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN merged_into_id TEXT;

      CREATE TABLE notes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        customer_id TEXT,
        body TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX notes_by_record ON notes (record_type, record_id, created_at) WHERE deleted_at IS NULL;
      CREATE INDEX notes_by_customer ON notes (customer_id, created_at, seq) WHERE deleted_at IS NULL;

      CREATE TABLE activities (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'letter', 'task')),
        subject TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        customer_id TEXT,
        person_id TEXT,
        -- When it happens (call, meeting) or is due (task), UTC; null for an undated task.
        due_at TEXT,
        -- A due date without a time of day: due_at is the local midnight it was entered for.
        all_day INTEGER NOT NULL DEFAULT 0,
        duration_minutes INTEGER,
        status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
        completed_at TEXT,
        outcome TEXT NOT NULL DEFAULT '',
        remind_at TEXT,
        reminder_dismissed_at TEXT,
        recurrence TEXT CHECK (recurrence IS NULL OR recurrence IN ('daily', 'weekly', 'monthly', 'yearly')),
        recurrence_calendar TEXT CHECK (recurrence_calendar IS NULL OR recurrence_calendar IN ('gregorian', 'jalali')),
        -- Occurrences of one recurring task share series_id; each is computed from series_start
        -- (a local date) and its index, so a task on the 31st returns to the 31st after short months.
        series_id TEXT,
        series_start TEXT,
        series_index INTEGER,
        time_zone TEXT,
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        timeline_at TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX activities_by_customer ON activities (customer_id, timeline_at, seq) WHERE deleted_at IS NULL;
      CREATE INDEX activities_by_person ON activities (person_id, timeline_at) WHERE deleted_at IS NULL AND person_id IS NOT NULL;
      CREATE INDEX activities_by_record ON activities (record_type, record_id) WHERE deleted_at IS NULL;
      CREATE INDEX activities_open_by_due ON activities (due_at) WHERE deleted_at IS NULL AND status = 'planned';
      CREATE INDEX activities_open_by_customer ON activities (customer_id, due_at, type)
        WHERE deleted_at IS NULL AND status = 'planned';
      CREATE INDEX activities_open_by_person ON activities (person_id, due_at, type)
        WHERE deleted_at IS NULL AND status = 'planned' AND person_id IS NOT NULL;
      CREATE INDEX activities_done_by_completed ON activities (completed_at) WHERE deleted_at IS NULL AND status = 'done';
      CREATE INDEX activities_in_range ON activities (due_at, status) WHERE deleted_at IS NULL;
      CREATE INDEX activities_reminders ON activities (remind_at)
        WHERE deleted_at IS NULL AND status = 'planned' AND remind_at IS NOT NULL AND reminder_dismissed_at IS NULL;
      CREATE INDEX activities_series ON activities (series_id, series_index) WHERE series_id IS NOT NULL;

      CREATE INDEX customers_merged_into ON customers (merged_into_id) WHERE merged_into_id IS NOT NULL;
    `);
    for (const table of ['notes', 'activities']) {
      // Deleted rows carry empty search text, so tombstones drop out of the index.
      db.exec(`
        CREATE VIRTUAL TABLE ${table}_fts USING fts5(
          search_text, content = '${table}', content_rowid = 'seq', tokenize = 'trigram'
        );
        CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO ${table}_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        END;
        CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
          INSERT INTO ${table}_fts (${table}_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
        END;
        CREATE TRIGGER ${table}_fts_update AFTER UPDATE OF search_text ON ${table} BEGIN
          INSERT INTO ${table}_fts (${table}_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
          INSERT INTO ${table}_fts (rowid, search_text) VALUES (new.seq, new.search_text);
        END;
      `);
    }
  },
};
