/**
 * Alerts and session re-checks as use cases see them, and what they need from storage: part of
 * the `Store` port (see ports.ts), implemented in src/store/alerts-store.ts.
 */
import type { ReasonCode } from "../rules/decision.js";
import type { StateCode } from "../contract/states.js";
import type { Modality, Session, SessionCheck } from "./sessions-model.js";
import type { Paged, SortKey } from "./paging.js";

export type AlertKind =
  | "sessions_at_risk"
  | "license_expiring"
  | "credential_expiring"
  /** The payer's eligibility answer was inactive, rejected or never came (src/app/eligibility.ts). */
  | "coverage_not_verified";

/** Why an alert closed: a re-check found the problem gone, or a person dismissed it. */
export type AlertResolution = "cleared" | "dismissed";

/** One session an alert names. */
export interface AlertSession {
  readonly id: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly serviceDate: string;
  readonly startsAt: string;
  readonly timeZone: string;
  readonly modality: Modality;
}

/** The facts behind an alert's message, for screens that lay them out themselves. */
export interface AlertDetail {
  /** The sessions at risk (or, for a license or credential, the sessions that depend on it). */
  readonly sessions: readonly AlertSession[];
  /** sessions_at_risk: the engine's first blocking reason, or NO_COVERAGE. */
  readonly reasonCode?: ReasonCode | "NO_COVERAGE" | undefined;
  /** The state the problem is in (where the client will be; the license's or credential's state). */
  readonly state?: StateCode | null | undefined;
  /** license_expiring / credential_expiring: the record and its last valid day. */
  readonly licenseId?: string | undefined;
  readonly credentialId?: string | undefined;
  readonly payer?: string | undefined;
  readonly endsOn?: string | undefined;
}

export interface Alert {
  readonly id: string;
  readonly providerId: string;
  readonly clientId: string | null;
  readonly kind: AlertKind;
  readonly message: string;
  readonly fix: string | null;
  readonly sessionIds: readonly string[];
  readonly dedupeKey: string;
  readonly detail: AlertDetail;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly resolution: AlertResolution | null;
  readonly resolvedBy: string | null;
}

/** An alert as a re-check finds it: opened if new, refreshed if already open. */
export interface AlertDraft {
  readonly providerId: string;
  readonly clientId: string | null;
  readonly kind: AlertKind;
  readonly message: string;
  readonly fix: string | null;
  readonly sessionIds: readonly string[];
  /** Same problem, same key: one open alert per (provider, key). */
  readonly dedupeKey: string;
  readonly detail: AlertDetail;
}

export interface AlertQuery {
  readonly providerId?: string | undefined;
  readonly status: "open" | "resolved" | "all";
  readonly limit: number;
  /** Alerts after this one, newest first (its creation as an instant with microseconds, its id). */
  readonly after?: SortKey | undefined;
}

/** The latest re-check of a scheduled session (defined with the session it is kept on). */
export type { SessionCheck } from "./sessions-model.js";

export interface AlertStores {
  alerts: {
    /** Newest first (creation, then id, descending); `limit` of them. */
    list(q: AlertQuery): Promise<Alert[]>;
    /** A page of `list`, and the key of its last alert when more follow (src/app/paging.ts). */
    page(q: AlertQuery): Promise<Paged<Alert>>;
    byId(id: string): Promise<Alert | undefined>;
    /** The provider's open alerts (for a re-check to compare with what it found). */
    openFor(providerId: string): Promise<Alert[]>;
    /**
     * The latest dismissed alert of each key, among `keys`: a re-check does not raise a
     * dismissed problem again unless it got worse.
     */
    dismissed(providerId: string, keys: readonly string[]): Promise<Alert[]>;
    /** Opens the alert, or refreshes the open one with its key. */
    save(a: AlertDraft, now: Date): Promise<Alert>;
    /** Closes open alerts; answers the ones it closed. */
    resolve(
      ids: readonly string[],
      how: { readonly resolution: AlertResolution; readonly by: string | null; readonly at: Date },
    ): Promise<Alert[]>;
    /**
     * Serialises re-checks of one provider until the transaction ends, so that two changes
     * saved together re-check one after the other and the later one sees both. Call inside
     * `transaction`.
     */
    lockProvider(providerId: string): Promise<void>;
  };

  checks: {
    /** Scheduled sessions from `from` on (service date, inclusive), of a provider or a client. */
    upcoming(
      by: { readonly providerId: string } | { readonly clientId: string },
      from: string,
    ): Promise<Session[]>;
    /** Stores each session's latest check. */
    record(checks: ReadonlyMap<string, SessionCheck>): Promise<void>;
  };
}
