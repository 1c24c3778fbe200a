/**
 * The page cipher against the real Turso engine (@tursodatabase/database): for every cipher Turso
 * offers, Turso writes an encrypted database and leaves its WAL un-checkpointed; then, from the
 * raw bytes alone, every page of the database file and every frame body of the -wal must open with
 * Strata's decryptPage: page 1 turns back into "SQLite format 3\0" with the page size and
 * reserved bytes (= nonce + tag) in the clear, b-tree pages carry a page type 2/5/10/13, the WAL
 * checksums cover the ciphertext, and the rows walked out of the decrypted pages (WAL applied) are
 * the rows Turso was given. A wrong key is refused on page 1.
 *
 * The first two of three transactions are checkpointed into the database file, the third is left
 * in the WAL, so both hold encrypted b-tree pages.
 *
 * The Node binding's options name seven ciphers; aegis256x4 is reached through
 * `PRAGMA cipher` / `PRAGMA hexkey`, which Turso also accepts.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@tursodatabase/database';
import { afterAll, describe, expect, it } from 'vitest';
import { CIPHERS, type Cipher } from '../../src/crypto/cipher-registry.js';
import { decryptPage } from '../../src/crypto/page-cipher.js';
import { decodeBtreePage } from '../../src/format/btree-page.js';
import { decodeRecord } from '../../src/format/record.js';
import { decodeWalFrameHeader, decodeWalHeader, walFrameChecksum, walIsBigEndian } from '../../src/format/wal.js';
import type { SqlValue } from '../../src/format/value.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-turso-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 240;
const rowValues = (i: number): [number, string, number] => [i, `row ${i} `.padEnd(20 + (i % 50), '*'), i * 1.5];

type TursoCipher = 'aes128gcm' | 'aes256gcm' | 'aegis256' | 'aegis256x2' | 'aegis128l' | 'aegis128x2' | 'aegis128x4';

/** Writes an encrypted database with Turso; returns its path and key. */
async function writeWithTurso(cipher: Cipher): Promise<{ path: string; key: Uint8Array }> {
  const path = join(dir, `${cipher.name}.db`);
  const key = Uint8Array.from({ length: cipher.keyBytes }, (_, i) => (i * 37 + cipher.id) & 0xff);
  const hexkey = Buffer.from(key).toString('hex');
  const viaOptions = cipher.name !== 'aegis256x4';
  const db = viaOptions
    ? await connect(path, { encryption: { cipher: cipher.name as TursoCipher, hexkey }, experimental: ['encryption'] })
    : await connect(path, { experimental: ['encryption'] });
  if (!viaOptions) {
    await db.exec(`PRAGMA cipher = '${cipher.name}'`);
    await db.exec(`PRAGMA hexkey = '${hexkey}'`);
  }
  await db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, x REAL)');
  const insert = await db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (let part = 0; part < 3; part++) {
    await db.exec('BEGIN');
    for (let i = 1 + (part * ROWS) / 3; i <= ((part + 1) * ROWS) / 3; i++) await insert.run(...rowValues(i));
    await db.exec('COMMIT');
    // Checkpoint the first two parts into the database file; the third stays in the WAL.
    if (part === 1) await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
  db.close();
  return { path, key };
}

/** Rows of the table rooted at `root`, in rowid order, as [rowid, ...values]. */
function walkTable(pages: Map<number, Uint8Array>, root: number, usable: number): SqlValue[][] {
  const rows: SqlValue[][] = [];
  const visit = (pgno: number): void => {
    const page = decodeBtreePage(pages.get(pgno)!, pgno, usable);
    for (const cell of page.cells) {
      if (page.header.pageType === 5) visit(cell.leftChild!);
      else rows.push([cell.rowid as number, ...decodeRecord(cell.localPayload!, 1, pgno).values]);
    }
    if (page.header.rightChild) visit(page.header.rightChild);
  };
  visit(root);
  return rows;
}

describe('Turso-written encrypted databases open with Strata’s page cipher', () => {
  for (const cipher of CIPHERS) {
    it(`${cipher.name}: database file, WAL frames, and the rows`, async () => {
      const { path, key } = await writeWithTurso(cipher);
      const file = new Uint8Array(readFileSync(path));
      // Page 1 on disk: Turso header, then the clear database header.
      expect(Array.from(file.subarray(0, 7))).toEqual([0x54, 0x75, 0x72, 0x73, 0x6f, 0, cipher.id]);
      const pageSize = ((file[16] << 8) | file[17]) === 1 ? 65536 : (file[16] << 8) | file[17];
      expect(file[20]).toBe(cipher.reservedBytes);
      const usable = pageSize - cipher.reservedBytes;

      const pages = new Map<number, Uint8Array>();
      const types: number[] = [];
      for (let pgno = 1; pgno * pageSize <= file.length; pgno++) {
        const plain = decryptPage(file.subarray((pgno - 1) * pageSize, pgno * pageSize), pgno, cipher, key);
        pages.set(pgno, plain);
        types.push(plain[pgno === 1 ? 100 : 0]);
      }
      expect(new TextDecoder().decode(pages.get(1)!.subarray(0, 16))).toBe('SQLite format 3\0');
      expect(pages.size).toBeGreaterThan(3);
      expect(types.every((t) => [2, 5, 10, 13].includes(t))).toBe(true);

      // The WAL: plaintext headers, encrypted frame bodies, checksums over the ciphertext.
      expect(existsSync(path + '-wal')).toBe(true);
      const wal = new Uint8Array(readFileSync(path + '-wal'));
      const header = decodeWalHeader(wal);
      expect(header.pageSize).toBe(pageSize);
      const bigEndian = walIsBigEndian(header.magic);
      let prev: [number, number] = [header.checksum1, header.checksum2];
      let frames = 0, page1Frames = 0, btreeFrames = 0;
      const committed = new Map(pages);
      const pending = new Map<number, Uint8Array>();
      for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
        const fh = decodeWalFrameHeader(wal, off, frames + 1);
        if (fh.salt1 !== header.salt1 || fh.salt2 !== header.salt2) break;
        const body = wal.subarray(off + 24, off + 24 + pageSize);
        prev = walFrameChecksum(fh, body, bigEndian, prev);
        expect(prev, `frame ${frames + 1} checksum`).toEqual([fh.checksum1, fh.checksum2]);
        const plain = decryptPage(body, fh.pgno, cipher, key);
        frames++;
        if (fh.pgno === 1) {
          page1Frames++;
          expect(new TextDecoder().decode(plain.subarray(0, 16))).toBe('SQLite format 3\0');
        }
        if ([2, 5, 10, 13].includes(plain[fh.pgno === 1 ? 100 : 0])) btreeFrames++;
        pending.set(fh.pgno, plain);
        if (fh.commitSize) {
          for (const [p, b] of pending) committed.set(p, b);
          pending.clear();
        }
      }
      expect(frames).toBeGreaterThan(3);
      expect(page1Frames).toBeGreaterThan(0);
      expect(btreeFrames).toBe(frames);

      // sqlite_schema on page 1 names table t and its root page; its rows are Turso's rows.
      const schema = walkTable(committed, 1, usable);
      const t = schema.find((r) => r[1] === 'table' && r[2] === 't')!;
      expect(t).toBeDefined();
      const rows = walkTable(committed, t[4] as number, usable);
      expect(rows.length).toBe(ROWS);
      rows.forEach((r, i) => {
        const [id, name, x] = rowValues(i + 1);
        expect(r).toEqual([id, null, name, x]); // INTEGER PRIMARY KEY is stored as NULL, the rowid holds it
      });
      console.log(`${cipher.name}: ${pages.size} database pages and ${frames} WAL frames decrypted, ${rows.length} rows read`);

      // A wrong key is refused on page 1.
      const wrong = key.map((b) => b ^ 1);
      expect(() => decryptPage(file.subarray(0, pageSize), 1, cipher, wrong)).toThrow(/page 1 failed authentication/);
    });
  }
});
