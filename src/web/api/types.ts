/**
 * The bodies the public API answers (see /api/openapi.json and src/http/dto.ts). The decision
 * itself is the contract's own type; everything else is written out here, because the web app
 * talks to the API only and imports nothing from the server.
 */
import type {
  Basis,
  CaseInput,
  DecisionOutput,
  GuidanceOutput,
  LocationInput,
  Modality,
  ReasonCode,
} from "../../contract/schema";
import type { StateCode } from "../../contract/states";
import {
  COMPACT_SOURCES,
  CREDENTIAL_STATUSES,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  PRODUCTS,
} from "../../contract/enums";

export type { Basis, CaseInput, LocationInput, Modality, ReasonCode, StateCode };
export type Decision = DecisionOutput;
export type GuidanceEntry = GuidanceOutput;

export type Role = "provider" | "client" | "ops";

export interface User {
  id: string;
  email: string;
  role: Role;
  providerId: string | null;
  clientId: string | null;
}

export type LocationKind = "home" | "virtual_session" | "temporary";

export interface ClientLocation {
  id: string;
  clientId: string;
  kind: LocationKind;
  label: string | null;
  line1: string | null;
  /** Suite, floor, apartment. */
  line2: string | null;
  city: string | null;
  state: StateCode;
  /** 12345 or 12345-6789. */
  zip: string | null;
  startsOn: string | null;
  endsOn: string | null;
  createdAt: string;
  archivedAt: string | null;
}

export interface Coverage {
  id: string;
  payer: string;
  memberId: string | null;
  bluecard: boolean | null;
  /** The kind of plan; null when not known. */
  product: Product | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export type Product = (typeof PRODUCTS)[number];

export type Sex = "F" | "M" | "U";

export type Badge =
  "ok" | "missing_address" | "out_of_network" | "not_licensed" | "not_billable" | "no_coverage";

export interface ClientSummary {
  id: string;
  providerId: string;
  name: string;
  birthDate: string | null;
  /** Administrative sex: F, M, or U (unknown). */
  sex: Sex;
  /** ICD-10-CM working diagnoses, without the dot ("F411"). */
  diagnosisCodes: string[];
  coverage: Coverage | null;
  currentLocation: ClientLocation | null;
  badge: Badge;
  decision: Decision | null;
}

export interface ClientDetail extends ClientSummary {
  locations: ClientLocation[];
}

export { COMPACT_SOURCES, CREDENTIAL_STATUSES, LICENSE_SOURCES, LICENSE_STATUSES, NETWORKS, PRODUCTS };

export interface License {
  id: string;
  state: StateCode;
  type: string;
  number: string | null;
  status: (typeof LICENSE_STATUSES)[number];
  validFrom: string | null;
  validTo: string | null;
  telehealthOnly: boolean;
  source: (typeof LICENSE_SOURCES)[number];
  /** Compact privileges only: the state of the home license the privilege rests on. */
  homeState: StateCode | null;
}

/** A saved license with what the engine will conclude about it (privileges and NLC entries). */
export interface SavedLicense extends License {
  check: { holds: boolean; message: string } | null;
}

export interface Credential {
  id: string;
  payer: string;
  state: StateCode;
  network: (typeof NETWORKS)[number];
  status: (typeof CREDENTIAL_STATUSES)[number];
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface PracticeLocation {
  id: string;
  label: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: StateCode;
  zip: string | null;
}

export interface Provider {
  id: string;
  /** Display name: "Maya R. Chen, LCSW". */
  name: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  suffix: string | null;
  /** Letters after the name ("LCSW"); `credentials` is the payer credentials. */
  credentialLetters: string | null;
  npi: string;
  taxonomy: string;
  licenses: License[];
  credentials: Credential[];
  practiceLocations: PracticeLocation[];
}

export type SessionStatus = "scheduled" | "confirmed" | "cancelled";

export interface ServiceLocation {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: StateCode;
  zip: string | null;
  source: "client_location" | "new_address" | "practice_location";
  sourceId: string | null;
  kind: LocationKind | null;
}

export interface Session {
  id: string;
  clientId: string;
  providerId: string;
  startsAt: string;
  timeZone: string;
  serviceDate: string;
  durationMinutes: number;
  modality: Modality;
  cptCode: string;
  crisis: boolean;
  status: SessionStatus;
  practiceLocationId: string | null;
  confirmedAt: string | null;
  location: ServiceLocation | null;
  decision: Decision | null;
}

export type ClaimStatus = "pending" | "ready" | "exported";

export interface Claim {
  id: string;
  /** Patient control number on claim files ("SL00000012"). */
  number: string;
  sessionId: string;
  billTo: string;
  homePlan: string;
  basis: Basis;
  memberId: string | null;
  cptCodes: string[];
  modifiers: string[];
  placeOfService: "02" | "10" | "11";
  serviceLocation: ServiceLocation;
  serviceDate: string;
  /** ICD-10-CM, without the dot ("F411"); the first is principal. */
  diagnosisCodes: string[];
  status: ClaimStatus;
  /** When the hold ends: corrections are possible until then. */
  readyAt: string;
  createdAt: string;
  exportId: string | null;
  exportedAt: string | null;
  /** 1 as confirmed; each replacement or void after release is the next version. */
  version: number;
  /** 837P CLM05-3: 1 original, 7 replacement, 8 void. */
  frequency: "1" | "7" | "8";
  /** The payer's claim control number of the claim it replaces or voids (REF*F8). */
  payerControlNumber: string | null;
  /** Why the last export left the claim out (fix these; the next export takes it). */
  exportProblems: ClaimProblem[] | null;
}

export interface ClaimProblem {
  /** Path in the claim's record, e.g. "coverage.memberId", "claim.serviceLocation.zip". */
  field: string;
  message: string;
}

/** One step in a claim's history. */
export interface ClaimEvent {
  id: number;
  version: number;
  kind: "confirmed" | "amended" | "exported" | "excluded" | "replaced" | "voided";
  at: string;
  actorUserId: string | null;
  exportId: string | null;
  detail: unknown;
}

export interface ClaimHistory {
  claim: Claim;
  events: ClaimEvent[];
}

/** How a payer wants video telehealth marked: modifier 95, GT, or none. */
export type TelehealthModifierRule = "95" | "GT" | "none";

/** The file formats a claim is written in: X12 837P or a FHIR R4 Bundle. */
export type ClaimFileFormat = "x12" | "fhir";

/** One batch file of ready claims, written by operations. */
export interface ClaimExport {
  id: string;
  format: ClaimFileFormat;
  /** The earliest service date the batch took. */
  since: string;
  claimCount: number;
  /** X12 only: the ISA13 interchange control number. */
  interchangeControlNumber: number | null;
  createdAt: string;
  createdBy: string | null;
}

/** POST /claim-exports: the batch written, or null when no claim was ready. */
export interface ExportResult {
  export: ClaimExport | null;
  claimIds: string[];
  /** Claims left out, each with what to fix (they stay ready and flagged). */
  excluded: { claimId: string; number: string; problems: ClaimProblem[] }[];
}

/** Who bills: the organization named on every claim file. */
export interface BillingSettingsInput {
  name: string;
  npi: string;
  taxId: string;
  taxonomy: string;
  /** zip: the full ZIP+4, 12345-6789 or 123456789 (answered as 12345-6789). */
  address: { line1: string; line2?: string | null; city: string; state: StateCode; zip: string };
  contactName: string;
  contactPhone: string;
  submitterId: string;
  receiverName: string;
  receiverId: string;
  /** Usual charge per CPT code, in cents. */
  fees: Record<string, number>;
  /** Payer catalogue id → electronic payer id at the clearinghouse. */
  payerIds: Record<string, string>;
  /** Payer catalogue id → how it wants video telehealth marked (default: Medicare none, others 95). */
  telehealthModifiers?: Record<string, TelehealthModifierRule>;
}

export interface BillingSettings extends BillingSettingsInput {
  updatedAt: string | null;
}

export interface Confirmed {
  session: Session;
  claim: Claim;
}

export interface AuditEvent {
  id: number;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  clientId: string | null;
  ip: string | null;
  detail: unknown;
}

export type Confidence = "sourced" | "common" | "approximate";

export interface AreaEntry {
  state: StateCode;
  counties?: string[];
  exceptCounties?: string[];
  zips?: string[];
  exceptZips?: string[];
  note?: string;
  confidence?: Confidence;
}

export interface Payer {
  id: string;
  name: string;
  kind: "national" | "bcbs";
  mark?: "both" | "blue-cross" | "blue-shield";
  areaName?: string;
  states: StateCode[];
  area?: AreaEntry[];
  source: string[];
  confidence: Confidence;
  notes?: string;
}

export interface PayerCatalogue {
  payers: Payer[];
  noBluePlan: { states: StateCode[]; note: string };
}

export type RosterColumn = "npi" | "payer" | "state" | "network" | "status" | "effectiveFrom" | "effectiveTo";

export interface RosterRow {
  index: number;
  line: number;
  values: Record<RosterColumn, string>;
  provider: { id: string; name: string } | null;
  payerName: string | null;
  action: "add" | "update" | "unchanged" | null;
  errors: FieldError[];
}

export interface RosterPreview {
  rows: RosterRow[];
  total: number;
  valid: number;
  invalid: number;
  add: number;
  update: number;
  unchanged: number;
}

export interface RosterResult {
  total: number;
  added: number;
  updated: number;
  unchanged: number;
}

/** One alert in the header (from GET /api/v1/alerts, or worked out here until that exists). */
export interface Alert {
  id: string;
  severity: "warning" | "critical" | "info";
  title: string;
  detail: string | null;
  /** Where in the app to go about it. */
  href: string | null;
}

export interface FieldError {
  path: string;
  message: string;
}

/** An application/problem+json body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: (FieldError & { case?: number })[];
  decision?: Decision;
}
