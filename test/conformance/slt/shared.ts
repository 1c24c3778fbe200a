/**
 * Locates ../shared/conformance/sqllogictest from this file (not from the working directory) for
 * the tests that read the real scripts; they skip, saying why, when it is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/conformance/slt → repository root → ../shared/conformance/sqllogictest. */
export const SLT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'conformance', 'sqllogictest');

/** True when the shared scripts are there; prints the reason for skipping when not. */
export function haveShared(): boolean {
  const ok = existsSync(join(SLT_DIR, 'select1.test'));
  if (!ok) console.warn(`skipping sqllogictest corpus tests: ${SLT_DIR} is absent`);
  return ok;
}
