import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isSqliteError, type SqliteError } from '../../src/error.js';
import {
  btreeHeaderOffset,
  buildCell,
  cellPointer,
  decodeBtreePage,
  decodeBtreePageHeader,
  decodeCell,
  encodeBtreePage,
  localPayloadSize,
  maxLocalPayload,
  minLocalPayload,
} from '../../src/format/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function corruptOf(f: () => unknown): SqliteError {
  try {
    f();
  } catch (e) {
    if (isSqliteError(e, 'SQLITE_CORRUPT')) return e;
    throw e;
  }
  throw new Error('expected SQLITE_CORRUPT');
}

/** A 1024-byte-page database with a table leaf root on page 2 holding rows 1..5, rows 2 and 4 deleted. */
function sample(): { file: Uint8Array; page2: Uint8Array } {
  const db = new Database(':memory:');
  db.pragma('page_size = 1024');
  db.exec(`CREATE TABLE t(a); INSERT INTO t VALUES ('alpha'), ('beta'), ('gamma'), ('delta'), (x'00112233');
           DELETE FROM t WHERE rowid IN (2, 4);`);
  const file = new Uint8Array(db.serialize());
  db.close();
  return { file, page2: file.slice(1024, 2048) };
}

describe('payload split (fileformat2 §1.6)', () => {
  it('computes X, M and the local size as the spec formulas give', () => {
    expect(maxLocalPayload(4096, 'table')).toBe(4061);
    expect(maxLocalPayload(4096, 'index')).toBe(1002);
    expect(minLocalPayload(4096)).toBe(489);
    expect(maxLocalPayload(512, 'index')).toBe(102);
    expect(minLocalPayload(512)).toBe(39);
    expect(localPayloadSize(4061, 4096, 'table')).toBe(4061);
    expect(localPayloadSize(4062, 4096, 'table')).toBe(489); // K = 4062 > X
    expect(localPayloadSize(4092 + 600, 4096, 'table')).toBe(489 + ((4092 + 600 - 489) % 4092)); // K = 600 ≤ X
    expect(localPayloadSize(1003, 4096, 'index')).toBe(489); // K = 1003 > X
    expect(localPayloadSize(4092 + 900, 4096, 'index')).toBe(900); // K = 900 ≤ X
    expect(localPayloadSize(489 + 4092 + 1500, 4096, 'index')).toBe(489); // K > X
  });
});

describe('b-tree page', () => {
  it('decodes a table leaf with freeblocks, and cellPointer/decodeCell agree with the whole-page decode', () => {
    const { page2 } = sample();
    const p = decodeBtreePage(page2, 2, 1024);
    expect(p.header.pageType).toBe(13);
    expect(p.header.cellCount).toBe(3);
    expect(p.cells.map((c) => c.rowid)).toEqual([1, 3, 5]);
    expect(p.freeblocks.length).toBeGreaterThan(0);
    p.cells.forEach((c, i) => {
      expect(cellPointer(page2, 2, i)).toBe(c.offset);
      expect(decodeCell(page2, 2, 13, c.offset, 1024)).toEqual(c);
    });
    expect(hex(encodeBtreePage(p, 1024))).toBe(hex(page2));
  });

  it('keeps page 1 whole: the 100-byte database header and the schema page behind it', () => {
    const { file } = sample();
    const page1 = file.subarray(0, 1024);
    expect(btreeHeaderOffset(1)).toBe(100);
    const p = decodeBtreePage(page1, 1, 1024);
    expect(p.prefix.length).toBe(100);
    expect(decodeBtreePageHeader(page1, 1).pageType).toBe(13);
    expect(hex(encodeBtreePage(p, 1024))).toBe(hex(page1));
  });

  it('builds cells as SQLite lays them out', () => {
    const payload = new Uint8Array(3000).map((_, i) => i & 0xff);
    const c = buildCell(13, { rowid: 7, payload }, 1024, 99);
    const local = localPayloadSize(3000, 1024, 'table');
    expect(c.spill.length).toBe(3000 - local);
    const page = new Uint8Array(1024);
    page.set(c.bytes, 1024 - c.bytes.length);
    const d = decodeCell(page, 5, 13, 1024 - c.bytes.length, 1024);
    expect(d).toMatchObject({ rowid: 7, payloadSize: 3000, overflowPgno: 99, size: c.bytes.length });
    expect(hex(d.localPayload!)).toBe(hex(payload.subarray(0, local)));
    expect(buildCell(10, { payload: new Uint8Array([2, 0]) }, 1024).bytes.length).toBe(4); // padded to 4
    expect(hex(buildCell(5, { leftChild: 3, rowid: 300 }, 1024).bytes)).toBe('00000003822c');
  });

  it('reports each broken invariant as SQLITE_CORRUPT with page and offset', () => {
    const { page2 } = sample();
    const p = decodeBtreePage(page2, 2, 1024);
    const mutate = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = page2.slice();
      f(b);
      return b;
    };
    // 1. page type
    expect(corruptOf(() => decodeBtreePage(mutate((b) => (b[0] = 7)), 2, 1024))).toMatchObject({ pgno: 2, offset: 0 });
    // 1. usable size
    expect(corruptOf(() => decodeBtreePage(page2, 2, 400)).pgno).toBe(2);
    // 2. cell count overlapping the content area
    expect(corruptOf(() => decodeBtreePage(mutate((b) => (b[3] = 0xff)), 2, 1024))).toMatchObject({ pgno: 2, offset: 3 });
    // 3. cell pointer outside the content area
    expect(corruptOf(() => decodeBtreePage(mutate((b) => ((b[8] = 0), (b[9] = 20))), 2, 1024))).toMatchObject({ pgno: 2, offset: 8 });
    // 4. freeblock loop: point the first freeblock at itself
    const fb = p.freeblocks[0].offset;
    expect(corruptOf(() => decodeBtreePage(mutate((b) => ((b[fb] = fb >> 8), (b[fb + 1] = fb & 0xff))), 2, 1024)).pgno).toBe(2);
    // 4. freeblock size below 4
    expect(corruptOf(() => decodeBtreePage(mutate((b) => ((b[fb + 2] = 0), (b[fb + 3] = 2))), 2, 1024))).toMatchObject({ pgno: 2, offset: fb + 2 });
    // 5. two pointers to the same cell
    expect(corruptOf(() => decodeBtreePage(mutate((b) => ((b[10] = b[8]), (b[11] = b[9]))), 2, 1024)).message).toMatch(/overlaps/);
    // cell running past the usable size
    const last = Math.max(...p.cellPointers);
    expect(corruptOf(() => decodeCell(page2, 2, 13, last, last + 2)).pgno).toBe(2);
  });
});
