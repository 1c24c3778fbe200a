/**
 * BTreeWriteCursor: the VDBE's `Delete; Next` loop visits every entry once and deletes exactly the
 * chosen ones (sqlite3 then reads what is left, integrity ok); inserts leave the cursor on the new
 * entry; deleting the last entry then stepping back lands on the new last entry. And
 * BTreeWriter.newRowid against the rowid SQLite picks.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOCASE } from '../../../src/btree/compare.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { BTreeWriteCursor } from '../../../src/btree/write/write-cursor.js';
import { recordFromValues } from '../../../src/format/index.js';
import { runSync } from '../../../src/io/io-result.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { Pager } from '../../../src/pager/pager.js';
import { bsqValues } from '../../support/better-sqlite3.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck } from '../../support/sqlite3.js';
import { tempText, wkeyOf, writeWithStrata, type Op } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-btree-wcursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openWrite(path: string): { pager: Pager; root: (name: string) => number } {
  const pager = Pager.open(new NodeSyncIO(), path, { readonly: false });
  pager.synchronous = 'off';
  runSync(() => pager.beginWrite());
  const schema = runSync(() => readSchemaTable(pager, 1));
  return { pager, root: (n) => schema.find((r) => r.name === n)!.rootpage };
}

describe('BTreeWriter.newRowid', () => {
  it('picks what SQLite picks for INSERT without a rowid: largest + 1, 1 when empty; SQLITE_FULL at 2^63 − 1', () => {
    const a = join(dir, 'rowid.db');
    writeWithStrata(a, { pageSize: 512, av: 'none' }, [{ kind: 'mk', rows: 0, size: 1 }]);
    const { pager, root } = openWrite(a);
    const w = new BTreeWriter(pager);
    const x = root('x1');
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE x(y)');
    const pick = (): bigint => sqlite.prepare('INSERT INTO x(y) VALUES (1) RETURNING rowid').safeIntegers(true).pluck().get() as bigint;
    const both = (rowid: number | bigint): void => {
      runSync(() => w.insert(x, rowid, recordFromValues([1], 1)));
      sqlite.prepare('INSERT INTO x(rowid, y) VALUES (?, 1)').run(BigInt(rowid));
    };
    const check = (): void => {
      const ours = runSync(() => w.newRowid(x));
      const theirs = pick();
      sqlite.prepare('DELETE FROM x WHERE rowid = ?').run(theirs);
      expect(BigInt(ours)).toBe(theirs);
    };
    check();
    for (const r of [-7, 5, 3, 1000, 2n ** 53n + 5n]) {
      both(r);
      check();
    }
    both(2n ** 63n - 1n);
    expect(() => runSync(() => w.newRowid(x))).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
    sqlite.close();
    pager.rollback();
    pager.close();
  });
});

describe.skipIf(!sqlite3Available())('BTreeWriteCursor', () => {
  it('deletes while iterating a table: each row visited once, the chosen ones gone', () => {
    const path = join(dir, 'table.db');
    const rows = 700;
    writeWithStrata(path, { pageSize: 512, av: 'none' }, [{ kind: 'mk', rows, size: 60 }]);
    const { pager, root } = openWrite(path);
    const c = new BTreeWriteCursor(pager, root('x1'), 'table');
    const seen: number[] = [];
    for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
      const id = Number(c.rowid());
      seen.push(id);
      if (id % 3 === 0 || id > 650) runSync(() => c.delete());
    }
    expect(seen).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    // The last entry was deleted: stepping back lands on the new last one.
    expect(runSync(() => c.prev())).toBe(true);
    expect(Number(c.rowid())).toBe(650);
    runSync(() => c.insert(5000, recordFromValues(['tail'], 1)));
    expect(Number(c.rowid())).toBe(5000);
    runSync(() => pager.commit());
    pager.close();
    expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
    const expected = seen.filter((id) => id % 3 !== 0 && id <= 650).map((id) => [BigInt(id), tempText(id, 60)]);
    expected.push([5000n, 'tail']);
    expect(bsqValues(path, 'SELECT rowid, y FROM x1 ORDER BY rowid').map((r) => r.map((v) => v.value))).toEqual(expected);
  });

  it('deletes while iterating a WITHOUT ROWID table (NOCASE key): the kept keys remain, in order', () => {
    const path = join(dir, 'index.db');
    const n = 300;
    const ops: Op[] = Array.from({ length: n }, (_, i) => ({ kind: 'wput', k: wkeyOf(i, 1024), v: i }));
    writeWithStrata(path, { pageSize: 1024, av: 'full' }, ops);
    const { pager, root } = openWrite(path);
    const c = new BTreeWriteCursor(pager, root('w'), 'index', 1, { collations: [NOCASE] }, 1);
    const seen: string[] = [];
    let i = 0;
    for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
      seen.push(runSync(() => c.record()).values[0] as string);
      if (i++ % 2 === 0) runSync(() => c.delete());
    }
    const sorted = ops.map((o) => (o.kind === 'wput' ? o.k : '')).sort();
    expect(seen).toEqual(sorted);
    // Replacing through the cursor: an upper-case spelling of a kept key replaces it (NOCASE).
    const kept = sorted.filter((_, j) => j % 2 === 1);
    const upper = `K${kept[0].slice(1)}`;
    runSync(() => c.insertIndexKey(recordFromValues([upper, -1], 1)));
    expect(runSync(() => c.record()).values).toEqual([upper, -1]);
    runSync(() => c.insertIndexKey(recordFromValues(['zzz', 7], 1)));
    runSync(() => pager.commit());
    pager.close();
    expect(sqliteIntegrityCheck(path)).toEqual(['ok']);
    const expected = [upper, ...kept.slice(1), 'zzz'];
    expect(bsqValues(path, 'SELECT k FROM w').map((r) => r[0].value)).toEqual(expected);
  });
});
