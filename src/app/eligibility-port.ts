/**
 * Eligibility checks as use cases see them (issue 16): a check is queued (coverage changed,
 * first session, the monthly job, a person's "Verify coverage"), sent as a 270, and answered by
 * a 271 that finds it by its trace number. Part of the `Store` port (see ports.ts), implemented
 * in src/store/eligibility-store.ts.
 */
import type { EligibilityAnswer } from "../formats/x12-271.js";
import type { CoverageVerification } from "./model.js";
import type { Paged, PageQuery } from "./paging.js";

/**
 * queued → pending (270 sent) → active | inactive | rejected | unknown (271 read), or error (not
 * sent). The API lists them as ELIGIBILITY_CHECK_STATUSES (src/contract/api/eligibility.ts).
 */
export type EligibilityCheckStatus =
  "queued" | "pending" | "active" | "inactive" | "rejected" | "unknown" | "error";

/** Why a check was asked for. */
export type EligibilityReason = "manual" | "coverage_changed" | "first_session" | "monthly";

export interface EligibilityCheck {
  readonly id: string;
  readonly clientId: string;
  readonly coverageId: string;
  readonly traceNumber: string;
  readonly status: EligibilityCheckStatus;
  readonly reason: EligibilityReason;
  /** The day asked about (DTP*291). */
  readonly planDate: string;
  readonly requestedBy: string | null;
  /** The person's name or email behind `requestedBy` (null: the platform). */
  readonly requestedByName: string | null;
  readonly requestedAt: string;
  readonly requestFileId: string | null;
  readonly sentAt: string | null;
  readonly answerFileId: string | null;
  readonly answeredAt: string | null;
  readonly answer: EligibilityAnswer | null;
  /** The answer in words ("Active PPO, mental health in network: $30 co-pay …"). */
  readonly summary: string | null;
  readonly sandbox: boolean;
  readonly error: string | null;
}

export interface NewEligibilityCheck {
  readonly clientId: string;
  readonly coverageId: string;
  readonly traceNumber: string;
  readonly reason: EligibilityReason;
  readonly planDate: string;
  readonly requestedBy: string | null;
  /** queued (the send job sends it, the default) or pending (the caller sends it at once). */
  readonly status?: "queued" | "pending" | undefined;
}

export interface EligibilityStores {
  eligibility: {
    add(c: NewEligibilityCheck): Promise<EligibilityCheck>;
    byId(id: string): Promise<EligibilityCheck | undefined>;
    /** The checks waiting for these trace numbers' answers (pending, or queued if sent meanwhile). */
    byTrace(traceNumbers: readonly string[]): Promise<EligibilityCheck[]>;
    /** A client's checks, newest first, and the key of the last one when more follow. */
    page(clientId: string, q: PageQuery): Promise<Paged<EligibilityCheck>>;
    /** Whether the client has any check at all (any status): "never verified" is false. */
    anyFor(clientId: string): Promise<boolean>;
    /**
     * Up to `limit` queued checks, oldest first, locked until the transaction ends (checks
     * another server is sending are skipped, not waited for).
     */
    lockQueued(limit: number): Promise<EligibilityCheck[]>;
    /** The 270 went: pending, with its kept file. */
    markSent(id: string, requestFileId: string, sandbox: boolean, at: Date): Promise<void>;
    /** It could not be built or sent: error, with why. */
    markError(id: string, error: string): Promise<void>;
    /** The 271's answer for a pending check; false when it was already answered. */
    answer(
      id: string,
      a: {
        readonly status: "active" | "inactive" | "rejected" | "unknown";
        readonly answer: EligibilityAnswer;
        readonly summary: string;
        readonly answerFileId: string;
        readonly sandbox: boolean;
        readonly at: Date;
      },
    ): Promise<boolean>;
    /** Keeps the payer's facts on the coverage row the check asked about. */
    verifyCoverage(coverageId: string, v: CoverageVerification): Promise<void>;
    /**
     * Clients whose current coverage has no check since `since` (none queued, sent or answered),
     * up to `limit`, by client id after `afterClientId`: the monthly job's work list.
     */
    dueForMonthly(
      since: Date,
      limit: number,
      afterClientId: string | null,
    ): Promise<{ readonly clientId: string; readonly coverageId: string }[]>;
  };
}
