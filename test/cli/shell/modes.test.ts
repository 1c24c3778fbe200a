/**
 * Every output mode against the sqlite3 3.40 CLI, byte for byte: the same database (written with
 * better-sqlite3 so values are exact), the same SELECT, our `-m MODE` (engine better-sqlite3)
 * versus `sqlite3 -MODE`, with headers on and off. Tricky fixed values plus seeded fast-check rows
 * of every storage class.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { TIMEOUT, runs, runSqlite3Shell, runStrataShell, tempDir, visible, wellFormed } from './harness.js';

type Cell = null | bigint | number | string | Buffer;

/** Our mode name → sqlite3's flag for the same drawing. */
const MODES: [string, string][] = [
  ['list', '-list'],
  ['csv', '-csv'],
  ['json', '-json'],
  ['line', '-line'],
  ['quote', '-quote'],
  ['box', '-box'],
  ['asciitable', '-table'],
];

const FIXED: Cell[][] = [
  [1n, 1.0, 'plain', Buffer.from('blob'), null],
  [-9223372036854775808n, 0.1 + 0.2, 'a"b,c', Buffer.from([0, 0xff]), 'x'],
  [9223372036854775807n, 1e20, 'line1\nline2', Buffer.alloc(0), ''],
  [0n, -0, "it's", Buffer.from('日本'), 'tab\there'],
  [42n, 1.5e-7, '日本語テキスト', null, 'cr\r\nlf'],
  [7n, Infinity, 'ctl\x01x', Buffer.from([1, 2, 3]), ' lead'],
  [8n, -Infinity, 'nul\0after', Buffer.from('a,b'), 'café'],
  [9n, 123456789012345680, '', Buffer.from('"q"'), 'end\n'],
  [10n, 5e-324, 'x'.repeat(70), null, '\t'],
  [11n, 1.7976931348623157e308, 'é́ combining', null, "'"],
];

function makeDb(path: string, rows: Cell[][]): void {
  const db = new Database(path);
  db.exec('CREATE TABLE t(a, b, "c d", e, "ü")');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => rows.forEach((r) => ins.run(...r)))();
  db.close();
}

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  fc.string({ unit: 'binary', maxLength: 12 }).filter(wellFormed),
  fc.stringMatching(/^[a-z ,"'\n\t|]{0,8}$/),
  fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
).filter((v) => typeof v !== 'number' || !Number.isNaN(v));

describe.skipIf(!sqlite3Available())('output modes vs sqlite3 3.40', () => {
  const tmp = tempDir();
  const fixedDb = join(tmp.dir, 'fixed.db');
  beforeAll(() => makeDb(fixedDb, FIXED));
  afterAll(() => tmp.cleanup());

  async function compare(file: string, mode: string, flag: string, header: boolean, sql: string): Promise<void> {
    const ours = await runStrataShell(`${header ? '.headers on\n' : ''}${sql}\n`, { target: file, mode });
    const theirs = runSqlite3Shell(file, `${sql}\n`, ['-batch', flag, header ? '-header' : '-noheader']);
    expect(theirs.stderr).toBe('');
    expect(ours.stderr).toBe('');
    expect(visible(ours.stdout), `${mode} header=${header}`).toBe(visible(theirs.stdout));
  }

  for (const [mode, flag] of MODES) {
    for (const header of [false, true]) {
      it(`${mode} ${header ? 'with' : 'without'} header: fixed values`, async () => {
        await compare(fixedDb, mode, flag, header, 'SELECT * FROM t;');
        await compare(fixedDb, mode, flag, header, 'SELECT a AS "x""y", 1, 2.0, NULL FROM t WHERE 0;');
        await compare(fixedDb, mode, flag, header, 'SELECT count(*), sum(b) FROM t WHERE typeof(b) = \'real\';');
      });
    }
  }

  it('generated rows, every mode, headers on and off (seeded)', { timeout: TIMEOUT }, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (rows) => {
        const file = join(tmp.dir, `gen${n++}.db`);
        makeDb(file, rows);
        for (const [mode, flag] of MODES) await compare(file, mode, flag, n % 2 === 0, 'SELECT * FROM t;');
      }),
      runs(20261126, 20, 1000),
    );
  });

  it('.mode csv switches to CRLF rows as sqlite3 does; .mode list and tabs', async () => {
    const script = '.mode csv\nSELECT a, c FROM t LIMIT 3;\n.mode list\nSELECT a, c FROM t LIMIT 3;\n.mode tabs\nSELECT a, b FROM t LIMIT 3;\n';
    const ours = await runStrataShell(script, { target: fixedDb });
    const theirs = runSqlite3Shell(fixedDb, script, ['-batch']);
    expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
  });
});
