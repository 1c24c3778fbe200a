/**
 * PRAGMA foreign_key_check[(table)] (pragma.html#pragma_foreign_key_check): the rows whose foreign
 * keys find no parent, whether or not `PRAGMA foreign_keys` is on. One row per violation:
 * `table`, `rowid` (NULL for a WITHOUT ROWID table), `parent` (as the foreign key names it),
 * `fkid` (the key's id in PRAGMA foreign_key_list: 0 is the last declared).
 *
 * As SQLite's pragma.c codes it: the tables in its schema hash's order (integrity/table-order.ts),
 * or the one named; in each, the rows in b-tree order and, for each row, its foreign keys by id.
 * A key with a NULL column is not checked; a missing parent table makes every other row a
 * violation; a parent key that is not the parent's rowid, PRIMARY KEY or a UNIQUE index fails the
 * statement with "foreign key mismatch" (sqlite3FkLocateIndex). The parent is looked for as DML's
 * foreign-key checks look for it (translate/check-fk.ts: the parent's column compared with `=`,
 * its affinity and collation applying), by a SELECT compiled per table and run on the connection.
 *
 * @module
 */
import { readSchemaTable } from '../btree/schema-table.js';
import { SqliteError } from '../error.js';
import { hashIterationOrder } from '../engine/integrity/table-order.js';
import type { Table } from '../engine/schema/types.js';
import { parentKeyColumns } from '../engine/translate/check-fk.js';
import { stepSync } from '../engine/vdbe/driver.js';
import { Vm } from '../engine/vdbe/vm.js';
import { runSync } from '../io/io-result.js';
import type { Pager } from '../pager/pager.js';
import type { Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';
import { prepareOne } from './prepare.js';
import { snapshotHost } from './snapshot-host.js';

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Aliases of the child and parent tables in the compiled SELECT (a table may be its own parent). */
const CHILD = q('fk check child');
const PARENT = q('fk check parent');

/**
 * The rows of PRAGMA foreign_key_check(`arg`) (all tables when null), reading `source` (the
 * connection's pager, or one serving preloaded pages: pragma-integrity.ts).
 * @throws SqliteError `no such table: X`; `foreign key mismatch - "child" referencing "parent"`.
 */
export function foreignKeyCheckRows(conn: Connection, arg: string | null, source: Pager = conn.pager): PragmaTable {
  const schema = conn.schema;
  let tables: Table[];
  if (arg !== null) {
    const t = schema.tables.get(arg.toLowerCase());
    if (!t) throw new SqliteError('SQLITE_ERROR', `no such table: ${arg}`);
    tables = [t];
  } else {
    const rows = runSync(() => readSchemaTable(source, conn.encoding));
    const names = ['sqlite_master', ...rows.filter((r) => r.type === 'table' || r.type === 'view').map((r) => r.name)];
    tables = hashIterationOrder(names)
      .map((i) => schema.tables.get(names[i].toLowerCase()))
      .filter((t): t is Table => t !== undefined);
  }
  const out: Value[][] = [];
  for (const t of tables) {
    const fks = t.foreignKeys ?? [];
    if (fks.length === 0) continue;
    // By id: SQLite keeps a table's foreign keys newest first.
    const byId = [...fks].reverse();
    const parts = byId.map((fk, id) => {
      const cols = fk.columns.map((c) => `${CHILD}.${q(t.columns[c].name)}`);
      const terms = cols.map((c) => `${c} IS NOT NULL`);
      const parent = schema.tables.get(fk.parent.toLowerCase());
      if (parent) {
        const key = parentKeyColumns(t, fk, parent);
        const match = key.map((p, k) => `${PARENT}.${q(parent.columns[p].name)} = ${cols[k]}`).join(' AND ');
        terms.push(`NOT EXISTS (SELECT 1 FROM main.${q(parent.name)} AS ${PARENT} WHERE ${match})`);
      }
      return `SELECT ${rowOrder(t)}, ${id} AS fkid FROM main.${q(t.name)} AS ${CHILD} WHERE ${terms.join(' AND ')}`;
    });
    const order = t.withoutRowid ? `${(t.pkIndex?.columns ?? []).map((c, k) => `k${k}${c.desc ? ' DESC' : ''}`).join(', ')}, fkid` : 'r, fkid';
    const sql = `SELECT ${t.withoutRowid ? 'NULL' : 'r'}, fkid FROM (${parts.join(' UNION ALL ')}) ORDER BY ${order}`;
    for (const [rowid, fkid] of runRows(conn, sql, source)) out.push([t.name, rowid, byId[fkid as number].parent, fkid]);
  }
  return { columns: ['table', 'rowid', 'parent', 'fkid'], rows: out };
}

/**
 * The child's columns that order its rows as its b-tree does: its rowid as `r` (by a name no
 * column hides), or a WITHOUT ROWID table's primary key columns as `k0`, `k1`, … (their
 * collations applied, for the ORDER BY).
 */
function rowOrder(t: Table): string {
  if (!t.withoutRowid) {
    const names = new Set(t.columns.map((c) => c.name.toLowerCase()));
    const rowid = ['rowid', '_rowid_', 'oid'].find((x) => !names.has(x)) ?? 'rowid';
    return `${CHILD}.${rowid} AS r`;
  }
  return (t.pkIndex?.columns ?? []).map((c, k) => `${CHILD}.${q(t.columns[c.column].name)}${c.collation ? ` COLLATE ${c.collation}` : ''} AS k${k}`).join(', ');
}

/** Runs the SELECT `sql` on the connection, reading `source`, and returns its rows. */
function runRows(conn: Connection, sql: string, source: Pager): Value[][] {
  const prepared = prepareOne(conn, sql, false);
  if (prepared.kind !== 'vm') throw new SqliteError('SQLITE_INTERNAL', 'foreign_key_check: the check did not compile to a program');
  const vm = new Vm(prepared.program, snapshotHost(conn, source));
  const rows: Value[][] = [];
  while (stepSync(vm) === 'row') rows.push(vm.row());
  return rows;
}

