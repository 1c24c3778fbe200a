/**
 * The status line above the help bar: the go-to-page prompt while it is open, else the navigation
 * path (the views Esc returns to, then the current one).
 *
 * @module
 */
import { Text } from 'ink';
import type { TuiState, View } from './state.js';

/** A short name for a view, for the navigation path. */
export function viewLabel(v: View): string {
  switch (v.pane) {
    case 'page':
      return v.frame ? `page ${v.pgno} (frame ${v.frame})` : `page ${v.pgno}`;
    case 'rows':
      return `rows of ${v.name}`;
    case 'pages':
      return 'page map';
    default:
      return v.pane;
  }
}

/** Props of {@link StatusLine}. */
export interface StatusLineProps {
  state: TuiState;
  width: number;
}

/** The status line (one line). */
export function StatusLine({ state, width }: StatusLineProps) {
  if (state.prompt !== null) {
    return (
      <Text wrap="truncate-end">
        <Text color="yellow">Go to page: </Text>
        {state.prompt}
        <Text inverse> </Text>
        <Text dimColor> (digits, Enter to open, Esc to cancel)</Text>
      </Text>
    );
  }
  const path = [...state.back, state.view].map(viewLabel);
  let text = path.join(' › ');
  if (text.length > width - 1) text = '… ' + text.slice(text.length - width + 3);
  return (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );
}
