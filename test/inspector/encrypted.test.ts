/**
 * The inspector on databases that the real Turso engine (@tursodatabase/database) encrypted, with
 * their WAL left un-checkpointed:
 * - with `cipher` + `hexkey`, every JSON view works on the decrypted pages, the rows are the rows
 *   Turso itself reads back, `check` finds nothing, and each page view carries the page's tag and
 *   nonce as stored at the end of the page (issue 3 §4);
 * - without a key, the header view still shows the clear fields and `encryption: { version, cipher }`,
 *   the page map marks every page sealed, and reading rows fails with SQLITE_NOTADB naming the cipher;
 * - a wrong key fails with an error naming the page that failed authentication; a missing hexkey, an
 *   unknown cipher and a key of the wrong length are refused with typed errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@tursodatabase/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectSession } from '../../inspector/model/session.js';
import { jsonView } from '../../inspector/cli.js';
import { cipherByName } from '../../src/crypto/cipher-registry.js';
import { sqliteErrorOf } from '../support/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-inspect-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type TursoCipher = 'aes256gcm' | 'aegis256' | 'aegis128l';
const CASES: { cipher: TursoCipher; hexkey: string }[] = [
  { cipher: 'aegis256', hexkey: 'b1'.repeat(32) },
  { cipher: 'aegis128l', hexkey: '5c'.repeat(16) },
  { cipher: 'aes256gcm', hexkey: '0f'.repeat(32) },
];

interface Written {
  path: string;
  /** Rows as Turso reads them back: [id, name, x]. */
  rows: unknown[][];
}
const written = new Map<string, Written>();

beforeAll(async () => {
  for (const { cipher, hexkey } of CASES) {
    const path = join(dir, `${cipher}.db`);
    const db = await connect(path, { encryption: { cipher, hexkey }, experimental: ['encryption'] });
    await db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, x REAL)');
    await db.exec('CREATE INDEX t_name ON t(name)');
    const ins = await db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    await db.exec('BEGIN');
    for (let i = 1; i <= 150; i++) await ins.run(i, `name ${i} `.padEnd(30 + (i % 40), '~'), i / 4);
    await db.exec('COMMIT');
    await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await db.exec("UPDATE t SET name = 'changed in the WAL' WHERE id % 10 = 0");
    const rows = (await (await db.prepare('SELECT id, name, x FROM t ORDER BY id')).raw(true).all()) as unknown[][];
    db.close();
    written.set(cipher, { path, rows });
  }
}, 120_000);


describe('inspecting Turso-encrypted files', () => {
  for (const { cipher, hexkey } of CASES) {
    it(`${cipher}: with the key, views read the decrypted pages; rows equal Turso's`, () => {
      const { path, rows } = written.get(cipher)!;
      const s = InspectSession.open(path, { cipher, hexkey });
      try {
        expect(s.sealed).toBe(false);
        const header = jsonView(s, 'header') as Record<string, unknown>;
        expect(header.encryption).toEqual({ version: 0, cipher, sealed: false });
        const c = cipherByName(cipher)!;
        expect(header.reservedSpace).toBe(c.nonceBytes + c.tagBytes);
        // Rows (WAL applied): [rowid, id, name, x]; the INTEGER PRIMARY KEY shows the rowid.
        const got = (jsonView(s, 'rows', 't') as unknown[][]).map((r) => r.slice(1));
        expect(got).toEqual(rows);
        expect(got.filter((r) => r[1] === 'changed in the WAL')).toHaveLength(15);
        // The index holds one entry per row.
        expect(jsonView(s, 'rows', 't_name') as unknown[][]).toHaveLength(rows.length);
        expect((jsonView(s, 'check') as { ok: boolean }).ok).toBe(true);
        const pages = jsonView(s, 'pages') as { type: string }[];
        expect(pages.some((p) => p.type === 'sealed')).toBe(false);
        for (let pgno = 1; pgno <= pages.length; pgno++) {
          const pv = jsonView(s, 'page', String(pgno)) as { sealed: { cipher: string; tag: string; nonce: string; encrypted: [number, number] } };
          expect(pv.sealed.cipher).toBe(cipher);
          expect(pv.sealed.tag).toHaveLength(2 * c.tagBytes);
          expect(pv.sealed.nonce).toHaveLength(2 * c.nonceBytes);
          expect(pv.sealed.encrypted).toEqual([pgno === 1 ? 100 : 0, (header.pageSize as number) - c.nonceBytes - c.tagBytes]);
        }
      } finally {
        s.close();
      }
    });

    it(`${cipher}: without the key, the header and a sealed page map; rows refused naming the cipher`, () => {
      const { path } = written.get(cipher)!;
      const s = InspectSession.open(path);
      try {
        expect(s.sealed).toBe(true);
        const header = jsonView(s, 'header') as Record<string, unknown>;
        expect(header.encryption).toEqual({ version: 0, cipher, sealed: true });
        expect(header.pageSize).toBe(4096);
        const pages = jsonView(s, 'pages') as { type: string }[];
        expect(pages.length).toBeGreaterThan(2);
        expect(pages.every((p) => p.type === 'sealed')).toBe(true);
        const e = sqliteErrorOf(() => jsonView(s, 'rows', 't'));
        expect(e.code).toBe('SQLITE_NOTADB');
        expect(e.message).toContain(cipher);
      } finally {
        s.close();
      }
    });

    it(`${cipher}: a wrong key names the page that failed authentication`, () => {
      const { path } = written.get(cipher)!;
      const wrong = hexkey.replace(/^../, (h) => (h === '00' ? '01' : '00'));
      const e = sqliteErrorOf(() => {
        const s = InspectSession.open(path, { cipher, hexkey: wrong });
        try {
          jsonView(s, 'rows', 't');
        } finally {
          s.close();
        }
      });
      expect(e.pgno).toBe(1);
      expect(e.message).toMatch(/page 1/);
    });
  }

  it('refuses a cipher without a key, an unknown cipher, and a key of the wrong length', () => {
    const { path } = written.get('aegis256')!;
    expect(sqliteErrorOf(() => InspectSession.open(path, { cipher: 'aegis256' })).code).toBe('SQLITE_MISUSE');
    expect(sqliteErrorOf(() => InspectSession.open(path, { cipher: 'rot13', hexkey: '00'.repeat(32) })).message).toMatch(/rot13/);
    expect(sqliteErrorOf(() => InspectSession.open(path, { cipher: 'aegis256', hexkey: '00'.repeat(16) })).message).toMatch(/32/);
    // A real key for another cipher than the file's.
    expect(sqliteErrorOf(() => InspectSession.open(path, { cipher: 'aegis128l', hexkey: '5c'.repeat(16) })).message).toMatch(/aegis256|aegis128l/);
  });
});
