import { describe, expect, it } from 'vitest';
import { initialState, MAX_BACK_VIEWS, pageView, reduce, type TuiState, type ViewContext } from './state.js';
import type { Command } from './bindings.js';

const ctx = (c: Partial<ViewContext> = {}): ViewContext => ({ count: 10, visible: 4, ...c });
const run = (s: TuiState, command: Command, c?: Partial<ViewContext>): TuiState => reduce(s, { type: 'command', command, ctx: ctx(c) });

describe('reduce', () => {
  it('moves the selection within the list and clamps it', () => {
    let s = initialState('wal');
    s = run(s, 'down');
    s = run(s, 'down');
    expect(s.view.sel).toBe(2);
    s = run(s, 'pageDown');
    expect(s.view.sel).toBe(5);
    s = run(s, 'last');
    expect(s.view.sel).toBe(9);
    s = run(s, 'down');
    expect(s.view.sel).toBe(9);
    s = run(s, 'first');
    s = run(s, 'up');
    expect(s.view.sel).toBe(0);
  });

  it('Enter pushes the link, Esc pops back to the view left', () => {
    let s = run(initialState('wal'), 'pane.pages');
    s = run(s, 'down');
    s = run(s, 'open', { link: pageView(2) });
    expect(s.view).toMatchObject({ pane: 'page', pgno: 2 });
    s = run(s, 'open', { link: pageView(7, 'overflow') });
    expect(s.view).toMatchObject({ pane: 'page', pgno: 7, hint: 'overflow' });
    s = run(s, 'back');
    s = run(s, 'back');
    expect(s.view).toEqual({ pane: 'pages', sel: 1 });
    expect(run(s, 'back')).toBe(s); // nothing left to pop
    expect(run(s, 'open', {})).toBe(s); // no link: nothing happens
  });

  it('switching panes clears the stack and restores each pane’s selection', () => {
    let s = run(initialState('wal'), 'pane.wal');
    s = run(s, 'down');
    s = run(s, 'pane.pages');
    s = run(s, 'open', { link: pageView(3) });
    s = run(s, 'pane.wal');
    expect(s.back).toEqual([]);
    expect(s.view).toEqual({ pane: 'wal', sel: 1 });
  });

  it('keeps the navigation stack bounded', () => {
    let s = initialState('wal');
    for (let i = 0; i < MAX_BACK_VIEWS + 50; i++) s = run(s, 'open', { link: pageView(i + 1) });
    expect(s.back.length).toBe(MAX_BACK_VIEWS);
  });

  it('the go-to prompt takes digits, Backspace, Enter and Esc', () => {
    let s = run(initialState('wal'), 'goto');
    expect(s.prompt).toBe('');
    for (const k of ['1', 'x', '2', '3', 'backspace']) s = reduce(s, { type: 'prompt.key', key: k });
    expect(s.prompt).toBe('12');
    s = reduce(s, { type: 'prompt.key', key: 'enter' });
    expect(s.prompt).toBeNull();
    expect(s.view).toMatchObject({ pane: 'page', pgno: 12 });
    s = run(s, 'goto');
    s = reduce(s, { type: 'prompt.key', key: 'escape' });
    expect(s.prompt).toBeNull();
    expect(s.view).toMatchObject({ pane: 'page', pgno: 12 });
  });

  it('Tab moves the keys to the hex view, which scrolls on its own', () => {
    let s = run(initialState('wal'), 'open', { link: pageView(1) });
    s = run(s, 'focus.toggle', { hexTop: 3 });
    expect(s.view).toMatchObject({ focus: 'hex', hexTop: 3 });
    s = run(s, 'down', { hexLines: 20, hexVisible: 5 });
    s = run(s, 'last', { hexLines: 20, hexVisible: 5 });
    expect(s.view).toMatchObject({ sel: 0, hexTop: 15 });
    s = run(s, 'focus.toggle');
    expect(s.view).toMatchObject({ focus: 'items', hexTop: -1 });
  });

  it('rows scroll as a window and columns move sideways', () => {
    let s = run(initialState('wal'), 'open', { link: { pane: 'rows', name: 't', sel: 0, col: 0 } });
    s = run(s, 'pageDown', { count: 30, visible: 10 });
    expect(s.view.sel).toBe(9);
    s = run(s, 'last', { count: 30, visible: 10 });
    expect(s.view.sel).toBe(20);
    s = run(s, 'columns.right', { columns: 2 });
    s = run(s, 'columns.right', { columns: 2 });
    expect(s.view).toMatchObject({ col: 1 });
  });

  it('n jumps to the next flagged page, wrapping around', () => {
    let s = run(initialState('wal'), 'pane.pages');
    s = run(s, 'flagged.next', { flagged: [3, 7] });
    expect(s.view.sel).toBe(3);
    s = run(s, 'flagged.next', { flagged: [3, 7] });
    expect(s.view.sel).toBe(7);
    s = run(s, 'flagged.next', { flagged: [3, 7] });
    expect(s.view.sel).toBe(3);
  });

  it('the help screen takes the keys until closed; r flips the mode; q quits', () => {
    let s = run(initialState('wal'), 'help');
    s = run(s, 'down', { count: 30, visible: 10 });
    expect(s.help).toEqual({ open: true, top: 1 });
    expect(s.view.sel).toBe(0);
    s = run(s, 'back');
    expect(s.help.open).toBe(false);
    s = run(s, 'mode.toggle');
    expect(s.mode).toBe('raw');
    expect(run(s, 'quit').quit).toBe(true);
  });
});
