/**
 * The seeded sample of the full sqllogictest run on Strata's engine (`npm run slt -- --engine strata`
 * is the whole of it): every statement of every file in ../shared/conformance/sqllogictest, and a
 * fixed sample of each file's queries, rendered as SQLite's C driver renders them; none may fail.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../conformance/slt/cli.js';
import { haveShared } from './shared.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-slt-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqllogictest on the strata engine (seeded sample)', () => {
  it.skipIf(!haveShared())('passes every sampled record of every file', async () => {
    const json = join(dir, 'summary.json');
    const out: string[] = [];
    const code = await runCli(['--engine', 'strata', '--sample', '40', '--seed', '11', '--json', json], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as { total: { files: number; passed: number; failed: number; skipped: number } };
    console.log(`slt sample (strata): ${summary.total.files} files, ${summary.total.passed} passed, ${summary.total.failed} failed, ${summary.total.skipped} skipped`);
    expect(summary.total.files).toBeGreaterThanOrEqual(10);
    expect(summary.total.failed, out.join('\n')).toBe(0);
    expect(summary.total.passed).toBeGreaterThan(1000);
  }, 300_000);
});
