/**
 * Queries built and compiled once, then run with new values. Kysely builds a query as a tree
 * of immutable nodes and compiles it to SQL on every call, which for the few big queries on the
 * hot path (a session's context: seven subqueries) cost more than PostgreSQL's own work once
 * the statement is prepared. The SQL text is the same every time, so it stays one prepared
 * statement on the server.
 */
import { CompiledQuery, type Compilable, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Q = Kysely<Database> | Transaction<Database>;

/** Stands for the id while compiling; never a real record's id (version nibble 4, all zeros). */
const MARK = "00000000-0000-4000-8000-000000000000";

/** `build(q, id)`'s query, compiled on first use; each call swaps in the id. */
export function compiledById<R>(
  build: (q: Q, id: string) => Compilable<R>,
): (q: Q, id: string) => CompiledQuery<R> {
  let once: CompiledQuery<R> | undefined;
  return (q, id) => {
    once ??= build(q, MARK).compile();
    if (!once.parameters.includes(MARK)) throw new Error("compiledById: the query does not use its id");
    return CompiledQuery.raw(
      once.sql,
      once.parameters.map((p) => (p === MARK ? id : p)),
    );
  };
}
