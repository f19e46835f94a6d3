/**
 * Ordered, inline list of migrations. Each runs in its own transaction and sets
 * `PRAGMA user_version` to its number. Synced tables are add-only: new tables and nullable
 * columns, never drops or renames, because other devices may still send the old shape.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { foundation } from './0001-foundation';
import { customer360 } from './0002-customer-360';
import { pipeline } from './0004-pipeline';
import { billing } from './0005-billing';
import { backupHistory } from './0003-backup-history';
import { sync } from './0006-sync';

export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export const migrations: readonly Migration[] = [foundation, customer360, backupHistory, pipeline, billing, sync];

export const LATEST_SCHEMA_VERSION = migrations.length;
