/**
 * The platform's records as use cases see them (camelCase, dates as `YYYY-MM-DD`, instants as
 * ISO strings). The store maps rows to these; HTTP maps these to response bodies.
 */
import type { SEXES } from "../contract/enums.js";
import type { Product } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import type { Role } from "./actor.js";
import type { PersonName } from "./names.js";

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly providerId: string | null;
  readonly clientId: string | null;
}

/** A signed-in person as the API shows them: the account and the name the header shows. */
export interface NamedUser extends User {
  readonly name: string | null;
}

/** A provider: the name in parts (see names.ts) and `name`, the display name lists show. */
export interface Provider extends PersonName {
  readonly id: string;
  /** "Maya R. Chen, LCSW" (`displayName` of the parts). */
  readonly name: string;
  readonly npi: string;
  readonly taxonomy: string;
}

export interface License {
  readonly id: string;
  readonly providerId: string;
  readonly state: StateCode;
  readonly type: string;
  readonly number: string | null;
  readonly status: "active" | "probation" | "inactive" | "expired" | "suspended" | "revoked";
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly telehealthOnly: boolean;
  readonly source: "state_board" | "PSYPACT" | "counseling_compact" | "social_work_compact" | "NLC" | "IMLC";
  /** Compact privileges only: the state of the home license the privilege rests on (rule 2a). */
  readonly homeState: StateCode | null;
}

export interface Credential {
  readonly id: string;
  readonly providerId: string;
  readonly payer: string;
  readonly state: StateCode;
  readonly network: "standard" | "virtual";
  readonly status: "active" | "pending" | "terminated";
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
}

export interface Address {
  readonly line1: string | null;
  /** Suite, floor, apartment (837P N302). */
  readonly line2: string | null;
  readonly city: string | null;
  readonly state: StateCode;
  /** 12345 or 12345-6789 (ZIP+4); the engine reads the first five digits. */
  readonly zip: string | null;
}

export interface PracticeLocation extends Address {
  readonly id: string;
  readonly providerId: string;
  readonly label: string;
}

export interface Client {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly birthDate: string | null;
  /** Administrative sex as claims carry it (837P DMG03, FHIR Patient.gender); U = unknown. */
  readonly sex: Sex;
  /** Working diagnoses (ICD-10-CM, no dot), copied to each claim unless the provider gives others. */
  readonly diagnosisCodes: readonly string[];
}

export { SEXES } from "../contract/enums.js";
export type Sex = (typeof SEXES)[number];

export interface Coverage {
  readonly id: string;
  readonly clientId: string;
  readonly payer: string;
  readonly memberId: string | null;
  readonly bluecard: boolean | null;
  /** The kind of plan (contract v2): decides out-of-area benefits and the claim filing indicator. */
  readonly product: Product | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  /**
   * What the payer's last eligibility answer (271) said about this coverage, when one came:
   * the engine reads verified dates and product over typed ones (placement.ts `verifiedCoverage`).
   */
  readonly verified?: CoverageVerification | null | undefined;
}

/** The payer's facts about a coverage, from its last answered eligibility check (issue 16). */
export interface CoverageVerification {
  readonly checkId: string;
  readonly status: "active" | "inactive" | "rejected" | "unknown";
  /** When the answer came (ISO instant). */
  readonly at: string;
  /** Active: the plan's (or eligibility's) first day; inactive: null. */
  readonly from: string | null;
  /** Active: its last day when the payer gave one; inactive: the last day covered. */
  readonly to: string | null;
  readonly product: Product | null;
}

export type LocationKind = "home" | "virtual_session" | "temporary";

export interface ClientLocation extends Address {
  readonly id: string;
  readonly clientId: string;
  readonly kind: LocationKind;
  readonly label: string | null;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly createdAt: string;
  /** Set when the location was replaced or removed; kept for history. */
  readonly archivedAt: string | null;
}

/** Everything the engine needs about one provider. */
export interface ProviderFile {
  readonly provider: Provider;
  readonly licenses: readonly License[];
  readonly credentials: readonly Credential[];
  readonly practiceLocations: readonly PracticeLocation[];
}

/** An audit event as a use case appends it (the log gives it its position, time and hash). */
export interface NewAuditEvent {
  readonly actorUserId: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly clientId: string | null;
  readonly ip: string | null;
  readonly detail?: unknown;
}

export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly clientId: string | null;
  readonly ip: string | null;
  readonly detail: unknown;
}
