/**
 * What the use cases need from storage, named for what they load. `src/store/` implements it
 * on PostgreSQL (PGlite or a server); nothing above this line knows SQL.
 */
import type { Role } from "./actor.js";
import type {
  AuditEvent,
  NewAuditEvent,
  Client,
  ClientLocation,
  Coverage,
  Credential,
  License,
  LocationKind,
  PracticeLocation,
  Provider,
  ProviderFile,
  Sex,
  User,
} from "./model.js";
import type { PersonName } from "./names.js";
import type { Product } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import type { SessionStores } from "./sessions-port.js";
import type { Modality, SessionCheck } from "./sessions-model.js";
import type { AlertStores } from "./alerts-port.js";
import type { ClaimFileStores } from "./claim-files-port.js";
import type { DirectoryStores } from "./directory-port.js";
import type { Paged, PageQuery } from "./paging.js";
import type { RecheckStores } from "./recheck-port.js";
import type { EdiFileStores } from "./edi-files-port.js";
import type { RemittanceStores } from "./remittance-port.js";
import type { EligibilityStores } from "./eligibility-port.js";

export interface NewLocation {
  readonly kind: LocationKind;
  readonly label: string | null;
  readonly line1: string | null;
  readonly line2: string | null;
  readonly city: string | null;
  readonly state: StateCode;
  readonly zip: string | null;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** A client's upcoming scheduled session with its stored re-check (`session_checks.last_check`). */
export interface UpcomingCheck {
  readonly id: string;
  readonly clientId: string;
  readonly startsAt: string;
  readonly timeZone: string;
  readonly serviceDate: string;
  readonly modality: Modality;
  /** Null until a re-check has looked at the session. */
  readonly lastCheck: SessionCheck | null;
}

/** A license as stored: a privilege's home state may be left out (null). */
export type LicenseFields = Omit<License, "id" | "providerId" | "homeState"> & {
  readonly homeState?: StateCode | null;
};

/** Coverage as stored: the product may be left out (null, not known). */
export type CoverageFields = Omit<Coverage, "id" | "clientId" | "product"> & {
  readonly product?: Product | null;
};

export interface AuditQuery {
  /** The client's events, and the list reads that included them (`clientIds` in the detail). */
  readonly clientId?: string | undefined;
  readonly actorUserId?: string | undefined;
  /** An action ("session.confirm") or a group of them: "client_location" is `client_location.*` too. */
  readonly action?: string | undefined;
  /** Events at or after this instant (ISO 8601). */
  readonly since?: string | undefined;
  /** Events at or before this instant (ISO 8601). */
  readonly until?: string | undefined;
  readonly limit: number;
  /** Events with an id below this one (paging backwards). */
  readonly before?: number | undefined;
}

/** An audit event as operations read it: with the acting person's and the client's names. */
export interface AuditEntry extends AuditEvent {
  /** The provider's or client's name behind the account, else the account's email; null for none. */
  readonly actorName: string | null;
  readonly clientName: string | null;
}

export interface UserWithSecret extends User {
  readonly passwordHash: string;
}

export interface Store
  extends
    SessionStores,
    AlertStores,
    ClaimFileStores,
    DirectoryStores,
    RecheckStores,
    EdiFileStores,
    RemittanceStores,
    EligibilityStores {
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  users: {
    byEmail(email: string): Promise<UserWithSecret | undefined>;
    byId(id: string): Promise<User | undefined>;
    add(user: {
      email: string;
      role: Role;
      passwordHash: string;
      providerId: string | null;
      clientId: string | null;
    }): Promise<User>;
    count(): Promise<number>;
  };

  logins: {
    open(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
    /** The user of a live login session (not expired, not revoked). */
    userFor(tokenHash: string, now: Date): Promise<User | undefined>;
    revoke(tokenHash: string, now: Date): Promise<void>;
    recordAttempt(email: string, ip: string, succeeded: boolean): Promise<void>;
    failuresSince(by: { email?: string; ip?: string }, since: Date): Promise<number>;
    /**
     * Reserves one sign-in attempt under `key`, atomically (one statement): the attempts counted
     * in the window that started after `windowStart` (this one included), and the end of the
     * key's back-off delay, if any.
     */
    reserve(
      key: string,
      now: Date,
      windowStart: Date,
    ): Promise<{ attempts: number; blockedUntil: Date | null }>;
    /** A failed attempt under `key`: one more failure; from the third on, a back-off of 1 s, 2 s, 4 s … (≤ 15 min). */
    failed(key: string, now: Date): Promise<void>;
    /** A successful sign-in: the account's throttle cleared, the address's attempt given back, the address known. */
    succeeded(accountKey: string, addressKey: string, email: string, ip: string, now: Date): Promise<void>;
    /** Whether `ip` has signed in to the account before. */
    knownAddress(email: string, ip: string): Promise<boolean>;
  };

  providers: {
    /** A new provider; the store writes the display name (`name`) from the parts. */
    add(p: PersonName & { npi: string; taxonomy: string }): Promise<Provider>;
    byId(id: string): Promise<Provider | undefined>;
    list(): Promise<Provider[]>;
    /** A page of providers by name (then id), and the key of the last one when more follow. */
    page(q: PageQuery): Promise<Paged<Provider>>;
    /** The provider with licenses, credentials and practice locations, or undefined. */
    file(id: string): Promise<ProviderFile | undefined>;
    /** The files of several providers, in the order of `ids` (one query per table, not per provider). */
    files(ids: readonly string[]): Promise<ProviderFile[]>;
    addLicense(providerId: string, l: LicenseFields): Promise<License>;
    updateLicense(id: string, l: LicenseFields): Promise<License | undefined>;
    addCredential(providerId: string, c: Omit<Credential, "id" | "providerId">): Promise<Credential>;
    updateCredential(id: string, c: Omit<Credential, "id" | "providerId">): Promise<Credential | undefined>;
    addPracticeLocation(
      providerId: string,
      p: Omit<PracticeLocation, "id" | "providerId">,
    ): Promise<PracticeLocation>;
  };

  clients: {
    add(c: {
      providerId: string;
      name: string;
      birthDate: string | null;
      sex: Sex;
      diagnosisCodes: readonly string[];
    }): Promise<Client>;
    byId(id: string): Promise<Client | undefined>;
    /** All clients, or a provider's. */
    list(providerId: string | null): Promise<Client[]>;
    /** A page of all clients, or a provider's, by name (then id), and the key of the last one when more follow. */
    page(providerId: string | null, q: PageQuery): Promise<Paged<Client>>;
    coverage(clientId: string): Promise<Coverage | undefined>;
    /** One coverage row of the history (rows are never updated: what a claim was confirmed under). */
    coverageById(id: string): Promise<Coverage | undefined>;
    setCoverage(clientId: string, c: CoverageFields): Promise<Coverage>;
    /** Current locations (not archived); with `history`, archived ones too. */
    locations(clientId: string, history?: boolean): Promise<ClientLocation[]>;
    /** Current locations of several clients at once. */
    locationsOf(clientIds: readonly string[]): Promise<ClientLocation[]>;
    addLocation(clientId: string, l: NewLocation, createdBy: string | null): Promise<ClientLocation>;
    archiveLocation(clientId: string, locationId: string, at: Date): Promise<boolean>;
    /** The latest coverage of each of several clients at once (clients without one are left out). */
    coveragesOf(clientIds: readonly string[]): Promise<Coverage[]>;
    /** Changes a current location in place (its kind stays); undefined when it is not current. */
    updateLocation(clientId: string, locationId: string, l: NewLocation): Promise<ClientLocation | undefined>;
    /** Deletes a location row for good; false when the client has no such location. */
    deleteLocation(clientId: string, locationId: string): Promise<boolean>;
    /** Whether a session's snapshot (confirmed) or a claim's service location names the location. */
    locationUsed(clientId: string, locationId: string): Promise<boolean>;
    /**
     * The scheduled sessions of several clients from `from` on (service date, inclusive), each
     * with its stored re-check, in start order.
     */
    /**
     * The clients' scheduled sessions from `from` with their stored re-checks; `atRiskOnly`: only
     * those whose last re-check found them not billable (what a list's risks are made of).
     */
    upcomingChecks(
      clientIds: readonly string[],
      from: string,
      options?: { readonly atRiskOnly?: boolean },
    ): Promise<UpcomingCheck[]>;
  };

  audit: {
    /** Appends events (several in one statement, in order). */
    record(...events: NewAuditEvent[]): Promise<void>;
    /** Newest first, with the names (one query: joined, never looked up one by one). */
    search(q: AuditQuery): Promise<AuditEntry[]>;
    /**
     * Up to `limit` links of the audit chain after position `afterSeq`, in chain order, each with
     * the hash its content and predecessor give now (`expected`) beside the one stored.
     */
    chain(afterSeq: number, limit: number): Promise<ChainLink[]>;
    /** Where the chain ends: the last position and hash. */
    chainHead(): Promise<{ readonly seq: number; readonly hash: string }>;
  };
}

/** One audit event as the chain sees it. */
export interface ChainLink {
  readonly id: number;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** The hash recomputed from the row's content and its stored predecessor hash. */
  readonly expected: string;
}

/** `providers.add` with an NPI another provider has. */
export class DuplicateNpiError extends Error {
  constructor(readonly npi: string) {
    super(`a provider with NPI ${npi} already exists`);
    this.name = "DuplicateNpiError";
  }
}
