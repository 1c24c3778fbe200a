/**
 * The fields of the 100-byte database header as the header pane lists them: offset, size, the name
 * fileformat2 §1.3 gives the field, the value, and a note when the value is odd (the layout itself is
 * drawn in src/format/db-header.ts).
 *
 * @module
 */
import type { DatabaseHeader } from '../../src/format/index.js';
import type { PageHint } from './state.js';

/** One field of the header pane. */
export interface HeaderField {
  /** Byte offset in the file. */
  offset: number;
  /** Bytes. */
  size: number;
  /** fileformat2's name for the field. */
  name: string;
  value: string;
  /** Set when the value is not what SQLite writes (drawn in red). */
  warning?: string;
  /** Page the field points to (and what it is), for Enter. */
  link?: { pgno: number; hint: PageHint };
}

const ENCODINGS: Record<number, string> = { 0: '0 (unset: UTF-8)', 1: '1 (UTF-8)', 2: '2 (UTF-16le)', 3: '3 (UTF-16be)' };

/** `3045001` → `3.45.1`. */
export function versionText(n: number): string {
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1000) % 1000}.${n % 1000}`;
}

/**
 * The header's fields, in file order.
 * @param pageCount - the database size the pager settled on (pages), to check the in-header size.
 */
export function headerFields(h: DatabaseHeader, pageCount: number): HeaderField[] {
  const f = (offset: number, size: number, name: string, value: string | number, warning?: string | false, link?: HeaderField['link']): HeaderField => ({
    offset,
    size,
    name,
    value: String(value),
    ...(warning ? { warning } : {}),
    ...(link && link.pgno ? { link } : {}),
  });
  const sizeValid = h.pageCount > 0 && h.changeCounter === h.versionValidFor;
  const reservedZero = h.reserved.every((b) => b === 0);
  return [
    f(0, 16, 'Header string', JSON.stringify(h.magic).replace('\\u0000', '\\0')),
    f(16, 2, 'Page size in bytes', h.pageSize),
    f(18, 1, 'File format write version', `${h.writeVersion} (${h.writeVersion === 2 ? 'WAL' : h.writeVersion === 1 ? 'legacy' : '?'})`, h.writeVersion !== 1 && h.writeVersion !== 2 && 'not 1 or 2'),
    f(19, 1, 'File format read version', `${h.readVersion} (${h.readVersion === 2 ? 'WAL' : h.readVersion === 1 ? 'legacy' : '?'})`, h.readVersion > 2 && 'read-only or unreadable to SQLite'),
    f(20, 1, 'Reserved space at end of each page', `${h.reservedSpace} bytes`),
    f(21, 1, 'Maximum embedded payload fraction', h.maxPayloadFraction, h.maxPayloadFraction !== 64 && 'must be 64'),
    f(22, 1, 'Minimum embedded payload fraction', h.minPayloadFraction, h.minPayloadFraction !== 32 && 'must be 32'),
    f(23, 1, 'Leaf payload fraction', h.leafPayloadFraction, h.leafPayloadFraction !== 32 && 'must be 32'),
    f(24, 4, 'File change counter', h.changeCounter),
    f(28, 4, 'In-header database size', `${h.pageCount} pages${sizeValid ? '' : ' (not valid: using the file size)'}`, sizeValid && h.pageCount !== pageCount && `pager uses ${pageCount}`),
    f(32, 4, 'First freelist trunk page', h.freelistTrunk, false, { pgno: h.freelistTrunk, hint: 'freelist-trunk' }),
    f(36, 4, 'Total number of freelist pages', h.freelistCount),
    f(40, 4, 'Schema cookie', h.schemaCookie),
    f(44, 4, 'Schema format number', h.schemaFormat, (h.schemaFormat < 1 || h.schemaFormat > 4) && h.pageCount > 1 && 'must be 1..4'),
    f(48, 4, 'Default page cache size', h.defaultCacheSize),
    f(52, 4, 'Largest root b-tree page (auto-vacuum)', h.largestRootPage === 0 ? '0 (not auto-vacuum)' : h.largestRootPage),
    f(56, 4, 'Database text encoding', ENCODINGS[h.textEncoding] ?? h.textEncoding, h.textEncodingRaw !== undefined && `stored ${h.textEncodingRaw}`),
    f(60, 4, 'User version', h.userVersion),
    f(64, 4, 'Incremental-vacuum mode', h.incrementalVacuum === 0 ? '0 (off)' : `${h.incrementalVacuum} (on)`),
    f(68, 4, 'Application ID', `${h.applicationId}${h.applicationId ? ` (0x${(h.applicationId >>> 0).toString(16)})` : ''}`),
    f(72, 20, 'Reserved for expansion', reservedZero ? 'zeros' : 'not zero', !reservedZero && 'must be zero'),
    f(92, 4, 'Version-valid-for number', h.versionValidFor),
    f(96, 4, 'SQLITE_VERSION_NUMBER', h.sqliteVersion ? `${h.sqliteVersion} (${versionText(h.sqliteVersion)})` : 0),
  ];
}
