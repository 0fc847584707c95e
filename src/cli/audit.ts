/** `stateline audit verify`: checks the audit log's hash chain, with progress on a terminal. */
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../app/audit-verify.js";
import { createStore } from "../store/store.js";
import { painter, UsageError, write, type Io } from "./io.js";
import { openDb } from "./serve.js";

export async function runAudit(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { "expect-head": { type: "string" } },
  });
  if (positionals[0] !== "verify" || positionals.length > 1)
    throw new UsageError('expected "stateline audit verify [--expect-head SEQ:HASH]"');
  const db = await openDb(io);
  try {
    const store = createStore(db.kysely);
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const verdict = await verifyAuditChain(store, (checked, total) => {
      if (tty)
        io.stderr.write(
          `\rChecked ${checked.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} events`,
        );
    });
    if (tty) io.stderr.write("\n");
    const paint = painter(io.stdout);
    if (!verdict.ok) {
      write(
        io.stdout,
        `${paint("red", "✗")} The audit chain is broken at position ${verdict.at.seq}${verdict.at.id !== null ? ` (event id ${verdict.at.id})` : ""}: ${verdict.problem}. ${verdict.events.toLocaleString("en-US")} events before it check out.`,
      );
      return 1;
    }
    const head = `${verdict.head.seq}:${verdict.head.hash}`;
    const expected = values["expect-head"];
    if (expected !== undefined) {
      const [seqText, hash] = expected.split(":");
      const seq = Number(seqText);
      if (!Number.isInteger(seq) || !hash)
        throw new UsageError(`--expect-head: expected SEQ:HASH, got "${expected}"`);
      const links = await store.audit.chain(seq - 1, 1);
      if (links[0]?.hash !== hash) {
        write(
          io.stdout,
          `${paint("red", "✗")} Position ${seq} no longer has the hash written down: the chain was rewritten.`,
        );
        return 1;
      }
    }
    write(
      io.stdout,
      `${paint("green", "✓")} ${verdict.events.toLocaleString("en-US")} audit events, chained without a break. Head: ${head}\n  Write the head down elsewhere; a later run with --expect-head ${head} shows the chain was not rewritten since.`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
