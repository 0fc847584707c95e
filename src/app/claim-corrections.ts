/**
 * Corrections after release: once a claim's hold has ended (ready) or it went out (exported), a
 * wrong claim is not edited in place. It gets a new version: a replacement (837P CLM05-3 = 7)
 * with the corrected codes, or a void (8) of the claim the payer has, each sent with the payer's
 * own claim control number of the original (REF*F8), which operations read off the payer's
 * acknowledgement (277CA) or remittance (835 CLP07). The new version is ready at once; the next
 * export sends it. Every version and what happened to it stays in the claim's history
 * (`claim_events`) and in the audit log.
 *
 * A ready claim the payer has never seen (version 1, never exported) is simply corrected as a new
 * version of the original (frequency 1): there is nothing at the payer to replace or void.
 *
 * Who: the claim's provider and operations (as for reading it); clients never see claims.
 */
import { visibleClaim } from "./access.js";
import type { Actor } from "./actor.js";
import { audit, userOf } from "./audit.js";
import type { ClaimEvent } from "./claim-files-port.js";
import { correctedCodes, correctionDiagnoses } from "./claims.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Store } from "./ports.js";
import type { Claim } from "./sessions-model.js";

/** A payer claim control number: printable ASCII, 1–50 characters, no X12 delimiter. */
const CONTROL_NUMBER = /^[!-~]([ -~]{0,48}[!-~])?$/;
const DELIMITER = /[*~:^]/;

export interface ReplacementInput {
  /** The payer's claim control number of the claim being replaced (when not already on the claim). */
  readonly payerControlNumber?: string | null | undefined;
  readonly cptCode?: string | undefined;
  readonly durationMinutes?: number | undefined;
  readonly diagnosisCodes?: readonly string[] | undefined;
  /** Why, for the history. */
  readonly reason?: string | null | undefined;
}

export interface VoidInput {
  readonly payerControlNumber?: string | null | undefined;
  readonly reason?: string | null | undefined;
}

export interface ClaimHistory {
  readonly claim: Claim;
  readonly events: readonly ClaimEvent[];
}

function controlNumber(given: string | null | undefined): string | null {
  if (given === undefined || given === null) return null;
  const value = given.trim();
  if (value === "") return null;
  if (!CONTROL_NUMBER.test(value) || DELIMITER.test(value)) {
    throw invalid(
      "payerControlNumber",
      "1–50 printable characters without * ~ : ^ (the payer's claim control number as on its acknowledgement or remittance)",
    );
  }
  return value;
}

function reasonOf(given: string | null | undefined): string | null {
  const r = given?.trim() ?? "";
  if (r.length > 500) throw invalid("reason", "at most 500 characters");
  return r === "" ? null : r;
}

/** The payer has (had) a version of this claim: it was exported, or is a correction of one that was. */
const sentBefore = (c: Claim): boolean => c.status === "exported" || c.frequency !== "1";

function mustBeReleased(c: Claim): void {
  if (c.status === "pending") {
    throw new AppError(
      "CONFLICT",
      `the claim is still held until ${c.readyAt}: correct it directly (PATCH /api/v1/claims/${c.id})`,
    );
  }
  if (c.frequency === "8") {
    throw new AppError("CONFLICT", "the claim is voided: a voided claim is not corrected again");
  }
}

function needControlNumber(c: Claim, given: string | null, what: string): string {
  const value = given ?? c.payerControlNumber;
  if (value === null) {
    throw invalid(
      "payerControlNumber",
      `a ${what} names the original claim by the payer's claim control number: take it from the payer's acknowledgement (277CA) or remittance (835 CLP07)`,
    );
  }
  return value;
}

/** A replacement (or, before the payer has seen it, a corrected original) as the claim's next version. */
export async function replaceClaim(
  store: Store,
  actor: Actor,
  claimId: string,
  input: ReplacementInput,
): Promise<Claim> {
  const found = await visibleClaim(store, actor, claimId);
  const diagnoses = correctionDiagnoses(input, ": what the replacement corrects");
  const given = controlNumber(input.payerControlNumber);
  const reason = reasonOf(input.reason);
  if (
    input.durationMinutes !== undefined &&
    (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 600)
  ) {
    throw invalid("durationMinutes", "expected whole minutes from 1 to 600");
  }
  return store.transaction(async (tx) => {
    const session = await tx.sessions.lock(found.sessionId);
    const claim = await tx.claims.byId(found.id);
    if (!session || !claim) throw notFound("claim");
    mustBeReleased(claim);
    const sent = sentBefore(claim);
    const frequency = sent ? "7" : "1";
    const payerControlNumber = sent ? needControlNumber(claim, given, "replacement") : null;

    const { durationMinutes, cptCode, cptCodes } = correctedCodes(session, input);
    const amendedSession = await tx.sessions.amend(session.id, { durationMinutes, cptCode });
    const next = await tx.claimFiles.correct(claim.id, claim.version, {
      frequency,
      payerControlNumber,
      cptCodes,
      diagnosisCodes: diagnoses ?? claim.diagnosisCodes,
    });
    if (!amendedSession || !next) throw new AppError("CONFLICT", "the claim changed meanwhile; reload it");
    const detail = {
      frequency,
      payerControlNumber,
      reason,
      before: { version: claim.version, cptCodes: claim.cptCodes, diagnosisCodes: claim.diagnosisCodes },
      after: { version: next.version, cptCodes: next.cptCodes, diagnosisCodes: next.diagnosisCodes },
    };
    await tx.claimFiles.addEvent({
      claimId: claim.id,
      version: next.version,
      kind: "replaced",
      actorUserId: userOf(actor),
      detail,
    });
    await audit(tx, actor, "claim.replace", "claim", claim.id, claim.clientId, detail);
    return next;
  });
}

/** A void (CLM05-3 = 8) of the claim the payer has, as the claim's next version. */
export async function voidClaim(
  store: Store,
  actor: Actor,
  claimId: string,
  input: VoidInput,
): Promise<Claim> {
  const found = await visibleClaim(store, actor, claimId);
  const given = controlNumber(input.payerControlNumber);
  const reason = reasonOf(input.reason);
  return store.transaction(async (tx) => {
    const claim = await tx.claims.byId(found.id);
    if (!claim) throw notFound("claim");
    mustBeReleased(claim);
    if (!sentBefore(claim)) {
      throw new AppError(
        "CONFLICT",
        "the claim has not been sent to the payer yet: there is nothing there to void; correct it with a replacement instead",
      );
    }
    const payerControlNumber = needControlNumber(claim, given, "void");
    const next = await tx.claimFiles.correct(claim.id, claim.version, {
      frequency: "8",
      payerControlNumber,
      cptCodes: claim.cptCodes,
      diagnosisCodes: claim.diagnosisCodes,
    });
    if (!next) throw new AppError("CONFLICT", "the claim changed meanwhile; reload it");
    const detail = { frequency: "8", payerControlNumber, reason, before: { version: claim.version } };
    await tx.claimFiles.addEvent({
      claimId: claim.id,
      version: next.version,
      kind: "voided",
      actorUserId: userOf(actor),
      detail,
    });
    await audit(tx, actor, "claim.void", "claim", claim.id, claim.clientId, detail);
    return next;
  });
}

/** The claim with every version and what happened to it, oldest first (audited as a read). */
export async function claimHistory(store: Store, actor: Actor, claimId: string): Promise<ClaimHistory> {
  const claim = await visibleClaim(store, actor, claimId);
  const events = await store.claimFiles.events(claim.id);
  await audit(store, actor, "claim.history", "claim", claim.id, claim.clientId);
  return { claim, events };
}
