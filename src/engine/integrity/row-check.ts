/**
 * The row-level half of PRAGMA integrity_check / quick_check (SQLite 3.40's pragma.c): for every row
 * of every ordinary table, in SQLite's table order (table-order.ts):
 *
 * ```
 *   for each column (but the INTEGER PRIMARY KEY):
 *     NOT NULL column holding NULL                 "NULL value in T.C"
 *     STRICT column of the wrong type              "non-INTEGER value in T.C"
 *     TEXT-affinity column holding a number        "NUMERIC value in T.C"
 *     numeric-affinity column holding numeric text "TEXT value in T.C"
 *   integrity_check only, for each index (but a WITHOUT ROWID table's primary key):
 *     no entry equal to the row's key              "row R missing from index I"   (R counts rows from 1)
 *     UNIQUE index, no NULL in the key, next entry equal on the key columns
 *                                                  "non-unique entry in index I"
 *   after the rows (integrity_check only):         "wrong # of entries in index I"
 * ```
 *
 * Decisions: CHECK constraints are not evaluated. Indexes on expressions or with a WHERE clause
 * are checked as SQLite checks them when the caller gives an {@link IndexRowEval} (the API's
 * PRAGMA does: the engine evaluates the WHERE and the key for the row, pragma-integrity.ts): a row
 * whose WHERE is not true has no entry and is not counted. Without one (and for WITHOUT ROWID
 * tables) they are left out of the entry checks; an index on expressions still has its entry count
 * compared. A row or page the cursors
 * cannot read stops the check with SQLITE_CORRUPT, as it stops SQLite's ("database disk image is
 * malformed").
 *
 * @module
 */
import { BTreeCursor } from '../../btree/cursor.js';
import { collationFor, compareKeys, binaryCollation, type Collation, type KeyInfo } from '../../btree/compare.js';
import type { PageSource } from '../../btree/payload.js';
import type { SqlValue, TextEncoding } from '../../format/index.js';
import { runSync } from '../../io/io-result.js';
import type { Expr } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import { textToNumeric } from '../value/coerce.js';
import { realToText } from '../value/format-real.js';
import { Real } from '../value/value.js';
import { LazyRecord } from './lazy-record.js';

/**
 * The row of rowid `rowid` as partial / expression index `ix` sees it: whether the index's WHERE
 * is true for it (`member`, true without a WHERE) and its key column values, in index order.
 * @throws SqliteError when an expression fails, as SQLite's check fails with it.
 */
export type IndexRowEval = (ix: Index, rowid: number | bigint) => { member: boolean; values: SqlValue[] };

/** Emits one result row; returns false when the error budget is spent (the check halts). */
export type Emit = (text: string) => boolean;

/** One table to check and its indexes in SQLite's order (pIndex: the newest first). */
export interface TableToCheck {
  table: Table;
  /** The name SQLite prints (sqlite_master for the schema table). */
  name: string;
  indexes: Index[];
  strict: boolean;
  /** DESC flags of the PRIMARY KEY columns, in key order (WITHOUT ROWID index keys end with them). */
  pkDesc: boolean[];
}

// OP_IsType masks: 0x01 INTEGER, 0x02 REAL, 0x04 TEXT, 0x08 BLOB, 0x10 NULL
const STRICT_TYPES: Record<string, number> = { BLOB: 0x18, INT: 0x11, INTEGER: 0x11, REAL: 0x13, TEXT: 0x14 };

function typeBit(serialType: number): number {
  if (serialType === 0) return 0x10;
  if (serialType === 7) return 0x02;
  if (serialType < 12) return 0x01;
  return serialType % 2 === 0 ? 0x08 : 0x04;
}

function typeBitOfValue(v: SqlValue): number {
  if (v === null) return 0x10;
  if (typeof v === 'bigint') return 0x01;
  if (typeof v === 'number') return Number.isInteger(v) ? 0x01 : 0x02;
  return typeof v === 'string' ? 0x04 : 0x08;
}

/** A literal DEFAULT's value (what a row written before ADD COLUMN reads), else NULL. */
function defaultValue(e: Expr | null): SqlValue {
  if (!e) return null;
  switch (e.type) {
    case 'integer': {
      const n = BigInt(e.text);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    case 'real':
      return Number(e.text);
    case 'string':
      return e.value;
    case 'unary': {
      const v = e.op === '-' ? defaultValue(e.operand) : null;
      return typeof v === 'number' ? -v : typeof v === 'bigint' ? -v : null;
    }
    default:
      return null;
  }
}

/** A column's value as the index key holds it: the column's affinity applied (NUMERIC to text, TEXT to numbers). */
function withAffinity(v: SqlValue, affinity: string, serialType: number): SqlValue {
  if (typeof v === 'string' && affinity !== 'TEXT' && affinity !== 'BLOB') {
    const n = textToNumeric(v, affinity !== 'REAL');
    if (n === undefined) return v;
    return n instanceof Real ? n.value : (n as number | bigint);
  }
  if ((typeof v === 'number' || typeof v === 'bigint') && affinity === 'TEXT') {
    return serialType === 7 ? realToText(Number(v), 15) : String(v);
  }
  return v;
}

/** What SQLite's integrity_check says for a malformed record (and then stops). */
export const MALFORMED = 'database disk image is malformed';

/**
 * Checks the rows of `t`; returns false when the check must stop (the error budget ran out, or a
 * malformed record was reported).
 * @throws SqliteError SQLITE_CORRUPT when a page or an overflow chain cannot be read.
 */
export function checkTableRows(source: PageSource, encoding: TextEncoding, t: TableToCheck, quick: boolean, emit: Emit, evalRow: IndexRowEval | null = null): boolean {
  const tab = t.table;
  const binary = binaryCollation(encoding);
  const cur = new BTreeCursor(source, tab.rootPage, tab.withoutRowid ? 'index' : 'table', encoding);
  const evaluate = evalRow !== null && !tab.withoutRowid ? evalRow : null;
  const complex = (ix: Index): boolean => ix.where !== null || ix.columns.some((c) => c.column === -2);
  const checked = quick ? [] : t.indexes.filter((ix) => (ix.where === null || evaluate !== null) && !(tab.withoutRowid && ix.rootPage === tab.rootPage));
  const counts = new Map<Index, number>(checked.map((ix) => [ix, 0]));
  const cursors = new Map<Index, BTreeCursor>();
  // A WITHOUT ROWID table's secondary index keys end with the primary key columns not already in them.
  // The PK columns (with the PK's own collations) not already in the index's key, same column and
  // collation (build.c isDupColumn); DESC kept in a CREATE INDEX index only (translate/wor-row.ts
  // invariant 1).
  const pkKey = tab.pkIndex?.columns ?? tab.pkColumns.map((p, k) => ({ column: p, collation: tab.columns[p].collation, desc: t.pkDesc[k] ?? false }));
  const pkTail = (ix: Index): { column: number; collation: string; desc: boolean }[] =>
    pkKey.filter((p) => !ix.columns.some((c) => c.column === p.column && c.collation.toUpperCase() === p.collation.toUpperCase())).map((p) => ({ ...p, desc: ix.origin === 'c' && p.desc }));
  const coll = (name: string): Collation => collationFor(name, encoding) ?? binary;
  const keyInfo = (ix: Index): KeyInfo => {
    const tail = tab.withoutRowid ? pkTail(ix) : [];
    return {
      desc: [...ix.columns.map((c) => c.desc), ...tail.map((p) => p.desc)],
      collations: [...ix.columns.map((c) => coll(c.collation)), ...tail.map((p) => coll(p.collation))],
      encoding,
    };
  };
  const infos = new Map<Index, KeyInfo>(checked.map((ix) => [ix, keyInfo(ix)]));
  for (const ix of checked) cursors.set(ix, new BTreeCursor(source, ix.rootPage, 'index', encoding, infos.get(ix)));

  // The right-most stored column, which SQLite fetches first for every row (parsing the header).
  let mxCol = tab.withoutRowid ? tab.columns.length - 1 : tab.columns.length - 1;
  if (!tab.withoutRowid && mxCol === tab.rowidAlias) mxCol--;
  let row = 0;
  for (let ok = runSync(() => cur.first()); ok; ok = runSync(() => cur.next())) {
    row++;
    const cell = cur.cell();
    const rec = LazyRecord.read(cell.localPayload ?? new Uint8Array(0), cell.payloadSize ?? 0, () => runSync(() => cur.payload()), mxCol >= 0 ? mxCol + 1 : 1);
    if (!rec) {
      emit(MALFORMED);
      return false;
    }
    const rowid = tab.withoutRowid ? null : cur.rowid();
    const serialOf = (j: number): number => {
      if (j === tab.rowidAlias) return 1;
      const at = tab.recordIndex[j];
      if (at < rec.length) return rec.types[at];
      const v = defaultValue(tab.columns[j].defaultExpr);
      return v === null ? 0 : typeBitOfValue(v) === 0x02 ? 7 : typeof v === 'string' ? 13 : typeof v === 'number' || typeof v === 'bigint' ? 1 : 12;
    };
    const valueOf = (j: number): SqlValue => {
      if (j === tab.rowidAlias) return rowid;
      const at = tab.recordIndex[j];
      return at < rec.length ? rec.value(at, encoding) : defaultValue(tab.columns[j].defaultExpr);
    };
    const column = (j: number): { v: SqlValue; serial: number } => ({ v: valueOf(j), serial: serialOf(j) });
    // SQLite 3.40 reads types from the cursor's parsed header (OP_IsType): a result row makes the
    // cache stale, the next OP_Column re-parses only up to its column, and a type asked beyond the
    // parsed part reads as the column default's type (NULL). The row check reproduces that.
    let parsed = Math.min(mxCol + 1, rec.length);
    let fresh = true;
    const isType = (j: number): number => {
      const at = tab.recordIndex[j];
      return at < parsed ? typeBit(rec.types[at]) : typeBitOfValue(defaultValue(tab.columns[j].defaultExpr));
    };
    const columnOp = (j: number): SqlValue => {
      const at = tab.recordIndex[j];
      if (!fresh || at >= parsed) parsed = Math.min(at + 1, rec.length);
      fresh = true;
      return valueOf(j);
    };
    const report = (msg: string): boolean => {
      fresh = false;
      return emit(msg);
    };
    for (let j = 0; j < tab.columns.length; j++) {
      // A VIRTUAL generated column has no record position (schema/types.ts invariant 2).
      if (j === tab.rowidAlias || tab.recordIndex[j] < 0) continue;
      const col = tab.columns[j];
      const strictType = t.strict ? STRICT_TYPES[(col.declType ?? '').toUpperCase()] : undefined;
      const typeCheck = t.strict ? strictType !== undefined : col.affinity !== 'BLOB';
      if (!col.notNull && !typeCheck) continue;
      const bit = isType(j);
      let msg: string | null = null;
      if (col.notNull && (bit & 0x0f) === 0) msg = `NULL value in ${t.name}.${col.name}`;
      else if (typeCheck) {
        if (t.strict) {
          if ((bit & strictType!) === 0) msg = `non-${(col.declType ?? '').toUpperCase()} value in ${t.name}.${col.name}`;
        } else if (col.affinity === 'TEXT') {
          if ((bit & 0x1c) === 0) msg = `NUMERIC value in ${t.name}.${col.name}`;
        } else if ((bit & 0x1b) === 0) {
          const v = columnOp(j);
          if (typeof v === 'string' && textToNumeric(v, true) !== undefined) msg = `TEXT value in ${t.name}.${col.name}`;
        }
      }
      if (msg !== null && !report(msg)) return false;
    }
    for (const ix of checked) {
      const ev = evaluate !== null && complex(ix) ? evaluate(ix, rowid!) : null;
      // A row outside a partial index has no entry there (SQLite jumps past its check and count).
      if (ev !== null && !ev.member) continue;
      counts.set(ix, counts.get(ix)! + 1);
      // Without an evaluator, keys on expressions and on VIRTUAL generated columns are not checked.
      if (ev === null && ix.columns.some((c) => c.column === -2 || (c.column >= 0 && tab.recordIndex[c.column] < 0))) continue;
      const key: SqlValue[] = ix.columns.map((c, k) => {
        if (ev !== null) return ev.values[k];
        if (c.column === -1) return rowid;
        const { v, serial } = column(c.column);
        return withAffinity(v, tab.columns[c.column].affinity, serial);
      });
      const nKey = key.length;
      if (tab.withoutRowid) for (const p of pkTail(ix)) key.push(column(p.column).v);
      else key.push(rowid);
      const ic = cursors.get(ix)!;
      const info = infos.get(ix)!;
      const at = runSync(() => ic.seekKey(key, 'GE'));
      const found = at && compareKeys(runSync(() => ic.record()).values.slice(0, key.length), key, info) === 0;
      if (!found) {
        if (!emit(`row ${row} missing from index ${ix.name}`)) return false;
        continue;
      }
      if (!ix.unique) continue;
      if (ix.columns.some((c, k) => key[k] === null && !(c.column >= 0 && tab.columns[c.column].notNull))) continue;
      if (!runSync(() => ic.next())) continue;
      const next = runSync(() => ic.record()).values;
      if (compareKeys(next.slice(0, nKey), key.slice(0, nKey), info) <= 0 && !emit(`non-unique entry in index ${ix.name}`)) return false;
    }
  }
  for (const ix of checked) {
    let n = 0;
    const c = new BTreeCursor(source, ix.rootPage, 'index', encoding);
    for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) n++;
    if (n !== counts.get(ix) && !emit(`wrong # of entries in index ${ix.name}`)) return false;
  }
  return true;
}
