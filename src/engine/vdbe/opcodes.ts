/**
 * The opcodes Strata's VDBE executes, named and numbered in their operands as in SQLite
 * (sqlite.org/opcode.html). Only the opcodes the translator emits are listed; each one's operand
 * use is documented beside its case in vm.ts.
 *
 * P5 flags of the comparison opcodes (Eq, Ne, Lt, Le, Gt, Ge), as sqliteInt.h defines them:
 *
 * | bits  | meaning                                                          |
 * |-------|------------------------------------------------------------------|
 * | 0x0f  | affinity to apply before comparing ({@link AFF_BLOB} … REAL)     |
 * | 0x10  | {@link JUMP_IF_NULL}: jump when either operand is NULL           |
 * | 0x80  | {@link NULL_EQ}: NULL = NULL is true, NULL = x false (IS / IS NOT)|
 *
 * @module
 */

/** Every opcode name the VM knows. */
export const OPCODES = [
  'Init', 'Goto', 'Halt', 'Transaction', 'Noop', 'Explain',
  'Integer', 'Int64', 'Real', 'String8', 'Blob', 'Null', 'Variable',
  'Copy', 'SCopy', 'Move', 'IntCopy',
  'ResultRow',
  'OpenRead', 'OpenWrite', 'OpenEphemeral', 'OpenPseudo', 'OpenDup', 'SorterOpen', 'Close', 'NullRow',
  'Rewind', 'Last', 'Next', 'Prev', 'Column', 'Rowid', 'IdxRowid',
  'SeekRowid', 'NotExists', 'SeekGE', 'SeekGT', 'SeekLE', 'SeekLT', 'IdxGE', 'IdxGT', 'IdxLE', 'IdxLT',
  'Found', 'NotFound', 'NoConflict',
  'MakeRecord', 'IdxInsert', 'IdxDelete', 'Insert', 'NewRowid', 'Delete',
  'SorterInsert', 'SorterSort', 'SorterNext', 'SorterData', 'Sort',
  'AggStep', 'AggFinal', 'AggWindow', 'Function', 'CollSeq',
  'Compare', 'Jump', 'Eq', 'Ne', 'Lt', 'Le', 'Gt', 'Ge', 'ZeroOrNull',
  'If', 'IfNot', 'IsNull', 'NotNull', 'IsTrue', 'Once',
  'Gosub', 'Return', 'InitCoroutine', 'Yield', 'EndCoroutine',
  'IfPos', 'IfNotZero', 'DecrJumpZero', 'MustBeInt', 'OffsetLimit',
  'Add', 'Subtract', 'Multiply', 'Divide', 'Remainder', 'Concat',
  'BitAnd', 'BitOr', 'ShiftLeft', 'ShiftRight', 'BitNot', 'Not', 'And', 'Or',
  'Cast', 'Affinity', 'RealAffinity', 'Sequence',
  'CreateBtree', 'Destroy', 'Clear', 'SetCookie', 'ReadCookie', 'ParseSchema', 'HaltIfNull', 'ResetCount',
  'Savepoint', 'Vacuum', 'FilterAdd', 'Filter', 'FkCounter',
] as const;

/** An opcode name. */
export type Opcode = (typeof OPCODES)[number];

/** Affinity codes as sqliteInt.h numbers them (SQLITE_AFF_*), used in P5 and P4 affinity strings. */
export const AFF_NONE = 0x40;
export const AFF_BLOB = 0x41;
export const AFF_TEXT = 0x42;
export const AFF_NUMERIC = 0x43;
export const AFF_INTEGER = 0x44;
export const AFF_REAL = 0x45;

/**
 * P5 of Insert / IdxInsert: a hint that the new key is likely larger than every key of the tree
 * (sqliteInt.h OPFLAG_APPEND); the b-tree then tries its append fast path first.
 */
export const OPFLAG_APPEND = 0x08;

/**
 * P5 of Delete and Insert on a b-tree cursor (sqliteInt.h OPFLAG_SAVEPOSITION): the cursor stays
 * usable by the loop that walks it. After Delete it rests on the entry after the deleted one, and
 * the next Next stays there (SQLite's CURSOR_SKIPNEXT); after Insert it rests on the row written.
 * One-pass DELETE and UPDATE (dml.ts) set it on the cursor their WHERE loop walks.
 */
export const OPFLAG_SAVEPOSITION = 0x02;

/**
 * P5 of Insert on a b-tree cursor (sqliteInt.h OPFLAG_USESEEKRESULT): the cursor rests on the row
 * being replaced, put there by the statement's loop with no write to its tree since, so its
 * position may stand in for a seek (the b-tree's in-place replace, replace-in-place.ts).
 */
export const OPFLAG_USESEEKRESULT = 0x10;

/** P5 of a comparison: jump when either operand is NULL (SQLITE_JUMPIFNULL). */
export const JUMP_IF_NULL = 0x10;
/** P5 of a comparison: NULLs compare equal to each other (SQLITE_NULLEQ). */
export const NULL_EQ = 0x80;
/** Mask of the affinity part of a comparison's P5 (SQLITE_AFF_MASK). */
export const AFF_MASK = 0x47;

/**
 * P5 of Insert and Delete (Strata's own bit, unused by SQLite's OPFLAG_* on these opcodes): the row
 * counts in total_changes() but not in changes() — a row written by a trigger body.
 */
export const OPFLAG_TOTAL_ONLY = 0x200;
