/**
 * Claim files as use cases see them — the billing organization's settings, batch exports, the
 * jobs that move claims along — and what they need from storage: part of the `Store` port (see
 * ports.ts), implemented in src/store/claim-files-store.ts.
 */
import type { BillingOrganization, PostalAddress, TelehealthModifierRule } from "../formats/claim-record.js";
import type { Coverage } from "./model.js";
import type { Paged, PageQuery } from "./paging.js";
import type { SessionContext } from "./sessions-port.js";
import type { Claim, ClaimFrequency } from "./sessions-model.js";

export type ClaimFileFormat = "x12" | "fhir";

/** Most claims in one batch file. */
export const MAX_EXPORT_CLAIMS = 5000;

/** The billing organization and, per catalogue payer, its electronic id at our clearinghouse. */
export interface BillingSettings extends Omit<BillingOrganization, "address"> {
  /** The billing address: ZIP+4 kept as 12345-6789, and a second line (837P N302). */
  readonly address: PostalAddress & { readonly line2: string | null };
  readonly payerIds: Readonly<Record<string, string>>;
  /**
   * Per catalogue payer, how it wants video telehealth marked: 95, GT or none. Payers not listed
   * get the default (none for Medicare, 95 for everyone else; see claims.ts modifiersFor).
   */
  readonly telehealthModifiers: Readonly<Record<string, TelehealthModifierRule>>;
  readonly updatedAt: string | null;
}

export type ClaimEventKind =
  | "confirmed"
  | "amended"
  | "exported"
  | "excluded"
  | "replaced"
  | "voided"
  // The payer's answers (migration 20261207T1000): acknowledgements, then the remittance.
  | "accepted"
  | "rejected"
  | "paid"
  | "partially_paid"
  | "denied"
  | "reversed";

/** One step in a claim's history (append-only). */
export interface ClaimEvent {
  readonly id: number;
  readonly claimId: string;
  /** The claim version the event belongs to. */
  readonly version: number;
  readonly kind: ClaimEventKind;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly exportId: string | null;
  /** The version's codes (confirmed, replaced, voided), what changed (amended), why left out (excluded). */
  readonly detail: unknown;
}

export interface NewClaimEvent {
  readonly claimId: string;
  readonly version: number;
  readonly kind: ClaimEventKind;
  readonly actorUserId: string | null;
  readonly exportId?: string | null | undefined;
  readonly detail?: unknown;
}

/** A new version of a released claim: a replacement (7) or a void (8) of what the payer has. */
export interface ClaimCorrection {
  readonly frequency: ClaimFrequency;
  readonly payerControlNumber: string | null;
  readonly cptCodes: readonly string[];
  readonly diagnosisCodes: readonly string[];
}

export interface ClaimExportSummary {
  readonly id: string;
  readonly format: ClaimFileFormat;
  readonly since: string;
  readonly claimCount: number;
  readonly interchangeControlNumber: number | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

export interface ClaimExport extends ClaimExportSummary {
  /** The file exactly as written. */
  readonly content: string;
}

export interface NewClaimExport {
  /** Chosen by the caller when the file names it (a FHIR bundle's identifier). */
  readonly id?: string | undefined;
  readonly format: ClaimFileFormat;
  readonly since: string;
  readonly claimCount: number;
  readonly interchangeControlNumber: number | null;
  readonly content: string;
  readonly createdBy: string | null;
}

/** Everything a claim's file reads: its session's context, and the coverage it was confirmed under. */
export interface ClaimSources extends SessionContext {
  /** The coverage row the claim names (the current one when it names none or it is gone). */
  readonly confirmedUnder: Coverage | undefined;
}

export interface JobStatus {
  readonly name: string;
  readonly everySeconds: number;
  readonly runAt: string;
  readonly runs: number;
  readonly lockedBy: string | null;
  readonly lastFinishedAt: string | null;
  readonly lastError: string | null;
}

export interface ClaimFileStores {
  billing: {
    get(): Promise<BillingSettings | undefined>;
    put(settings: Omit<BillingSettings, "updatedAt">, by: string | null): Promise<BillingSettings>;
  };

  claimFiles: {
    /** Pending claims whose hold has ended become ready; answers how many. */
    release(now: Date): Promise<number>;
    /**
     * Ready claims with a service date on or after `since`, oldest first, locked until the
     * transaction ends (claims another export holds are skipped, not waited for).
     */
    lockReady(since: string, limit: number): Promise<Claim[]>;
    /** The next ISA13, from a database sequence shared by every server. */
    nextInterchangeNumber(): Promise<number>;
    addExport(e: NewClaimExport): Promise<ClaimExportSummary>;
    /** Marks the claims exported in the batch, clears their flags and records the event. */
    markExported(
      claimIds: readonly string[],
      exportId: string,
      at: Date,
      actorUserId?: string | null,
    ): Promise<void>;
    /** Flags claims an export left out, with why (they stay ready), and records the event. */
    markExcluded(
      excluded: readonly {
        readonly claim: Claim;
        readonly problems: readonly { readonly field: string; readonly message: string }[];
      }[],
      actorUserId: string | null,
    ): Promise<void>;
    /**
     * The next version of a ready or exported claim, ready to export, when it is still at
     * `version`; undefined (nothing written) when it changed meanwhile or is held or voided.
     */
    correct(id: string, version: number, c: ClaimCorrection): Promise<Claim | undefined>;
    addEvent(e: NewClaimEvent): Promise<void>;
    /** A claim's history, oldest first. */
    events(claimId: string): Promise<ClaimEvent[]>;
    exportById(id: string): Promise<ClaimExport | undefined>;
    /** Newest first (written, then id, descending), and the key of the last one when more follow. */
    listExports(q: PageQuery): Promise<Paged<ClaimExportSummary>>;
    /**
     * What the files of these claims read, by claim id, in a fixed number of queries whatever
     * the number of claims (sessions, providers' files, clients, coverages, locations: one
     * each). A claim whose session, provider or client is gone is left out.
     */
    sources(claims: readonly Claim[]): Promise<Map<string, ClaimSources>>;
  };

  jobs: {
    /** Registers a recurring job (first run at `firstRunAt`); an existing one keeps its schedule. */
    ensure(name: string, everySeconds: number, firstRunAt: Date): Promise<void>;
    /**
     * Takes one due job for `worker` (locked for `lockSeconds`, after which another worker may
     * take it over), or undefined when nothing is due.
     */
    claimDue(worker: string, now: Date, lockSeconds: number): Promise<string | undefined>;
    /** Records the run and schedules the next one `everySeconds` after `now`. */
    finish(name: string, worker: string, now: Date, error: string | null): Promise<void>;
    list(): Promise<JobStatus[]>;
  };
}
