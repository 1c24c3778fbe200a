/**
 * Objects kept for the life of the process so that V8 never collects their hidden classes.
 *
 * V8's optimized code checks an object's hidden class (map) and holds it weakly: when a full
 * garbage collection finds a map with no object left (every cursor, frame, page or accumulator of
 * that shape belonged to statements that have finished), the map is collected and every function
 * optimized against it is thrown away ("marking dependent code … for deoptimization, reason: weak
 * objects"). The next statement builds its objects on new maps and runs its hot loops unoptimized
 * until V8 compiles them again: measured after one full collection, `SELECT count(*), sum(a)` over
 * 100,000 rows took 15–22 ms instead of 6–7 ms, and every one of the SQL bench's eight cases was
 * 1.5–4 times slower. In an application, a full collection between two statements is common.
 *
 * A module whose objects are made per statement, per transaction or per row keeps one made the same
 * way (the same constructor or literal, fields of the same kinds) through {@link keepShape}; a kept
 * object's map, and the maps it was reached through, then stay alive. Keep only small objects that
 * hold nothing of a database.
 *
 * @module
 */

const kept: object[] = [];

/**
 * Keeps `o` reachable for the life of the process (module doc) and returns it. For objects built
 * from stand-ins at module load: `o` must not hold a database, a page cache or a statement.
 */
export function keepShape<T extends object>(o: T): T {
  kept.push(o);
  return o;
}

/**
 * Writes the fields of each of `writes` into `o`, in order, then keeps `o` ({@link keepShape}) and
 * returns it. V8 treats a field written only when its object was made as constant, and a field
 * that has only held one kind of value (a small integer, objects of one hidden class) as of that
 * kind; optimized code reading the field depends on both, and the first object that breaks either
 * (a cursor moved, a count raised) throws that code away: the loop then runs unoptimized until V8
 * compiles it again, often in the next statement. Writing, when the module loads, a value other than
 * the one held (of a kind the field will hold: never a fraction into a field of integers) makes the
 * field mutable once and for all, before any code depends on it. For objects made at module load
 * from stand-ins, as keepShape's.
 * @throws Error when `o` has no own field of a name in `writes` (a misspelt name would add a field
 * and settle nothing).
 */
export function settleFields<T extends object>(o: T, ...writes: Record<string, unknown>[]): T {
  const target = o as Record<string, unknown>;
  for (const w of writes) {
    for (const [k, v] of Object.entries(w)) {
      // A new field would give the kept object a layout of its own, settling nothing.
      if (!Object.hasOwn(target, k)) throw new Error(`settleFields: ${o.constructor.name} has no field ${k}`);
      target[k] = v;
    }
  }
  return keepShape(o);
}
