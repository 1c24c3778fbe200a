/**
 * `npm run bench [-- NAME…]`: runs every `bench/*.bench.ts` in turn, each in its own Node process
 * (so one benchmark's JIT state and garbage do not colour the next), with the same loader flags
 * this runner got from tsx. With names, runs only the files whose name contains one of them; options
 * (arguments starting with `-`, e.g. `--quick`) are passed on to every benchmark.
 * Exits non-zero when any benchmark does.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const options = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

if (files.length === 0) {
  console.log(`no benchmark matches ${filters.join(', ') || '*.bench.ts'}`);
}
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file} ==`);
  const result = spawnSync(process.execPath, [...process.execArgv, join(here, file), ...options], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
