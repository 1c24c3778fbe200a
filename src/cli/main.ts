/**
 * The `strata` command line (commander): `strata inspect FILE [--json VIEW [ARG]] [--raw]
 * [--cipher C --hexkey K]` and `strata rekey FILE [--cipher C --hexkey K] [--new-cipher C2 --new-hexkey K2]`.
 *
 * Exit codes: 0 success; 1 a SqliteError (printed to stderr as `Error: CODE: message`); 2 bad usage.
 *
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { isSqliteError } from '../error.js';
import { runInspect } from '../../inspector/cli.js';
import { runRekey } from './rekey.js';
import { runShell } from './shell/run.js';

const program = new Command();
program.name('strata').description('SQLite file-format toolkit and inspector').exitOverride();

program
  .command('inspect')
  .description('inspect a database file: the TUI, or one JSON view for scripts')
  .argument('<file>', 'database file (its -wal, -shm and -journal are read when present)')
  .option('--json <view>', 'print one JSON view: header | pages | page N | rows NAME | wal | freelist | ptrmap | check')
  .option('--raw', 'show the database file as it is, without applying the WAL')
  .option('--cipher <name>', 'cipher of a Turso-encrypted file (aegis256, aes256gcm, …)')
  .option('--hexkey <hex>', 'encryption key in hex')
  .argument('[arg]', 'argument of the JSON view (page number or table name)')
  .action(async (file: string, arg: string | undefined, opts: { json?: string; raw?: boolean; cipher?: string; hexkey?: string }) => {
    await runInspect({ file, view: opts.json, arg, raw: opts.raw ?? false, cipher: opts.cipher, hexkey: opts.hexkey });
  });

program
  .command('rekey')
  .description('change the key or cipher of an encrypted database, decrypt it, or encrypt a plain one (crash-safe whole-file rewrite)')
  .argument('<file>', 'database file; its WAL is checkpointed first, and no other connection may use it')
  .option('--cipher <name>', 'current cipher (omit for a plain file)')
  .option('--hexkey <hex>', 'current key in hex')
  .option('--new-cipher <name>', 'new cipher (omit to decrypt to a plain file)')
  .option('--new-hexkey <hex>', 'new key in hex')
  .action((file: string, opts: { cipher?: string; hexkey?: string; newCipher?: string; newHexkey?: string }) => {
    runRekey({ file, ...opts });
  });

program
  .command('shell')
  .description('SQL shell: reads SQL from stdin when it is not a terminal, else an interactive prompt')
  .argument('[file]', "database file, ':memory:' (default) or a file: URI with ?cipher=…&hexkey=…")
  .option('-m, --mode <mode>', 'output mode: list csv json line quote table (pretty) box asciitable tabs')
  .option('-q, --quiet', 'no banner')
  .option('-e, --echo', 'print each statement before running it')
  .option('--readonly', 'open the database read-only')
  .option('--cipher <name>', 'cipher of a Turso-encrypted file (aegis256, aes256gcm, …)')
  .option('--hexkey <hex>', 'encryption key in hex')
  .addOption(new Option('--engine <engine>', 'SQL engine: strata or better-sqlite3 (development)').hideHelp())
  .action(async (file: string | undefined, opts: { mode?: string; quiet?: boolean; echo?: boolean; readonly?: boolean; cipher?: string; hexkey?: string; engine?: string }) => {
    process.exitCode = await runShell({ target: file, ...opts });
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (isSqliteError(e)) {
    process.stderr.write(`Error: ${e.code}: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
