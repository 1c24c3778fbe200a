/**
 * The `strata` command line (commander): `strata inspect FILE [--json VIEW [ARG]] [--raw]
 * [--cipher C --hexkey K]`.
 *
 * Exit codes: 0 success; 1 a SqliteError (printed to stderr as `Error: CODE: message`); 2 bad usage.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { isSqliteError } from '../error.js';
import { runInspect } from '../../inspector/cli.js';

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
