/**
 * PRAGMA integrity_check[(N | table)] and quick_check (pragma.html#pragma_integrity_check) for a
 * connection: the check of src/engine/integrity over the connection's snapshot (its own
 * uncommitted pages included), one column named after the pragma, SQLite's rows.
 *
 * @module
 */
import { readSchemaTable } from '../btree/schema-table.js';
import { runSync } from '../io/io-result.js';
import { integrityCheck } from '../engine/integrity/index.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';
import { sqliteAtoi } from './pragma-values.js';
import { prepareOne } from './prepare.js';
import { printExpr } from '../engine/parser/index.js';
import type { IndexRowEval } from '../engine/integrity/row-check.js';
import type { Index } from '../engine/schema/types.js';
import { Vm } from '../engine/vdbe/vm.js';
import { snapshotHost } from './snapshot-host.js';
import { ready, runAsync, type IOResult } from '../io/io-result.js';
import { lockBytePage } from '../format/lock-byte.js';
import type { Pager } from '../pager/pager.js';
import { stepSync } from '../engine/vdbe/driver.js';
import { Real } from '../engine/value/value.js';

/**
 * The evaluator integrity_check uses for partial indexes and indexes on expressions: per index, one
 * program `SELECT (WHERE) IS TRUE, key columns… FROM t WHERE rowid = ?1`, run on the connection for
 * each row checked (the engine computes the key from the stored row, as SQLite's check does with
 * the table cursor as its row).
 */
function indexRowEval(conn: Connection, source: Pager): IndexRowEval {
  const vms = new Map<Index, Vm>();
  const host = snapshotHost(conn, source);
  return (ix, rowid) => {
    let vm = vms.get(ix);
    if (!vm) {
      const t = conn.schema.tables.get(ix.tableName.toLowerCase())!;
      const names = new Set(t.columns.map((c) => c.name.toLowerCase()));
      const rowidName = ['rowid', '_rowid_', 'oid'].find((x) => !names.has(x)) ?? 'rowid';
      const q = (x: string): string => `"${x.replaceAll('"', '""')}"`;
      const keys = ix.columns.map((c) => (c.column === -2 ? printExpr(c.expr!) : c.column < 0 ? rowidName : q(t.columns[c.column].name)));
      const sql = `SELECT ${ix.where ? `(${printExpr(ix.where)}) IS TRUE` : '1'}, ${keys.join(', ')} FROM main.${q(t.name)} WHERE ${rowidName} = ?1`;
      const prepared = prepareOne(conn, sql, false);
      if (prepared.kind !== 'vm') throw new Error(`integrity_check: ${sql} did not compile to a program`);
      vm = new Vm(prepared.program, host);
      vms.set(ix, vm);
    }
    vm.reset();
    vm.params = [null, rowid];
    if (stepSync(vm) !== 'row') return { member: false, values: [] };
    const row = vm.row().map((v) => (v instanceof Real ? v.value : v));
    return { member: row[0] === 1 || row[0] === 1n, values: row.slice(1) };
  };
}

/**
 * The rows of integrity_check / quick_check. `arg`: the most errors to report when it starts with
 * an integer (≤ 0: the default, 100), else the one table to check, as SQLite reads it.
 * @throws SqliteError SQLITE_CORRUPT ("database disk image is malformed") when reading the rows
 *   fails half-way, as SQLite's statement fails; SQLITE_ERROR "no such table: X".
 */
export function integrityRows(conn: Connection, name: 'integrity_check' | 'quick_check', arg: string | null, source: Pager = conn.pager): PragmaTable {
  let maxErrors = 100;
  let table: string | undefined;
  if (arg !== null) {
    if (/^[-+]?\d/.test(arg) || /^0[xX][0-9a-fA-F]/.test(arg)) {
      const n = sqliteAtoi(arg);
      maxErrors = n <= 0 ? 100 : n;
    } else table = arg;
  }
  const schemaRows = runSync(() => readSchemaTable(source, conn.encoding));
  const r = integrityCheck(source, conn.schema, schemaRows, conn.encoding, { quick: name === 'quick_check', maxErrors, table, evalRow: indexRowEval(conn, source) });
  if (r.error) throw r.error;
  return { columns: [name], rows: r.rows.map((x) => [x]) };
}

/**
 * The pager of `conn` with every page of its snapshot read beforehand, for a PRAGMA that reads
 * synchronously (integrity_check, quick_check, foreign_key_check) through connect(), whose backend
 * may complete reads later: each page is read, waiting as needed (a page that fails keeps its
 * error and, cut short, its stored bytes), and the returned pager serves those (its other fields
 * and getters are the pager's). Memory: the database's size while it is held (the page cache is
 * left as it is).
 */
export async function preloadedSource(conn: Connection): Promise<Pager> {
  const pager = conn.pager;
  const pages = new Map<number, Uint8Array>();
  const failed = new Map<number, unknown>();
  const raws = new Map<number, Uint8Array>();
  // The first read takes the snapshot (a deferred read transaction), and with it the page count.
  try {
    pages.set(1, await runAsync(() => pager.getPage(1)));
  } catch (e) {
    failed.set(1, e);
  }
  const lockByte = lockBytePage(pager.pageSize || 4096);
  for (let pgno = 2; pgno <= pager.pageCount; pgno++) {
    if (pgno === lockByte) continue;
    try {
      pages.set(pgno, await runAsync(() => pager.getPage(pgno)));
    } catch (e) {
      failed.set(pgno, e);
      try {
        raws.set(pgno, await runAsync(() => pager.readRawPage(pgno)));
      } catch {
        // no stored bytes either
      }
    }
  }
  return Object.create(pager, {
    getPage: {
      value: (pgno: number): IOResult<Uint8Array> => {
        const page = pages.get(pgno);
        if (page !== undefined) return ready(page);
        if (failed.has(pgno)) throw failed.get(pgno);
        return pager.getPage(pgno);
      },
    },
    peekPage: { value: (pgno: number): Uint8Array | undefined => pages.get(pgno) },
    readRawPage: {
      value: (pgno: number): IOResult<Uint8Array> => {
        const raw = raws.get(pgno);
        return raw !== undefined ? ready(raw) : pager.readRawPage(pgno);
      },
    },
  }) as Pager;
}
