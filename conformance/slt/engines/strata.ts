/**
 * sqllogictest adapter for Strata's own engine: `new Database(':memory:')` from src/api, used the
 * way engines/better-sqlite3.ts uses better-sqlite3 (exec for statement records, one prepared
 * statement stepped with `raw()` + `safeIntegers()` for query records, so INTEGER arrives as bigint
 * and REAL as number).
 *
 * @module
 */
import { Database } from '../../../src/api/index.js';
import type { SltConnection, SltEngine } from '../engine.js';
import { ApiConnection } from './api-connection.js';

/** Opens in-memory Strata databases. */
export class StrataEngine implements SltEngine {
  readonly name = 'strata';

  open(): SltConnection {
    return new ApiConnection(new Database(':memory:'));
  }
}
