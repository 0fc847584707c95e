/**
 * Sessions and claims as use cases see them (the companions of model.ts): camelCase, calendar
 * dates as `YYYY-MM-DD`, instants as ISO strings. The store maps rows to these.
 */
import type { Basis, Decision } from "../rules/decision.js";
import type { StateCode } from "../contract/states.js";
import type { LocationKind } from "./model.js";

export type Modality = "telehealth" | "in_person";
export type SessionStatus = "scheduled" | "confirmed" | "cancelled";
export type ClaimStatus = "pending" | "ready" | "exported";
/** CMS place-of-service codes used here: 02 and 10 are telehealth, 11 is an office. */
export type PlaceOfService = "02" | "10" | "11";

/**
 * Where the service was rendered, copied at confirmation. A copy, not a reference: the client's
 * or practice's address may change later, the claim must not.
 */
export interface ServiceLocation {
  readonly line1: string | null;
  /** Suite, floor, apartment (837P N302); null in snapshots taken before it was kept. */
  readonly line2: string | null;
  readonly city: string | null;
  readonly state: StateCode;
  readonly zip: string | null;
  /** A saved client location, an address given at confirmation, or the practice. */
  readonly source: "client_location" | "new_address" | "practice_location";
  readonly sourceId: string | null;
  /** The kind of client location (it decides the place of service); null at a practice. */
  readonly kind: LocationKind | null;
}

export interface Session {
  readonly id: string;
  readonly providerId: string;
  readonly clientId: string;
  /** The instant the session starts (ISO, UTC). */
  readonly startsAt: string;
  /** IANA zone the session happens in; `serviceDate` is the calendar date there. */
  readonly timeZone: string;
  readonly serviceDate: string;
  readonly durationMinutes: number;
  readonly modality: Modality;
  readonly cptCode: string;
  readonly crisis: boolean;
  /** Telehealth by audio only (no video): modifier 93, FQ for Medicare. */
  readonly audioOnly: boolean;
  readonly practiceLocationId: string | null;
  readonly status: SessionStatus;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
  /** Set at confirmation, never changed afterwards. */
  readonly location: ServiceLocation | null;
  /** The engine's decision at confirmation, never re-decided. */
  readonly decision: Decision | null;
  readonly crisisDocumentation: string | null;
  readonly createdAt: string;
  /**
   * The latest re-check of the session while scheduled (`session_checks.last_check`): whether it can go
   * ahead as things stand. Null until it is first checked; kept, but no longer meaningful, once
   * the session is confirmed or cancelled.
   */
  readonly lastCheck: SessionCheck | null;
}

/** The latest re-check of a scheduled session, kept beside the session (`session_checks.last_check`). */
export interface SessionCheck {
  readonly checkedOn: string;
  readonly checkedAt: string;
  readonly billable: boolean;
  /** Where the engine placed the session: the client's expected location, or the practice. */
  readonly location: ServiceLocation | null;
  /** Null when it could not be decided (the client has no coverage on file). */
  readonly decision: Decision | null;
  /** The open alert naming this session, if it is at risk. */
  readonly alertKey: string | null;
  /**
   * Refused by video: whether a documented crisis session there would be billable (null when
   * billable or in person; absent on checks stored before it was kept).
   */
  readonly crisisBillable?: boolean | null;
}

/** A claim as lists show it: with its client's and provider's names. */
export interface ListedClaim extends Claim {
  readonly clientName: string;
  readonly providerName: string;
}

export interface Claim {
  readonly id: string;
  /** The patient control number on claim files ("SL00000123"): what remittances bring back. */
  readonly number: string;
  readonly sessionId: string;
  readonly providerId: string;
  readonly clientId: string;
  readonly billTo: string;
  readonly homePlan: string;
  readonly basis: Basis;
  readonly memberId: string | null;
  /** The coverage the claim was confirmed under (its product is the claim's); null for claims older than that record. */
  readonly coverageId: string | null;
  readonly cptCodes: readonly string[];
  readonly modifiers: readonly string[];
  readonly placeOfService: PlaceOfService;
  readonly serviceLocation: ServiceLocation;
  readonly serviceDate: string;
  /** ICD-10-CM without the dot; the first is the principal diagnosis. */
  readonly diagnosisCodes: readonly string[];
  readonly status: ClaimStatus;
  /** When the hold ends and the claim may be submitted (pending → ready). */
  readonly readyAt: string;
  readonly createdAt: string;
  /** The batch file it went out in, once exported. */
  readonly exportId: string | null;
  readonly exportedAt: string | null;
  /** The client's home when the claim was confirmed (the subscriber address); null if none then. */
  readonly subscriberAddress: SubscriberAddress | null;
  /** 1 as confirmed; each replacement or void after release is the next version. */
  readonly version: number;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  readonly frequency: ClaimFrequency;
  /** The payer's claim control number of the claim as the payer has it (for 7 and 8, REF*F8). */
  readonly payerControlNumber: string | null;
  /** Why the last export left this claim out, field by field; null when nothing is wrong. */
  readonly exportProblems: readonly { readonly field: string; readonly message: string }[] | null;
  /** What the payer said (999/277CA: accepted, rejected; 835: paid, partially paid, denied), and when; null until then. */
  readonly payerStatus: "accepted" | "rejected" | "paid" | "partially_paid" | "denied" | null;
  readonly payerStatusAt: string | null;
}

export type ClaimFrequency = "1" | "7" | "8";

export interface SubscriberAddress {
  readonly line1: string | null;
  readonly line2: string | null;
  readonly city: string | null;
  readonly state: StateCode;
  readonly zip: string | null;
}

/** What confirming answers, the first time and every time after. */
export interface Confirmed {
  readonly session: Session;
  readonly claim: Claim;
}
