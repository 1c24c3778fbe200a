/**
 * Re-keying (src/engine/rekey.ts) against the real engines: Turso writes an encrypted database and
 * leaves its WAL un-checkpointed; Strata changes its key and cipher, and Turso reads the same rows
 * with the new key only; Strata decrypts one to a plain file that sqlite3 reads and finds intact;
 * Strata encrypts a plain sqlite3 file that reserves 48 bytes per page, and Turso reads it.
 * Refusals (different reserved size, wrong key) leave the file as it was. A rekey killed at random
 * moments (SIGKILL of the process doing it) leaves a file that opens with exactly one of the two
 * keys and holds all the rows.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@tursodatabase/database';
import { afterAll, describe, expect, it } from 'vitest';
import { createPageCipher } from '../../src/crypto/page-codec.js';
import { sqliteErrorOf } from '../support/errors.js';
import { rekeyFile } from '../../src/engine/rekey.js';
import { REPO_ROOT, integrityOk } from '../support/shared.js';
import { withOpenableCopy } from '../support/sidecars.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-rekey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type TursoCipher = 'aes256gcm' | 'aegis256' | 'aegis256x2' | 'aegis128l';
const KEY_A = 'a1'.repeat(32);
const KEY_B = '7e'.repeat(32);
const ROWS = 400;
const row = (i: number): [number, string] => [i, `row ${i} `.padEnd(40 + (i % 90), '#')];

async function tursoWrite(path: string, cipher: TursoCipher, hexkey: string): Promise<void> {
  const db = await connect(path, { encryption: { cipher, hexkey }, experimental: ['encryption'] });
  await db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)');
  const ins = await db.prepare('INSERT INTO t VALUES (?, ?)');
  await db.exec('BEGIN');
  for (let i = 1; i <= ROWS / 2; i++) await ins.run(...row(i));
  await db.exec('COMMIT');
  await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await db.exec('BEGIN');
  for (let i = ROWS / 2 + 1; i <= ROWS; i++) await ins.run(...row(i)); // stays in the WAL
  await db.exec('COMMIT');
  db.close();
}

async function tursoRows(path: string, cipher: TursoCipher, hexkey: string): Promise<unknown[][]> {
  const db = await connect(path, { encryption: { cipher, hexkey }, experimental: ['encryption'] });
  try {
    return (await (await db.prepare('SELECT id, body FROM t ORDER BY id')).raw(true).all()) as unknown[][];
  } finally {
    db.close();
  }
}

const expectedRows = Array.from({ length: ROWS }, (_, i) => row(i + 1));


describe('rekeyFile', () => {
  it('changes key and cipher (aegis256 → aegis256x2) of a Turso file with an un-checkpointed WAL; Turso reads it with the new key only', async () => {
    const f = join(dir, 'change.db');
    await tursoWrite(f, 'aegis256', KEY_A);
    expect(existsSync(`${f}-wal`)).toBe(true);
    let last = [0, 0];
    const r = rekeyFile(f, { from: createPageCipher('aegis256', KEY_A), to: createPageCipher('aegis256x2', KEY_B), onProgress: (d, t) => (last = [d, t]) });
    expect(last).toEqual([r.pages, r.pages]);
    expect(existsSync(`${f}-wal`)).toBe(false);
    expect(existsSync(`${f}-rekey`)).toBe(false);
    expect(await tursoRows(f, 'aegis256x2', KEY_B)).toEqual(expectedRows);
    await expect(tursoRows(f, 'aegis256x2', KEY_A)).rejects.toThrow();
  });

  it('decrypts to a plain file that sqlite3 reads, integrity ok', async () => {
    const f = join(dir, 'plain.db');
    await tursoWrite(f, 'aegis128l', KEY_A.slice(0, 32));
    rekeyFile(f, { from: createPageCipher('aegis128l', KEY_A.slice(0, 32)) });
    expect(readFileSync(f).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(integrityOk(f)).toBe(true);
    const out = execFileSync('sqlite3', ['-json', f, 'SELECT id, body FROM t ORDER BY id'], { encoding: 'utf8' });
    expect((JSON.parse(out) as { id: number; body: string }[]).map((r) => [r.id, r.body])).toEqual(expectedRows);
  });

  it('encrypts a plain sqlite3 file that reserves 48 bytes per page; Turso reads it', async () => {
    const f = join(dir, 'enc.db');
    const values = expectedRows.map(([i, s]) => `(${i}, '${s}')`).join(',');
    writeFileSync(join(dir, 'load.sql'), `CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO t VALUES ${values};`);
    execFileSync('sqlite3', [f, `.read ${join(dir, 'load.sql')}`, '.filectrl reserve_bytes 48', 'VACUUM', 'PRAGMA journal_mode=WAL']);
    rekeyFile(f, { to: createPageCipher('aegis256', KEY_B) });
    expect(readFileSync(f).subarray(0, 5).toString('latin1')).toBe('Turso');
    expect(await tursoRows(f, 'aegis256', KEY_B)).toEqual(expectedRows);
  });

  it('changes to a cipher with another reserved size (aes256gcm → aegis256) by rebuilding the b-trees; Turso reads it', async () => {
    const f = join(dir, 'resize.db');
    await tursoWrite(f, 'aes256gcm', KEY_A);
    const r = rekeyFile(f, { from: createPageCipher('aes256gcm', KEY_A), to: createPageCipher('aegis256', KEY_B) });
    expect(r).toMatchObject({ rebuilt: true, reservedBytes: 48 });
    expect(readFileSync(f)[20]).toBe(48);
    expect(await tursoRows(f, 'aegis256', KEY_B)).toEqual(expectedRows);
  });

  it('refuses a wrong key, leaving the file as it was', async () => {
    const f = join(dir, 'refuse.db');
    await tursoWrite(f, 'aes256gcm', KEY_A);
    // Fold the WAL in first so that the bytes on disk can be compared before and after.
    rekeyFile(f, { from: createPageCipher('aes256gcm', KEY_A), to: createPageCipher('aes256gcm', KEY_A) });
    const before = readFileSync(f);
    const e = sqliteErrorOf(() => rekeyFile(f, { from: createPageCipher('aes256gcm', KEY_B), to: createPageCipher('aes128gcm', KEY_A.slice(0, 32)) }));
    expect(e.code).toBe('SQLITE_NOTADB');
    expect(e.message).toMatch(/page 1/);
    expect(readFileSync(f).equals(before)).toBe(true);
    expect(existsSync(`${f}-rekey`)).toBe(false);
    expect(await tursoRows(f, 'aes256gcm', KEY_A)).toEqual(expectedRows);
  });

  it('encrypts plain corpus files with no reserved bytes (rebuild), and decrypts them back: sqlite3 finds the same rows, integrity ok', () => {
    for (const name of ['sample.db', 'schema.db', 'overflow.db', 'autovacuum-full.db', 'utf16be.db', 'wal.db']) {
      const f = join(dir, `corpus-${name}`);
      // On a copy: sqlite3 closing a WAL file it opened read-write checkpoints the WAL away.
      withOpenableCopy(join(REPO_ROOT, 'corpus', name), (path, copied) => execFileSync('sqlite3', [...(copied ? [] : ['-readonly']), path, `VACUUM INTO '${f}'`]));
      const tables = execFileSync('sqlite3', [f, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"], { encoding: 'utf8' }).trim().split('\n');
      // Every table in its scan order (rowid or PRIMARY KEY order), values quoted as SQL literals.
      const dump = (path: string) => tables.map((t) => execFileSync('sqlite3', ['-cmd', '.mode quote', path, `SELECT * FROM "${t}"`], { encoding: 'utf8' })).join('\n');
      const before = dump(f);
      const key = '5a'.repeat(16);
      expect(rekeyFile(f, { to: createPageCipher('aegis128l', key) })).toMatchObject({ rebuilt: true, reservedBytes: 32 });
      expect(readFileSync(f).subarray(0, 5).toString('latin1'), name).toBe('Turso');
      rekeyFile(f, { from: createPageCipher('aegis128l', key) });
      expect(integrityOk(f), name).toBe(true);
      expect(dump(f), name).toBe(before);
    }
  });

  it('a rekey killed at random moments leaves the file readable with exactly one of the two keys', async () => {
    const base = join(dir, 'kill-base.db');
    await tursoWrite(base, 'aegis256', KEY_A);
    rekeyFile(base, { from: createPageCipher('aegis256', KEY_A), to: createPageCipher('aegis256', KEY_A) }); // WAL folded in
    const script = join(dir, 'rekey-child.ts');
    writeFileSync(
      script,
      `import { createPageCipher } from ${JSON.stringify(join(REPO_ROOT, 'src/crypto/page-codec.ts'))};
import { rekeyFile } from ${JSON.stringify(join(REPO_ROOT, 'src/engine/rekey.ts'))};
process.stdout.write('go\\n');
rekeyFile(process.argv[2], { from: createPageCipher('aegis256', '${KEY_A}'), to: createPageCipher('aegis256x2', '${KEY_B}') });
process.stdout.write('done\\n');
`,
    );
    const outcomes = { old: 0, new: 0 };
    const delays = [0, 2, 5, 10, 20, 40, 80];
    for (const [k, delay] of delays.entries()) {
      const f = join(dir, `kill-${k}.db`);
      copyFileSync(base, f);
      await new Promise<void>((resolve) => {
        // node itself with tsx's loader, so that SIGKILL reaches the process doing the work.
        const child = spawn(process.execPath, ['--import', 'tsx', script, f], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delay));
        child.on('exit', () => resolve());
      });
      const withNew = await tursoRows(f, 'aegis256x2', KEY_B).catch(() => null);
      const withOld = await tursoRows(f, 'aegis256', KEY_A).catch(() => null);
      expect([withNew, withOld].filter((r) => r !== null)).toHaveLength(1);
      expect(withNew ?? withOld).toEqual(expectedRows);
      outcomes[withNew ? 'new' : 'old']++;
    }
    console.log(`rekey killed at ${delays.length} moments: ${outcomes.old} left the old key, ${outcomes.new} the new one`);
  }, 120_000);

  it('strata rekey (the CLI): encrypt a plain file, then decrypt it back; sqlite3 reads the same rows', () => {
    const f = join(dir, 'cli.db');
    execFileSync('sqlite3', [f, '.filectrl reserve_bytes 32', 'CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)', "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) INSERT INTO t SELECT i, printf('body %d', i) FROM c", 'VACUUM']);
    const before = execFileSync('sqlite3', [f, 'SELECT * FROM t ORDER BY id'], { encoding: 'utf8' });
    const cli = (...args: string[]) => execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'strata.js'), 'rekey', f, ...args], { encoding: 'utf8' });
    const key = '3c'.repeat(16);
    expect(cli('--new-cipher', 'aegis128x2', '--new-hexkey', key)).toMatch(/: \d+ pages of 4096 bytes encrypted with aegis128x2/);
    expect(readFileSync(f).subarray(0, 5).toString('latin1')).toBe('Turso');
    expect(cli('--cipher', 'aegis128x2', '--hexkey', key)).toMatch(/decrypted to a plain SQLite file/);
    expect(integrityOk(f)).toBe(true);
    expect(execFileSync('sqlite3', [f, 'SELECT * FROM t ORDER BY id'], { encoding: 'utf8' })).toBe(before);
  });
});
