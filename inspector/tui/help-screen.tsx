/**
 * The `?` help screen: every binding, grouped by where it applies, drawn from the bindings table
 * (the same table the help bar and the key dispatcher read). Scrolls when taller than the body.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { BINDINGS, keyLabel, SCOPE_TITLES, type Scope } from './bindings.js';

/** One line of the help screen: a scope heading or a binding. */
export type HelpLine = { heading: string } | { keys: string; description: string };

/** The lines of the help screen, in table order, grouped by scope. */
export function helpLines(): HelpLine[] {
  const out: HelpLine[] = [];
  const scopes: Scope[] = [];
  for (const b of BINDINGS) if (!scopes.includes(b.scope)) scopes.push(b.scope);
  for (const scope of scopes) {
    out.push({ heading: SCOPE_TITLES[scope] });
    for (const b of BINDINGS.filter((x) => x.scope === scope)) out.push({ keys: b.keys.map(keyLabel).join(', '), description: b.description });
  }
  return out;
}

/** Props of {@link HelpScreen}. */
export interface HelpScreenProps {
  /** First line shown. */
  top: number;
  height: number;
  width: number;
}

/** The help screen. */
export function HelpScreen({ top, height, width }: HelpScreenProps) {
  const lines = helpLines();
  const shown = lines.slice(top, top + height - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Key bindings{lines.length > height - 1 ? `  (${top + 1}–${top + shown.length} of ${lines.length}, ↑↓ to scroll)` : ''} · Esc closes
      </Text>
      {shown.map((l, i) =>
        'heading' in l ? (
          <Text key={i} bold color="yellow" wrap="truncate-end">
            {l.heading}
          </Text>
        ) : (
          <Text key={i} wrap="truncate-end">
            {'  '}
            <Text color="cyan">{l.keys.padEnd(16)}</Text> {l.description}
          </Text>
        ),
      )}
    </Box>
  );
}
