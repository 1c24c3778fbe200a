/**
 * Helpers for the TUI's ink-testing-library tests: key sequences, waiting for a frame, and where the
 * test files are (the repo's corpus/, and ../shared beside the repo when it exists).
 *
 * @module
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** Escape sequences of the keys the bindings name, as a terminal sends them. */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageDown: '\x1b[6~',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
} as const;

/** Waits `ms` milliseconds (Ink needs a tick between stdin.write and lastFrame). */
export function tick(ms = 30): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Writes each key to `stdin`, one tick apart. */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

/**
 * Polls `lastFrame` until it contains `text` or matches it (the page map walk runs after a first
 * frame; under load a key's frame can come later than one tick).
 * @returns the frame; throws after `timeoutMs` with the last frame in the message.
 */
export async function frameWith(lastFrame: () => string | undefined, text: string | RegExp, timeoutMs = 5000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = lastFrame() ?? '';
    if (typeof text === 'string' ? f.includes(text) : text.test(f)) return f;
    if (Date.now() > until) throw new Error(`no frame with ${String(text)}; last frame:\n${f}`);
    await tick(10);
  }
}

/** Absolute path of `rel` in the repository (this file is in inspector/tui/). */
export function repoFile(rel: string): string {
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
}

/** Absolute path of `rel` under ../shared (beside the repository), or null when ../shared is absent. */
export function sharedFile(rel: string): string | null {
  const p = fileURLToPath(new URL(`../../../shared/${rel}`, import.meta.url));
  return existsSync(p) ? p : null;
}

/**
 * Runs `query` on database `path` opened read-only by sqlite3 (better-sqlite3), on a copy of the
 * file and its -wal: opening a WAL database writes a -shm beside it, and corpus/ must stay clean.
 */
export function withSqliteCopy<T>(path: string, query: (db: Database.Database) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'strata-tui-'));
  try {
    for (const suffix of ['', '-wal']) if (existsSync(path + suffix)) copyFileSync(path + suffix, join(dir, `db${suffix}`));
    const db = new Database(join(dir, 'db'), { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
