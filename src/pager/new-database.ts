/**
 * Page 1 of a new, empty database: the 100-byte header (fileformat2 §1.3) as Strata writes it,
 * and an empty sqlite_schema table-leaf page after it (§1.6).
 *
 * @module
 */
import { encodeDatabaseHeader, type DatabaseHeader } from '../format/index.js';

/** SQLITE_VERSION_NUMBER written at header offset 96 by Strata's commits. */
export const WRITER_VERSION_NUMBER = 3053000;

/**
 * The header of a new database in WAL mode (read and write versions 2), one page, nothing free.
 * @param pageSize - bytes per page (512..65536, a power of two).
 * @param reservedBytes - bytes reserved at the end of each page (an encryption codec's nonce + tag).
 */
export function newDatabaseHeader(pageSize: number, reservedBytes: number): DatabaseHeader {
  return {
    magic: 'SQLite format 3\0',
    pageSize,
    writeVersion: 2,
    readVersion: 2,
    reservedSpace: reservedBytes,
    maxPayloadFraction: 64,
    minPayloadFraction: 32,
    leafPayloadFraction: 32,
    changeCounter: 0,
    pageCount: 1,
    freelistTrunk: 0,
    freelistCount: 0,
    schemaCookie: 0,
    schemaFormat: 4,
    defaultCacheSize: 0,
    largestRootPage: 0,
    textEncoding: 1,
    userVersion: 0,
    incrementalVacuum: 0,
    applicationId: 0,
    reserved: new Uint8Array(20),
    versionValidFor: 0,
    sqliteVersion: WRITER_VERSION_NUMBER,
  };
}

/** Page 1 of an empty database with header `h`: the header, then an empty sqlite_schema leaf. */
export function newDatabasePage(h: DatabaseHeader, pageSize: number, usableSize: number): Uint8Array {
  const page = new Uint8Array(pageSize);
  page.set(encodeDatabaseHeader(h), 0);
  // Table-leaf b-tree header at offset 100: type 13, no freeblock, 0 cells, content at the end.
  page[100] = 13;
  const contentStart = usableSize === 65536 ? 0 : usableSize;
  page[105] = (contentStart >> 8) & 0xff;
  page[106] = contentStart & 0xff;
  return page;
}
