/**
 * `Database.transaction(fn)` as better-sqlite3 builds it (docs/api.md, "transaction(function)"):
 *
 * ```
 *   outside a transaction: BEGIN [mode]   fn(...)   COMMIT          throws → ROLLBACK, rethrow
 *   inside one (nested):   SAVEPOINT sp   fn(...)   RELEASE sp      throws → ROLLBACK TO sp;
 *                                                                            RELEASE sp, rethrow
 * ```
 *
 * The undo runs only while a transaction is still open (a failed statement may have ended it).
 * The savepoint is better-sqlite3's own name (a backquoted tab, `_bs3.`, tab), so that it never
 * meets the application's savepoints. The returned function carries `.default`, `.deferred`,
 * `.immediate` and `.exclusive` variants (BEGIN, BEGIN DEFERRED / IMMEDIATE / EXCLUSIVE) and
 * `.database`; a function that returns a promise is refused with TypeError after its statements
 * ran, as better-sqlite3 does.
 *
 * @module
 */

/** The subset of Database a transaction function needs. */
export interface TransactionDatabase {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
}

/** Which BEGIN starts the outermost transaction. */
export type TransactionVariant = 'default' | 'deferred' | 'immediate' | 'exclusive';

/** A transaction function (better-sqlite3's): call it, or one of its variants. */
export type TransactionFunction<A extends unknown[], R> = ((...args: A) => R) & {
  readonly default: TransactionFunction<A, R>;
  readonly deferred: TransactionFunction<A, R>;
  readonly immediate: TransactionFunction<A, R>;
  readonly exclusive: TransactionFunction<A, R>;
  readonly database: TransactionDatabase;
};

const BEGIN: Record<TransactionVariant, string> = { default: 'BEGIN', deferred: 'BEGIN DEFERRED', immediate: 'BEGIN IMMEDIATE', exclusive: 'BEGIN EXCLUSIVE' };
const SAVEPOINT_NAME = '`\t_bs3.\t`';

function wrap<A extends unknown[], R>(db: TransactionDatabase, fn: (...args: A) => R, variant: TransactionVariant): (...args: A) => R {
  return function sqliteTransaction(this: unknown, ...args: A): R {
    const nested = db.inTransaction;
    db.exec(nested ? `SAVEPOINT ${SAVEPOINT_NAME}` : BEGIN[variant]);
    try {
      const result = fn.apply(this, args);
      if (result && typeof (result as { then?: unknown }).then === 'function') throw new TypeError('Transaction function cannot return a promise');
      db.exec(nested ? `RELEASE ${SAVEPOINT_NAME}` : 'COMMIT');
      return result;
    } catch (e) {
      if (db.inTransaction) {
        if (nested) db.exec(`ROLLBACK TO ${SAVEPOINT_NAME}; RELEASE ${SAVEPOINT_NAME}`);
        else db.exec('ROLLBACK');
      }
      throw e;
    }
  };
}

/**
 * Builds the transaction function of `fn` over `db`.
 * @throws TypeError when `fn` is not a function.
 */
export function makeTransaction<A extends unknown[], R>(db: TransactionDatabase, fn: (...args: A) => R): TransactionFunction<A, R> {
  if (typeof fn !== 'function') throw new TypeError('Expected first argument to be a function');
  const variants = {} as Record<TransactionVariant, (...args: A) => R>;
  for (const v of Object.keys(BEGIN) as TransactionVariant[]) variants[v] = wrap(db, fn, v);
  const props: PropertyDescriptorMap = { database: { value: db, enumerable: true } };
  for (const v of Object.keys(variants) as TransactionVariant[]) props[v] = { value: variants[v] };
  for (const f of Object.values(variants)) Object.defineProperties(f, props);
  return variants.default as TransactionFunction<A, R>;
}
