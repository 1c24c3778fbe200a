/**
 * The top line: the four panes with the keys that open them (read from the bindings table), the
 * current one in inverse, then the file and the view mode.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { BINDINGS, type Command } from './bindings.js';
import type { TopPane } from './state.js';
import type { ViewMode } from '../model/session.js';
import { cut } from './format-value.js';

const TABS: ReadonlyArray<{ pane: TopPane; command: Command; label: string }> = [
  { pane: 'header', command: 'pane.header', label: 'header' },
  { pane: 'pages', command: 'pane.pages', label: 'pages' },
  { pane: 'wal', command: 'pane.wal', label: 'wal' },
  { pane: 'tables', command: 'pane.tables', label: 'tables' },
];

/** Props of {@link TabBar}. */
export interface TabBarProps {
  /** The top pane the current view belongs to. */
  current: TopPane;
  file: string;
  mode: ViewMode;
  width: number;
}

/** The tab bar (one line). */
export function TabBar({ current, file, mode, width }: TabBarProps) {
  const tabs = TABS.map((t) => ({ ...t, key: BINDINGS.find((b) => b.command === t.command)?.keys[0] ?? '' }));
  const used = tabs.reduce((n, t) => n + t.key.length + t.label.length + 3, 0);
  const modeText = mode === 'wal' ? 'WAL applied' : 'raw file';
  const name = file.split('/').pop() ?? file;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {tabs.map((t) => (
          <Text key={t.pane} inverse={t.pane === current} bold={t.pane === current}>
            {` ${t.key} ${t.label} `}
          </Text>
        ))}
        <Text> </Text>
        <Text color="cyan">{cut(name, Math.max(0, width - used - modeText.length - 4))}</Text>
        <Text> · </Text>
        <Text color={mode === 'wal' ? 'green' : 'yellow'}>{modeText}</Text>
      </Text>
    </Box>
  );
}
