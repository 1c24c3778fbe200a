/**
 * `npm run bench [-- NAME…]`: runs every `bench/*.bench.ts` in turn, each in its own Node process
 * (so one benchmark's JIT state and garbage do not colour the next). With names, runs only the files
 * whose name contains one of them; options (arguments starting with `-`, e.g. `--quick`) are passed
 * on to every benchmark. Exits non-zero when any benchmark does.
 *
 * What is measured is the JavaScript tsc emits (bench/tsconfig.json → `.bench-build/`, compiled
 * first; about 15 s), the same code `import 'strata'` loads from `dist/`. tsx, which runs the tests
 * and scripts, transpiles with esbuild's keepNames: every class is renamed after its definition,
 * which makes V8's `instanceof` on it several times slower and would charge the engine for the
 * loader. `--tsx` runs the .ts files through tsx instead (as before).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const viaTsx = process.argv.includes('--tsx');
const options = process.argv.slice(2).filter((a) => a.startsWith('-') && a !== '--tsx');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

if (files.length === 0) {
  console.log(`no benchmark matches ${filters.join(', ') || '*.bench.ts'}`);
}
const built = join(here, '..', '.bench-build', 'bench');
if (files.length > 0 && !viaTsx) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log('tsc failed: nothing measured');
    process.exit(1);
  }
}
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file} ==`);
  // --expose-gc: a benchmark may collect garbage between its timed cases when asked (sql.bench.ts --gc).
  const args = viaTsx ? [...process.execArgv, '--expose-gc', join(here, file)] : ['--expose-gc', join(built, file.replace(/\.ts$/, '.js'))];
  const result = spawnSync(process.execPath, [...args, ...options], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
