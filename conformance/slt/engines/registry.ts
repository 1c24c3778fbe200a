/**
 * The engines `npm run slt -- --engine NAME` can run, keyed by name and loaded on demand so that
 * an engine's dependencies are only imported when it is chosen.
 *
 * Adding an engine: write `engines/NAME.ts` exporting a class that implements {@link SltEngine}
 * (see ../engine.ts for the value convention) and add one line to {@link ENGINES}. The Strata
 * entry opens `new Database(':memory:')` from src/api (engines/strata.ts).
 *
 * @module
 */
import type { SltEngine } from '../engine.js';

/** Engine name → loader. */
export const ENGINES: Readonly<Record<string, () => Promise<SltEngine>>> = {
  'better-sqlite3': async () => new (await import('./better-sqlite3.js')).BetterSqlite3Engine(),
  strata: async () => new (await import('./strata.js')).StrataEngine(),
};

/** Name of the engine used when none is asked for. */
export const DEFAULT_ENGINE = 'better-sqlite3';

/**
 * Loads the engine called `name`.
 * @throws Error naming the known engines when `name` is unknown, or the loader's own error.
 */
export async function loadEngine(name: string): Promise<SltEngine> {
  const load = ENGINES[name];
  if (!load) throw new Error(`unknown engine '${name}' (known: ${Object.keys(ENGINES).join(', ')})`);
  return load();
}
