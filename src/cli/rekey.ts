/**
 * `strata rekey FILE [--cipher C --hexkey K] [--new-cipher C2 --new-hexkey K2]`: change the key or
 * cipher of a Turso-encrypted database, decrypt it (no --new-*), or encrypt a plain one (no
 * --cipher), as a crash-safe whole-file rewrite (src/engine/rekey.ts) with a progress bar on stderr.
 *
 * @module
 */
import { SingleBar, Presets } from 'cli-progress';
import { createPageCipher } from '../crypto/page-codec.js';
import { SqliteError } from '../error.js';
import { rekeyFile, type RekeyResult } from '../engine/rekey.js';

/** Options of {@link runRekey}, as the CLI parses them. */
export interface RekeyArgs {
  file: string;
  cipher?: string;
  hexkey?: string;
  newCipher?: string;
  newHexkey?: string;
  /** Draw the progress bar (default: when stderr is a terminal). */
  progress?: boolean;
}

function codec(cipher: string | undefined, hexkey: string | undefined, what: string) {
  if ((cipher === undefined) !== (hexkey === undefined)) throw new SqliteError('SQLITE_MISUSE', `give both ${what} options (cipher and hexkey) or neither`);
  return cipher === undefined ? undefined : createPageCipher(cipher, hexkey!);
}

/**
 * Runs the rekey and prints one line saying what was done.
 * @throws SqliteError as `rekeyFile`; SQLITE_MISUSE for a cipher without a key (or the reverse), or
 *   when neither the old nor the new cipher is given.
 */
export function runRekey(a: RekeyArgs): RekeyResult {
  const from = codec(a.cipher, a.hexkey, '--cipher/--hexkey');
  const to = codec(a.newCipher, a.newHexkey, '--new-cipher/--new-hexkey');
  if (!from && !to) throw new SqliteError('SQLITE_MISUSE', 'nothing to do: give --cipher/--hexkey (the current key), --new-cipher/--new-hexkey (the new one), or both');
  const bar = (a.progress ?? process.stderr.isTTY) ? new SingleBar({ format: 'rekey [{bar}] {percentage}% | {value}/{total} {unit}', stream: process.stderr }, Presets.shades_classic) : null;
  let started = false;
  try {
    const r = rekeyFile(a.file, {
      from,
      to,
      onProgress: (done, total, unit) => {
        if (!bar) return;
        if (!started) bar.start(total, 0, { unit });
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    const what = !from ? `encrypted with ${to!.cipher.name}` : !to ? 'decrypted to a plain SQLite file' : `re-sealed with ${to.cipher.name}`;
    const how = r.rebuilt ? `, b-trees rebuilt for ${r.reservedBytes} reserved bytes per page` : '';
    process.stdout.write(`${a.file}: ${r.pages} pages of ${r.pageSize} bytes ${what}${how}\n`);
    return r;
  } catch (e) {
    bar?.stop();
    throw e;
  }
}
