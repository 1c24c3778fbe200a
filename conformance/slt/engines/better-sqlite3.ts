/**
 * sqllogictest adapter for better-sqlite3 (the oracle: it bundles SQLite 3.53 and passes every
 * record of select1-5 + evidence).
 *
 * `exec` is `Database.exec`, which runs every statement in the string, as `sqlite3_exec` does;
 * queries go through api-connection.ts, shared with Strata's adapter.
 *
 * @module
 */
import Database from 'better-sqlite3';
import type { SltConnection, SltEngine } from '../engine.js';
import { ApiConnection } from './api-connection.js';

/** Opens in-memory better-sqlite3 databases. */
export class BetterSqlite3Engine implements SltEngine {
  readonly name: string;

  constructor() {
    const probe = new Database(':memory:');
    const version = probe.prepare('SELECT sqlite_version()').pluck().get() as string;
    probe.close();
    this.name = `better-sqlite3 (SQLite ${version})`;
  }

  open(): SltConnection {
    return new ApiConnection(new Database(':memory:'));
  }
}
