import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../conformance/slt/cli.js';
import { haveShared } from './shared.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-slt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run slt (runCli)', () => {
  const script = join(dir, 'mini.test');
  writeFileSync(script, ['statement ok', 'CREATE TABLE t(a)', '', 'query I nosort', 'SELECT 1', '----', '2', '', 'onlyif oracle', 'statement ok', 'nonsense', ''].join('\n'));

  it('prints per-file counts, the first failures with expected vs got, and a total; failures still exit 0', async () => {
    const json = join(dir, 'summary.json');
    const r = await cli(script, '--json', json);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^engine: better-sqlite3 \(SQLite 3\.\d+\.\d+\)/);
    expect(r.out).toMatch(/mini\.test\s+passed\s+1\s+failed\s+1\s+skipped\s+1\s+50\.0%/);
    expect(r.out).toContain(`${script}:4: wrong-result: 1 values`);
    expect(r.out).toMatch(/expected:\n\s+2\n\s+got:\n\s+1/);
    expect(r.out).toMatch(/TOTAL\s+passed\s+1\s+failed\s+1\s+skipped\s+1/);
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.total).toMatchObject({ files: 1, records: 3, passed: 1, failed: 1, skipped: 1 });
    expect(summary.files[0].failures[0]).toMatchObject({ line: 4, kind: 'wrong-result', expected: ['2'], got: ['1'] });
  });

  it('runs the Strata engine (engines/strata.ts) with the same outcome as better-sqlite3', async () => {
    const r = await cli(script, '--engine', 'strata');
    expect(r.out).toMatch(/^engine: strata/);
    expect(r.out).toMatch(/mini\.test\s+passed\s+1\s+failed\s+1\s+skipped\s+1\s+50\.0%/);
  });

  it('exits 2 when the runner cannot work: unknown engine, bad numbers, missing files, unknown options', async () => {
    expect(await cli(script, '--engine', 'nope')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown engine 'nope'/) });
    expect(await cli(script, '--sample=-3')).toMatchObject({ code: 2, err: expect.stringMatching(/--sample wants a non-negative number/) });
    expect(await cli(join(dir, 'absent.test'))).toMatchObject({ code: 2, err: expect.stringMatching(/ENOENT/) });
    expect(await cli('--frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/usage: npm run slt/) });
    expect((await cli('--help')).code).toBe(0);
  });

  it.skipIf(!haveShared())('finds shared files by short name and samples them with a seed', async () => {
    const r = await cli('select1', 'evidence/in2', '--sample', '10', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/select1\.test\s+passed\s+41\s+failed\s+0\s+skipped\s+0\s+100%\s+\(unsampled 990\)/);
    // in2: 8 runnable statements (one is skipped for sqlite) + 10 sampled queries.
    expect(r.out).toMatch(/evidence\/in2\.test\s+passed\s+18\s+failed\s+0\s+skipped\s+1/);
  });

  it.skipIf(!haveShared())('stops at --max-seconds and counts the rest as not run', async () => {
    const r = await cli('select1', '--max-seconds', '0');
    expect(r.out).toMatch(/passed\s+0\s+failed\s+0\s+skipped\s+0\s+-\s+\(not run 1031\)/);
  });
});
