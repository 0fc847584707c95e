/**
 * Storage for sessions, claims and idempotency keys: part of the `Store` port (see ports.ts),
 * implemented in src/store/sessions-store.ts.
 */
import type { Decision } from "../rules/decision.js";
import type { Client, ClientLocation, Coverage, NewAuditEvent, ProviderFile } from "./model.js";
import type { Paged, SortKey } from "./paging.js";
import type {
  Claim,
  ListedClaim,
  ClaimStatus,
  Modality,
  ServiceLocation,
  Session,
  SessionStatus,
} from "./sessions-model.js";

/** A session with everything confirming it reads: its provider's file and its client's. */
export interface SessionContext {
  readonly session: Session;
  readonly file: ProviderFile;
  readonly client: Client;
  /** The client's current coverage. */
  readonly coverage: Coverage | undefined;
  /** The client's current (not archived) locations. */
  readonly locations: readonly ClientLocation[];
}

export interface NewSession {
  readonly providerId: string;
  readonly clientId: string;
  readonly startsAt: Date;
  readonly timeZone: string;
  readonly serviceDate: string;
  readonly durationMinutes: number;
  readonly modality: Modality;
  readonly cptCode: string;
  readonly crisis: boolean;
  /** Telehealth by audio only (default false). */
  readonly audioOnly?: boolean | undefined;
  readonly practiceLocationId: string | null;
}

/** Filters combine with "and"; dates bound `serviceDate`, inclusive at both ends. */
export interface SessionQuery {
  readonly providerId?: string | undefined;
  readonly clientId?: string | undefined;
  readonly status?: SessionStatus | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  /** Sessions after this one in start order (its start as an instant with microseconds, its id). */
  readonly after?: SortKey | undefined;
}

export interface Confirmation {
  readonly confirmedAt: Date;
  readonly confirmedBy: string | null;
  readonly location: ServiceLocation;
  readonly decision: Decision;
  readonly crisisDocumentation: string | null;
  /** Set when confirming says how the session went (audio only or not); kept as scheduled when absent. */
  readonly audioOnly?: boolean | undefined;
}

export interface NewClaim {
  /** Chosen by the caller when it must name the claim before it is stored (audit events). */
  readonly id?: string | undefined;
  readonly sessionId: string;
  readonly providerId: string;
  readonly clientId: string;
  readonly billTo: string;
  readonly homePlan: string;
  readonly basis: Claim["basis"];
  readonly memberId: string | null;
  /** The coverage in force at confirmation (rows are never updated: the snapshot). */
  readonly coverageId: string;
  readonly cptCodes: readonly string[];
  readonly modifiers: readonly string[];
  readonly placeOfService: Claim["placeOfService"];
  readonly serviceLocation: ServiceLocation;
  readonly serviceDate: string;
  readonly diagnosisCodes: readonly string[];
  readonly readyAt: Date;
}

export interface ClaimQuery {
  readonly providerId?: string | undefined;
  readonly status?: ClaimStatus | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  /** Claims after this one, newest first (its creation as an instant with microseconds, its id). */
  readonly after?: SortKey | undefined;
}

/** What `idempotency.begin` found for a (user, key). */
export type KeyClaim =
  /** The key is ours: run the request, then `finish` or `release`. */
  | { readonly kind: "started" }
  /** The same request already finished: answer what it answered. */
  | { readonly kind: "done"; readonly statusCode: number; readonly response: unknown }
  /** The same request is running elsewhere right now. */
  | { readonly kind: "running" }
  /** The key was used for a different request. */
  | { readonly kind: "mismatch" };

/** `claims.add` when the session has a claim already (the unique index said so). */
export class ClaimExistsError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} already has a claim`);
    this.name = "ClaimExistsError";
  }
}

export interface SessionStores {
  sessions: {
    add(s: NewSession): Promise<Session>;
    byId(id: string): Promise<Session | undefined>;
    /** The session with its provider's file and its client's record, in one round trip. */
    context(id: string): Promise<SessionContext | undefined>;
    /**
     * The session, locked (`for update`) until the transaction ends, so concurrent confirmations
     * of it run one after the other. Call inside `transaction`.
     */
    lock(id: string): Promise<Session | undefined>;
    /** In start order (then id); `limit` of them. */
    list(q: SessionQuery): Promise<Session[]>;
    /** A page of `list`, and the key of its last session when more follow (keyset: never an offset). */
    page(q: SessionQuery): Promise<Paged<Session>>;
    /**
     * Confirms a scheduled session, adds its claim and the audit events, atomically in one
     * statement (one round trip, no explicit transaction); undefined, and nothing written, when
     * the session is not scheduled (any more). Throws `ClaimExistsError` when the session has a claim already.
     */
    confirmWithClaim(
      id: string,
      c: Confirmation,
      claim: NewClaim,
      events: readonly NewAuditEvent[],
    ): Promise<{ session: Session; claim: Claim } | undefined>;
    /** Cancels a scheduled session; undefined when it is not scheduled (any more). */
    cancel(id: string): Promise<Session | undefined>;
    /** Corrects a confirmed session's length and code (while its claim is held). */
    amend(id: string, a: { durationMinutes: number; cptCode: string }): Promise<Session | undefined>;
  };

  claims: {
    byId(id: string): Promise<Claim | undefined>;
    forSession(sessionId: string): Promise<Claim | undefined>;
    /** Corrects a pending claim's codes; undefined when it is no longer pending. */
    amend(
      id: string,
      a: { cptCodes: readonly string[]; diagnosisCodes: readonly string[] },
    ): Promise<Claim | undefined>;
    /** Newest first (creation, then id, descending); `limit` of them. */
    list(q: ClaimQuery): Promise<ListedClaim[]>;
    /** A page of `list`, and the key of its last claim when more follow. */
    page(q: ClaimQuery): Promise<Paged<ListedClaim>>;
  };

  idempotency: {
    /**
     * Takes the key for a request with a lease of `leaseSeconds`, or says what holds it. A key
     * whose request let its lease run out (its server died) is presumed abandoned and taken over.
     */
    begin(userId: string, key: string, requestHash: string, leaseSeconds: number): Promise<KeyClaim>;
    /** Extends the lease of a request still running. */
    renew(userId: string, key: string, leaseSeconds: number): Promise<void>;
    /** Stores the answer of a request begun with the key. */
    finish(userId: string, key: string, statusCode: number, response: unknown): Promise<void>;
    /** Frees a key whose request failed, so that a retry runs again. */
    release(userId: string, key: string): Promise<void>;
  };
}
