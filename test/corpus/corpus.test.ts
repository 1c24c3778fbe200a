/**
 * The shipped corpus is what corpus/README.md and test/support/repo-corpus.ts say it is, as real
 * SQLite (the sqlite3 CLI) sees it, and corpus/make.sh rebuilds it byte for byte.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, REPO_CORPUS, REPO_WALS, corpusPath } from '../support/repo-corpus.js';
import { sqliteDbstat, sqliteIntegrityCheck, sqlitePragmaValue, sqliteRowsTyped, sqliteSchema, sqliteValues } from '../support/sqlite3.js';
import { sqlite3Version } from '../support/sqlite3-cli.js';
import type { SqlValue } from '../support/sql-value.js';

const bytes = (name: string): Buffer => readFileSync(corpusPath(name));
const u32 = (buf: Buffer, offset: number): number => buf.readUInt32BE(offset);
const values = (rows: SqlValue[][]): unknown[][] => rows.map((r) => r.map((v) => v.value));

/** Hashes of every file in corpus/, to prove the tests leave them alone. */
function corpusDigest(): Map<string, string> {
  return new Map(readdirSync(CORPUS_DIR).sort().map((n) => [n, createHash('sha256').update(readFileSync(join(CORPUS_DIR, n))).digest('hex')]));
}

let before: Map<string, string>;
beforeAll(() => {
  before = corpusDigest();
});
afterAll(() => {
  expect(corpusDigest()).toEqual(before);
});

describe('corpus/README.md', () => {
  const readme = readFileSync(join(CORPUS_DIR, 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .filter((l) => /^\| `[^`]+\.db` \|/.test(l))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

  it('has one line per shipped database, agreeing with repo-corpus.ts', () => {
    const fromReadme = rows.map(([file, pageSize, encoding, autoVacuum, pages, free, purpose]) => ({
      name: file.replaceAll('`', ''),
      pageSize: Number(pageSize),
      encoding,
      autoVacuum,
      pageCount: Number(pages),
      freelistCount: Number(free),
      purpose,
    }));
    expect(fromReadme).toEqual(REPO_CORPUS.map(({ sidecar: _s, ...rest }) => rest));
  });

  it('lists every .db in corpus/ and every file exists, under 5 MB in all', () => {
    const onDisk = readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.db')).sort();
    expect(onDisk).toEqual(REPO_CORPUS.map((f) => f.name));
    const total = readdirSync(CORPUS_DIR).reduce((sum, n) => sum + statSync(join(CORPUS_DIR, n)).size, 0);
    console.log(`corpus/: ${onDisk.length} databases, ${(total / 1e6).toFixed(2)} MB in all`);
    expect(total).toBeLessThan(5e6);
  });
});

describe.each(REPO_CORPUS)('$name', (f) => {
  const file = corpusPath(f.name);
  it('is sound and has the README page size, encoding, auto_vacuum, page and freelist counts', () => {
    expect(sqliteIntegrityCheck(file)).toEqual(['ok']);
    expect(Number(sqlitePragmaValue(file, 'page_size'))).toBe(f.pageSize);
    expect(sqlitePragmaValue(file, 'encoding')).toBe(f.encoding);
    expect(['none', 'full', 'incremental'][Number(sqlitePragmaValue(file, 'auto_vacuum'))]).toBe(f.autoVacuum);
    expect(Number(sqlitePragmaValue(file, 'page_count'))).toBe(f.pageCount);
    expect(Number(sqlitePragmaValue(file, 'freelist_count'))).toBe(f.freelistCount);
    const header = bytes(f.name);
    expect(header.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(header.readUInt16BE(16)).toBe(f.pageSize === 65536 ? 1 : f.pageSize);
    if (f.sidecar === undefined) expect(statSync(file).size).toBe(f.pageSize * f.pageCount);
  });
});

describe('what each file is for', () => {
  it('small page sizes give b-trees three levels deep', () => {
    const depth = (name: string): number => Math.max(...sqliteDbstat(corpusPath(name)).map((p) => p.path.split('/').length - 1));
    expect(depth('page-512.db')).toBe(3);
    expect(depth('page-65536.db')).toBe(1);
    const rows = sqliteRowsTyped(corpusPath('page-512.db'), 'items');
    expect(rows).toEqual(sqliteRowsTyped(corpusPath('page-65536.db'), 'items'));
    expect(rows).toHaveLength(800);
  });

  it('autovacuum-full.db has ptrmap pages 2, 105 and 208 and nothing else outside its b-trees', () => {
    const f = corpusPath('autovacuum-full.db');
    const used = new Set(sqliteDbstat(f).map((p) => p.pgno));
    const outside = Array.from({ length: 272 }, (_, i) => i + 1).filter((p) => !used.has(p));
    expect(outside).toEqual([2, 105, 208]);
    expect(u32(bytes('autovacuum-full.db'), 52)).toBeGreaterThan(0); // largest root page
    expect(u32(bytes('autovacuum-full.db'), 64)).toBe(0); // not incremental
    expect(u32(bytes('autovacuum-incremental.db'), 64)).toBe(1);
  });

  it('freelist.db has 3 trunk pages listing the other 339 free pages', () => {
    const buf = bytes('freelist.db');
    let trunk = u32(buf, 32);
    const trunks: number[] = [];
    let leaves = 0;
    while (trunk !== 0) {
      trunks.push(trunk);
      const at = (trunk - 1) * 512;
      leaves += u32(buf, at + 4);
      trunk = u32(buf, at);
    }
    expect(trunks).toHaveLength(3);
    expect(leaves).toBe(342 - 3);
    expect(u32(buf, 36)).toBe(342);
  });

  it('overflow.db has long chains and overflowing index keys on interior pages', () => {
    const f = corpusPath('overflow.db');
    const [[blob], [text]] = sqliteValues(f, "SELECT length(data) FROM blobs WHERE name = 'big' UNION ALL SELECT body FROM docs WHERE id = 1");
    expect(Number(blob.value)).toBeGreaterThan(190_000);
    const lines = Array.from({ length: 2000 }, (_, i) => `Line ${String(i + 1).padStart(5, '0')}: the quick brown fox jumps over the lazy dog.`);
    expect(text).toEqual({ type: 'text', value: lines.join('\n') });
    const pages = sqliteDbstat(f);
    const overflowOf = (name: string): number => pages.filter((p) => p.name === name && p.pagetype === 'overflow').length;
    expect(overflowOf('blobs')).toBeGreaterThan(200);
    expect(overflowOf('docs')).toBeGreaterThan(100);
    // an overflow page whose path is '/NNN+…' hangs off a cell of the root, which is interior
    for (const index of ['keys_k', 'wide']) {
      expect(pages.some((p) => p.name === index && p.pagetype === 'overflow' && /^\/[0-9a-f]+\+/.test(p.path))).toBe(true);
      expect(pages.find((p) => p.name === index && p.path === '/')?.pagetype).toBe('internal');
    }
  });

  it('reserved-bytes.db reserves 40 bytes per page', () => {
    expect(bytes('reserved-bytes.db')[20]).toBe(40);
  });

  it('empty.db has no schema, user_version 7 and application_id "STRA"', () => {
    const f = corpusPath('empty.db');
    expect(sqliteSchema(f)).toEqual([]);
    expect(sqlitePragmaValue(f, 'user_version')).toBe('7');
    expect(bytes('empty.db').subarray(68, 72).toString('latin1')).toBe('STRA');
  });

  it('values.db holds the extreme values exactly', () => {
    const rows = sqliteRowsTyped(corpusPath('values.db'), 'vals');
    const byLabel = new Map(rows.map((r) => [r[2].value as string, r[3]])); // [rowid, id, label, v, extra]
    expect(byLabel.get('i64 min')).toEqual({ type: 'integer', value: -(2n ** 63n) });
    expect(byLabel.get('i64 max')).toEqual({ type: 'integer', value: 2n ** 63n - 1n });
    expect(byLabel.get('2^53 + 1')).toEqual({ type: 'integer', value: 2n ** 53n + 1n });
    expect(Object.is(byLabel.get('real minus zero')?.value, -0)).toBe(true);
    expect(byLabel.get('real min subnormal')).toEqual({ type: 'real', value: 5e-324 });
    expect(byLabel.get('real 1e308')).toEqual({ type: 'real', value: 1e308 });
    expect(byLabel.get('real -inf')).toEqual({ type: 'real', value: -Infinity });
    expect(byLabel.get('text with NUL')).toEqual({ type: 'text', value: 'before\0after' });
    expect(byLabel.get('blob empty')).toEqual({ type: 'blob', value: new Uint8Array() });
    expect(byLabel.get('null')).toEqual({ type: 'null', value: null });
    expect(rows[0][4]).toEqual({ type: 'text', value: 'added later' }); // ADD COLUMN default
  });

  it('utf16le.db and utf16be.db hold the same non-ASCII words', () => {
    const le = sqliteRowsTyped(corpusPath('utf16le.db'), 'words');
    expect(sqliteRowsTyped(corpusPath('utf16be.db'), 'words')).toEqual(le);
    const words = le.map((r) => r[2].value); // [rowid, id, word, lang]
    for (const w of ['café', 'Ångström', 'e\u0301te', '日本語', '\u{20000}-ext-b', '😀', '👩‍💻', '🇫🇷', '']) expect(words).toContain(w);
  });

  it('schema.db has WITHOUT ROWID tables and DESC, expression and partial indexes', () => {
    const sql = sqliteSchema(corpusPath('schema.db')).map((e) => e.sql ?? '');
    expect(sql.filter((s) => s.endsWith('WITHOUT ROWID'))).toHaveLength(2);
    expect(sql.some((s) => s.includes('(born DESC, id)'))).toBe(true);
    expect(sql.some((s) => s.includes('(lower(email))'))).toBe(true);
    expect(sql.some((s) => s.startsWith('CREATE INDEX') && s.includes('WHERE score > 90'))).toBe(true);
    const edges = sqliteRowsTyped(corpusPath('schema.db'), 'edges').map((r) => [Number(r[0].value), Number(r[1].value)]);
    const sorted = [...edges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    expect(edges).toEqual(sorted);
  });

  it('sample.db is a small demo with foreign keys, a view, a trigger and an overflowing text', () => {
    const f = corpusPath('sample.db');
    expect(statSync(f).size).toBeLessThan(200_000);
    const types = sqliteSchema(f).map((e) => e.type);
    expect(types).toContain('view');
    expect(types).toContain('trigger');
    expect(values(sqliteValues(f, 'SELECT count(*) FROM pragma_foreign_key_check'))).toEqual([[0n]]);
    expect(values(sqliteValues(f, 'SELECT count(*) FROM elements'))).toEqual([[118n]]);
    expect(sqliteDbstat(f).some((p) => p.name === 'about' && p.pagetype === 'overflow')).toBe(true);
  });
});

/** Frames of a WAL read independently of src/: header, salts and the cumulative checksum (fileformat2 §4). */
function readWal(buf: Buffer) {
  const magic = u32(buf, 0);
  const bigEndian = (magic & 1) === 1;
  const pageSize = u32(buf, 8);
  const frameBytes = 24 + pageSize;
  let s0 = 0;
  let s1 = 0;
  const sum = (from: number, to: number): void => {
    for (let i = from; i < to; i += 8) {
      const a = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
      const b = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
      s0 = (s0 + a + s1) >>> 0;
      s1 = (s1 + b + s0) >>> 0;
    }
  };
  sum(0, 24);
  expect([s0, s1]).toEqual([u32(buf, 24), u32(buf, 28)]);
  const frames = Math.floor((buf.length - 32) / frameBytes);
  const commitFrames: number[] = [];
  for (let i = 0; i < frames; i++) {
    const at = 32 + i * frameBytes;
    if (u32(buf, at + 8) !== u32(buf, 16) || u32(buf, at + 12) !== u32(buf, 20)) break;
    sum(at, at + 8);
    sum(at + 24, at + frameBytes);
    if (s0 !== u32(buf, at + 16) || s1 !== u32(buf, at + 20)) break;
    if (u32(buf, at + 4) !== 0) commitFrames.push(i + 1);
  }
  return { magic, frames, trailingBytes: (buf.length - 32) % frameBytes, checkpointSeq: u32(buf, 12), commitFrames };
}

describe('the WAL files', () => {
  const accounts = (name: string): unknown[][] => values(sqliteRowsTyped(corpusPath(name), 'accounts'));

  it.each(REPO_WALS)('$name-wal has the frames repo-corpus.ts lists', (w) => {
    const wal = readWal(bytes(`${w.name}-wal`));
    expect(wal.magic).toBe(w.checksumOrder === 'be' ? 0x377f0683 : 0x377f0682);
    expect({ frames: wal.frames, trailingBytes: wal.trailingBytes, checkpointSeq: wal.checkpointSeq, commitFrames: wal.commitFrames }).toEqual({
      frames: w.frames,
      trailingBytes: w.trailingBytes,
      checkpointSeq: w.checkpointSeq,
      commitFrames: w.commitFrames,
    });
    expect(statSync(corpusPath(w.name)).size).toBe(1024 * w.dbFilePages);
  });

  it('SQLite reads wal-torn.db and wal-be.db exactly as wal.db, and the WAL matters', () => {
    const expected = accounts('wal.db');
    expect(expected).toHaveLength(239);
    expect(accounts('wal-torn.db')).toEqual(expected);
    expect(accounts('wal-be.db')).toEqual(expected);
    expect(expected.some((r) => (r[3] as bigint) < 0n)).toBe(false); // the torn commit set balances to -1
    const dir = mkdtempSync(join(tmpdir(), 'strata-corpus-'));
    try {
      copyFileSync(corpusPath('wal.db'), join(dir, 'alone.db'));
      expect(sqliteRowsTyped(join(dir, 'alone.db'), 'accounts')).toHaveLength(200); // the db file without its WAL
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SQLite applies only the restarted generation of wal-restart.db-wal', () => {
    const rows = accounts('wal-restart.db');
    expect(rows.find((r) => r[0] === 5n)?.[2]).toBe('restarted'); // [rowid, id, owner, balance]
    expect(rows.filter((r) => r[3] === -1n)).toHaveLength(2);
  });
});

describe('hot-journal.db', () => {
  it('rolls back on open: the spilled UPDATE disappears', () => {
    const journal = bytes('hot-journal.db-journal');
    expect(journal.subarray(0, 8).toString('hex')).toBe('d9d505f920a163d7');
    const f = corpusPath('hot-journal.db');
    expect(values(sqliteValues(f, 'SELECT count(*), sum(memo = lower(memo)), sum(amount > 0) FROM ledger'))).toEqual([[1500n, 1500n, 1500n]]);
    const dir = mkdtempSync(join(tmpdir(), 'strata-corpus-'));
    try {
      copyFileSync(f, join(dir, 'alone.db'));
      const changed = sqliteValues(join(dir, 'alone.db'), 'SELECT sum(memo <> lower(memo)), sum(amount < 0) FROM ledger');
      expect(values(changed)).toEqual([[1299n, 1299n]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs corpus/make.sh into `dir`; resolves with its exit status and stderr. */
function makeInto(dir: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', [join(CORPUS_DIR, 'make.sh'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => done({ status, stderr }));
  });
}

const python3 = spawnSync('python3', ['--version']).status === 0;

describe('corpus/make.sh', () => {
  if (!python3) console.warn('skipped corpus/make.sh determinism: python3 (used by corpus/surgery.py) is not installed');
  it.skipIf(!python3)('is deterministic: two runs give identical bytes', async () => {
    const a = mkdtempSync(join(tmpdir(), 'strata-make-a-'));
    const b = mkdtempSync(join(tmpdir(), 'strata-make-b-'));
    try {
      const runs = await Promise.all([a, b].map((dir) => makeInto(dir)));
      expect(runs).toEqual([{ status: 0, stderr: '' }, { status: 0, stderr: '' }]);
      const names = readdirSync(a).sort();
      expect(readdirSync(b).sort()).toEqual(names);
      for (const n of names) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n))), n).toBe(true);
      const shipped = readdirSync(CORPUS_DIR).filter((n) => /\.db(-wal|-journal)?$/.test(n)).sort();
      expect(names).toEqual(shipped);
      if (sqlite3Version() === '3.40.1') {
        for (const n of names) expect(readFileSync(join(a, n)).equals(readFileSync(corpusPath(n))), n).toBe(true);
      } else {
        console.log(`skipped comparing with the committed corpus: it was made by sqlite3 3.40.1, this is ${sqlite3Version()}`);
      }
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
