/**
 * Key bindings of the inspector TUI, kept as data (the Gemini CLI style): one table of
 * command → keys → description. The help bar, the `?` help screen and the key dispatcher all read
 * this one table, so what the screen says is what the keys do.
 *
 * Key names are {@link keyName}'s: a printable character as typed ('q', '?', '1'), or one of
 * `up down left right pageup pagedown home end enter escape tab backspace`, or `ctrl+<char>`.
 *
 * @module
 */
import type { Key } from 'ink';

/** Where a binding applies: everywhere, in every scrollable list, or in one pane. */
export type Scope = 'global' | 'list' | 'header' | 'pages' | 'page' | 'wal' | 'tables' | 'rows';

/** Every command the TUI knows. */
export type Command =
  | 'quit'
  | 'help'
  | 'back'
  | 'pane.header'
  | 'pane.pages'
  | 'pane.wal'
  | 'pane.tables'
  | 'goto'
  | 'mode.toggle'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'open'
  | 'focus.toggle'
  | 'flagged.next'
  | 'table.root'
  | 'columns.left'
  | 'columns.right';

/** One row of the bindings table. */
export interface Binding {
  command: Command;
  scope: Scope;
  /** Key names (see the module doc); the first is the one the help bar shows. */
  keys: readonly string[];
  /** What the command does, for the help screen. */
  description: string;
  /** Short label for the help bar; bindings without one appear only on the help screen. */
  bar?: string;
}

/** The one bindings table. Order is the help screen's order. */
export const BINDINGS: readonly Binding[] = [
  { command: 'pane.header', scope: 'global', keys: ['1', 'i'], description: 'Database header (every field of the 100-byte header)' },
  { command: 'pane.pages', scope: 'global', keys: ['2', 'm'], description: 'Page map: one line per page, as showdb pgidx' },
  { command: 'pane.wal', scope: 'global', keys: ['3', 'w'], description: 'WAL frames and the -shm wal-index' },
  { command: 'pane.tables', scope: 'global', keys: ['4', 't'], description: 'Tables and indexes of the schema' },
  { command: 'goto', scope: 'global', keys: ['g'], description: 'Go to page number…', bar: 'goto' },
  { command: 'mode.toggle', scope: 'global', keys: ['r'], description: 'Toggle raw file ⇄ WAL applied', bar: 'raw/wal' },
  { command: 'back', scope: 'global', keys: ['escape'], description: 'Back (pop the navigation stack), close help', bar: 'back' },
  { command: 'help', scope: 'global', keys: ['?'], description: 'This help screen', bar: 'help' },
  { command: 'quit', scope: 'global', keys: ['q', 'ctrl+c'], description: 'Quit', bar: 'quit' },
  { command: 'up', scope: 'list', keys: ['up', 'k'], description: 'Move up' },
  { command: 'down', scope: 'list', keys: ['down', 'j'], description: 'Move down' },
  { command: 'pageUp', scope: 'list', keys: ['pageup', 'b'], description: 'Page up' },
  { command: 'pageDown', scope: 'list', keys: ['pagedown', ' '], description: 'Page down' },
  { command: 'first', scope: 'list', keys: ['home'], description: 'First item' },
  { command: 'last', scope: 'list', keys: ['end'], description: 'Last item' },
  { command: 'open', scope: 'list', keys: ['enter'], description: 'Open / follow the link of the selected item', bar: 'open' },
  { command: 'flagged.next', scope: 'pages', keys: ['n'], description: 'Next flagged page (claimed twice, never used, corrupt)', bar: 'next flagged' },
  { command: 'focus.toggle', scope: 'page', keys: ['tab'], description: 'Move the keys between the item list and the hex view', bar: 'items/hex' },
  { command: 'table.root', scope: 'tables', keys: ['o'], description: 'Open the root page of the selected table or index', bar: 'root page' },
  { command: 'columns.left', scope: 'rows', keys: ['left', 'h'], description: 'Scroll columns left', bar: 'columns' },
  { command: 'columns.right', scope: 'rows', keys: ['right', 'l'], description: 'Scroll columns right' },
];

/** Headings of the help screen, one per scope. */
export const SCOPE_TITLES: Record<Scope, string> = {
  global: 'Everywhere',
  list: 'Lists',
  header: 'Header',
  pages: 'Page map',
  page: 'Page detail',
  wal: 'WAL',
  tables: 'Tables',
  rows: 'Rows',
};

/**
 * The name of a key press as the bindings table spells it, or null for keys it never names.
 *
 * @param input - the text Ink's `useInput` passes (the character typed).
 * @param key - Ink's key flags.
 */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  return input.length === 1 ? input : null;
}

/**
 * The command bound to key `name` in a pane: the pane's own bindings first, then list bindings (when
 * the pane is a list), then global ones.
 *
 * @param scopes - the scopes active, most specific first, e.g. `['page', 'list', 'global']`.
 */
export function commandFor(name: string, scopes: readonly Scope[]): Command | null {
  for (const scope of scopes) {
    const b = BINDINGS.find((x) => x.scope === scope && x.keys.includes(name));
    if (b) return b.command;
  }
  return null;
}

/** How a key name is printed on screen (help bar and help screen). */
export function keyLabel(name: string): string {
  const labels: Record<string, string> = {
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    home: 'Home',
    end: 'End',
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    ' ': 'Space',
    'ctrl+c': 'Ctrl+C',
  };
  return labels[name] ?? name;
}

/** The bindings shown in the help bar for the given scopes (most specific first), in that order. */
export function barBindings(scopes: readonly Scope[]): Binding[] {
  const out: Binding[] = [];
  for (const scope of scopes) for (const b of BINDINGS) if (b.scope === scope && b.bar) out.push(b);
  return out;
}
