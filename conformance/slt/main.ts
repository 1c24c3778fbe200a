/**
 * Entry point of `npm run slt` (see ./cli.ts for the options).
 *
 * @module
 */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
