import type { Migration } from './index';

/**
 * Sales pipeline: leads, configurable stages, opportunities and the history of the stages each
 * opportunity passed through (entered/left), so analytics can show where deals are lost.
 * Default stages get fixed ids, so every device creates the same six and sync agrees on them.
 * Add-only, as every migration of synced tables must be.
 */
export const pipeline: Migration = {
  version: 4,
  name: 'pipeline: leads, stages, opportunities, stage history',
  up(db) {
    db.exec(`
      CREATE TABLE pipeline_stages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        probability_bp INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );

      CREATE TABLE leads (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        -- E.164, or '' when none was given.
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'other',
        status TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified', 'converted')),
        disqualify_reason TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        owner_id TEXT NOT NULL,
        converted_customer_id TEXT,
        converted_opportunity_id TEXT,
        converted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX leads_by_status ON leads (status, created_at) WHERE deleted_at IS NULL;

      CREATE TABLE opportunities (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        stage_id TEXT NOT NULL,
        amount_minor INTEGER NOT NULL DEFAULT 0,
        currency TEXT NOT NULL,
        probability_bp INTEGER NOT NULL DEFAULT 0,
        -- A local calendar day (YYYY-MM-DD), or null.
        expected_close_date TEXT,
        owner_id TEXT NOT NULL,
        lost_reason TEXT NOT NULL DEFAULT '',
        lead_id TEXT,
        stage_entered_at TEXT NOT NULL,
        closed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        search_text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX opportunities_by_stage ON opportunities (stage_id, stage_entered_at) WHERE deleted_at IS NULL;
      CREATE INDEX opportunities_by_customer ON opportunities (customer_id, created_at) WHERE deleted_at IS NULL;

      CREATE TABLE opportunity_stage_history (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        opportunity_id TEXT NOT NULL,
        stage_id TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        left_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT
      );
      CREATE INDEX stage_history_by_opportunity ON opportunity_stage_history (opportunity_id, entered_at);
      CREATE INDEX stage_history_by_stage ON opportunity_stage_history (stage_id, entered_at);
    `);
    const insert = db.prepare(
      `INSERT INTO pipeline_stages (id, name, position, probability_bp, kind, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z')`,
    );
    // Written out here (not imported) so this migration never changes; shared/pipeline/stages.ts
    // lists the same ids to show these names translated while they are not renamed.
    const defaults: [string, string, number, number, string][] = [
      ['00000000-0000-7000-8000-000000000101', 'New', 1, 1_000, 'open'],
      ['00000000-0000-7000-8000-000000000102', 'Qualified', 2, 2_500, 'open'],
      ['00000000-0000-7000-8000-000000000103', 'Proposal', 3, 5_000, 'open'],
      ['00000000-0000-7000-8000-000000000104', 'Negotiation', 4, 7_500, 'open'],
      ['00000000-0000-7000-8000-000000000105', 'Won', 5, 10_000, 'won'],
      ['00000000-0000-7000-8000-000000000106', 'Lost', 6, 0, 'lost'],
    ];
    for (const stage of defaults) insert.run(...stage);
  },
};
