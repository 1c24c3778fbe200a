/**
 * The encryption settings of one connection, from its three sources, and the rules between them
 * (Turso's: the cipher and the key must both be known before the first page is read):
 *
 * | source                                   | how                                               |
 * |------------------------------------------|---------------------------------------------------|
 * | `new Database(f, { cipher, hexkey })`    | both or neither                                   |
 * | `file:x.db?cipher=aegis256&hexkey=…`     | both or neither (percent-decoded by uri.ts)       |
 * | `PRAGMA cipher = 'x'`, `PRAGMA hexkey = '…'` | any order, before the first page is read      |
 *
 * States: (1) nothing set; (2) cipher or key only; (3) both set, not yet used; (4) in use — the pager
 * decrypts with it. In state 4, setting the same cipher or key again is allowed and does nothing;
 * setting a different one is an error, never silently ignored (Turso's issue #2883): changing the
 * key of an open database is `strata rekey`'s job.
 *
 * @module
 */
import { cipherByName, parseHexKey, type Cipher } from '../crypto/cipher-registry.js';
import { createPageCipher, type PageCipher } from '../crypto/page-codec.js';
import { SqliteError } from '../error.js';

/** Tracks a connection's cipher and key (see the module doc for the states). */
export class EncryptionConfig {
  private cipher: Cipher | null = null;
  private hexkey: string | null = null;
  private active: PageCipher | null = null;

  /**
   * From `{ cipher, hexkey }` options or URI parameters (either may be absent, but not just one).
   * @throws SqliteError SQLITE_MISUSE when only one is given; the errors of {@link setCipher} and
   *   {@link setHexkey}.
   */
  static from(cipher: string | undefined, hexkey: string | undefined, source: string): EncryptionConfig {
    const c = new EncryptionConfig();
    if ((cipher === undefined) !== (hexkey === undefined)) throw new SqliteError('SQLITE_MISUSE', `${source}: cipher and hexkey go together; give both or neither`);
    if (cipher !== undefined) {
      c.setCipher(cipher);
      c.setHexkey(hexkey!);
    }
    return c;
  }

  /** The cipher's Turso name, or null when none is set (`PRAGMA cipher` with no value). */
  get cipherName(): string | null {
    return this.cipher?.name ?? null;
  }

  /** True when a cipher and key are both set. */
  get complete(): boolean {
    return this.cipher !== null && this.hexkey !== null;
  }

  /** True when the pager has started decrypting with them (state 4). */
  get inUse(): boolean {
    return this.active !== null;
  }

  /**
   * `PRAGMA cipher = name`.
   * @throws SqliteError SQLITE_ERROR for an unknown cipher, or a different cipher once in use; a key
   *   already given that does not fit the new cipher's key size.
   */
  setCipher(name: string): void {
    const c = cipherByName(name);
    if (this.active) {
      if (c.id !== this.active.cipher.id) throw new SqliteError('SQLITE_ERROR', `the database is already open with cipher ${this.active.cipher.name}; it cannot change to ${c.name} (use strata rekey)`);
      return;
    }
    if (this.hexkey !== null) parseHexKey(this.hexkey, c);
    this.cipher = c;
  }

  /**
   * `PRAGMA hexkey = '…'`.
   * @throws SqliteError SQLITE_ERROR for a key that is not hex or does not fit the cipher's key size,
   *   or for a different key once in use.
   */
  setHexkey(hex: string): void {
    const text = hex.trim();
    if (this.active) {
      const same = this.cipher !== null && Buffer.from(parseHexKey(text, this.cipher)).equals(Buffer.from(parseHexKey(this.hexkey!, this.cipher)));
      if (!same) throw new SqliteError('SQLITE_ERROR', 'the database is already open with another key; a key cannot be changed on an open database (use strata rekey)');
      return;
    }
    if (this.cipher) parseHexKey(text, this.cipher);
    else if (!/^[0-9a-fA-F]+$/.test(text)) throw new SqliteError('SQLITE_ERROR', 'hexkey must be hexadecimal digits');
    this.hexkey = text;
  }

  /**
   * The page codec to open the pager with, moving to state 4; undefined when nothing is set.
   * @throws SqliteError SQLITE_MISUSE when only the cipher or only the key is set.
   */
  codec(): PageCipher | undefined {
    if (this.active) return this.active;
    if (this.cipher === null && this.hexkey === null) return undefined;
    if (!this.complete) throw new SqliteError('SQLITE_MISUSE', this.cipher ? `PRAGMA cipher is ${this.cipher.name} but no hexkey was given` : 'a hexkey was given but no cipher (PRAGMA cipher)');
    this.active = createPageCipher(this.cipher!, this.hexkey!);
    return this.active;
  }
}
