/**
 * Long-mode hunter for the wider differential generator: runs `STRATA_DIFF2_QUERIES` generated
 * queries (default 20,000) from seed `STRATA_DIFF2_SEED` and prints every disagreement as a JSON
 * line (`kind`: wrong = both answered differently, strata-error = only Strata failed, accepted =
 * only SQLite failed), then a summary. Not a vitest file: `npx tsx test/engine/translate/differential2-hunt.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BothEngines } from './run-both.js';
import { dataArb, queryArb, writeDb } from './differential2-gen.js';

const total = Number(process.env.STRATA_DIFF2_QUERIES ?? 20000);
const seed = Number(process.env.STRATA_DIFF2_SEED ?? 1);
const perDb = 25;
const dir = mkdtempSync(join(tmpdir(), 'strata-hunt-'));
const counts = { run: 0, wrong: 0, strataError: 0, accepted: 0, bothError: 0 };
const samples = fc.sample(fc.tuple(dataArb, fc.array(queryArb, { minLength: perDb, maxLength: perDb })), { numRuns: Math.ceil(total / perDb), seed });
let n = 0;
for (const [data, queries] of samples) {
  const file = join(dir, `h-${++n}.db`);
  writeDb(file, data);
  const both = new BothEngines(file);
  try {
    for (const q of queries) {
      counts.run++;
      const exp = both.expected(q.sql, q.ordered);
      let act;
      try {
        act = both.actual(q.sql, q.ordered);
      } catch (e) {
        act = { error: 'THROWN ' + String(e) };
      }
      const ee = 'error' in exp;
      const ae = 'error' in act;
      let kind = '';
      if (ee && ae) counts.bothError++;
      else if (ee) { kind = 'accepted'; counts.accepted++; }
      else if (ae) { kind = 'strata-error'; counts.strataError++; }
      else if (JSON.stringify(exp) !== JSON.stringify(act)) { kind = 'wrong'; counts.wrong++; }
      if (kind) console.log(JSON.stringify({ kind, db: n, sql: q.sql, ordered: q.ordered, exp, act, data: kind === 'wrong' || !('error' in act && act.error === 'row value misused') ? data : undefined }, (_k, v) => (typeof v === 'bigint' ? v.toString() + 'n' : v)));
    }
  } finally {
    both.close();
    rmSync(file, { force: true });
  }
}
rmSync(dir, { recursive: true, force: true });
console.error(JSON.stringify(counts));
