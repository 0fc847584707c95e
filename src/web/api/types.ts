/**
 * The bodies the public API answers and takes: the contract's own types (src/contract/api, the
 * schemas the server validates and checks its answers with, `Static<typeof …>`), so the web app
 * and the server cannot drift apart. Web-only view types are written out below.
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
import type { SEXES } from "../../contract/enums";
import {
  COMPACT_SOURCES,
  CREDENTIAL_STATUSES,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  PRODUCTS,
} from "../../contract/enums";

export type {
  Alert as ServedAlert,
  AtRiskSession,
  DirectoryEntry,
  DirectoryPage,
  DirectoryQueryInput as DirectoryQuery,
  DirectorySettings,
  Referral,
  ReferralInput,
  ReferralPage,
  BillingPlace,
  ClaimPreview,
  ConfirmPreview,
  EditLocation,
  Outlook,
  Reason,
  RemovedLocation,
  Risk,
  SavedLocation,
  SchedulePreview,
  AreaEntry,
  AuditEvent,
  AuditFilter,
  Badge,
  BillingSettings,
  BillingSettingsInput,
  Claim,
  ClaimListItem,
  ClaimEvent,
  ClaimExport,
  ClaimFileFormat,
  ClaimFilter,
  ClaimHistory,
  ClaimProblem,
  ClaimStatus,
  ClientDetail,
  ClientLocation,
  ClientSummary,
  Confidence,
  Confirmed,
  Coverage,
  Credential,
  ExportResult,
  FieldError,
  License,
  LocationKind,
  Payer,
  PayerCatalogue,
  PracticeLocation,
  Problem,
  Provider,
  Role,
  RosterColumn,
  RosterPreview,
  RosterResult,
  RosterRow,
  SavedLicense,
  ServiceLocation,
  Session,
  SessionFilter,
  SessionStatus,
  TelehealthModifierRule,
  User,
} from "../../contract/api/index";
export type { Basis, CaseInput, LocationInput, Modality, ReasonCode, StateCode };
/** The clearinghouse connector and the X12 files kept in and out. */
export type {
  ClearinghouseStatusBody as ClearinghouseStatus,
  EdiFileBody as EdiFile,
  EdiFileKind,
  EdiFileStatusName,
  PollResultBody as PollResult,
} from "../../contract/api/index";
/** Remittances (835) and the denials queue. */
export type {
  ClaimPayment,
  Denial,
  Remittance,
  RemittanceAdjustment,
  RemittanceDetail,
} from "../../contract/api/index";
export type Decision = DecisionOutput;
export type GuidanceEntry = GuidanceOutput;

export type Product = (typeof PRODUCTS)[number];

/** Administrative sex: F, M, or U (unknown). */
export type Sex = (typeof SEXES)[number];

export { COMPACT_SOURCES, CREDENTIAL_STATUSES, LICENSE_SOURCES, LICENSE_STATUSES, NETWORKS, PRODUCTS };

/** One alert as the header shows it (from GET /api/v1/alerts, `ServedAlert`, or worked out here). */
export interface Alert {
  id: string;
  severity: "warning" | "critical" | "info";
  title: string;
  detail: string | null;
  /** Where in the app to go about it. */
  href: string | null;
}
