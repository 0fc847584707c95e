/**
 * Claims: what a confirmed session is billed as (pure functions, so the billing rules can be
 * tested without a database), and reading them. A claim is its provider's business: the
 * provider and operations see it; to clients, claims do not exist (NOT_FOUND, not FORBIDDEN).
 */
import type { Decision } from "../rules/decision.js";
import type { Actor } from "./actor.js";
import { audit } from "./clients.js";
import { normalizeDiagnoses } from "./diagnoses.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Coverage, LocationKind } from "./model.js";
import type { Store } from "./ports.js";
import type {
  Claim,
  ClaimStatus,
  Confirmed,
  Modality,
  PlaceOfService,
  ServiceLocation,
  Session,
} from "./sessions-model.js";
import type { NewClaim } from "./sessions-port.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A claim becomes ready to export this long after confirmation (default; `STATELINE_CLAIM_HOLD_HOURS`
 * changes it): the provider may still correct the session's codes meanwhile.
 */
export const CLAIM_HOLD_HOURS = 48;

/** Crisis psychotherapy (CPT 90839) covers the first 30–74 minutes; nothing shorter is a crisis code. */
export const CRISIS_MIN_MINUTES = 30;

/**
 * CPT codes for a crisis session: 90839 for the first 60 minutes (billable from 30), plus 90840
 * for each further 30 minutes, counted once the session reaches 75 minutes (60 + more than half
 * of 30): 30–74 → 90839; 75–104 → + 90840; 105–134 → + 90840 twice; and so on.
 */
export function crisisCodes(minutes: number): string[] {
  if (minutes < CRISIS_MIN_MINUTES) {
    throw invalid(
      "durationMinutes",
      `a crisis session is billed as CPT 90839, which needs at least ${CRISIS_MIN_MINUTES} minutes; this one lasted ${minutes}`,
    );
  }
  const extra = minutes >= 75 ? Math.floor((minutes - 75) / 30) + 1 : 0;
  return ["90839", ...Array.from({ length: extra }, () => "90840")];
}

/**
 * CMS place of service. In person, the provider's office: 11. Telehealth depends on where the
 * patient is: 10 = "telehealth provided in patient's home" (a private residence, including
 * temporary lodging); 02 = "telehealth provided other than in patient's home". Every kind of
 * client location we keep (home, virtual-session place, trip) is the client's own place, so
 * 02 applies only when the client's place is unknown to us (`null`).
 */
export function placeOfService(modality: Modality, clientPlace: LocationKind | null): PlaceOfService {
  if (modality === "in_person") return "11";
  switch (clientPlace) {
    case "home":
    case "temporary":
    case "virtual_session":
      return "10";
    case null:
      return "02";
  }
}

/** Modifier 95: a synchronous audio-video telehealth service (every telehealth session here is video). */
export function modifiersFor(modality: Modality): string[] {
  return modality === "telehealth" ? ["95"] : [];
}

/** The claim of a session the engine found billable, as confirmed at `confirmedAt`. */
export function claimFor(
  session: Session,
  decision: Decision,
  coverage: Coverage,
  location: ServiceLocation,
  confirmedAt: Date,
  diagnosisCodes: readonly string[],
  holdHours: number = CLAIM_HOLD_HOURS,
): NewClaim {
  if (decision.outcome !== "billable" || decision.billTo === null || decision.basis === null) {
    throw new Error(`claimFor: session ${session.id} was not decided billable`);
  }
  return {
    sessionId: session.id,
    providerId: session.providerId,
    clientId: session.clientId,
    billTo: decision.billTo,
    homePlan: decision.homePlan,
    basis: decision.basis,
    memberId: coverage.memberId,
    coverageId: coverage.id,
    cptCodes: session.crisis ? crisisCodes(session.durationMinutes) : [session.cptCode],
    modifiers: modifiersFor(session.modality),
    placeOfService: placeOfService(session.modality, location.kind),
    serviceLocation: location,
    serviceDate: session.serviceDate,
    diagnosisCodes,
    readyAt: new Date(confirmedAt.getTime() + holdHours * 3600_000),
  };
}

function mayReadClaims(actor: Actor): boolean {
  return actor.role === "ops" || actor.role === "provider";
}

/**
 * The claim if the actor may see it (its provider, operations); NOT_FOUND otherwise. Not
 * audited: the use case that reads it records what it did with it.
 */
export async function visibleClaim(store: Store, actor: Actor, claimId: string): Promise<Claim> {
  const claim = mayReadClaims(actor) && UUID.test(claimId) ? await store.claims.byId(claimId) : undefined;
  if (!claim || (actor.role === "provider" && claim.providerId !== actor.providerId)) throw notFound("claim");
  return claim;
}

/** The claim if the actor may see it (its provider, operations), audited as read; NOT_FOUND otherwise. */
export async function getClaim(store: Store, actor: Actor, claimId: string): Promise<Claim> {
  const claim = await visibleClaim(store, actor, claimId);
  await audit(store, actor, "claim.read", "claim", claim.id, claim.clientId);
  return claim;
}

export interface ClaimFilter {
  readonly status?: ClaimStatus | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit?: number | undefined;
}

export async function listClaims(store: Store, actor: Actor, filter: ClaimFilter): Promise<Claim[]> {
  if (!mayReadClaims(actor)) throw notFound("route");
  // A provider account without a provider record sees nothing, never everyone's.
  if (actor.role === "provider" && !actor.providerId) return [];
  const claims = await store.claims.list({
    providerId: actor.role === "provider" ? (actor.providerId ?? undefined) : undefined,
    status: filter.status,
    from: filter.from,
    to: filter.to,
    limit: filter.limit ?? 200,
  });
  await audit(store, actor, "claim.list", "claim", null, null, {
    claimIds: claims.map((c) => c.id),
    clientIds: [...new Set(claims.map((c) => c.clientId))],
  });
  return claims;
}

// ---------------------------------------------------------------------------------------------
// Correcting a claim while it is held.

export interface AmendInput {
  /** The session's CPT code (not for crisis sessions: their codes follow the duration). */
  readonly cptCode?: string | undefined;
  readonly durationMinutes?: number | undefined;
  readonly diagnosisCodes?: readonly string[] | undefined;
}

const CRISIS_CODES = new Set(["90839", "90840"]);

/**
 * While a claim is held (pending, before `readyAt`), its provider or operations may correct the
 * session's length, CPT code and diagnoses; the claim's codes follow. Where, who and whom to bill
 * were decided at confirmation and stay. After the hold the claim is on its way: CONFLICT.
 */
export async function amendClaim(
  store: Store,
  actor: Actor,
  claimId: string,
  input: AmendInput,
  now: Date,
): Promise<Confirmed> {
  const found = await visibleClaim(store, actor, claimId);
  if (
    input.cptCode === undefined &&
    input.durationMinutes === undefined &&
    input.diagnosisCodes === undefined
  ) {
    throw invalid("body", "give cptCode, durationMinutes or diagnosisCodes to change");
  }
  const diagnoses =
    input.diagnosisCodes === undefined
      ? undefined
      : normalizeDiagnoses(input.diagnosisCodes, "diagnosisCodes");
  if (diagnoses !== undefined && diagnoses.length === 0) {
    throw invalid("diagnosisCodes", "a claim needs at least one ICD-10-CM diagnosis");
  }
  return store.transaction(async (tx) => {
    // The session's row lock orders this after any confirmation or amendment in flight.
    const session = await tx.sessions.lock(found.sessionId);
    const claim = await tx.claims.byId(found.id);
    if (!session || !claim) throw notFound("claim");
    if (claim.status !== "pending" || now.getTime() >= new Date(claim.readyAt).getTime()) {
      throw new AppError(
        "CONFLICT",
        `the claim's hold ended at ${claim.readyAt} and it is ${claim.status === "exported" ? "exported" : "ready to submit"}: it can no longer be changed here`,
      );
    }
    const durationMinutes = input.durationMinutes ?? session.durationMinutes;
    let cptCode = input.cptCode ?? session.cptCode;
    let cptCodes: string[];
    if (session.crisis) {
      if (input.cptCode !== undefined && !CRISIS_CODES.has(input.cptCode)) {
        throw invalid(
          "cptCode",
          "a crisis session is billed as 90839 (+ 90840) by its duration; change durationMinutes",
        );
      }
      cptCode = session.cptCode;
      cptCodes = crisisCodes(durationMinutes);
    } else {
      if (CRISIS_CODES.has(cptCode)) {
        throw invalid(
          "cptCode",
          "90839/90840 are for crisis sessions; this session was not confirmed as one",
        );
      }
      cptCodes = [cptCode];
    }
    const amendedSession = await tx.sessions.amend(session.id, { durationMinutes, cptCode });
    const amended = await tx.claims.amend(claim.id, {
      cptCodes,
      diagnosisCodes: diagnoses ?? claim.diagnosisCodes,
    });
    if (!amendedSession || !amended) throw new AppError("CONFLICT", "the claim changed meanwhile; reload it");
    await audit(tx, actor, "claim.amend", "claim", claim.id, claim.clientId, {
      before: {
        cptCodes: claim.cptCodes,
        diagnosisCodes: claim.diagnosisCodes,
        durationMinutes: session.durationMinutes,
      },
      after: { cptCodes: amended.cptCodes, diagnosisCodes: amended.diagnosisCodes, durationMinutes },
    });
    return { session: amendedSession, claim: amended };
  });
}
