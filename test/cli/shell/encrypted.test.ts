/**
 * `strata shell --cipher C --hexkey K` and the `file:` URI form on Turso-encrypted databases, run on
 * Strata's engine. Oracle: the rows @tursodatabase/database reads back from the file it wrote.
 */
import { connect } from '@tursodatabase/database';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStrataShell, tempDir } from './harness.js';

const CASES: { cipher: 'aegis256' | 'aes256gcm'; hexkey: string }[] = [
  { cipher: 'aegis256', hexkey: 'b1'.repeat(32) },
  { cipher: 'aes256gcm', hexkey: '0f'.repeat(32) },
];

describe('shell on Turso-encrypted files (Strata engine)', () => {
  const tmp = tempDir();
  const expected = new Map<string, string>();
  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    for (const { cipher, hexkey } of CASES) {
      const db = await connect(join(tmp.dir, `${cipher}.db`), { encryption: { cipher, hexkey }, experimental: ['encryption'] });
      await db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
      await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      const rows = (await (await db.prepare('SELECT id, name FROM t ORDER BY id')).raw(true).all()) as [number, string][];
      db.close();
      expected.set(cipher, rows.map(([id, name]) => `${id}|${name}\n`).join(''));
    }
  }, 60_000);

  for (const { cipher, hexkey } of CASES) {
    it(`${cipher}: --cipher/--hexkey and file: URI read the rows Turso wrote`, async () => {
      const file = join(tmp.dir, `${cipher}.db`);
      const a = await runStrataShell('SELECT id, name FROM t ORDER BY id;\n', { target: file, engine: 'strata', cipher, hexkey, readonly: true });
      expect(a.stderr).toBe('');
      expect(a.stdout.toString('utf8')).toBe(expected.get(cipher));
      const b = await runStrataShell('SELECT id, name FROM t ORDER BY id;\n', { target: `file:${file}?cipher=${cipher}&hexkey=${hexkey}`, engine: 'strata', readonly: true });
      expect(b.stdout.toString('utf8')).toBe(expected.get(cipher));
    });
  }

  it('a wrong key or a missing key is an open error, exit 1', async () => {
    const file = join(tmp.dir, 'aegis256.db');
    const wrong = await runStrataShell('SELECT 1;\n', { target: file, engine: 'strata', cipher: 'aegis256', hexkey: 'b2'.repeat(32) });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^Error: unable to open database ".*": .*authentication/);
    const none = await runStrataShell('SELECT 1;\n', { target: file, engine: 'strata' });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/encrypted/);
  });
});
