/**
 * A window onto a long list: draws only the `height` items around the selection (so a list of a
 * million pages costs what 20 lines cost), the selected one marked with `›` and in inverse.
 *
 * @module
 */
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { windowTop } from './layout.js';

/** Props of {@link ListWindow}. */
export interface ListWindowProps {
  count: number;
  /** Selected index, or -1 for none. */
  sel: number;
  /** False when the keys act elsewhere: the selection keeps its marker but loses the inverse. */
  active?: boolean;
  height: number;
  /** Draws item `i` (called only for items on screen). */
  render: (i: number, selected: boolean) => ReactNode;
  /** Shown when the list is empty. */
  empty?: string;
}

/** The list window (`height` lines). */
export function ListWindow({ count, sel, active = true, height, render, empty }: ListWindowProps) {
  const top = windowTop(Math.max(0, sel), count, height);
  const rows: ReactNode[] = [];
  for (let i = top; i < Math.min(count, top + height); i++) {
    const selected = i === sel;
    rows.push(
      <Box key={i}>
        <Box width={1} flexShrink={0}>
          <Text color="cyan">{selected ? '›' : ' '}</Text>
        </Box>
        <Text wrap="truncate-end" inverse={selected && active}>
          {render(i, selected)}
        </Text>
      </Box>,
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      {count === 0 && empty ? <Text dimColor>{empty}</Text> : rows}
    </Box>
  );
}
