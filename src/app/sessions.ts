/**
 * Sessions: a provider schedules them ahead, then confirms each one, and confirming is where
 * the platform enforces its answer: the engine decides with the provider's file, the client's
 * coverage and where the client was, and only a billable session gets its claim. Everything a
 * confirmation decides is frozen on the session (location, decision) and the claim; confirming
 * again answers the same, never re-decides.
 *
 * One answer per session: a scheduled session carries its latest re-check (`lastCheck`, read as
 * its outlook), scheduling re-checks at once, and the previews answer what scheduling
 * (`previewSchedule`) and confirming (`previewConfirmation`, the same plan as `confirmSession`)
 * would decide, writing nothing but their audit events.
 *
 * Access as for clients: a provider reaches their own sessions, a client sees theirs (read
 * only), operations everything; anything else is NOT_FOUND. Every read or change is audited.
 */
import { randomUUID } from "node:crypto";
import { CRISIS_CPT, CRISIS_FIRST_HOUR, SHORT_CRISIS_PSYCHOTHERAPY } from "../contract/cpt.js";
import type { Basis, Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import type { StateCode } from "../contract/states.js";
import { isId, mayReach, mustManage, visibleClient, visibleSession } from "./access.js";
import type { Actor } from "./actor.js";
import { checkAddress, checkAddressText } from "./addresses.js";
import { recheckClient, recheckSession } from "./alerts/recheck.js";
import { audit, auditEvent, userOf } from "./audit.js";
import { addDays, dateIn, parseInstant, timeZoneName, todayOf } from "./calendar.js";
import { CRISIS_MIN_MINUTES, PSYCHOTHERAPY_MIN_MINUTES, claimFor } from "./claims.js";
import { icd10cm } from "../reference/code-sets.js";
import { normalizeDiagnoses } from "./diagnoses.js";
import { queueIfNeverVerified } from "./eligibility.js";
import { normalizeZip } from "./text-fields.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Client, ClientLocation, NewAuditEvent, ProviderFile } from "./model.js";
import { crisisBillable, outlookOf, type Outlook } from "./outlook.js";
import { afterCursor, ORDERS, pageOf, type Page } from "./paging.js";
import type { Store } from "./ports.js";
import { decideSession, placeOf, snapshotOfClient, snapshotOfPractice } from "./placement.js";
import type {
  Confirmed,
  Modality,
  PlaceOfService,
  ServiceLocation,
  Session,
  SessionStatus,
} from "./sessions-model.js";
import { ClaimExistsError, type NewClaim, type NewSession, type SessionContext } from "./sessions-port.js";
import { checkSessionCode } from "./procedures.js";

/** A session can be confirmed (and billed) until this many days after its service date. */
export const CONFIRM_WITHIN_DAYS = 30;

// ---------------------------------------------------------------------------------------------
// Scheduling.

export interface ScheduleInput {
  readonly clientId: string;
  /** ISO 8601 with an offset: `2026-07-01T10:00:00-04:00`. */
  readonly startsAt: string;
  /** IANA name: `America/New_York`. */
  readonly timeZone: string;
  readonly durationMinutes: number;
  readonly modality: Modality;
  readonly cptCode: string;
  readonly crisis: boolean;
  /** Telehealth by audio only, no video (modifier 93; FQ for Medicare). Default false. */
  readonly audioOnly?: boolean | undefined;
  /** Required in person: one of the provider's practice locations. */
  readonly practiceLocationId: string | null;
}

/** A session as scheduling would store it: checked, with its client and the provider's file. */
interface Planned {
  readonly client: Client;
  readonly file: ProviderFile;
  readonly session: NewSession;
}

/** Everything scheduling checks before it stores anything (and the preview, the same). */
async function planSession(store: Store, actor: Actor, input: ScheduleInput, now: Date): Promise<Planned> {
  mustManage(actor, "schedule sessions");
  const startsAt = parseInstant(input.startsAt);
  if (!startsAt) {
    throw invalid(
      "startsAt",
      `expected an ISO 8601 date and time with its offset, such as 2026-07-01T10:00:00-04:00, got "${input.startsAt}"`,
    );
  }
  // Sessions are entered before they happen. A crisis is not planned: it may be recorded
  // afterwards, within the window in which it can still be confirmed.
  const late = startsAt.getTime() <= now.getTime();
  if (late && !input.crisis) {
    throw invalid("startsAt", `sessions are scheduled ahead: ${input.startsAt} is not in the future`);
  }
  if (late && now.getTime() - startsAt.getTime() > CONFIRM_WITHIN_DAYS * 86_400_000) {
    throw invalid(
      "startsAt",
      `a crisis session can be recorded up to ${CONFIRM_WITHIN_DAYS} days afterwards`,
    );
  }
  const timeZone = timeZoneName(input.timeZone);
  if (!timeZone) {
    throw invalid("timeZone", `expected an IANA time zone such as America/New_York, got "${input.timeZone}"`);
  }
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 600) {
    throw invalid("durationMinutes", "expected whole minutes from 1 to 600");
  }
  if (!/^\d{5}$/.test(input.cptCode)) throw invalid("cptCode", "expected a 5-digit CPT code such as 90837");
  if (input.crisis && input.durationMinutes < PSYCHOTHERAPY_MIN_MINUTES) {
    throw invalid(
      "durationMinutes",
      `a crisis session is billed as CPT ${CRISIS_FIRST_HOUR} from ${CRISIS_MIN_MINUTES} minutes and as psychotherapy (${SHORT_CRISIS_PSYCHOTHERAPY}) from ${PSYCHOTHERAPY_MIN_MINUTES}; ${input.durationMinutes} minutes cannot be billed`,
    );
  }
  if (input.audioOnly === true && input.modality !== "telehealth") {
    throw invalid("audioOnly", "only a telehealth session can be audio-only");
  }
  // A crisis session's codes follow its length (claims.ts crisisCodes); its own code is kept as given.
  if (!(input.crisis && CRISIS_CPT.has(input.cptCode))) checkSessionCode(input.cptCode, "cptCode");

  // A body field, so a field error; worded the same whether the client is missing or someone else's.
  const client = await visibleClient(store, actor, input.clientId).catch((e: unknown) => {
    throw e instanceof AppError && e.code === "NOT_FOUND"
      ? invalid("clientId", "no client of yours has that id")
      : e;
  });
  const file = await store.providers.file(client.providerId);
  if (!file) throw notFound("provider");
  let practiceLocationId: string | null = null;
  if (input.practiceLocationId !== null) {
    if (!file.practiceLocations.some((p) => p.id === input.practiceLocationId)) {
      throw invalid("practiceLocationId", "not one of the provider's practice locations");
    }
    practiceLocationId = input.practiceLocationId;
  } else if (input.modality === "in_person") {
    throw invalid("practiceLocationId", "an in-person session needs the practice location it takes place at");
  }
  return {
    client,
    file,
    session: {
      providerId: client.providerId,
      clientId: client.id,
      startsAt,
      timeZone,
      serviceDate: dateIn(startsAt, timeZone),
      durationMinutes: input.durationMinutes,
      modality: input.modality,
      cptCode: input.cptCode,
      crisis: input.crisis,
      audioOnly: input.audioOnly ?? false,
      practiceLocationId,
    },
  };
}

export async function scheduleSession(
  store: Store,
  actor: Actor,
  input: ScheduleInput,
  now: Date,
  /**
   * With the map, the client's upcoming sessions are re-checked at once (alerts follow), and the
   * session answered carries its check (its outlook).
   */
  geo?: Geography,
): Promise<Session> {
  const { client, session: planned } = await planSession(store, actor, input, now);
  return store.transaction(async (tx) => {
    const session = await tx.sessions.add(planned);
    await audit(tx, actor, "session.create", "session", session.id, client.id, {
      serviceDate: session.serviceDate,
      modality: session.modality,
      crisis: session.crisis,
    });
    // Before a client's first session: their coverage is checked with the payer (eligibility.ts).
    await queueIfNeverVerified(tx, client.id, actor, now);
    if (!geo) return session;
    // A session that could not be billed raises its alert now, not at the next daily re-check.
    const today = todayOf(now);
    await recheckClient(tx, geo, client.id, today, now);
    // The re-check reaches sessions from today on; one recorded afterwards (a crisis) is checked alone.
    const checked = await tx.sessions.byId(session.id);
    if (checked?.lastCheck) return checked;
    await recheckSession(tx, geo, session, today, now);
    return (await tx.sessions.byId(session.id)) ?? session;
  });
}

/** What `previewSchedule` answers: where the session would fall, and whether it could go ahead. */
export interface SchedulePreview {
  readonly clientId: string;
  readonly serviceDate: string;
  readonly outlook: Outlook;
}

/**
 * The verdict for a session before it is scheduled: checked as scheduling checks it, then
 * decided where the re-check would place it (in person: the practice; telehealth: where the
 * client is expected to be that day). Nothing is stored but the audit event (client data was read).
 */
export async function previewSchedule(
  store: Store,
  geo: Geography,
  actor: Actor,
  input: ScheduleInput,
  now: Date,
): Promise<SchedulePreview> {
  const { client, file, session: planned } = await planSession(store, actor, input, now);
  const [coverage, locations] = await Promise.all([
    store.clients.coverage(client.id),
    store.clients.locations(client.id),
  ]);
  const session = unsaved(planned, now);
  const location = placeOf(session, file, locations);
  const decision = coverage ? decideSession(geo, session, file, coverage, location, locations) : null;
  const outlook = outlookOf(
    {
      checkedOn: todayOf(now),
      checkedAt: now.toISOString(),
      billable: decision?.outcome === "billable" && location !== undefined,
      location: location ?? null,
      decision,
      alertKey: null,
      crisisBillable: crisisBillable(geo, session, file, coverage, location, decision, locations),
    },
    payerNames(geo),
  );
  await audit(store, actor, "session.preview", "session", null, client.id, {
    serviceDate: session.serviceDate,
    modality: session.modality,
    crisis: session.crisis,
    outcome: outlook.outcome,
  });
  return { clientId: session.clientId, serviceDate: session.serviceDate, outlook };
}

/** A session not stored (a preview): as `sessions.add` would answer it. */
function unsaved(s: NewSession, now: Date): Session {
  return {
    id: randomUUID(),
    providerId: s.providerId,
    clientId: s.clientId,
    startsAt: s.startsAt.toISOString(),
    timeZone: s.timeZone,
    serviceDate: s.serviceDate,
    durationMinutes: s.durationMinutes,
    modality: s.modality,
    cptCode: s.cptCode,
    crisis: s.crisis,
    audioOnly: s.audioOnly ?? false,
    practiceLocationId: s.practiceLocationId,
    status: "scheduled",
    confirmedAt: null,
    confirmedBy: null,
    location: null,
    decision: null,
    crisisDocumentation: null,
    createdAt: now.toISOString(),
    lastCheck: null,
  };
}

/** Payer ids as people read them ("Aetna"), from the catalogue. */
export const payerNames =
  (geo: Geography) =>
  (id: string): string =>
    geo.payer(id)?.name ?? id;

// ---------------------------------------------------------------------------------------------
// Reading.

export interface SessionFilter {
  readonly clientId?: string | undefined;
  /** Operations only: one provider's sessions. */
  readonly providerId?: string | undefined;
  readonly status?: SessionStatus | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Page size (default 200). */
  readonly limit?: number | undefined;
  /** The next page: the cursor the previous one answered. */
  readonly cursor?: string | undefined;
}

/** Sessions in start order, a page at a time (src/app/paging.ts), within the actor's own scope. */
export async function listSessions(
  store: Store,
  actor: Actor,
  filter: SessionFilter,
): Promise<Page<Session>> {
  const after = afterCursor(ORDERS.sessions, filter.cursor);
  const none: Page<Session> = { items: [], next: null };
  // The actor's own scope first; filters only narrow it. An account without its record sees nothing.
  let providerId = filter.providerId;
  let clientId = filter.clientId;
  if (actor.role === "provider") {
    if (!actor.providerId) return none;
    if (providerId !== undefined && providerId !== actor.providerId) return none;
    providerId = actor.providerId;
  } else if (actor.role === "client") {
    if (!actor.clientId) return none;
    if (clientId !== undefined && clientId !== actor.clientId) return none;
    clientId = actor.clientId;
  }
  // Ids that are not ids match nothing (and must not reach a uuid column).
  if ((providerId !== undefined && !isId(providerId)) || (clientId !== undefined && !isId(clientId)))
    return none;
  const page = pageOf(
    ORDERS.sessions,
    await store.sessions.page({
      providerId,
      clientId,
      status: filter.status,
      from: filter.from,
      to: filter.to,
      limit: filter.limit ?? 200,
      after,
    }),
  );
  const sessions = page.items;
  await audit(
    store,
    actor,
    "session.list",
    "session",
    null,
    actor.role === "client" ? (clientId ?? null) : null,
    {
      sessionIds: sessions.map((s) => s.id),
      clientIds: [...new Set(sessions.map((s) => s.clientId))],
    },
  );
  return page;
}

export async function getSession(store: Store, actor: Actor, sessionId: string): Promise<Session> {
  const session = await visibleSession(store, actor, sessionId);
  await audit(store, actor, "session.read", "session", session.id, session.clientId);
  return session;
}

// ---------------------------------------------------------------------------------------------
// Confirming.

export interface ConfirmInput {
  /** Telehealth: one of the client's current locations… */
  readonly clientLocationId?: string | null | undefined;
  /** …or where they were, if none of those (this session's only, unless `saveLocation`). */
  readonly address?:
    | {
        readonly line1?: string | null | undefined;
        readonly line2?: string | null | undefined;
        readonly city?: string | null | undefined;
        readonly state: StateCode;
        readonly zip?: string | null | undefined;
      }
    | null
    | undefined;
  /**
   * Keep `address` as one of the client's places (a virtual-session location) for next time.
   * Default false: a crisis call from elsewhere does not move the client.
   */
  readonly saveLocation?: boolean | undefined;
  /** Crisis sessions: what the crisis was and how it was resolved. */
  readonly crisisDocumentation?: string | null | undefined;
  /** ICD-10-CM diagnoses for the claim; the client's working diagnoses when left out. */
  readonly diagnosisCodes?: readonly string[] | undefined;
  /** How the telehealth session went: by audio only (true) or with video (false); as scheduled when left out. */
  readonly audioOnly?: boolean | undefined;
}

export interface ConfirmOptions {
  /** Hours a new claim is held before it is ready to submit (default CLAIM_HOLD_HOURS). */
  readonly claimHoldHours?: number | undefined;
}

/** Where the service was rendered, before anything is saved. */
interface Place {
  readonly location: ServiceLocation | undefined;
  /** A new address to keep as the client's virtual-session location. */
  readonly save: boolean;
}

const blank = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/** Where a telehealth session took place as given at confirmation; in person, the practice. */
function placeAtConfirmation(
  geo: Geography,
  session: Session,
  file: ProviderFile,
  /** The client's current locations. */
  current: readonly ClientLocation[],
  input: ConfirmInput,
): Place {
  const { clientLocationId, address } = input;
  if (session.modality === "in_person") {
    // Rule 1 of the contract: in person, the service is rendered at the practice.
    if (clientLocationId || address) {
      throw invalid(
        clientLocationId ? "clientLocationId" : "address",
        "an in-person session takes place at its practice location; leave the client's location out",
      );
    }
    const practice = file.practiceLocations.find((p) => p.id === session.practiceLocationId);
    if (!practice) throw notFound("practice location");
    return { location: snapshotOfPractice(practice), save: false };
  }
  if (clientLocationId && address) {
    throw invalid("address", "give either clientLocationId or address, not both");
  }
  if (input.saveLocation === true && !address) {
    throw invalid("saveLocation", "only an address given here can be saved as the client's location");
  }
  if (clientLocationId) {
    const found = current.find((l) => l.id === clientLocationId);
    if (!found) throw invalid("clientLocationId", "no current location of this client has that id");
    return { location: snapshotOfClient(found), save: false };
  }
  if (address) {
    const zip = normalizeZip(address.zip, "address.zip");
    const line1 = blank(address.line1);
    const line2 = blank(address.line2);
    const city = blank(address.city);
    checkAddressText({ line1, line2, city }, "address.");
    checkAddress(geo, { state: address.state, zip }, "address.");
    return {
      location: {
        line1,
        line2,
        city,
        state: address.state,
        zip,
        source: "new_address",
        sourceId: null,
        kind: "virtual_session",
      },
      save: input.saveLocation === true,
    };
  }
  // No location: the engine answers CLIENT_LOCATION_MISSING with its fix.
  return { location: undefined, save: false };
}

/** The stored answer of a confirmed session (its claim exists: they are written together). */
async function confirmedResult(store: Store, session: Session): Promise<Confirmed> {
  const claim = await store.claims.forSession(session.id);
  if (!claim) throw new Error(`confirmed session ${session.id} has no claim`);
  return { session, claim };
}

/** What confirming a scheduled session decides, before anything is written. */
interface ConfirmPlan {
  readonly session: Session;
  readonly place: Place;
  readonly decision: Decision;
  /** The claim confirming adds (its id is chosen when it is written); null when it would be refused. */
  readonly claim: NewClaim | null;
  readonly documentation: string | null;
}

/**
 * The one place confirming is decided, for the real confirmation and its dry run alike: the
 * checks (time window, crisis documentation, diagnoses, coverage, the location given), where the
 * service was rendered, the engine's decision and, when billable there, the claim.
 */
function planConfirmation(
  geo: Geography,
  context: SessionContext,
  input: ConfirmInput,
  now: Date,
  options: ConfirmOptions,
): ConfirmPlan {
  const { session, file, coverage, client, locations } = context;
  checkConfirmable(session, now);
  if (input.audioOnly === true && session.modality !== "telehealth") {
    throw invalid("audioOnly", "only a telehealth session can be audio-only");
  }

  const documentation = blank(input.crisisDocumentation);
  if (session.crisis) {
    // 30 minutes and more: 90839 (+ 90840); 16–29: the psychotherapy code for its length.
    if (session.durationMinutes < PSYCHOTHERAPY_MIN_MINUTES) {
      throw invalid(
        "durationMinutes",
        `a crisis session is billed as CPT ${CRISIS_FIRST_HOUR} from ${CRISIS_MIN_MINUTES} minutes and as psychotherapy (${SHORT_CRISIS_PSYCHOTHERAPY}) from ${PSYCHOTHERAPY_MIN_MINUTES}; this one lasted ${session.durationMinutes} minutes`,
      );
    }
    if (!documentation) {
      throw invalid(
        "crisisDocumentation",
        "a crisis session needs documentation of the crisis and its resolution",
      );
    }
  }

  const given =
    input.diagnosisCodes === undefined
      ? undefined
      : normalizeDiagnoses(input.diagnosisCodes, "diagnosisCodes");
  const diagnosisCodes = given ?? client.diagnosisCodes;
  if (given === undefined) {
    // Codes saved on the record before the code set was checked may not be billable.
    const refusal = client.diagnosisCodes.map((c) => icd10cm().refusal(c)).find((r) => r !== undefined);
    if (refusal !== undefined) {
      throw invalid(
        "diagnosisCodes",
        `a diagnosis on the client's record cannot be billed: ${refusal}. Give diagnosisCodes here or correct the record`,
      );
    }
  }
  if (diagnosisCodes.length === 0) {
    throw invalid(
      "diagnosisCodes",
      "a claim needs at least one ICD-10-CM diagnosis: give it here or add it to the client's record",
    );
  }
  if (!coverage) {
    throw new AppError("CONFLICT", "the client has no insurance coverage on file; add it first");
  }
  const place = placeAtConfirmation(geo, session, file, locations, input);
  const decision = decideSession(geo, session, file, coverage, place.location, locations);
  const claim =
    decision.outcome === "billable" && place.location
      ? claimFor(
          { ...session, audioOnly: input.audioOnly ?? session.audioOnly },
          decision,
          coverage,
          place.location,
          now,
          diagnosisCodes,
          options.claimHoldHours,
        )
      : null;
  return { session, place, decision, claim, documentation };
}

/** The session with everything the decision reads, in one round trip; NOT_FOUND unless the actor may manage it. */
async function contextFor(
  store: Store,
  actor: Actor,
  sessionId: string,
  what: string,
): Promise<SessionContext> {
  const context = isId(sessionId) ? await store.sessions.context(sessionId) : undefined;
  if (!context || !mayReach(actor, context.session)) throw notFound("session");
  mustManage(actor, what);
  return context;
}

/**
 * Confirms that a session took place, where, and bills it: the engine decides; a billable
 * session is confirmed and gets its claim in one transaction; anything else is NOT_BILLABLE with
 * the decision (reasons and fixes) and the session stays scheduled. An address given is this
 * session's only, unless `saveLocation` keeps it as the client's (then the client is re-checked).
 */
export async function confirmSession(
  store: Store,
  geo: Geography,
  actor: Actor,
  sessionId: string,
  input: ConfirmInput,
  now: Date,
  options: ConfirmOptions = {},
): Promise<Confirmed> {
  const context = await contextFor(store, actor, sessionId, "confirm sessions");
  const { session } = context;

  if (session.status === "confirmed") {
    // Confirmed once, answered the same forever: no second decision, no second claim.
    const result = await confirmedResult(store, session);
    await audit(store, actor, "session.confirm", "session", session.id, session.clientId, { repeated: true });
    return result;
  }
  const { place, decision, claim, documentation } = planConfirmation(geo, context, input, now, options);

  if (!claim || !place.location) {
    await audit(store, actor, "session.confirm_refused", "session", session.id, session.clientId, {
      outcome: decision.outcome,
      reasons: decision.reasons.map((r) => r.code),
    });
    throw new AppError("NOT_BILLABLE", decision.reasons[0]?.message ?? "the session cannot be billed", {
      detail: decision,
    });
  }
  const decided = place.location;

  // One statement confirms the session, adds its claim and audits both (see
  // `sessions.confirmWithClaim`); a new address is saved with it, in one transaction.
  const claimId = randomUUID();
  const write = async (s: Store, location: ServiceLocation, before: NewAuditEvent[]): Promise<Confirmed> => {
    const done = await s.sessions.confirmWithClaim(
      session.id,
      {
        confirmedAt: now,
        confirmedBy: userOf(actor),
        location,
        decision,
        crisisDocumentation: session.crisis ? documentation : null,
        audioOnly: input.audioOnly,
      },
      { ...claim, serviceLocation: location, id: claimId },
      [
        ...before,
        auditEvent(actor, "session.confirm", "session", session.id, session.clientId, {
          basis: decision.basis,
          billTo: decision.billTo,
        }),
        auditEvent(actor, "claim.create", "claim", claimId, session.clientId, {
          sessionId: session.id,
          billTo: claim.billTo,
          cptCodes: claim.cptCodes,
        }),
      ],
    );
    if (!done) throw new LostRace();
    return done;
  };

  try {
    if (!place.save) return await write(store, decided, []);
    return await store.transaction(async (tx) => {
      const saved = await tx.clients.addLocation(
        session.clientId,
        {
          kind: "virtual_session",
          label: null,
          line1: decided.line1,
          line2: decided.line2,
          city: decided.city,
          state: decided.state,
          zip: decided.zip,
          startsOn: null,
          endsOn: null,
        },
        userOf(actor),
      );
      const done = await write(tx, { ...decided, sourceId: saved.id }, [
        auditEvent(actor, "client_location.create", "client_location", saved.id, session.clientId, {
          state: saved.state,
          kind: saved.kind,
          sessionId: session.id,
        }),
      ]);
      // The client's new place decides their upcoming sessions from now on.
      await recheckClient(tx, geo, session.clientId, todayOf(now), now);
      return done;
    });
  } catch (e) {
    // Concurrent confirmations: the guarded update lets one through; the others write nothing
    // (a loser's transaction rolls back with any location it saved) and answer with the
    // winner's result. The unique index on claims is the last line of defence.
    if (e instanceof ClaimExistsError || e instanceof LostRace) {
      const again = await store.sessions.byId(session.id);
      if (again?.status === "confirmed") return confirmedResult(store, again);
      if (again) checkConfirmable(again, now);
    }
    throw e;
  }
}

/** What a claim would look like, before it exists. */
export interface ClaimPreview {
  readonly billTo: string;
  readonly basis: Basis;
  readonly cptCodes: readonly string[];
  readonly modifiers: readonly string[];
  readonly placeOfService: PlaceOfService;
}

/** What confirming would do (`confirmSession` as a dry run). */
export interface ConfirmPreview {
  /** Confirming would confirm the session and bill it (or has already: then its stored result). */
  readonly wouldConfirm: boolean;
  /** The decision at the place given, as of now. */
  readonly outlook: Outlook;
  /** The claim confirming would add; null when it would be refused. */
  readonly claim: ClaimPreview | null;
}

const claimPreview = (c: Pick<NewClaim, keyof ClaimPreview>): ClaimPreview => ({
  billTo: c.billTo,
  basis: c.basis,
  cptCodes: c.cptCodes,
  modifiers: c.modifiers,
  placeOfService: c.placeOfService,
});

/**
 * Confirming as a dry run: the same checks, the same errors (bad input 400, TOO_EARLY, TOO_LATE,
 * crisis documentation, diagnoses, no coverage) and the same decision as `confirmSession`, and
 * nothing written but the audit event (`session.confirm_preview`). A refusal is an answer here,
 * not an error: `wouldConfirm` false with the reason in the outlook. A session confirmed already
 * answers its stored confirmation (confirming again would answer that same result): `wouldConfirm`
 * true, its frozen location and decision, its claim.
 */
export async function previewConfirmation(
  store: Store,
  geo: Geography,
  actor: Actor,
  sessionId: string,
  input: ConfirmInput,
  now: Date,
  options: ConfirmOptions = {},
): Promise<ConfirmPreview> {
  const context = await contextFor(store, actor, sessionId, "confirm sessions");
  const { session } = context;
  const names = payerNames(geo);
  const checked = { checkedOn: todayOf(now), checkedAt: now.toISOString(), alertKey: null };

  if (session.status === "confirmed") {
    const stored = await confirmedResult(store, session);
    await audit(store, actor, "session.confirm_preview", "session", session.id, session.clientId, {
      repeated: true,
    });
    return {
      wouldConfirm: true,
      outlook: outlookOf(
        {
          ...checked,
          billable: true,
          location: session.location,
          decision: session.decision,
          crisisBillable: null,
        },
        names,
      ),
      claim: claimPreview(stored.claim),
    };
  }
  const { place, decision, claim } = planConfirmation(geo, context, input, now, options);
  const wouldConfirm = claim !== null && place.location !== undefined;
  const outlook = outlookOf(
    {
      ...checked,
      billable: wouldConfirm,
      location: place.location ?? null,
      decision,
      crisisBillable: crisisBillable(
        geo,
        session,
        context.file,
        context.coverage,
        place.location,
        decision,
        context.locations,
      ),
    },
    names,
  );
  await audit(store, actor, "session.confirm_preview", "session", session.id, session.clientId, {
    outcome: decision.outcome,
    wouldConfirm,
    reasons: decision.reasons.map((r) => r.code),
  });
  return { wouldConfirm, outlook, claim: claim ? claimPreview(claim) : null };
}

/** The session stopped being scheduled before the update reached it (another confirmation, a cancellation). */
class LostRace extends Error {
  constructor() {
    super("the session changed while being confirmed");
    this.name = "LostRace";
  }
}

/**
 * A session is confirmed once it has taken place (a claim for a session that has not happened
 * would bill for care not given), within 30 days, and never once cancelled.
 */
function checkConfirmable(session: Session, now: Date): void {
  if (session.status === "cancelled") {
    throw new AppError("TOO_LATE", "the session was cancelled; a cancelled session cannot be confirmed");
  }
  if (session.status === "scheduled" && now.getTime() < new Date(session.startsAt).getTime()) {
    throw new AppError(
      "TOO_EARLY",
      `the session has not taken place yet: it starts at ${new Date(session.startsAt).toISOString()}`,
    );
  }
  // "Today" where the session happened, like its service date.
  const today = dateIn(now, session.timeZone);
  if (session.serviceDate < addDays(today, -CONFIRM_WITHIN_DAYS)) {
    throw new AppError(
      "TOO_LATE",
      `sessions can be confirmed up to ${CONFIRM_WITHIN_DAYS} days after they took place; this one was on ${session.serviceDate}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Cancelling.

/** Cancels a scheduled session; cancelling a cancelled one again answers the same. */
export async function cancelSession(
  store: Store,
  actor: Actor,
  sessionId: string,
  /** With the map and the clock, the client's alerts are re-checked (a cancelled session is no longer at risk). */
  recheck?: { readonly geo: Geography; readonly now: Date },
): Promise<Session> {
  const session = await visibleSession(store, actor, sessionId);
  mustManage(actor, "cancel sessions");
  return store.transaction(async (tx) => {
    const locked = await tx.sessions.lock(session.id);
    if (!locked) throw notFound("session");
    if (locked.status === "cancelled") {
      await audit(tx, actor, "session.cancel", "session", session.id, session.clientId, { repeated: true });
      return locked;
    }
    if (locked.status === "confirmed") {
      throw new AppError(
        "CONFLICT",
        "the session is confirmed and billed; a confirmed session cannot be cancelled",
      );
    }
    const cancelled = await tx.sessions.cancel(session.id);
    if (!cancelled) throw new Error(`session ${session.id} was locked as scheduled but did not cancel`);
    await audit(tx, actor, "session.cancel", "session", session.id, session.clientId);
    if (recheck) await recheckClient(tx, recheck.geo, session.clientId, todayOf(recheck.now), recheck.now);
    return cancelled;
  });
}
