/** Replays hunt lines (JSON on stdin): rebuilds the database and runs the SQL on both engines. */
import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BothEngines } from './run-both.js';
import { writeDb, type GenData } from './differential2-gen.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-replay-'));
const revive = (_k: string, v: unknown): unknown => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data) : v);
const lines = readFileSync(0, 'utf8').split('\n').filter((l) => l.trim());
let n = 0;
for (const l of lines) {
  const d = JSON.parse(l, revive) as { data: GenData; sql: string; extra?: string[] };
  const file = join(dir, `r${++n}.db`);
  writeDb(file, d.data);
  const both = new BothEngines(file);
  for (const q of [d.sql, ...(d.extra ?? [])]) {
    const e = JSON.stringify(both.expected(q, true));
    const a = JSON.stringify(both.actual(q, true));
    console.log((e === a ? 'same ' : 'DIFF ') + q + '\n  sqlite ' + e + (e === a ? '' : '\n  strata ' + a));
  }
  both.close();
}
