/**
 * The inspector app: tab bar, the current pane, a status line and the help bar.
 *
 * Data flow, one way: key → {@link keyName} → bindings table → command → {@link reduce} (pure, with
 * the {@link ViewContext} of the view the previous key left) → new state → {@link loadView} (through a cache) → panes.
 * The only side effects are the session's mode (kept equal to the state's), the page map walk (run
 * after the "walking…" frame is drawn) and exiting.
 *
 * @module
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import type { InspectSession } from '../model/session.js';
import { attempt, type Attempt } from './attempt.js';
import { commandFor, keyName, type Scope } from './bindings.js';
import { ErrorLine } from './error-line.js';
import { HeaderPane } from './header-pane.js';
import { HelpBar } from './help-bar.js';
import { HelpScreen, helpLines } from './help-screen.js';
import { bodyLines, MIN_SIZE, type Size } from './layout.js';
import { PageMapPane } from './page-map-pane.js';
import { walkPageMap } from './page-map-state.js';
import { PagePane } from './page-pane.js';
import { PaneBoundary } from './pane-boundary.js';
import { RowsPane } from './rows-pane.js';
import { initialState, reduce, type Action, type TopPane, type TuiState, type View, type ViewContext } from './state.js';
import { StatusLine } from './status-line.js';
import { TabBar } from './tab-bar.js';
import { TablesPane } from './tables-pane.js';
import { loadView, ViewCache, type Loaded } from './view-data.js';
import { WalPane } from './wal-pane.js';

/** Props of {@link App}. */
export interface AppProps {
  session: InspectSession;
  /** Fixed terminal size (tests); default: the terminal's, following resizes. */
  size?: Size;
  /** First view (default: the header pane). */
  initialView?: View;
}

/** The scopes of bindings active in a view, most specific first. */
export function scopesOf(view: View): Scope[] {
  return [view.pane, 'list', 'global'];
}

/** The top pane a view belongs to (for the tab bar): the first top pane on the navigation stack. */
function topPaneOf(state: TuiState): TopPane {
  for (const v of [...state.back, state.view]) if (v.pane !== 'page' && v.pane !== 'rows') return v.pane;
  return 'pages';
}

function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ cols: stdout.columns || MIN_SIZE.cols, rows: stdout.rows || MIN_SIZE.rows });
  const [size, setSize] = useState<Size>(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return fixed ?? size;
}

/** The inspector TUI for `session`. */
export function App({ session, size: fixedSize, initialView }: AppProps) {
  const size = useTerminalSize(fixedSize);
  const { exit } = useApp();
  const [state, setState] = useState<TuiState>(() => ({ ...initialState(session.mode), ...(initialView ? { view: initialView } : {}) }));
  // The state the next key applies to: keys may arrive faster than frames are drawn, and each must
  // see the view (and the context) the previous key left, not the one last drawn.
  const latest = useRef(state);
  const [walks, setWalks] = useState(0);
  const cache = useRef(new ViewCache()).current;
  const body = bodyLines(size);

  const load = (st: TuiState): Attempt<Loaded> => {
    if (session.mode !== st.mode) session.toggleMode();
    return attempt(() => loadView(session, st.view, size, cache));
  };
  // `walks` changes when a page map walk finishes: what the views show changes with it.
  const loaded = useMemo(() => load(state), [session, state, size.cols, size.rows, walks]);

  useEffect(() => {
    if (!loaded.ok || loaded.value.data.pane !== 'pages' || loaded.value.data.map || loaded.value.data.error) return;
    const t = setTimeout(() => {
      walkPageMap(session);
      setWalks((n) => n + 1);
    }, 0);
    return () => clearTimeout(t);
  }, [loaded, session]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  const apply = (action: Action): void => {
    latest.current = reduce(latest.current, action);
    setState(latest.current);
  };

  useInput((input, key) => {
    const name = keyName(input, key);
    if (name === null) return;
    const st = latest.current;
    if (st.prompt !== null && name !== 'ctrl+c') return apply({ type: 'prompt.key', key: name });
    const command = commandFor(name, st.help.open ? ['list', 'global'] : scopesOf(st.view));
    if (!command) return;
    let ctx: ViewContext = { count: helpLines().length, visible: body - 1 };
    if (!st.help.open) {
      const l = load(st);
      ctx = l.ok ? l.value.ctx : { count: 0, visible: 1 };
    }
    apply({ type: 'command', command, ctx });
  });

  return (
    <Box flexDirection="column" width={size.cols} height={size.rows - 1}>
      <TabBar current={topPaneOf(state)} file={session.path} mode={state.mode} width={size.cols} />
      <Box height={body} flexDirection="column" overflow="hidden">
        {state.help.open ? (
          <HelpScreen top={state.help.top} height={body} width={size.cols} />
        ) : (
          <PaneBoundary resetKey={JSON.stringify(state.view) + state.mode}>
            {loaded.ok ? <Pane loaded={loaded.value} state={state} session={session} size={size} body={body} /> : <ErrorLine error={loaded.error} />}
          </PaneBoundary>
        )}
      </Box>
      <StatusLine state={state} width={size.cols} />
      <HelpBar scopes={state.help.open ? ['global'] : scopesOf(state.view)} width={size.cols} />
    </Box>
  );
}

function Pane({ loaded, state, session, size, body }: { loaded: Loaded; state: TuiState; session: InspectSession; size: Size; body: number }) {
  const { data } = loaded;
  const v = state.view;
  switch (data.pane) {
    case 'header':
      return <HeaderPane data={data} sel={v.sel} height={body} />;
    case 'pages':
      return <PageMapPane data={data} sel={v.sel} height={body} />;
    case 'page':
      return <PagePane data={data} sel={v.sel} focus={v.pane === 'page' ? v.focus : 'items'} pageCount={session.pager.pageCount} height={body} width={size.cols} />;
    case 'wal':
      return <WalPane data={data} sel={v.sel} height={body} />;
    case 'tables':
      return <TablesPane data={data} sel={v.sel} height={body} width={size.cols} />;
    case 'rows':
      return <RowsPane data={data} col={v.pane === 'rows' ? v.col : 0} height={body} width={size.cols} />;
    default:
      return <Text>?</Text>;
  }
}
