/**
 * Loading a schema as SQLite's sqlite3InitOne does: the rows of sqlite_schema, then, when the
 * database has a `sqlite_stat1` table, its rows (sqlite3AnalysisLoad), which give the planner its
 * row estimates (stat1.ts).
 *
 * @module
 */
import { ready, type IOResult } from '../../io/io-result.js';
import type { TextEncoding } from '../../format/index.js';
import { readSchemaTable, type SchemaRow } from '../../btree/schema-table.js';
import type { PageSource } from '../../btree/payload.js';
import { buildSchema } from './build.js';
import { applyStat1, readStat1, type Stat1Row } from './stat1.js';
import type { Schema } from './types.js';

/** What {@link readSchema} reads: the sqlite_schema rows and the sqlite_stat1 rows (none when absent). */
export interface SchemaSource {
  rows: SchemaRow[];
  stat1: Stat1Row[];
}

/**
 * Reads sqlite_schema and sqlite_stat1. Restartable: a pending result reads both again.
 * @throws SqliteError SQLITE_CORRUPT from the b-tree reads.
 */
export function readSchema(source: PageSource, encoding: TextEncoding): IOResult<SchemaSource> {
  const rows = readSchemaTable(source, encoding);
  if (!rows.done) return rows;
  const stat = rows.value.find((r) => r.type === 'table' && r.name.toLowerCase() === 'sqlite_stat1' && r.rootpage > 0);
  if (!stat) return ready({ rows: rows.value, stat1: [] });
  const stat1 = readStat1(source, stat.rootpage, encoding);
  if (!stat1.done) return stat1;
  return ready({ rows: rows.value, stat1: stat1.value });
}

/**
 * The schema of `src` read at schema cookie `cookie`, with the row estimates of sqlite_stat1.
 * @throws SqliteError SQLITE_CORRUPT as buildSchema.
 */
export function schemaFrom(src: SchemaSource, cookie: number): Schema {
  const schema = buildSchema(src.rows, cookie);
  applyStat1(schema, src.stat1);
  return schema;
}
