/**
 * replace-in-place.ts against insert.ts, byte for byte: two identical table trees (page sizes 512,
 * 1024 and 4096; payloads of 0 to 700 bytes, some spilling), one rewritten through
 * BTreeWriter.insertBytesAt with the hint of a cursor resting on the row (the in-place replace at
 * the hint: same size, same cell size, a shorter or longer cell through the freeblock chain or the
 * gap, a defragment, cells padded to 4 bytes), the other through the general path (runOp +
 * tableInsert, itself checked against SQLite in this folder); after every replace every page of
 * the two databases must be the same bytes, and at the end a scan gives the rows written.
 *
 * `npm test` runs a seeded sample (STRATA_RIP_RUNS, default 20).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { tableInsert } from '../../../src/btree/write/insert.js';
import { runOp } from '../../../src/btree/write/page-overlay.js';
import { MemoryIO } from '../../../src/io/memory.js';
import { runSync } from '../../../src/io/io-result.js';
import { Pager } from '../../../src/pager/pager.js';

const RUNS = Number(process.env.STRATA_RIP_RUNS ?? 20);

function openTree(pageSize: number, rows: readonly Uint8Array[]): { pager: Pager; w: BTreeWriter; root: number } {
  const pager = Pager.open(new MemoryIO(), 'x.db', { readonly: false, newPageSize: pageSize });
  runSync(() => pager.beginWrite());
  const w = new BTreeWriter(pager);
  const root = runSync(() => w.createTree('table'));
  rows.forEach((p, i) => runSync(() => w.insert(root, i + 1, p)));
  return { pager, w, root };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Payload bytes of a length drawn mostly small (cells padded to 4 bytes included), some spilling. */
const payloadArb = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 3 }) },
  { weight: 8, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 60 }) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 60, maxLength: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 400, max: 700 }).map((n) => new Uint8Array(n).fill(n & 0xff)) },
);

describe('in-place table replaces write what the general path writes', () => {
  it(`${RUNS} trees`, () => {
    let inPlace = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(512, 1024, 4096),
        fc.array(payloadArb, { minLength: 20, maxLength: 400 }),
        fc.array(fc.tuple(fc.nat(), payloadArb, fc.boolean()), { minLength: 50, maxLength: 400 }),
        (pageSize, rows, edits) => {
          const A = openTree(pageSize, rows);
          const B = openTree(pageSize, rows);
          const want = rows.slice();
          const c = new BTreeCursor(A.pager, A.root, 'table');
          for (const [pick, p0, same] of edits) {
            const rowid = (pick % want.length) + 1;
            // Half of the edits keep the payload's length (other bytes, or the same ones now and then).
            const old = want[rowid - 1];
            const p = !same ? p0 : p0.length % 3 === 0 ? old.slice() : old.map((b) => b ^ 0x5a);
            expect(runSync(() => c.seekRowid(rowid))).toBe(true);
            const buf = new Uint8Array(p.length + 7);
            buf.set(p, 3);
            runSync(() => A.w.insertBytesAt(A.root, rowid, { buf, start: 3, end: 3 + p.length }, c.positionPgno, c.positionCell));
            if (A.w.lastInPlaceReplace) inPlace++;
            runSync(() => runOp(B.pager, (ov) => tableInsert(ov, B.root, rowid, p), undefined, B.w.hasContent));
            want[rowid - 1] = p;
            expect(A.pager.pageCount).toBe(B.pager.pageCount);
            for (let pg = 1; pg <= A.pager.pageCount; pg++) {
              if (!sameBytes(runSync(() => A.pager.getPage(pg)), runSync(() => B.pager.getPage(pg)))) expect.fail(`page ${pg} differs after replacing row ${rowid} (${want[rowid - 1].length} bytes)`);
            }
          }
          const got: Uint8Array[] = [];
          for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) got.push(runSync(() => c.payload()));
          expect(got.map((g) => Array.from(g))).toEqual(want.map((g) => Array.from(g)));
        },
      ),
      { numRuns: RUNS, seed: 2612 },
    );
    expect(inPlace).toBeGreaterThan(0);
  });
});
