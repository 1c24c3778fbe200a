/**
 * Runs `strata shell` in-process (runShell with in-memory streams) and the sqlite3 CLI on the same
 * database and input, returning raw stdout bytes, stderr text and the exit status of each.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runShell, type ShellCliOptions } from '../../../src/cli/shell/run.js';
import { SQLITE3_BIN } from '../../support/sqlite3-cli.js';

/** What a shell run printed. */
export interface ShellRun {
  stdout: Buffer;
  stderr: string;
  status: number | null;
}

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
}

/** Our shell on `input` (piped, non-interactive). Defaults to the better-sqlite3 engine. */
export async function runStrataShell(input: string, opts: ShellCliOptions = {}): Promise<ShellRun> {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new Collect();
  const stderr = new Collect();
  const status = await runShell({ engine: 'better-sqlite3', ...opts }, { stdin, stdout, stderr });
  return { stdout: Buffer.concat(stdout.chunks), stderr: Buffer.concat(stderr.chunks).toString('utf8'), status };
}

/** The sqlite3 CLI on `input` with `args` before the file name. */
export function runSqlite3Shell(file: string, input: string | Buffer, args: string[] = []): ShellRun {
  const r = spawnSync(SQLITE3_BIN, [...args, file], { input, maxBuffer: 1 << 28, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr.toString('utf8'), status: r.status };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-shell-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Shows bytes readably in a failure message. */
export function visible(b: Buffer): string {
  return JSON.stringify(b.toString('latin1'));
}

/** True when `s` has no lone surrogate (String.prototype.isWellFormed, typed here for ES2022 lib). */
export function wellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** True under `npm run test:shell` (STRATA_SHELL_LONG=1): property tests then run many more cases, unseeded. */
export const LONG = process.env.STRATA_SHELL_LONG === '1';

/** fast-check parameters: the seeded sample of `npm test`, or `long` unseeded runs under {@link LONG}. */
export function runs(seed: number, short: number, long: number): { seed?: number; numRuns: number } {
  return LONG ? { numRuns: long } : { seed, numRuns: short };
}

/** Per-test timeout: vitest's default, or half an hour for the long runs. */
export const TIMEOUT = LONG ? 1_800_000 : 120_000;
