/**
 * The PRAGMAs (pragma.html), answered from the connection's pager and schema: page_size,
 * page_count, freelist_count, schema_version, user_version, application_id, encoding, table_info,
 * table_xinfo, index_list, index_info, index_xinfo, table_list, foreign_key_list, database_list (the
 * main database only: no ATTACH), data_version; foreign_key_check (pragma-fk-check.ts); integrity_check and quick_check
 * (pragma-integrity.ts); the settings journal_mode, synchronous, cache_size, foreign_keys,
 * page_size and wal_checkpoint, read and assigned (pragma-settings.ts); user_version = N and
 * application_id = N are compiled to a program instead (pragma-header.ts); and Turso's cipher and
 * hexkey, which set the encryption of the connection (see Connection.setEncryption).
 *
 * Columns and values as SQLite returns them (e.g. table_info: cid, name, type, notnull,
 * dflt_value, pk).
 *
 * @module
 */
import { SqliteError } from '../error.js';
import type { Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import { prepareOne } from './prepare.js';
import { integrityRows } from './pragma-integrity.js';
import { foreignKeyCheckRows } from './pragma-fk-check.js';
import { autoVacuumPragma } from './pragma-auto-vacuum.js';
import { cacheSizePragma, foreignKeysPragma, journalModePragma, pageSizePragma, synchronousPragma, walCheckpointPragma } from './pragma-settings.js';
import { worIndexInfo, worPrimaryKey } from './pragma-wor.js';
import { worIndexList } from '../engine/translate/wor-row.js';

/** A PRAGMA's result. */
export interface PragmaTable {
  columns: string[];
  rows: Value[][];
}

const ENCODINGS = ['UTF-8', 'UTF-8', 'UTF-16le', 'UTF-16be'];

function one(name: string, v: Value): PragmaTable {
  return { columns: [name], rows: [[v]] };
}

/**
 * `table_info` of a view (pragma.c: the view's result columns): name, the declared type of the
 * table column it reads ('' for an expression), not null 0, no default, not in a primary key.
 * Empty when there is no such view; a view that does not compile raises its error, as SQLite's.
 */
function viewInfo(conn: Connection, name: string, xinfo: boolean): Value[][] {
  if (!conn.schema.views.has(name.toLowerCase())) return [];
  const prepared = prepareOne(conn, `SELECT * FROM "${name.replaceAll('"', '""')}"`, false);
  if (prepared.kind !== 'vm') return [];
  const { columnNames, columnTypes } = prepared.program;
  return columnNames.map((n, i) => [i, n, columnTypes[i] ?? '', 0, null, 0, ...(xinfo ? [0] : [])]);
}

/** The rows of `PRAGMA name[(arg)]`. @throws SqliteError for pragmas that write or are unknown. */
export function pragmaRows(conn: Connection, name: string, arg: string | null): PragmaTable {
  const p = conn.pager;
  const h = p.dbHeader;
  const lname = name.toLowerCase();
  const write = (): never => {
    throw new SqliteError('SQLITE_ERROR', `PRAGMA ${name} = … is not supported yet`);
  };
  switch (lname) {
    case 'cipher':
      // Turso's: set before the first page is read (with hexkey); with no value, the cipher set.
      if (arg === null) return one('cipher', conn.cipherName);
      conn.setEncryption('cipher', arg);
      return { columns: [], rows: [] };
    case 'hexkey':
      if (arg === null) return { columns: [], rows: [] }; // the key is never shown
      conn.setEncryption('hexkey', arg);
      return { columns: [], rows: [] };
    case 'page_size':
      if (arg !== null) return pageSizePragma(conn, arg);
      return one('page_size', p.pageSize || 4096);
    case 'auto_vacuum':
      return autoVacuumPragma(conn, arg);
    case 'page_count':
      return one('page_count', p.pageCount);
    case 'freelist_count':
      return one('freelist_count', h?.freelistCount ?? 0);
    case 'schema_version':
      return one('schema_version', h?.schemaCookie ?? 0);
    case 'user_version':
      if (arg !== null) write(); // compiled to SetCookie instead (pragma-header.ts)
      return one('user_version', h?.userVersion ?? 0);
    case 'application_id':
      if (arg !== null) write();
      return one('application_id', h?.applicationId ?? 0);
    case 'encoding':
      return one('encoding', ENCODINGS[h?.textEncoding ?? 1] ?? 'UTF-8');
    case 'journal_mode':
      return journalModePragma(conn, arg);
    case 'cache_size':
      return cacheSizePragma(conn, arg);
    case 'foreign_keys':
      return foreignKeysPragma(conn, arg);
    case 'synchronous':
      return synchronousPragma(conn, arg);
    case 'wal_checkpoint':
      return walCheckpointPragma(conn, arg);
    case 'table_info':
    case 'table_xinfo': {
      const t = arg ? conn.schema.tables.get(arg.toLowerCase()) : undefined;
      const cols = ['cid', 'name', 'type', 'notnull', 'dflt_value', 'pk', ...(lname === 'table_xinfo' ? ['hidden'] : [])];
      if (!t) return { columns: cols, rows: arg ? viewInfo(conn, arg, lname === 'table_xinfo') : [] };
      return {
        columns: cols,
        // Generated columns are hidden: 2 VIRTUAL, 3 STORED (table_xinfo); table_info leaves them
        // out and numbers the rest from 0, as SQLite's pragma.c does.
        rows: t.columns
          .map((c, i) => [i, c.name, c.declType ?? '', c.notNull ? 1 : 0, c.defaultSpan, t.pkColumns.indexOf(i) + 1, c.generated ? (c.generated.stored ? 3 : 2) : 0])
          .filter((r) => lname === 'table_xinfo' || r[6] === 0)
          .map((r, k) => (lname === 'table_xinfo' ? r : [k, ...r.slice(1, 6)])),
      };
    }
    case 'index_list': {
      const t = arg ? conn.schema.tables.get(arg.toLowerCase()) : undefined;
      // A WITHOUT ROWID table lists its PRIMARY KEY too, in SQLite's Table.pIndex order (wor-row.ts).
      const list = t?.withoutRowid ? worIndexList(t) : (t?.indexes ?? []).slice().reverse();
      const rows = list.map((ix, i) => [i, ix.name, ix.unique ? 1 : 0, ix.origin, ix.where ? 1 : 0] as Value[]);
      return { columns: ['seq', 'name', 'unique', 'origin', 'partial'], rows };
    }
    case 'index_info':
    case 'index_xinfo': {
      const ix = arg ? (conn.schema.indexes.get(arg.toLowerCase()) ?? worPrimaryKey(conn.schema, arg)) : undefined;
      const t = ix ? conn.schema.tables.get(ix.tableName.toLowerCase()) : undefined;
      if (ix && t?.withoutRowid) return worIndexInfo(t, ix, lname === 'index_xinfo');
      if (!ix || !t) return { columns: lname === 'index_info' ? ['seqno', 'cid', 'name'] : ['seqno', 'cid', 'name', 'desc', 'coll', 'key'], rows: [] };
      if (lname === 'index_info') return { columns: ['seqno', 'cid', 'name'], rows: ix.columns.map((c, i) => [i, c.column, c.column >= 0 ? t.columns[c.column].name : null]) };
      const rows: Value[][] = ix.columns.map((c, i) => [i, c.column, c.column >= 0 ? t.columns[c.column].name : null, c.desc ? 1 : 0, c.collation, 1]);
      rows.push([ix.columns.length, -1, null, 0, 'BINARY', 0]);
      return { columns: ['seqno', 'cid', 'name', 'desc', 'coll', 'key'], rows };
    }
    case 'integrity_check':
    case 'quick_check':
      return integrityRows(conn, lname, arg);
    case 'foreign_key_list': {
      // SQLite keeps a table's foreign keys newest first: id 0 is the last declared.
      const t = arg ? conn.schema.tables.get(arg.toLowerCase()) : undefined;
      const rows: Value[][] = [];
      const fks = t?.foreignKeys ?? [];
      fks.forEach((fk, k) => {
        const id = fks.length - 1 - k;
        fk.columns.forEach((c, seq) => rows.push([id, seq, fk.parent, t!.columns[c].name, fk.parentColumns ? fk.parentColumns[seq] : null, fk.onUpdate, fk.onDelete, 'NONE']));
      });
      rows.sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number));
      return { columns: ['id', 'seq', 'table', 'from', 'to', 'on_update', 'on_delete', 'match'], rows };
    }
    case 'foreign_key_check':
      return foreignKeyCheckRows(conn, arg);
    case 'data_version':
      return one('data_version', p.dataVersion);
    case 'database_list':
      return { columns: ['seq', 'name', 'file'], rows: [[0, 'main', conn.databasePath]] };
    case 'table_list': {
      const rows: Value[][] = [];
      const seen = new Set<string>();
      for (const t of conn.schema.tables.values()) {
        if (seen.has(t.name)) continue;
        seen.add(t.name);
        rows.push(['main', t.name === 'sqlite_schema' ? 'sqlite_schema' : t.name, 'table', t.columns.length, t.withoutRowid ? 1 : 0, 0]);
      }
      for (const v of conn.schema.views.values()) rows.push(['main', v.name, 'view', v.columns?.length ?? 0, 0, 0]);
      return { columns: ['schema', 'name', 'type', 'ncol', 'wr', 'strict'], rows };
    }
    default:
      throw new SqliteError('SQLITE_ERROR', `PRAGMA ${name} is not supported yet`);
  }
}
