import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSqliteError } from '../../src/error.js';
import {
  decodeJournalHeader,
  decodeJournalPageRecord,
  decodeShm,
  decodeTursoHeader,
  decodeWalFrameHeader,
  decodeWalHeader,
  encodeJournalHeader,
  encodeJournalPageRecord,
  encodeTursoHeader,
  encodeWalFrame,
  encodeWalFrameHeader,
  encodeWalHeader,
  isJournalHeader,
  isTursoHeader,
  journalChecksum,
  walChecksum,
  walFrameChecksum,
  walIsBigEndian,
  WAL_FRAME_HEADER_BYTES,
  WAL_HEADER_BYTES,
  TURSO_CIPHERS,
} from '../../src/format/index.js';
import { HAVE_SHARED, SHARED } from './shared.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const u32 = fc.nat({ max: 0xffffffff });

/** Checks every frame's checksum chain; returns the number of valid frames and the last commit frame. */
function verifyWal(wal: Uint8Array): { frames: number; lastCommit: number; header: ReturnType<typeof decodeWalHeader> } {
  const h = decodeWalHeader(wal);
  const be = walIsBigEndian(h.magic);
  expect(walChecksum(wal.subarray(0, 24), be, 0, 0)).toEqual([h.checksum1, h.checksum2]);
  expect(hex(encodeWalHeader(h))).toBe(hex(wal.subarray(0, 32)));
  let prev: [number, number] = [h.checksum1, h.checksum2];
  let frames = 0;
  let lastCommit = 0;
  for (let off = WAL_HEADER_BYTES; off + WAL_FRAME_HEADER_BYTES + h.pageSize <= wal.length; off += WAL_FRAME_HEADER_BYTES + h.pageSize) {
    const fh = decodeWalFrameHeader(wal, off, frames + 1);
    const page = wal.subarray(off + WAL_FRAME_HEADER_BYTES, off + WAL_FRAME_HEADER_BYTES + h.pageSize);
    const sum = walFrameChecksum(fh, page, be, prev);
    if (fh.salt1 !== h.salt1 || fh.salt2 !== h.salt2 || sum[0] !== fh.checksum1 || sum[1] !== fh.checksum2) break;
    expect(hex(encodeWalFrameHeader(fh))).toBe(hex(wal.subarray(off, off + 24)));
    expect(hex(encodeWalFrame(fh, page, be, prev).bytes)).toBe(hex(wal.subarray(off, off + 24 + h.pageSize)));
    prev = sum;
    frames++;
    if (fh.commitSize !== 0) lastCommit = frames;
  }
  return { frames, lastCommit, header: h };
}

describe('WAL', () => {
  it('verifies and re-encodes a WAL and -shm SQLite is writing', () => {
    const path = join(dir, 'live.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (randomblob(9000));');
    for (let i = 0; i < 5; i++) db.prepare('INSERT INTO t VALUES (?)').run(`row ${i}`);
    const wal = new Uint8Array(readFileSync(`${path}-wal`));
    const shm = new Uint8Array(readFileSync(`${path}-shm`));
    const { frames, lastCommit, header } = verifyWal(wal);
    expect(header.formatVersion).toBe(3007000);
    expect(header.pageSize).toBe(4096);
    expect(frames).toBe((wal.length - 32) / (24 + 4096));
    const s = decodeShm(shm);
    expect(s.headersMatch).toBe(true);
    expect(s.headers[0].checksumValid).toBe(true);
    expect(s.headers[0]).toMatchObject({ iVersion: 3007000, isInit: 1, szPage: 4096, mxFrame: lastCommit, aSalt: [header.salt1, header.salt2] });
    expect(s.headers[0].nPage).toBe(db.pragma('page_count', { simple: true }));
    expect(s.checkpoint.nBackfill).toBe(0);
    db.close();
  });

  it.skipIf(!HAVE_SHARED)('reads the crashed WAL of the sqlittle corpus up to its last valid frame', () => {
    const wal = new Uint8Array(readFileSync(join(SHARED, 'corpus/sqlittle/testdata/wal_crashed.sqlite-wal')));
    const { frames, lastCommit } = verifyWal(wal);
    expect(frames).toBeGreaterThan(0);
    expect(lastCommit).toBeLessThanOrEqual(frames);
    const shm = decodeShm(new Uint8Array(readFileSync(join(SHARED, 'corpus/sqlittle/testdata/wal_crashed.sqlite-shm'))));
    expect(shm.headers[0].iVersion).toBe(3007000);
  });

  it('round-trips WAL headers and frame headers (property), computing header checksums both ways', () => {
    const headerArb = fc.record({
      magic: fc.constantFrom(0x377f0682, 0x377f0683),
      formatVersion: fc.constant(3007000),
      pageSize: fc.integer({ min: 9, max: 16 }).map((k) => 2 ** k),
      checkpointSeq: u32,
      salt1: u32,
      salt2: u32,
    });
    fc.assert(
      fc.property(headerArb, fc.record({ pgno: u32, commitSize: u32, salt1: u32, salt2: u32, checksum1: u32, checksum2: u32 }), (h, fh) => {
        const bytes = encodeWalHeader(h);
        const d = decodeWalHeader(bytes);
        expect(d).toMatchObject(h);
        expect([d.checksum1, d.checksum2]).toEqual(walChecksum(bytes.subarray(0, 24), h.magic === 0x377f0683, 0, 0));
        expect(hex(encodeWalHeader(d, { keepChecksum: true }))).toBe(hex(bytes));
        expect(decodeWalFrameHeader(encodeWalFrameHeader(fh))).toEqual(fh);
      }),
      { numRuns: 300 },
    );
  });

  it('computes the checksum as the spec defines it, over both word orders', () => {
    // two words 1 and 2: s1 = 0 + 1 + 0 = 1, s2 = 0 + 2 + 1 = 3
    expect(walChecksum(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 2]), true, 0, 0)).toEqual([1, 3]);
    expect(walChecksum(new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]), false, 0, 0)).toEqual([1, 3]);
    expect(walChecksum(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), true, 5, 7)).toEqual([11, 18]);
    expect(() => walChecksum(new Uint8Array(7), true, 0, 0)).toThrow(/multiple of 8/);
    expect(isSqliteError((() => { try { decodeWalHeader(new Uint8Array(31)); } catch (e) { return e; } })(), 'SQLITE_CORRUPT')).toBe(true);
  });
});

describe('rollback journal', () => {
  it.skipIf(!HAVE_SHARED)('decodes the hot journal of the sqlittle corpus and verifies every page checksum', () => {
    const j = new Uint8Array(readFileSync(join(SHARED, 'corpus/sqlittle/testdata/journal_hot.sqlite-journal')));
    expect(isJournalHeader(j)).toBe(true);
    const h = decodeJournalHeader(j);
    expect(h).toMatchObject({ nRec: 2, initialPages: 2, sectorSize: 512, pageSize: 4096 });
    expect(hex(encodeJournalHeader(h))).toBe(hex(j.subarray(0, 28)));
    for (let i = 0, off = h.sectorSize; i < h.nRec; i++, off += h.pageSize + 8) {
      const r = decodeJournalPageRecord(j, off, h.pageSize);
      expect(r.pgno).toBeGreaterThan(0);
      expect(journalChecksum(h.nonce, r.data)).toBe(r.checksum);
      expect(hex(encodeJournalPageRecord(r))).toBe(hex(j.subarray(off, off + h.pageSize + 8)));
      expect(hex(encodeJournalPageRecord({ pgno: r.pgno, data: r.data }, h.nonce))).toBe(hex(j.subarray(off, off + h.pageSize + 8)));
    }
    const persist = new Uint8Array(readFileSync(join(SHARED, 'corpus/sqlittle/testdata/journal_persist.sqlite-journal')));
    expect(isJournalHeader(persist)).toBe(false); // zeroed header: not hot
    expect(() => decodeJournalHeader(persist)).toThrow(/magic/);
  });

  it('round-trips headers and records (property); the checksum counts every 200th byte from the end', () => {
    const page = new Uint8Array(1024);
    page[824] = 3;
    page[624] = 5;
    page[24] = 7;
    page[0] = 100; // offset 0 is never counted
    page[1023] = 100;
    expect(journalChecksum(10, page)).toBe(25);
    fc.assert(
      fc.property(fc.record({ nRec: u32, nonce: u32, initialPages: u32, sectorSize: u32, pageSize: u32 }), u32, fc.uint8Array({ minLength: 512, maxLength: 1024 }), (h, pgno, data) => {
        expect(decodeJournalHeader(encodeJournalHeader(h))).toEqual(h);
        const rec = encodeJournalPageRecord({ pgno, data }, h.nonce);
        expect(decodeJournalPageRecord(rec, 0, data.length)).toEqual({ pgno, data, checksum: journalChecksum(h.nonce, data) });
      }),
      { numRuns: 200 },
    );
  });
});

describe('Turso header', () => {
  it('decodes the header Turso writes for aegis256 and round-trips every cipher', () => {
    const turso = new Uint8Array([84, 117, 114, 115, 111, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // from a tursodb-created file
    expect(isTursoHeader(turso)).toBe(true);
    expect(decodeTursoHeader(turso)).toEqual({ version: 0, cipherId: 3, cipherName: 'aegis256' });
    for (const [id, name] of Object.entries(TURSO_CIPHERS)) {
      expect(decodeTursoHeader(encodeTursoHeader(name))).toEqual({ version: 0, cipherId: Number(id), cipherName: name });
      expect(hex(encodeTursoHeader(Number(id) as 1))).toBe(hex(encodeTursoHeader(name)));
    }
  });

  it('refuses anything else with SQLITE_NOTADB at the bad byte', () => {
    const good = encodeTursoHeader('aes256gcm');
    expect(isTursoHeader(new TextEncoder().encode('SQLite format 3\0'))).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const b = good.slice();
        b[i] = v;
        const ok = v === good[i] || (i === 6 && v >= 1 && v <= 8);
        try {
          decodeTursoHeader(b);
          expect(ok).toBe(true);
        } catch (e) {
          expect(ok).toBe(false);
          expect(isSqliteError(e, 'SQLITE_NOTADB')).toBe(true);
          expect((e as { offset: number }).offset).toBe(i < 5 ? 0 : i);
        }
      }),
    );
  });
});
