import { DEFAULT_USER_ID } from '../../shared/users';
import type { Migration } from './index';

export const foundation: Migration = {
  version: 1,
  name: 'foundation: local state, users, customers, change log',
  up(db) {
    db.exec(`
      CREATE TABLE local_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Synced tables reference each other by id without FOREIGN KEY constraints: sync may deliver
      -- a person before the organization it belongs to. The services check references instead.
      CREATE TABLE users (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );

      CREATE TABLE customers (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('organization', 'person')),
        name TEXT NOT NULL,
        organization_id TEXT,
        phones TEXT NOT NULL DEFAULT '[]',
        emails TEXT NOT NULL DEFAULT '[]',
        address TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        preferred_channel TEXT,
        description TEXT NOT NULL DEFAULT '',
        owner_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        sort_key TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX customers_live_by_name ON customers (sort_key, seq) WHERE deleted_at IS NULL;
      CREATE INDEX customers_live_by_kind_name ON customers (kind, sort_key, seq) WHERE deleted_at IS NULL;
      CREATE INDEX customers_live_by_created ON customers (created_at, seq) WHERE deleted_at IS NULL;
      CREATE INDEX customers_live_by_updated ON customers (updated_at, seq) WHERE deleted_at IS NULL;
      CREATE INDEX customers_live_by_city ON customers (city, sort_key, seq) WHERE deleted_at IS NULL;
      CREATE INDEX customers_by_organization ON customers (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX customers_deleted ON customers (deleted_at) WHERE deleted_at IS NOT NULL;

      -- Substring search over normalized text (names, phone digits, emails, city, tags). The
      -- trigram tokenizer matches inside words, which Persian names and phone digits need.
      CREATE VIRTUAL TABLE customers_fts USING fts5(
        search_text, content = 'customers', content_rowid = 'seq', tokenize = 'trigram'
      );
      CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customers_fts (rowid, search_text) VALUES (new.seq, new.search_text);
      END;
      CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
      END;
      CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
        INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
        INSERT INTO customers_fts (rowid, search_text) VALUES (new.seq, new.search_text);
      END;

      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        hlc TEXT NOT NULL,
        device_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        fields TEXT NOT NULL
      );
      CREATE INDEX change_log_by_record ON change_log (table_name, row_id, hlc);
      CREATE INDEX change_log_by_hlc ON change_log (hlc);

      CREATE TABLE record_clocks (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        clocks TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
      ) WITHOUT ROWID;
    `);
    db.prepare(
      `INSERT INTO users (id, name, email, created_at, updated_at) VALUES (?, 'Owner', '', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z')`,
    ).run(DEFAULT_USER_ID);
  },
};
