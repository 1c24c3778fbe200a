/**
 * node:crypto when the runtime has it, found through `process.getBuiltinModule` (Node ≥ 20.16) so
 * that importing Strata's crypto never fails where there is no Node: callers fall back to
 * @noble/ciphers and Web Crypto.
 *
 * @module
 */
import type * as NodeCrypto from 'node:crypto';

/** The node:crypto module, or undefined outside Node. */
export const nodeCrypto: typeof NodeCrypto | undefined = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
