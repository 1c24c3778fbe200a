/**
 * Output modes by name. `table` is the Turso-style drawing (alias `pretty`); sqlite3's own
 * `box` and ASCII `table` are `box` and `asciitable`.
 *
 * @module
 */
import { asciiTableRenderer, boxRenderer } from './columnar.js';
import { jsonRenderer } from './json.js';
import { lineRenderer } from './line.js';
import { csvRenderer, listRenderer, quoteRenderer } from './list.js';
import { prettyRenderer } from './pretty.js';
import type { RendererFactory } from './types.js';

/** Every mode the shell knows, in `.help` order. */
export const MODE_NAMES = ['list', 'csv', 'json', 'line', 'quote', 'table', 'pretty', 'box', 'asciitable', 'tabs'] as const;

/** A mode name. */
export type ModeName = (typeof MODE_NAMES)[number];

/** True for a known mode name. */
export function isModeName(s: string): s is ModeName {
  return (MODE_NAMES as readonly string[]).includes(s);
}

/** The renderer of a mode (`tabs` is list with a TAB separator). */
export function rendererFor(mode: ModeName): RendererFactory {
  switch (mode) {
    case 'list':
    case 'tabs':
      return listRenderer;
    case 'csv':
      return csvRenderer;
    case 'json':
      return jsonRenderer;
    case 'line':
      return lineRenderer;
    case 'quote':
      return quoteRenderer;
    case 'table':
    case 'pretty':
      return prettyRenderer;
    case 'box':
      return boxRenderer;
    case 'asciitable':
      return asciiTableRenderer;
  }
}

export type { RenderSettings, Renderer, RendererFactory, Sink } from './types.js';
