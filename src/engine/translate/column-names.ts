/**
 * The column names of a table made from a result set — a view, a FROM subquery, a CTE — as
 * SQLite's sqlite3ColumnsFromExprList makes them unique: a name already taken (case-insensitively)
 * loses any `:digits` suffix and gets `:1`, `:2`, … (the counter per column) until it is free. So
 * `SELECT a, a FROM t` as a subquery has columns `a` and `a:1`, and `a, a, "a:1"` gives
 * `a`, `a:1`, `a:2`. (SQLite switches to a random counter after three collisions of one name; that
 * case is not reproduced.)
 *
 * @module
 */

/** `names` made unique as SQLite does for the columns of a view, subquery or CTE. */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let out = name;
    let cnt = 0;
    while (taken.has(out.toLowerCase())) {
      // Drop a trailing ':' + digits (the digits may be none), as the C loop over zName does.
      let j = out.length - 1;
      while (j > 0 && out[j] >= '0' && out[j] <= '9') j--;
      const base = out[j] === ':' ? out.slice(0, j) : out;
      out = `${base}:${++cnt}`;
    }
    taken.add(out.toLowerCase());
    return out;
  });
}
