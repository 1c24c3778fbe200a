import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { BINDINGS, barBindings, keyLabel, SCOPE_TITLES, commandFor } from './bindings.js';
import { HelpBar } from './help-bar.js';
import { HelpScreen, helpLines } from './help-screen.js';
import { App } from './app.js';
import { InspectSession } from '../model/session.js';
import { KEY, frameWith, press, repoFile, tick } from './testing.js';

const sessions: InspectSession[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()!.close();
});

describe('help drawn from the bindings table', () => {
  it('the help screen lists every binding with all its keys, under its scope', () => {
    const lines = helpLines();
    const { lastFrame } = render(<HelpScreen top={0} height={lines.length + 1} width={80} />);
    const f = lastFrame()!;
    for (const b of BINDINGS) {
      expect(f).toContain(b.description.slice(0, 50));
      const row = f.split('\n').find((l) => l.includes(b.description.slice(0, 50)))!;
      for (const k of b.keys) expect(row).toContain(keyLabel(k));
    }
    for (const scope of new Set(BINDINGS.map((b) => b.scope))) expect(f).toContain(SCOPE_TITLES[scope]);
    expect(lines.filter((l) => 'keys' in l)).toHaveLength(BINDINGS.length);
  });

  it('the help bar shows the pane’s own bindings first, then the global ones, from the same table', () => {
    const { lastFrame } = render(<HelpBar scopes={['page', 'list', 'global']} width={200} />);
    const expected = barBindings(['page', 'list', 'global']).map((b) => `${keyLabel(b.keys[0])} ${b.bar}`);
    expect(lastFrame()).toBe(expected.join('  '));
    expect(expected[0]).toBe('Tab items/hex');
  });

  it('every key is bound once per scope, and the pane’s binding wins over a list or global one', () => {
    for (const b of BINDINGS) for (const k of b.keys) expect(commandFor(k, [b.scope])).toBe(b.command);
    expect(commandFor('h', ['rows', 'list', 'global'])).toBe('columns.left');
    expect(commandFor('enter', ['header', 'list', 'global'])).toBe('open');
  });

  it('? opens the help screen in the app, it scrolls, Esc closes it', async () => {
    const s = InspectSession.open(repoFile('corpus/sample.db'));
    sessions.push(s);
    const { lastFrame, stdin } = render(<App session={s} size={{ cols: 80, rows: 24 }} />);
    await tick();
    await press(stdin, '?');
    let f = await frameWith(lastFrame, 'Key bindings');
    expect(f).toContain(BINDINGS[0].description);
    await press(stdin, KEY.end);
    f = await frameWith(lastFrame, BINDINGS[BINDINGS.length - 1].description);
    await press(stdin, KEY.escape);
    expect(await frameWith(lastFrame, 'Page size in bytes')).toContain('Page size in bytes');
  });
});
