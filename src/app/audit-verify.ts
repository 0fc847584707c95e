/**
 * `stateline audit verify`: walks the audit chain from its first event and names the first one
 * that does not match — content changed (its hash no longer follows from it), a row removed or
 * inserted (a gap in the positions, or a link to a predecessor that is not the one before it) —
 * and where the chain ends, so the head can be compared with one written down earlier.
 */
import type { Store } from "./ports.js";

const GENESIS = "0".repeat(64);
const BATCH = 5000;

export type ChainVerdict =
  | { readonly ok: true; readonly events: number; readonly head: { seq: number; hash: string } }
  | {
      readonly ok: false;
      readonly events: number;
      /** The first event that does not match, by id and chain position. */
      readonly at: { readonly id: number | null; readonly seq: number };
      readonly problem: string;
    };

export async function verifyAuditChain(
  store: Store,
  onProgress?: (checked: number, total: number) => void,
): Promise<ChainVerdict> {
  const head = await store.audit.chainHead();
  let previous = GENESIS;
  let seq = 0;
  for (;;) {
    const links = await store.audit.chain(seq, BATCH);
    if (links.length === 0) break;
    for (const link of links) {
      const at = { id: link.id, seq: link.seq };
      if (link.seq !== seq + 1)
        return {
          ok: false,
          events: seq,
          at,
          problem: `positions ${seq + 1}–${link.seq - 1} are missing (events removed)`,
        };
      if (link.prevHash !== previous)
        return {
          ok: false,
          events: seq,
          at,
          problem: "it does not link to the event before it (an event was removed or inserted)",
        };
      if (link.expected !== link.hash)
        return {
          ok: false,
          events: seq,
          at,
          problem: "its content no longer matches its hash (the event was changed)",
        };
      previous = link.hash;
      seq = link.seq;
    }
    onProgress?.(seq, head.seq);
  }
  if (seq !== head.seq || previous !== head.hash)
    return {
      ok: false,
      events: seq,
      at: { id: null, seq: head.seq },
      problem: `the chain's recorded head (position ${head.seq}) is not its last event (position ${seq}): events were removed from the end`,
    };
  return { ok: true, events: seq, head };
}
