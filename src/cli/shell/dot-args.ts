/**
 * Splits a dot-command line into words as the sqlite3 shell does: whitespace separates words; a
 * word in '…' is taken literally, a word in "…" may escape with backslash (\\n, \\t, \\\\, \\").
 *
 * @module
 */

/** The words of `line` (the leading '.' kept on the first). */
export function splitDotArgs(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    const q = line[i];
    if (q === "'" || q === '"') {
      let w = '';
      i++;
      while (i < line.length && line[i] !== q) {
        if (q === '"' && line[i] === '\\' && i + 1 < line.length) {
          const e = line[++i];
          w += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        } else w += line[i];
        i++;
      }
      words.push(w);
      i++;
    } else {
      const start = i;
      while (i < line.length && !/\s/.test(line[i])) i++;
      words.push(line.slice(start, i));
    }
  }
  return words;
}

/** sqlite3's booleanValue: on/yes/true/1 → true, off/no/false/0 → false, else null. */
export function booleanArg(s: string | undefined): boolean | null {
  if (s === undefined) return null;
  const v = s.toLowerCase();
  if (['on', 'yes', 'true', '1'].includes(v)) return true;
  if (['off', 'no', 'false', '0'].includes(v)) return false;
  return null;
}
