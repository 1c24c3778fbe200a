/**
 * A VM host for the programs a PRAGMA runs inside its own computation (integrity_check's index
 * evaluations, foreign_key_check's SELECTs): the connection, but reading `source` (its pager, or
 * one serving pages read beforehand: pragma-integrity.ts preloadedSource) and taking no new read
 * snapshot in the Transaction opcode, since the pragma already reads one (a read transaction begun
 * per program could see another connection's later commit, and through connect() wait on I/O the
 * synchronous pragma cannot wait for).
 *
 * @module
 */
import type { VmHost } from '../engine/vdbe/vm.js';
import { ready } from '../io/io-result.js';
import type { Pager } from '../pager/pager.js';
import type { Connection } from './connection.js';

const READ = ready(true);

/** The host described in the module doc. */
export function snapshotHost(conn: Connection, source: Pager): VmHost {
  return {
    source,
    get encoding() {
      return conn.encoding;
    },
    functionContext: conn.functionContext,
    begin: (write) => (write ? conn.begin(true) : READ),
    writer: () => conn.writer(),
    countChange: (rowid) => conn.countChange(rowid),
    schemaChanged: () => conn.schemaChanged(),
    setCookie: (field, value) => conn.setCookie(field, value),
    readCookie: (field) => conn.readCookie(field),
  };
}
