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

/**
 * sqlite3's booleanValue: an integer (decimal or 0x hex) is true when non-zero; on/yes/true and
 * off/no/false (any case) are themselves; anything else is false with a warning to print.
 */
export function booleanValue(s: string): { value: boolean; warning: string | null } {
  if (/^[-+]?[0-9]+$/.test(s)) return { value: BigInt(s.replace(/^\+/, '')) !== 0n, warning: null };
  if (/^0x[0-9a-f]+$/i.test(s)) return { value: BigInt(s) !== 0n, warning: null };
  const v = s.toLowerCase();
  if (v === 'on' || v === 'yes' || v === 'true') return { value: true, warning: null };
  if (v === 'off' || v === 'no' || v === 'false') return { value: false, warning: null };
  return { value: false, warning: `ERROR: Not a boolean value: "${s}". Assuming "no".` };
}
