/**
 * What every output mode shares: settings, the byte sink, and the renderer contract.
 *
 * A renderer is made per statement with the result's column names; `row` is called once per result
 * row (streaming modes print at once), `end` after the last row (columnar modes print everything
 * there). A statement that returns no rows prints nothing in any mode, header included, as sqlite3.
 *
 * @module
 */
import type { ShellValue } from '../engine.js';

/** Output settings (sqlite3's ShellState fields of the same meaning). */
export interface RenderSettings {
  /** `.headers on|off` (box, table and the Turso table always show their header). */
  headers: boolean;
  /** Text printed for NULL in text modes, as a UTF-8 byte string ('' by default, `.nullvalue`). */
  nullValue: string;
  /** Column separator (list '|', csv ',', quote ','). */
  colSep: string;
  /** Row separator ('\n'; `.mode csv` uses '\r\n' as sqlite3 does). */
  rowSep: string;
}

/** Receives output as a byte string (one char code per byte). */
export type Sink = (bytes: string) => void;

/** Renders the rows of one statement. */
export interface Renderer {
  row(values: readonly ShellValue[]): void;
  end(): void;
}

/** Makes a renderer for a result with these column names (JS text). */
export type RendererFactory = (columns: readonly string[], settings: RenderSettings, out: Sink) => Renderer;
