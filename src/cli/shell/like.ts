/**
 * SQLite's LIKE operator for the dot-commands' PATTERN arguments, evaluated in the shell so that
 * `.schema`, `.tables` and `.dump` need nothing of the engine but plain SELECTs and PRAGMAs:
 * `%` matches any run of characters, `_` exactly one, ASCII letters match either case (SQLite's
 * default, case_sensitive_like off), every other character only itself. No ESCAPE character.
 *
 * @module
 */

/** True when `text` matches the LIKE `pattern`. */
export function sqlLike(pattern: string, text: string): boolean {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else if (/[A-Za-z]/.test(ch)) re += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else re += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 'su').test(text);
}
