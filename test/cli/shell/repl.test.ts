/**
 * The interactive shell: with a terminal on stdin, `strata shell` prints a banner (not with -q),
 * prompts `strata> ` and `   ...> ` while a statement is pending, draws results as the Turso-style
 * table by default, and stops at `.quit`.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runShell } from '../../../src/cli/shell/run.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function interactive(lines: string[], quiet: boolean): Promise<{ out: string; err: string; status: number }> {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new Collect();
  const stderr = new Collect();
  const done = runShell({ engine: 'better-sqlite3', quiet }, { stdin, stdout, stderr });
  for (const l of lines) stdin.write(`${l}\n`);
  stdin.end();
  const status = await done;
  // Drop readline's cursor/line-editing escapes.
  return { out: stdout.text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g'), ''), err: stderr.text, status };
}

describe('interactive shell', () => {
  it('prompts, continues multi-line statements, renders a table, stops at .quit', async () => {
    const r = await interactive(['SELECT 1 AS one,', "  'x' AS two", ';', 'selec;', '.quit', 'SELECT 2;'], false);
    expect(r.out).toContain('Connected to a transient in-memory database.');
    expect(r.out).toContain('strata> ');
    expect(r.out).toContain('   ...> ');
    expect(r.out).toContain('│ one │ two │');
    expect(r.out).toContain('│   1 │ x   │');
    expect(r.err).toBe('Parse error: near "selec": syntax error\n');
    expect(r.out).not.toContain('│ 2 │');
    expect(r.status).toBe(0);
  });

  it('-q leaves out the banner', async () => {
    const r = await interactive(['.mode list', 'SELECT 3;'], true);
    expect(r.out).not.toContain('Connected');
    expect(r.out).toContain('3\n');
  });
});

describe('a reader that goes away', () => {
  it('stops the shell quietly (status 0) once stdout fails with EPIPE, as `| head` does', async () => {
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        cb(writes > 1 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
      },
    });
    const stderr = new Collect();
    const stdin = new PassThrough();
    stdin.end('SELECT 1;\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x FROM c;\n.dump\nSELECT 2;\n');
    const status = await runShell({ engine: 'better-sqlite3' }, { stdin, stdout, stderr });
    expect(status).toBe(0);
    expect(stderr.text).toBe('');
    expect(writes).toBeLessThan(5);
  });
});
