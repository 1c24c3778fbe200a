/**
 * Screen budgets, in terminal lines and columns, shared by the panes (which draw them) and the app
 * (which tells the reducer how many items fit). At 80×24:
 *
 * ```
 * line 1        tab bar
 * lines 2..21   body (20 lines): the current pane
 * line 22       status line (go-to prompt, navigation path)
 * line 23       help bar
 * ```
 *
 * One line is left free: Ink clears the whole terminal on every frame when its output is as tall as
 * the terminal.
 *
 * @module
 */

/** Terminal size in characters. */
export interface Size {
  cols: number;
  rows: number;
}

/** Smallest size the layout is designed for; smaller terminals get a cut picture, not a crash. */
export const MIN_SIZE: Size = { cols: 80, rows: 24 };

/** Lines of the body (the pane between the tab bar and the status line). */
export function bodyLines(size: Size): number {
  return Math.max(8, size.rows - 4);
}

/** Lines of the page pane's parts: title 1, byte map 2, legend 1, items, detail 2, hex. */
export function pageLayout(body: number): { items: number; hex: number; mapLines: number } {
  const rest = Math.max(4, body - 6);
  const hex = Math.max(2, Math.min(Math.ceil(rest / 2), Math.floor(rest / 2) + 1));
  return { items: Math.max(2, rest - hex), hex, mapLines: 2 };
}

/** Lines of the header pane's parts: summary 2, fields, hex 7 (100 bytes). */
export function headerLayout(body: number): { fields: number; hex: number } {
  const hex = 7;
  return { fields: Math.max(3, body - 2 - 1 - hex), hex };
}

/** Lines of the WAL pane's frame list: below 2 WAL header lines, the -shm lines (3, or 1 saying
 * there is none) and a column header; above one line about the selected frame. */
export function walLayout(body: number, hasShm: boolean): { frames: number } {
  const top = 2 + (hasShm ? 3 : 1) + 1;
  return { frames: Math.max(3, body - top - 1) };
}

/** Lines of the tables pane's list (below it: the selected object's SQL, 3 lines). */
export function tablesLayout(body: number): { list: number; sql: number } {
  return { list: Math.max(3, body - 5), sql: 3 };
}

/** Rows shown in the rows pane (a title line and a column header line above them). */
export function rowsLayout(body: number): { rows: number } {
  return { rows: Math.max(2, body - 2) };
}

/** Lines of the page map list (a title line above, a findings line below). */
export function pagesLayout(body: number): { list: number } {
  return { list: Math.max(3, body - 3) };
}

/**
 * First item shown of a list of `count` items, `visible` at a time, keeping `sel` on screen and,
 * where it can, in the middle (stateless: the same selection always gives the same window).
 */
export function windowTop(sel: number, count: number, visible: number): number {
  if (count <= visible) return 0;
  return Math.max(0, Math.min(count - visible, sel - Math.floor(visible / 2)));
}
