/**
 * vitest globalSetup: corpus/ is test input and must come out of a test run byte for byte as it
 * went in. Opening one of its WAL files read-write and closing it checkpoints and deletes the
 * `-wal` (as SQLite does), which silently changes what every later test reads. Setup snapshots every
 * file of corpus/; teardown compares, puts back what changed, and fails the run naming the files.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from './repo-corpus.js';

let before: Map<string, Buffer> | null = null;

function snapshot(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(CORPUS_DIR)) out.set(name, readFileSync(join(CORPUS_DIR, name)));
  return out;
}

export function setup(): void {
  before = snapshot();
}

export function teardown(): void {
  if (!before) return;
  const after = snapshot();
  const changed: string[] = [];
  for (const [name, bytes] of before) {
    const now = after.get(name);
    if (!now || !now.equals(bytes)) {
      changed.push(now ? `${name} (modified)` : `${name} (deleted)`);
      writeFileSync(join(CORPUS_DIR, name), bytes);
    }
  }
  for (const name of after.keys()) {
    if (!before.has(name)) {
      changed.push(`${name} (created)`);
      rmSync(join(CORPUS_DIR, name), { force: true });
    }
  }
  if (changed.length) {
    // vitest reports an error thrown here but still exits 0: set the exit code as well.
    process.exitCode = 1;
    throw new Error(`a test changed corpus/ (restored now): ${changed.join(', ')}; open corpus files read-only or work on a copy`);
  }
}
