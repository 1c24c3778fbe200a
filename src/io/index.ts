/**
 * `strata` I/O layer: the File/Completion/IOResult seam and its backends.
 * @module
 */
export { Completion, type CompletionState } from './completion.js';
export { type IOResult, type IODone, type IOPending, ready, pending, runSync, runAsync } from './io-result.js';
export type { File, IO, OpenOptions } from './file.js';
export { MemoryIO } from './memory.js';
export { NodeSyncIO } from './node-sync.js';
export { NodeAsyncIO } from './node-async.js';
export { DelayedIO } from './delayed.js';
