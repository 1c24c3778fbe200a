/**
 * The VDBE: programs of SQLite opcodes, the register machine that runs them, EXPLAIN output and the
 * sync/async drivers.
 * @module
 */
export { OPCODES, type Opcode } from './opcodes.js';
export type { Insn, P4, KeyInfo } from './insn.js';
export { ProgramBuilder, type Program, type Label } from './program.js';
export { Vm, type VmHost } from './vm.js';
export type { StepResult } from './step-result.js';
export { stepSync, stepAsync } from './driver.js';
export { explainRows, formatExplain, formatQueryPlan, type ExplainRow } from './explain.js';
