/**
 * The bottom line: the key bindings of the current pane, drawn from the bindings table.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { barBindings, keyLabel, type Scope } from './bindings.js';

/** Props of {@link HelpBar}. */
export interface HelpBarProps {
  /** Active scopes, most specific first. */
  scopes: readonly Scope[];
  width: number;
}

/** The help bar (one line, cut to the width). */
export function HelpBar({ scopes, width }: HelpBarProps) {
  const items = barBindings(scopes);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end" dimColor>
        {items.map((b, i) => (
          <Text key={b.command}>
            {i > 0 ? '  ' : ''}
            <Text bold color="cyan">
              {keyLabel(b.keys[0])}
            </Text>{' '}
            {b.bar}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
