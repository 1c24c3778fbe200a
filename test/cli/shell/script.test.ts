/**
 * Piped scripts through `strata shell` (engine better-sqlite3) and through the sqlite3 3.40 CLI:
 * same stdout bytes, same first stderr line per error (`Parse error near line N: …`,
 * `Runtime error near line N: … (CODE)`, dot-command errors), same exit status. sqlite3 also prints
 * the failing statement with a caret, which the shell cannot (no error offset from the engines):
 * only the first line of each error is compared.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { runSqlite3Shell, runStrataShell, tempDir, visible } from './harness.js';

/** Error lines without sqlite3's caret context (the two lines after a syntax error). */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /^(Parse error|Runtime error|Error:|ERROR:|Usage:)/.test(l));
}

describe.skipIf(!sqlite3Available())('scripts vs sqlite3 3.40', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  async function same(script: string, opts: { file?: string; flags?: string[]; readonly?: boolean; echo?: boolean } = {}): Promise<void> {
    const file = opts.file ?? ':memory:';
    const ours = await runStrataShell(script, { target: file, readonly: opts.readonly, echo: opts.echo });
    const theirs = runSqlite3Shell(file, script, ['-batch', ...(opts.flags ?? [])]);
    expect(visible(ours.stdout), script).toBe(visible(theirs.stdout));
    expect(errorLines(ours.stderr), script).toEqual(errorLines(theirs.stderr));
    expect(ours.status, script).toBe(theirs.status);
  }

  it('runs statements across lines, several per line, without a final semicolon', async () => {
    await same('SELECT 1;\nSELECT 2; SELECT 3;\nSELECT\n  4\n  ;\n\n-- comment\nSELECT 5 -- trailing\n;\nSELECT 6');
    await same('CREATE TABLE t(a);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO t VALUES (new.a + 1);\n  SELECT 1;\nEND;\nINSERT INTO t VALUES (1);\nSELECT * FROM t;\n');
    await same("SELECT 'a;b', \"x;y\" FROM (SELECT 1 AS \"x;y\");\nSELECT '/* not a comment */';\n/* a;\ncomment */ SELECT 7;\n");
  });

  it('reports parse errors with the line the statement began on, continues, exits 1', async () => {
    await same('SELECT 1;\nselec 2;\nSELECT 3;\n');
    await same('SELECT 1;\n\n  SELECT *\n  FROM nosuch;\nSELECT 2;\n');
    await same('SELECT 1; selec 2; SELECT 3;\nSELECT 4;\n');
    await same("SELECT 'unterminated");
  });

  it('reports runtime errors with the primary result code (none for SQLITE_ERROR)', async () => {
    await same('CREATE TABLE t(a UNIQUE);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\nSELECT count(*) FROM t;\n');
    await same('SELECT abs(-9223372036854775808);\nSELECT 2;\n');
    await same('CREATE TABLE c(x CHECK (x > 0));\nINSERT INTO c VALUES (0);\n');
  });

  it('refuses writes with --readonly as sqlite3 -readonly does', async () => {
    const file = join(tmp.dir, 'ro.db');
    runSqlite3Shell(file, 'CREATE TABLE t(a);\n');
    await same('INSERT INTO t VALUES (1);\nSELECT count(*) FROM t;\n', { file, readonly: true, flags: ['-readonly'] });
  });

  it('dot-command errors, .exit CODE, .quit', async () => {
    await same('.bogus\nSELECT 1;\n');
    await same('.headers on\n.headers maybe\nSELECT 1 AS a;\n.headers 0x10\nSELECT 1 AS a;\n.headers\n');
    await same('SELECT 1;\n.exit 3\nSELECT 2;\n');
    await same('SELECT 1;\n.quit\nSELECT 2;\n');
  });

  it('.read runs a file (nested, with its own line numbers); a missing file is an error', async () => {
    const inner = join(tmp.dir, 'inner.sql');
    const outer = join(tmp.dir, 'outer.sql');
    writeFileSync(inner, 'SELECT 10;\n\nselec 11;\nSELECT 12;\n');
    writeFileSync(outer, `SELECT 1;\n.read ${inner}\nSELECT 2;\n`);
    await same(`.read ${outer}\nSELECT 3;\n`);
    await same(`.read ${join(tmp.dir, 'missing.sql')}\nSELECT 1;\n`);
  });

  it('.open switches databases (each shell in its own directory)', async () => {
    const script = (dir: string): string =>
      `.open ${join(dir, 'a.db')}\nCREATE TABLE x(v);\nINSERT INTO x VALUES ('a');\n.open ${join(dir, 'b.db')}\n.tables\n.open --readonly ${join(dir, 'a.db')}\nSELECT * FROM x;\nINSERT INTO x VALUES ('b');\n`;
    const [d1, d2] = [tempDir(), tempDir()];
    try {
      const ours = await runStrataShell(script(d1.dir));
      const theirs = runSqlite3Shell(':memory:', script(d2.dir), ['-batch']);
      expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
      expect(errorLines(ours.stderr)).toEqual(errorLines(theirs.stderr));
      expect(ours.status).toBe(theirs.status);
    } finally {
      d1.cleanup();
      d2.cleanup();
    }
  });

  it('-e echoes each chunk of SQL and each dot-command as sqlite3 -echo', async () => {
    await same('SELECT 1; SELECT 2;\n.mode csv\n  SELECT 3,\n 4;\n-- c\nSELECT 5; -- tail\n', { echo: true, flags: ['-echo'] });
  });
});

describe.skipIf(!sqlite3Available())('syntax errors with context lines (Strata engine, which reports error offsets)', () => {
  const scripts = [
    'SELECT 1;\n  selec\n 2;\n',
    'SELECT 1; selec 2; SELECT 3;  \n',
    'SELECT 1 FROM (SELECT 2) WHERE 1 = 1 AND 2 = 2 AND 3 = 3 AND 4 = 4 AND 5 = 5 AND 6 = 6 AND 7 = 7 AND 8 = 8 AND  = 3 ;\n',
    "SELECT '日本語', 'ü' ,, 1;\n",
    "SELECT 'unterminated",
    'SELECT 1 +;\n/* comment */ SELECT (1;\n',
    `SELECT ${'x, '.repeat(40)} FROM;\n`,
  ];
  for (const script of scripts) {
    it(JSON.stringify(script.slice(0, 40)), async () => {
      const ours = await runStrataShell(script, { engine: 'strata' });
      const theirs = runSqlite3Shell(':memory:', script, ['-batch']);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
      expect(ours.status).toBe(theirs.status);
    });
  }
});
