/**
 * The `npm run slt` command line:
 *
 * ```
 * npm run slt -- [--engine better-sqlite3|strata] [FILE…] [--sample N] [--seed S]
 *                [--max-seconds S] [--json FILE] [--failures N]
 * ```
 *
 * FILEs default to select1-5 + evidence/* of ../shared/conformance/sqllogictest; a FILE may be a
 * path or a name inside that directory (`select1`, `evidence/in1`). Prints one line per file as
 * it finishes (passed / failed / skipped, pass rate, time) with its first failures, then a total.
 * Failing records are data: the exit code is 0 unless the runner itself cannot work (bad
 * arguments, missing files, engine that will not load): then 2.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultFiles, displayName, resolveFile, SLT_DIR } from './corpus.js';
import { errorMessage } from './engine.js';
import { DEFAULT_ENGINE, ENGINES, loadEngine } from './engines/registry.js';
import { parseScript } from './parse.js';
import { formatFileResult, formatTotal, totals } from './report.js';
import { runScript, type RunOptions, type SltFileResult } from './run.js';

const USAGE = `usage: npm run slt -- [--engine ${Object.keys(ENGINES).join('|')}] [FILE...] [--sample N] [--seed S]
                      [--max-seconds S] [--json FILE] [--failures N]
  --engine NAME      engine under test (default ${DEFAULT_ENGINE})
  --sample N         run N randomly chosen queries per file (every statement still runs)
  --seed S           seed of the sample (default 1)
  --max-seconds S    stop running records after S seconds; the rest count as "not run"
  --json FILE        also write a JSON summary to FILE
  --failures N       failures shown per file (default 3; the JSON keeps up to 20)
FILEs default to select1-5 + evidence/* in ${SLT_DIR}`;

/** Where the CLI writes; tests pass collectors. */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleOutput: CliOutput = { out: (l) => console.log(l), err: (l) => console.error(l) };

function nonNegative(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a non-negative number, not '${v}'`);
  return n;
}

/**
 * Runs the command line `argv` (without node and script).
 * @returns the exit code: 0 when the run completed (whatever its failures), 2 when it could not.
 */
export async function runCli(argv: readonly string[], io: CliOutput = consoleOutput): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        engine: { type: 'string', default: DEFAULT_ENGINE },
        sample: { type: 'string' },
        seed: { type: 'string' },
        'max-seconds': { type: 'string' },
        json: { type: 'string' },
        failures: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${errorMessage(e)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    const sample = nonNegative('sample', values.sample);
    const seed = nonNegative('seed', values.seed) ?? 1;
    const maxSeconds = nonNegative('max-seconds', values['max-seconds']);
    const failuresShown = nonNegative('failures', values.failures) ?? 3;

    const files = positionals.length ? positionals.map((p) => resolveFile(p) ?? p) : defaultFiles();
    if (files.length === 0) throw new Error(`no test files: ${SLT_DIR} is absent and none were named`);
    const engine = await loadEngine(values.engine);

    const started = performance.now();
    const options: RunOptions = {
      sample,
      seed,
      deadline: maxSeconds === undefined ? undefined : started + maxSeconds * 1000,
    };
    const names = files.map((f) => displayName(f));
    const width = Math.max(5, ...names.map((n) => n.length));
    io.out(`engine: ${engine.name}` + (sample !== undefined ? `  sample: ${sample} queries/file, seed ${seed}` : ''));
    const results: SltFileResult[] = [];
    for (let i = 0; i < files.length; i++) {
      const script = parseScript(readFileSync(files[i], 'utf8'), names[i]);
      const r = runScript(script, engine, options);
      results.push(r);
      io.out(formatFileResult(r, width, failuresShown));
    }
    io.out(formatTotal(results, width));
    if (values.json) {
      const summary = {
        engine: engine.name,
        sample: sample ?? null,
        seed,
        maxSeconds: maxSeconds ?? null,
        seconds: (performance.now() - started) / 1000,
        total: totals(results),
        files: results,
      };
      writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
    }
    return 0;
  } catch (e) {
    io.err(`slt: ${errorMessage(e)}`);
    return 2;
  }
}
