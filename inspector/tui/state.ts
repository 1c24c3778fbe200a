/**
 * The TUI's state and its reducer (pure: no session, no I/O, easy to test).
 *
 * Navigation model:
 * 1. Four top panes (header, pages, wal, tables) are switched by their keys; switching clears the
 *    navigation stack and restores the selection the pane had when it was left.
 * 2. Enter pushes the view it opens (a page, a table's rows) onto the stack; Esc pops it.
 * 3. The help screen and the go-to prompt sit above every view; Esc closes them first.
 *
 * What the reducer cannot know by itself (how many items the current view has, how many fit on the
 * screen, where the selected item's link leads) comes with each command as a {@link ViewContext},
 * computed by the app from the data the view shows.
 *
 * @module
 */
import type { Command } from './bindings.js';
import type { ViewMode } from '../model/session.js';

/** What a page is believed to be before it is decoded, when a link says so. */
export type PageHint = 'btree' | 'overflow' | 'freelist-trunk' | 'freelist-leaf' | 'ptrmap';

/** The panes reached by their own key. */
export type TopPane = 'header' | 'pages' | 'wal' | 'tables';

/** One screen of the TUI. `sel` is the selected item (or, for rows, the first row shown; 0-based). */
export type View =
  | { pane: TopPane; sel: number }
  | {
      pane: 'page';
      pgno: number;
      hint?: PageHint;
      sel: number;
      focus: 'items' | 'hex';
      /** First hex line shown, or −1 to follow the selected item. */
      hexTop: number;
      /** Show the page image stored in this WAL frame (1-based) instead of the page as the mode reads it. */
      frame?: number;
    }
  | { pane: 'rows'; name: string; sel: number; col: number };

/** The whole state. */
export interface TuiState {
  view: View;
  /** Views to return to on Esc, innermost last. */
  back: View[];
  /** Last view of each top pane, restored when its key is pressed again. */
  tabs: Partial<Record<TopPane, View>>;
  /** Help screen open, and its first line shown. */
  help: { open: boolean; top: number };
  /** Text typed at the go-to-page prompt, or null when no prompt is open. */
  prompt: string | null;
  mode: ViewMode;
  quit: boolean;
}

/** What the current view tells the reducer along with a command. */
export interface ViewContext {
  /** Items in the list (for rows: rows known to exist, i.e. first shown + shown + 1 when more follow). */
  count: number;
  /** Items that fit on the screen at once. */
  visible: number;
  /** Where Enter leads from the selected item, if anywhere. */
  link?: View;
  /** Where the pane's second link key leads (the tables pane: the root page). */
  altLink?: View;
  /** Indexes of flagged items (page map), ascending. */
  flagged?: readonly number[];
  /** Display lines of the hex view (page detail), and how many fit. */
  hexLines?: number;
  hexVisible?: number;
  /** First hex line shown now (the view's `hexTop` resolved when it follows the selection). */
  hexTop?: number;
  /** Columns of the rows view. */
  columns?: number;
}

/** Everything that changes the state. */
export type Action =
  | { type: 'command'; command: Command; ctx: ViewContext }
  | { type: 'prompt.key'; key: string }
  | { type: 'open'; view: View };

/** The state when the TUI starts. */
export function initialState(mode: ViewMode): TuiState {
  return { view: { pane: 'header', sel: 0 }, back: [], tabs: {}, help: { open: false, top: 0 }, prompt: null, mode, quit: false };
}

/** Maximum depth of the navigation stack; older views are forgotten. */
export const MAX_BACK_VIEWS = 200;

/** A fresh page view (of the image in WAL frame `frame` when given). */
export function pageView(pgno: number, hint?: PageHint, frame?: number): View {
  return { pane: 'page', pgno, hint, sel: 0, focus: 'items', hexTop: -1, ...(frame ? { frame } : {}) };
}

/** The reducer. */
export function reduce(state: TuiState, action: Action): TuiState {
  switch (action.type) {
    case 'open':
      return push(state, action.view);
    case 'prompt.key':
      return promptKey(state, action.key);
    case 'command':
      return command(state, action.command, action.ctx);
  }
}

function push(state: TuiState, view: View): TuiState {
  const back = [...state.back, state.view].slice(-MAX_BACK_VIEWS);
  return { ...state, view, back, prompt: null, help: { ...state.help, open: false } };
}

function promptKey(state: TuiState, key: string): TuiState {
  if (state.prompt === null) return state;
  if (key === 'escape') return { ...state, prompt: null };
  if (key === 'backspace') return { ...state, prompt: state.prompt.slice(0, -1) };
  if (key === 'enter') {
    const n = Number(state.prompt);
    return state.prompt !== '' && Number.isInteger(n) && n >= 1 ? push(state, pageView(n)) : { ...state, prompt: null };
  }
  if (/^[0-9]$/.test(key) && state.prompt.length < 10) return { ...state, prompt: state.prompt + key };
  return state;
}

function switchTo(state: TuiState, pane: TopPane): TuiState {
  const tabs = rememberTab(state);
  const view = tabs[pane] ?? { pane, sel: 0 };
  return { ...state, view, back: [], tabs, help: { ...state.help, open: false } };
}

function rememberTab(state: TuiState): TuiState['tabs'] {
  const tabs = { ...state.tabs };
  for (const v of [...state.back, state.view]) if (isTop(v)) tabs[v.pane] = v;
  return tabs;
}

function isTop(v: View): v is Extract<View, { pane: TopPane }> {
  return v.pane === 'header' || v.pane === 'pages' || v.pane === 'wal' || v.pane === 'tables';
}

function command(state: TuiState, cmd: Command, ctx: ViewContext): TuiState {
  if (state.help.open) return helpCommand(state, cmd, ctx);
  switch (cmd) {
    case 'quit':
      return { ...state, quit: true };
    case 'help':
      return { ...state, help: { open: true, top: 0 } };
    case 'back': {
      if (state.back.length === 0) return state;
      return { ...state, view: state.back[state.back.length - 1], back: state.back.slice(0, -1) };
    }
    case 'pane.header':
      return switchTo(state, 'header');
    case 'pane.pages':
      return switchTo(state, 'pages');
    case 'pane.wal':
      return switchTo(state, 'wal');
    case 'pane.tables':
      return switchTo(state, 'tables');
    case 'goto':
      return { ...state, prompt: '' };
    case 'mode.toggle':
      return { ...state, mode: state.mode === 'wal' ? 'raw' : 'wal' };
    case 'open':
      return ctx.link ? push(state, ctx.link) : state;
    case 'focus.toggle':
      if (state.view.pane !== 'page') return state;
      return { ...state, view: { ...state.view, focus: state.view.focus === 'items' ? 'hex' : 'items', hexTop: state.view.focus === 'items' ? (ctx.hexTop ?? 0) : -1 } };
    case 'flagged.next': {
      const next = ctx.flagged?.find((i) => i > state.view.sel) ?? ctx.flagged?.[0];
      return next === undefined ? state : { ...state, view: { ...state.view, sel: next } };
    }
    case 'table.root':
      return ctx.altLink ? push(state, ctx.altLink) : state;
    case 'columns.left':
    case 'columns.right': {
      const v = state.view;
      if (v.pane !== 'rows') return state;
      const col = clamp(v.col + (cmd === 'columns.left' ? -1 : 1), 0, Math.max(0, (ctx.columns ?? 1) - 1));
      return { ...state, view: { ...v, col } };
    }
    default:
      return move(state, cmd, ctx);
  }
}

function helpCommand(state: TuiState, cmd: Command, ctx: ViewContext): TuiState {
  if (cmd === 'back' || cmd === 'help') return { ...state, help: { open: false, top: 0 } };
  if (cmd === 'quit') return { ...state, quit: true };
  const top = moved(state.help.top, cmd, ctx.count, ctx.visible, true);
  return top === null ? state : { ...state, help: { open: true, top } };
}

/** Moves the selection (or, in the hex view and the rows view, the first line shown). */
function move(state: TuiState, cmd: Command, ctx: ViewContext): TuiState {
  const v = state.view;
  if (v.pane === 'page' && v.focus === 'hex') {
    const top = moved(v.hexTop >= 0 ? v.hexTop : (ctx.hexTop ?? 0), cmd, ctx.hexLines ?? 0, ctx.hexVisible ?? 1, true);
    return top === null ? state : { ...state, view: { ...v, hexTop: top } };
  }
  const sel = moved(v.sel, cmd, ctx.count, ctx.visible, v.pane === 'rows');
  if (sel === null) return state;
  return { ...state, view: v.pane === 'page' ? { ...v, sel, hexTop: -1 } : { ...v, sel } };
}

/**
 * The new position after a movement command, or null when `cmd` is not one.
 * @param scroll - true when the position is the first line of a window of `visible` lines (so it
 *   stops at count − visible), false when it is a selected item (stops at count − 1).
 */
function moved(pos: number, cmd: Command, count: number, visible: number, scroll: boolean): number | null {
  const max = Math.max(0, scroll ? count - visible : count - 1);
  const page = Math.max(1, visible - 1);
  switch (cmd) {
    case 'up':
      return clamp(pos - 1, 0, max);
    case 'down':
      return clamp(pos + 1, 0, max);
    case 'pageUp':
      return clamp(pos - page, 0, max);
    case 'pageDown':
      return clamp(pos + page, 0, max);
    case 'first':
      return 0;
    case 'last':
      return max;
    default:
      return null;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
