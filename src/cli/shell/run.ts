/**
 * `strata shell [FILE|URI] [-m MODE] [-q] [-e] [--readonly] [--cipher C --hexkey K]`: the entry
 * point behind src/cli/main.ts.
 *
 * - stdin not a terminal: the whole input is read and run as a script; mode `list` unless `-m`;
 *   no banner; exit status 1 when any statement or dot-command failed (sqlite3 and tursodb do so).
 * - stdin a terminal: the REPL (repl.ts), mode `table` (Turso's pretty table) unless `-m`, with a
 *   banner unless `-q`.
 *
 * `-e` echoes each statement before its output. `--engine better-sqlite3` (hidden, for tests and
 * development) runs the SQL on SQLite itself instead of Strata's engine.
 *
 * @module
 */
import type { Readable, Writable } from 'node:stream';
import type { EngineName } from './engine.js';
import { isModeName, MODE_NAMES } from './render/index.js';
import { runRepl } from './repl.js';
import { Shell } from './shell.js';
import { OutputClosedError } from './errors.js';

/** Command-line options of `strata shell`. */
export interface ShellCliOptions {
  /** Database path, ':memory:' or `file:` URI (default ':memory:'). */
  target?: string;
  mode?: string;
  quiet?: boolean;
  echo?: boolean;
  readonly?: boolean;
  cipher?: string;
  hexkey?: string;
  /** 'strata' (default) or 'better-sqlite3'. */
  engine?: string;
}

/** The streams the shell talks to (process.* by default; tests pass their own). */
export interface ShellStreams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs the shell to the end of its input.
 * @returns the exit status: 0, 1 after any error in a script (or a failed open), 2 for bad usage,
 *   or the code given to `.exit`.
 */
export async function runShell(opts: ShellCliOptions, streams: ShellStreams = process): Promise<number> {
  const interactive = streams.stdin.isTTY === true;
  const engine = (opts.engine ?? 'strata') as EngineName;
  if (engine !== 'strata' && engine !== 'better-sqlite3') {
    streams.stderr.write(`Error: unknown engine "${opts.engine}" (strata or better-sqlite3)\n`);
    return 2;
  }
  const mode = opts.mode?.toLowerCase() ?? (interactive ? 'table' : 'list');
  if (!isModeName(mode)) {
    streams.stderr.write(`Error: mode should be one of: ${MODE_NAMES.join(' ')}\n`);
    return 2;
  }
  // A reader that goes away (`| head`) closes stdout: EPIPE ends the run quietly, as sqlite3's does.
  streams.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  const shell = new Shell({
    engine,
    mode,
    interactive,
    echo: opts.echo ?? false,
    out: (bytes) => {
      if (streams.stdout.destroyed || streams.stdout.writableEnded) throw new OutputClosedError();
      streams.stdout.write(Buffer.from(bytes, 'latin1'));
    },
    err: (text) => streams.stderr.write(text),
  });
  const target = opts.target ?? ':memory:';
  if (!(await shell.open(target, { readonly: opts.readonly, cipher: opts.cipher, hexkey: opts.hexkey }))) return 1;
  try {
    if (interactive) {
      if (!opts.quiet) {
        streams.stdout.write(
          `Strata shell\nEnter ".help" for usage hints.\n` +
            (target === ':memory:' ? 'Connected to a transient in-memory database.\n' : `Connected to ${target}.\n`),
        );
      }
      await runRepl(shell, streams.stdin, streams.stdout);
      return shell.exitCode ?? 0;
    }
    await shell.feedText(await readAll(streams.stdin));
    return shell.exitCode ?? (shell.errors > 0 ? 1 : 0);
  } finally {
    shell.close();
  }
}
