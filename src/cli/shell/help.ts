/**
 * The dot-commands as data (name, arguments, description): `.help` is rendered from this table,
 * and the dispatcher in shell.ts accepts exactly these names.
 *
 * @module
 */

/** One dot-command. */
export interface DotCommandHelp {
  name: string;
  args: string;
  description: string;
}

/** Every dot-command, in `.help` order. */
export const DOT_COMMANDS: readonly DotCommandHelp[] = [
  { name: 'dump', args: '?PATTERN?', description: 'Render the database (or tables matching PATTERN) as SQL' },
  { name: 'exit', args: '?CODE?', description: 'Exit this program with return-code CODE' },
  { name: 'headers', args: 'on|off', description: 'Turn display of headers on or off' },
  { name: 'help', args: '', description: 'Show this message' },
  { name: 'mode', args: 'MODE', description: 'Set output mode: list csv json line quote table (pretty) box asciitable tabs' },
  { name: 'nullvalue', args: 'STRING', description: 'Use STRING in place of NULL values' },
  { name: 'open', args: '?--readonly? FILE', description: 'Close the current database and open FILE' },
  { name: 'quit', args: '', description: 'Exit this program' },
  { name: 'read', args: 'FILE', description: 'Read input from FILE' },
  { name: 'schema', args: '?PATTERN?', description: 'Show the CREATE statements matching PATTERN' },
  { name: 'tables', args: '?PATTERN?', description: 'List names of tables and views matching PATTERN' },
];

/** The `.help` text. */
export function helpText(): string {
  const left = DOT_COMMANDS.map((c) => `.${c.name}${c.args ? ` ${c.args}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return DOT_COMMANDS.map((c, i) => `${left[i].padEnd(width)}${c.description}\n`).join('');
}
