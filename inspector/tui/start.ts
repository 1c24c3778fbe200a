/**
 * `strata inspect FILE` without `--json`: opens the file and runs the TUI in the terminal's
 * alternate screen until the user quits.
 *
 * @module
 */
import { SqliteError } from '../../src/error.js';
import { InspectSession } from '../model/session.js';

/** Arguments of {@link startTui} (the CLI's). */
export interface TuiArgs {
  file: string;
  /** Start with the raw file (WAL not applied). */
  raw: boolean;
  cipher?: string;
  hexkey?: string;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

/**
 * Runs the TUI on `args.file`; resolves when the user quits.
 *
 * @throws SqliteError from opening the file (SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_CORRUPT);
 *   SQLITE_MISUSE when stdin is not a terminal or when only one of `cipher` / `hexkey` is given;
 *   errors of {@link createPageCipher} for an unknown cipher or a key of the wrong length.
 */
export async function startTui(args: TuiArgs): Promise<void> {
  if (!process.stdin.isTTY) throw new SqliteError('SQLITE_MISUSE', 'the inspector TUI needs a terminal; use --json VIEW in scripts');
  const session = InspectSession.open(args.file, { raw: args.raw, cipher: args.cipher, hexkey: args.hexkey });
  // React's development build logs every render's changed props (and chokes on bigint values in
  // them); the inspector runs on the production build unless told otherwise. React is loaded only
  // after this line, by the imports below.
  process.env.NODE_ENV ??= 'production';
  const [{ createElement }, { render }, { App }] = await Promise.all([import('react'), import('ink'), import('./app.js')]);
  process.stdout.write(ENTER_ALT_SCREEN);
  try {
    const app = render(createElement(App, { session }), { exitOnCtrlC: true });
    await app.waitUntilExit();
  } finally {
    process.stdout.write(LEAVE_ALT_SCREEN);
    session.close();
  }
}
