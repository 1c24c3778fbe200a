/**
 * PRAGMA index_info / index_xinfo on a WITHOUT ROWID table's indexes, as pragma.c answers them:
 * the PRIMARY KEY (no sqlite_schema row, found by its sqlite_autoindex_T_N name) lists its key
 * columns, then (xinfo, key 0) the other stored columns in table order, BINARY; a secondary index
 * its key columns, then (xinfo, key 0) the PRIMARY KEY columns its entries end with
 * (translate/wor-row.ts invariant 1). No rowid row.
 *
 * @module
 */
import type { Index, IndexColumn, Schema, Table } from '../engine/schema/types.js';
import { isVirtual } from '../engine/translate/generated.js';
import { primaryKeyIndex } from '../engine/translate/where.js';
import { pkTailOf } from '../engine/translate/wor-row.js';
import type { Value } from '../engine/value/value.js';

/** The PRIMARY KEY of the WITHOUT ROWID table whose automatic index is called `name`, if any. */
export function worPrimaryKey(schema: Schema, name: string): Index | undefined {
  const k = name.toLowerCase();
  for (const t of schema.tables.values()) {
    if (t.withoutRowid && primaryKeyIndex(t).name.toLowerCase() === k) return primaryKeyIndex(t);
  }
  return undefined;
}

/** index_info (`xinfo` false) or index_xinfo rows of index `ix` of WITHOUT ROWID table `t`. */
export function worIndexInfo(t: Table, ix: Index, xinfo: boolean): { columns: string[]; rows: Value[][] } {
  const pk = primaryKeyIndex(t);
  const isPk = ix.origin === 'pk' && ix.rootPage === t.rootPage;
  const name = (c: IndexColumn): Value => (c.column >= 0 ? t.columns[c.column].name : null);
  if (!xinfo) return { columns: ['seqno', 'cid', 'name'], rows: ix.columns.map((c, i) => [i, c.column, name(c)]) };
  const rest: IndexColumn[] = isPk
    ? t.columns.map((_, i) => i).filter((i) => !pk.columns.some((c) => c.column === i) && !isVirtual(t, i)).map((i) => ({ column: i, expr: null, desc: false, collation: 'BINARY' }))
    : pkTailOf(pk, ix);
  const rows: Value[][] = [...ix.columns.map((c) => [c, 1] as const), ...rest.map((c) => [c, 0] as const)].map(([c, key], i) => [i, c.column, name(c), c.desc ? 1 : 0, c.collation, key]);
  return { columns: ['seqno', 'cid', 'name', 'desc', 'coll', 'key'], rows };
}
