/**
 * `strata/format`: pure byte codecs of the SQLite file format (decode and encode). Knows nothing of
 * files; every decoder takes the page number it applies to so errors say `page N, offset M`.
 *
 * @module
 */
export * from './value.js';
export * from './varint.js';
export * from './text.js';
export * from './serial-type.js';
export * from './record.js';
export * from './db-header.js';
export * from './payload.js';
export * from './btree-page-header.js';
export * from './cell.js';
export * from './btree-page.js';
export * from './overflow.js';
export * from './freelist.js';
export * from './ptrmap.js';
export * from './lock-byte.js';
export * from './wal.js';
export * from './journal.js';
export * from './shm.js';
export * from './turso-header.js';
