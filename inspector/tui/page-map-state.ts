/**
 * Whether the TUI has walked the page map of a session (per view mode). The walk reads every page, so
 * the TUI does it only when the page map pane is opened; other panes use the map when it is already
 * there (for a page's description) and decode single pages otherwise.
 *
 * @module
 */
import type { PageMap } from '../../src/btree/page-map.js';
import type { InspectSession, ViewMode } from '../model/session.js';
import { attempt } from './attempt.js';

const walked = new WeakMap<InspectSession, Set<ViewMode>>();
const failed = new WeakMap<InspectSession, Map<ViewMode, string>>();

/**
 * Walks (or takes from the session's cache) the page map of the current mode, and remembers that.
 * Never throws: a walk that fails is remembered as {@link walkError} and not tried again.
 */
export function walkPageMap(s: InspectSession): void {
  const r = attempt(() => s.pageMap());
  if (r.ok) {
    let modes = walked.get(s);
    if (!modes) walked.set(s, (modes = new Set()));
    modes.add(s.mode);
  } else {
    let errors = failed.get(s);
    if (!errors) failed.set(s, (errors = new Map()));
    errors.set(s.mode, r.error);
  }
}

/** Why the page map walk of the current mode failed, if it did. */
export function walkError(s: InspectSession): string | undefined {
  return failed.get(s)?.get(s.mode);
}

/** The page map of the current mode if it has been walked, else null (never walks). */
export function pageMapIfWalked(s: InspectSession): PageMap | null {
  return walked.get(s)?.has(s.mode) ? s.pageMap() : null;
}
