/**
 * Encryption through the public API, against the real Turso engine:
 * - Strata's SQL engine writes a new database encrypted after `PRAGMA cipher` / `PRAGMA hexkey`, and
 *   Turso opens it with the same key and reads the rows; Strata reads Turso's encrypted files
 *   through `{ cipher, hexkey }` options, a `file:` URI, or the PRAGMAs after opening;
 * - an encrypted file opened without a key refuses every statement with SQLITE_NOTADB naming the
 *   cipher, until the PRAGMAs are given; a second, different key is an error (Turso #2883); the
 *   PRAGMAs on a plain file that has pages are refused (that is `strata rekey`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@tursodatabase/database';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { sqliteErrorOf } from '../support/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-api-enc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'ab'.repeat(32);
const KEY16 = '3d'.repeat(16);

async function tursoAll(path: string, cipher: 'aegis256' | 'aegis128l' | 'aes256gcm', hexkey: string, sql: string): Promise<unknown[][]> {
  const t = await connect(path, { encryption: { cipher, hexkey }, experimental: ['encryption'] });
  try {
    return (await (await t.prepare(sql)).raw(true).all()) as unknown[][];
  } finally {
    t.close();
  }
}

describe('encryption through Database', () => {
  it('Strata writes with PRAGMA cipher/hexkey; Turso reads the rows', async () => {
    for (const [cipher, key] of [['aegis256', KEY], ['aegis128l', KEY16], ['aes256gcm', KEY]] as const) {
      const f = join(dir, `strata-${cipher}.db`);
      const db = new Database(f);
      db.pragma(`cipher = '${cipher}'`);
      db.pragma(`hexkey = '${key}'`);
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v)');
      const ins = db.prepare('INSERT INTO t(v) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 300; i++) ins.run(`value ${i} `.padEnd(40 + (i % 60), '.'));
      })();
      const ours = db.prepare('SELECT id, v FROM t ORDER BY id').raw(true).all();
      db.close();
      expect(ours).toHaveLength(300);
      expect(await tursoAll(f, cipher, key, 'SELECT id, v FROM t ORDER BY id')).toEqual(ours);
    }
  });

  it('reads a Turso-written file through options, a file: URI, and PRAGMAs after opening', async () => {
    const f = join(dir, 'turso.db');
    const t = await connect(f, { encryption: { cipher: 'aegis256', hexkey: KEY }, experimental: ['encryption'] });
    await t.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('alpha'), ('beta')");
    t.close();
    const expected = [[1, 'alpha'], [2, 'beta']];
    const viaOptions = new Database(f, { cipher: 'aegis256', hexkey: KEY });
    expect(viaOptions.prepare('SELECT * FROM notes').raw(true).all()).toEqual(expected);
    viaOptions.close();
    const viaUri = new Database(`file:${encodeURI(f)}?cipher=aegis256&hexkey=${KEY}`);
    expect(viaUri.prepare('SELECT * FROM notes').raw(true).all()).toEqual(expected);
    viaUri.close();

    const sealed = new Database(f);
    const e = sqliteErrorOf(() => sealed.prepare('SELECT * FROM notes').all());
    expect(e.code).toBe('SQLITE_NOTADB');
    expect(e.message).toContain('aegis256');
    sealed.pragma("cipher = 'AEGIS-256'");
    sealed.pragma(`hexkey = '${KEY}'`);
    expect(sealed.prepare('SELECT * FROM notes').raw(true).all()).toEqual(expected);
    expect(sealed.pragma('cipher', { simple: true })).toBe('aegis256');
    sealed.pragma(`hexkey = '${KEY}'`); // the same key again: fine
    expect(sqliteErrorOf(() => sealed.pragma(`hexkey = '${'cd'.repeat(32)}'`)).message).toMatch(/another key/);
    sealed.close();
  });

  it('a wrong key names page 1; PRAGMAs on a plain file with pages are refused', () => {
    const f = join(dir, 'strata-aegis256.db');
    const wrong = new Database(f);
    wrong.pragma("cipher = 'aegis256'");
    expect(sqliteErrorOf(() => wrong.pragma(`hexkey = '${'00'.repeat(32)}'`)).message).toMatch(/page 1/);
    wrong.close();
    const plain = join(dir, 'plain.db');
    const p = new Database(plain);
    p.exec('CREATE TABLE x(a)');
    p.pragma("cipher = 'aegis256'");
    expect(sqliteErrorOf(() => p.pragma(`hexkey = '${KEY}'`)).message).toMatch(/not encrypted.*rekey/);
    p.close();
  });
});
