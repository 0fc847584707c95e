/**
 * Claims: what a confirmed session is billed as (pure functions, so the billing rules can be
 * tested without a database), and reading them. A claim is its provider's business: the
 * provider and operations see it; to clients, claims do not exist (NOT_FOUND, not FORBIDDEN).
 */
import { CRISIS_ADD_ON, CRISIS_CPT, CRISIS_FIRST_HOUR, SHORT_CRISIS_PSYCHOTHERAPY } from "../contract/cpt.js";
import type { Decision } from "../rules/decision.js";
import { providerBusiness, visibleClaim } from "./access.js";
import type { Actor } from "./actor.js";
import { audit, userOf } from "./audit.js";
import { normalizeDiagnoses } from "./diagnoses.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Coverage, LocationKind } from "./model.js";
import { afterCursor, ORDERS, pageOf, type Page } from "./paging.js";
import type { Store } from "./ports.js";
import type {
  Claim,
  ClaimStatus,
  Confirmed,
  ListedClaim,
  Modality,
  PlaceOfService,
  ServiceLocation,
  Session,
} from "./sessions-model.js";
import type { NewClaim } from "./sessions-port.js";
import { checkSessionCode } from "./procedures.js";

/**
 * A claim becomes ready to export this long after confirmation (default; `STATELINE_CLAIM_HOLD_HOURS`
 * changes it): the provider may still correct the session's codes meanwhile.
 */
export const CLAIM_HOLD_HOURS = 48;

/** Crisis psychotherapy (CPT 90839) covers the first 30–74 minutes; nothing shorter is a crisis code. */
export const CRISIS_MIN_MINUTES = 30;

/** The shortest psychotherapy code (90832) needs 16 minutes: nothing shorter is billable as psychotherapy. */
export const PSYCHOTHERAPY_MIN_MINUTES = 16;

/**
 * The individual psychotherapy code for a session's length (the CPT time rule): 16–37 minutes →
 * 90832, 38–52 → 90834, 53 and more → 90837; undefined under 16 minutes.
 */
export function psychotherapyCode(minutes: number): string | undefined {
  if (minutes < PSYCHOTHERAPY_MIN_MINUTES) return undefined;
  if (minutes <= 37) return "90832";
  if (minutes <= 52) return "90834";
  return "90837";
}

/**
 * CPT codes for a crisis session: 90839 for the first 60 minutes (billable from 30), plus 90840
 * for each further 30 minutes, counted once the session reaches 75 minutes (60 + more than half
 * of 30): 30–74 → 90839; 75–104 → + 90840; 105–134 → + 90840 twice; and so on. A crisis that
 * took less than 30 minutes is billed as the ordinary psychotherapy it was (16–29 → 90832); under
 * 16 minutes no code fits.
 */
export function crisisCodes(minutes: number): string[] {
  if (minutes < CRISIS_MIN_MINUTES) {
    const code = psychotherapyCode(minutes);
    if (code === undefined) {
      throw invalid(
        "durationMinutes",
        `a session of ${minutes} minutes cannot be billed: crisis psychotherapy (${CRISIS_FIRST_HOUR}) needs ${CRISIS_MIN_MINUTES} minutes and the shortest psychotherapy code (${SHORT_CRISIS_PSYCHOTHERAPY}) ${PSYCHOTHERAPY_MIN_MINUTES}`,
      );
    }
    return [code];
  }
  const extra = minutes >= 75 ? Math.floor((minutes - 75) / 30) + 1 : 0;
  return [CRISIS_FIRST_HOUR, ...Array.from({ length: extra }, () => CRISIS_ADD_ON)];
}

/**
 * CMS place of service. In person, the provider's office: 11. Telehealth depends on where the
 * patient is: 10 = "telehealth provided in patient's home" when the client was at their home
 * (the location snapshot's kind is "home"); 02 = "telehealth provided other than in patient's
 * home" anywhere else (a dorm, a friend's place, a trip) or when we do not know.
 */
export function placeOfService(modality: Modality, clientPlace: LocationKind | null): PlaceOfService {
  if (modality === "in_person") return "11";
  return clientPlace === "home" ? "10" : "02";
}

/** How a payer wants video telehealth marked (billing settings, per payer). */
export type TelehealthModifierRule = "95" | "GT" | "none";

/** The payer catalogue's id of traditional Medicare (Part B). */
export const MEDICARE = "medicare";

/**
 * Telehealth modifiers for a claim's lines, by payer:
 *   - in person: none;
 *   - Medicare: none for audio-video — since 2024 the place of service (02 or 10) says it is
 *     telehealth and modifier 95 is no longer used except for hospital-based clinicians and
 *     therapists (CMS CY 2024 Physician Fee Schedule final rule; National Government Services,
 *     "Telehealth Changes for 2024 – Modifier 95 and Place of Service Codes"; AAFP, "Medicare
 *     telehealth 2025": "Medicare does not require a modifier (e.g., 95) for audiovisual
 *     telehealth"); audio-only: FQ ("a Medicare telehealth service was furnished using real-time
 *     audio-only communication technology"; First Coast Service Options, "Telehealth services");
 *   - every other payer: 95 for audio-video (or GT, or nothing, where billing settings say the
 *     payer wants that), 93 for audio-only (CPT: "synchronous telemedicine service rendered via
 *     telephone or other real-time interactive audio-only telecommunications system").
 */
export function modifiersFor(
  modality: Modality,
  options: {
    readonly audioOnly?: boolean | undefined;
    readonly payer?: string | undefined;
    readonly rule?: TelehealthModifierRule | undefined;
  } = {},
): string[] {
  if (modality !== "telehealth") return [];
  const medicare = options.payer === MEDICARE;
  if (options.audioOnly === true) return [medicare ? "FQ" : "93"];
  const rule = options.rule ?? (medicare ? "none" : "95");
  return rule === "none" ? [] : [rule];
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
    modifiers: modifiersFor(session.modality, { audioOnly: session.audioOnly, payer: decision.billTo }),
    placeOfService: placeOfService(session.modality, location.kind),
    serviceLocation: location,
    serviceDate: session.serviceDate,
    diagnosisCodes,
    readyAt: new Date(confirmedAt.getTime() + holdHours * 3600_000),
  };
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
  /** Page size (default 200). */
  readonly limit?: number | undefined;
  /** The next page: the cursor the previous one answered. */
  readonly cursor?: string | undefined;
}

/** Claims newest first, a page at a time (src/app/paging.ts): a provider's own, operations everyone's. */
export async function listClaims(
  store: Store,
  actor: Actor,
  filter: ClaimFilter,
): Promise<Page<ListedClaim>> {
  if (!providerBusiness(actor)) throw notFound("route");
  const after = afterCursor(ORDERS.claims, filter.cursor);
  // A provider account without a provider record sees nothing, never everyone's.
  if (actor.role === "provider" && !actor.providerId) return { items: [], next: null };
  const page = pageOf(
    ORDERS.claims,
    await store.claims.page({
      providerId: actor.role === "provider" ? (actor.providerId ?? undefined) : undefined,
      status: filter.status,
      from: filter.from,
      to: filter.to,
      limit: filter.limit ?? 200,
      after,
    }),
  );
  const claims = page.items;
  await audit(store, actor, "claim.list", "claim", null, null, {
    claimIds: claims.map((c) => c.id),
    clientIds: [...new Set(claims.map((c) => c.clientId))],
  });
  return page;
}

// ---------------------------------------------------------------------------------------------
// Correcting a claim while it is held.

export interface AmendInput {
  /** The session's CPT code (not for crisis sessions: their codes follow the duration). */
  readonly cptCode?: string | undefined;
  readonly durationMinutes?: number | undefined;
  readonly diagnosisCodes?: readonly string[] | undefined;
}

/**
 * What a correction (while held, or a replacement after release) changes, checked: at least one
 * of the code, the length and the diagnoses; the diagnoses, when given, billable and not none.
 * `what` finishes the sentence that asks for one ("to change", "…: what the replacement corrects").
 */
export function correctionDiagnoses(input: AmendInput, what: string): string[] | undefined {
  if (
    input.cptCode === undefined &&
    input.durationMinutes === undefined &&
    input.diagnosisCodes === undefined
  )
    throw invalid("body", `give cptCode, durationMinutes or diagnosisCodes${what}`);
  const diagnoses =
    input.diagnosisCodes === undefined
      ? undefined
      : normalizeDiagnoses(input.diagnosisCodes, "diagnosisCodes");
  if (diagnoses !== undefined && diagnoses.length === 0)
    throw invalid("diagnosisCodes", "a claim needs at least one ICD-10-CM diagnosis");
  return diagnoses;
}

/**
 * A session's length, code and claim codes after a correction: a crisis session's codes follow
 * its length; another session takes a new code from the behavioral-health set, never a crisis one.
 */
export function correctedCodes(
  session: { readonly crisis: boolean; readonly durationMinutes: number; readonly cptCode: string },
  input: AmendInput,
): { durationMinutes: number; cptCode: string; cptCodes: string[] } {
  const durationMinutes = input.durationMinutes ?? session.durationMinutes;
  if (session.crisis) {
    if (input.cptCode !== undefined && !CRISIS_CPT.has(input.cptCode)) {
      throw invalid(
        "cptCode",
        `a crisis session's codes follow its duration (${CRISIS_FIRST_HOUR} + ${CRISIS_ADD_ON} from ${CRISIS_MIN_MINUTES} minutes, ${SHORT_CRISIS_PSYCHOTHERAPY} below); change durationMinutes`,
      );
    }
    return { durationMinutes, cptCode: session.cptCode, cptCodes: crisisCodes(durationMinutes) };
  }
  const cptCode = input.cptCode ?? session.cptCode;
  if (CRISIS_CPT.has(cptCode)) {
    throw invalid(
      "cptCode",
      `${CRISIS_FIRST_HOUR}/${CRISIS_ADD_ON} are for crisis sessions; this session was not confirmed as one`,
    );
  }
  // Only a new code is checked: a session's own code was checked when it was scheduled.
  if (input.cptCode !== undefined) checkSessionCode(input.cptCode, "cptCode");
  return { durationMinutes, cptCode, cptCodes: [cptCode] };
}

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
  const diagnoses = correctionDiagnoses(input, " to change");
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
    const { durationMinutes, cptCode, cptCodes } = correctedCodes(session, input);
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
    // The claim's own history (claim_events) keeps the correction too.
    await tx.claimFiles.addEvent({
      claimId: claim.id,
      version: amended.version,
      kind: "amended",
      actorUserId: userOf(actor),
      detail: {
        before: { cptCodes: claim.cptCodes, diagnosisCodes: claim.diagnosisCodes },
        after: { cptCodes: amended.cptCodes, diagnosisCodes: amended.diagnosisCodes },
      },
    });
    return { session: amendedSession, claim: amended };
  });
}
