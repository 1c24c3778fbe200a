/**
 * An error from the model, drawn in red on one line (cut to the width, never wrapped).
 *
 * @module
 */
import { Text } from 'ink';

/** Draws `error` in red, or nothing when it is undefined. */
export function ErrorLine({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <Text color="red" wrap="truncate-end">
      ✗ {error}
    </Text>
  );
}
