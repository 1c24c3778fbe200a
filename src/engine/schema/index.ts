/**
 * The in-memory schema (tables with column affinities, indexes, views) built from sqlite_schema.
 * @module
 */
export type { Column, Table, Index, IndexColumn, View, Schema, Trigger } from './types.js';
export { buildSchema, schemaTable, tableFromCreate, indexColumns, autoIndexColumns } from './build.js';
