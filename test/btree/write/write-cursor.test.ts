/**
 * BTreeWriteCursor: the VDBE's `Delete; Next` loop visits every entry once and deletes exactly the
 * chosen ones (sqlite3 then reads what is left, integrity ok); inserts leave the cursor on the new
 * entry; deleting the last entry then stepping back lands on the new last entry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOCASE } from '../../../src/btree/compare.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
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
