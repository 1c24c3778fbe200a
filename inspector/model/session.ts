/**
 * An inspection session: one database file opened read-only, seen either with its WAL applied (what
 * SQLite reads, like sqlite_dbpage) or raw (the file's own bytes, like showdb --raw).
 *
 * Everything is computed on demand and cached: opening reads only the header (and scans the WAL), so
 * the cost of a view follows what it shows, not the size of the file. The page map walks the whole
 * file and is computed only when asked for.
 *
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import { isSqliteError, SqliteError } from '../../src/error.js';
import { buildPageMap, type PageMap } from '../../src/btree/page-map.js';
import { readSchemaTable, type SchemaRow } from '../../src/btree/schema-table.js';
import { decodeShm, type DatabaseHeader, type ShmInfo, type TextEncoding } from '../../src/format/index.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { runSync } from '../../src/io/io-result.js';
import type { IO } from '../../src/io/file.js';
import { Pager, type PagerOptions } from '../../src/pager/pager.js';
import { scanWal, type WalScan } from '../../src/wal/wal-index.js';
import { createPageCipher } from '../../src/crypto/page-codec.js';

/** Which bytes a view shows: with the WAL's committed frames applied, or the database file alone. */
export type ViewMode = 'wal' | 'raw';

/** Options of {@link InspectSession.open}. */
export interface SessionOptions {
  /** Start in raw mode (default: WAL applied). */
  raw?: boolean;
  /** Cipher of a Turso-encrypted file (Turso's names and aliases: aegis256, aes-256-gcm, …). */
  cipher?: string;
  /** Its key in hex; with `cipher`, pages are decrypted, without them an encrypted file is "sealed". */
  hexkey?: string;
  /** Pager options (cache size, page codec for encrypted files). */
  pager?: Omit<PagerOptions, 'ignoreWal'>;
  /** File system (default node-sync). */
  io?: IO;
}

interface PerMode {
  pager: Pager;
  schema?: { rows: SchemaRow[]; error?: SqliteError };
  pageMap?: PageMap;
}

/** One open file under inspection. */
export class InspectSession {
  mode: ViewMode;
  private readonly modes: Partial<Record<ViewMode, PerMode>> = {};
  private walScanCache: WalScan | null | undefined;

  private constructor(
    readonly path: string,
    private readonly io: IO,
    private readonly options: SessionOptions,
  ) {
    this.mode = options.raw ? 'raw' : 'wal';
  }

  /**
   * Opens `path` read-only.
   * @throws SqliteError SQLITE_CANTOPEN, SQLITE_NOTADB (not a database, or encrypted without a key),
   *   SQLITE_CORRUPT (unusable header).
   */
  static open(path: string, options: SessionOptions = {}): InspectSession {
    if ((options.cipher === undefined) !== (options.hexkey === undefined))
      throw new SqliteError('SQLITE_MISUSE', 'give both --cipher and --hexkey (or neither)');
    if (options.cipher !== undefined) options = { ...options, pager: { ...options.pager, codec: createPageCipher(options.cipher, options.hexkey!) } };
    const s = new InspectSession(path, options.io ?? new NodeSyncIO(), options);
    s.state(s.mode); // open now so that errors surface at once
    return s;
  }

  private state(mode: ViewMode): PerMode {
    let st = this.modes[mode];
    if (!st) {
      st = { pager: Pager.open(this.io, this.path, { ...this.options.pager, ignoreWal: mode === 'raw', allowSealed: true }) };
      this.modes[mode] = st;
    }
    return st;
  }

  /** The pager of the current mode. */
  get pager(): Pager {
    return this.state(this.mode).pager;
  }

  /** The decoded header of the current mode (null for an empty file). */
  get header(): DatabaseHeader | null {
    return this.pager.dbHeader;
  }

  /** Text encoding for decoding records (UTF-8 when the header says 0). */
  get encoding(): TextEncoding {
    const e = this.header?.textEncoding ?? 1;
    return e === 0 ? 1 : e;
  }

  /** True when a `-wal` file lies beside the database. */
  get hasWal(): boolean {
    return existsSync(`${this.path}-wal`);
  }

  /** Switches between the WAL-applied and the raw view. */
  toggleMode(): ViewMode {
    this.mode = this.mode === 'wal' ? 'raw' : 'wal';
    return this.mode;
  }

  /** True when the file is encrypted and was opened without its key: pages cannot be decoded. */
  get sealed(): boolean {
    return this.pager.sealed;
  }

  /** sqlite_schema rows; `error` is set when the schema could not be read completely. */
  schema(): { rows: SchemaRow[]; error?: SqliteError } {
    const st = this.state(this.mode);
    if (!st.schema) {
      try {
        st.schema = { rows: runSync(() => readSchemaTable(st.pager, this.encoding)) };
      } catch (e) {
        if (!isSqliteError(e)) throw e;
        st.schema = { rows: [], error: e };
      }
    }
    return st.schema;
  }

  /** The page map (walks the whole file once, then cached). */
  pageMap(): PageMap {
    const st = this.state(this.mode);
    if (!st.pageMap) {
      const header = st.pager.dbHeader;
      if (!header) st.pageMap = { pages: [], findings: [] };
      else if (st.pager.sealed) {
        const pages = Array.from({ length: st.pager.pageCount }, (_x, i) => ({ pgno: i + 1, type: 'sealed' as const, owner: null, description: 'sealed (encrypted; no key given)' }));
        st.pageMap = { pages, findings: [] };
      }
      else {
        const trees = [{ name: 'sqlite_schema', rootpage: 1 }, ...this.schema().rows.filter((r) => r.rootpage > 0).map((r) => ({ name: r.name, rootpage: r.rootpage }))];
        st.pageMap = buildPageMap(st.pager, header, trees);
      }
    }
    return st.pageMap;
  }

  /** The scan of the `-wal` file (every frame with its verdict), or null when there is none. */
  walScan(): WalScan | null {
    if (this.walScanCache === undefined) {
      const p = `${this.path}-wal`;
      this.walScanCache = existsSync(p) ? scanWal(new Uint8Array(readFileSync(p))) : null;
    }
    return this.walScanCache;
  }

  /** The decoded `-shm` wal-index header and checkpoint info, or null when there is no -shm. */
  shm(): ShmInfo | null {
    const p = `${this.path}-shm`;
    if (!existsSync(p)) return null;
    const bytes = new Uint8Array(readFileSync(p));
    return bytes.length >= 136 ? decodeShm(bytes) : null;
  }

  /** Releases the files. */
  close(): void {
    for (const st of Object.values(this.modes)) st?.pager.close();
  }
}
