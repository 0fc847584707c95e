/**
 * A session's check as the store keeps it (`session_checks.last_check`), and the digest of what
 * it found (`session_checks.check_hash`): billable, where, the engine's decision, the alert naming
 * it and the crisis what-if; not when it was checked. Every re-check keeps the digest beside the
 * check, so that the daily re-check writes a session's check only when the outcome changed,
 * without reading the stored check back.
 *
 * Both come from one serialization: the outcome is written as JSON once, digested, and the
 * check's JSON is that text with the two dates put in front (a write used to serialize every
 * decision a second time). For 2,000 checks, a statement's worth, this takes about 7 ms, and
 * the statement's document (`checksDocument`, store/sessions-store.ts) 5 ms.
 */
import { hash } from "node:crypto";
import type { SessionCheck } from "../alerts-port.js";

export interface StoredCheck {
  /** The check as JSON (an object: `checkedOn`, `checkedAt`, then the outcome's fields). */
  readonly json: string;
  /** The digest of the outcome (the same outcome gives the same digest whenever it was checked). */
  readonly hash: string;
}

/**
 * The check's JSON and its outcome's digest. The checks are built by one routine
 * (`sessionCheck`), so equal outcomes give equal text; two texts for one outcome would only cost
 * a write.
 */
export function storedCheck(check: SessionCheck): StoredCheck {
  const outcome = JSON.stringify({
    billable: check.billable,
    location: check.location,
    decision: check.decision,
    alertKey: check.alertKey,
    crisisBillable: check.crisisBillable ?? null,
  });
  const dates = `{"checkedOn":${JSON.stringify(check.checkedOn)},"checkedAt":${JSON.stringify(check.checkedAt)},`;
  return {
    // `outcome` is an object with at least one field: its text after the "{" continues ours.
    json: dates + outcome.slice(1),
    // One-shot (no Hash object per session): half the time of createHash at a million.
    hash: hash("sha1", outcome, "base64url"),
  };
}
