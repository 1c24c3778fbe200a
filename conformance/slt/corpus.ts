/**
 * Where the sqllogictest files are: `../shared/conformance/sqllogictest` beside the repository
 * (resolved from this file, not from the working directory), and which of them a default run
 * takes: select1-5.test, then evidence/*.test in name order.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (two levels above conformance/slt/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the shared sqllogictest directory (it may be absent). */
export const SLT_DIR = resolve(REPO_ROOT, '..', 'shared', 'conformance', 'sqllogictest');

/**
 * The default file list: select1..5.test and evidence/*.test, as absolute paths.
 * @returns [] when the shared directory is absent.
 */
export function defaultFiles(dir: string = SLT_DIR): string[] {
  if (!existsSync(dir)) return [];
  const selects = [1, 2, 3, 4, 5].map((n) => join(dir, `select${n}.test`)).filter((f) => existsSync(f));
  const evidenceDir = join(dir, 'evidence');
  const evidence = existsSync(evidenceDir)
    ? readdirSync(evidenceDir)
        .filter((f) => f.endsWith('.test'))
        .sort()
        .map((f) => join(evidenceDir, f))
    : [];
  return [...selects, ...evidence];
}

/**
 * Resolves a file named on the command line: an existing path (relative to the working
 * directory), else a name inside the shared directory, with or without `.test`
 * (`select1`, `evidence/in1`).
 * @returns the absolute path, or undefined when nothing matches.
 */
export function resolveFile(arg: string, dir: string = SLT_DIR): string | undefined {
  const candidates = isAbsolute(arg) ? [arg] : [resolve(arg), join(dir, arg), join(dir, `${arg}.test`)];
  return candidates.find((f) => existsSync(f));
}

/** A short display name: the path inside the shared directory when it is there. */
export function displayName(file: string, dir: string = SLT_DIR): string {
  const rel = relative(dir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}
