/**
 * What a session's check found, as a short digest: billable, where, the engine's decision, the
 * alert naming it and the crisis what-if; not when it was checked. Kept beside `last_check`
 * (`session_checks.check_hash`) by every re-check, so that the daily re-check writes a session's check
 * only when the outcome changed, without reading the stored check back.
 */
import { createHash } from "node:crypto";
import type { SessionCheck } from "../alerts-port.js";

/**
 * The digest of a check's outcome. The checks hashed are built by one routine (`sessionCheck`),
 * so equal outcomes give equal text; two texts for one outcome would only cost a write.
 */
export function outcomeHash(check: SessionCheck): string {
  const text = JSON.stringify([
    check.billable,
    check.location,
    check.decision,
    check.alertKey,
    check.crisisBillable ?? null,
  ]);
  return createHash("sha1").update(text).digest("base64url");
}
