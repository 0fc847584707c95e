/**
 * Claim files as use cases see them — the billing organization's settings, batch exports, the
 * jobs that move claims along — and what they need from storage: part of the `Store` port (see
 * ports.ts), implemented in src/store/claim-files-store.ts.
 */
import type { BillingOrganization } from "../formats/claim-record.js";
import type { Claim } from "./sessions-model.js";

export type ClaimFileFormat = "x12" | "fhir";

/** Most claims in one batch file. */
export const MAX_EXPORT_CLAIMS = 5000;

/** The billing organization and, per catalogue payer, its electronic id at our clearinghouse. */
export interface BillingSettings extends BillingOrganization {
  readonly payerIds: Readonly<Record<string, string>>;
  readonly updatedAt: string | null;
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
  readonly format: ClaimFileFormat;
  readonly since: string;
  readonly claimCount: number;
  readonly interchangeControlNumber: number | null;
  readonly content: string;
  readonly createdBy: string | null;
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
    markExported(claimIds: readonly string[], exportId: string, at: Date): Promise<void>;
    exportById(id: string): Promise<ClaimExport | undefined>;
    listExports(limit: number): Promise<ClaimExportSummary[]>;
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
