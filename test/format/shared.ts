/** Where the shared corpus lives (../shared beside the repo), resolved from this file, not the cwd. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const HAVE_SHARED = existsSync(join(SHARED, 'corpus'));
if (!HAVE_SHARED) console.log(`skipping tests that need ${SHARED}: it is absent`);
