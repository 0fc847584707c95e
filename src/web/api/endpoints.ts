/** One typed function per API route the web app uses. */
import { ApiError, fetchFile, request, upload, withQuery, type Progress } from "./client";
import type {
  Alert,
  AuditEvent,
  BillingSettings,
  BillingSettingsInput,
  CaseInput,
  Claim,
  ClaimExport,
  ClaimFileFormat,
  ClaimHistory,
  ClaimStatus,
  ClientDetail,
  ClientLocation,
  ClientSummary,
  Confirmed,
  Coverage,
  Credential,
  Decision,
  ExportResult,
  GuidanceEntry,
  License,
  LocationKind,
  Modality,
  PayerCatalogue,
  Product,
  Provider,
  RosterPreview,
  RosterResult,
  SavedLicense,
  Session,
  SessionStatus,
  StateCode,
  User,
} from "./types";

export const api = {
  login: (email: string, password: string) =>
    request<{ user: User; expiresAt: string }>("POST", "/auth/login", { email, password }),
  logout: () => request<undefined>("POST", "/auth/logout"),
  me: () => request<User>("GET", "/me"),

  clients: (date?: string) => request<ClientSummary[]>("GET", withQuery("/clients", { date })),
  client: (id: string, date?: string) => request<ClientDetail>("GET", withQuery(`/clients/${id}`, { date })),
  addLocation: (clientId: string, body: NewLocation) =>
    request<ClientLocation>("POST", `/clients/${clientId}/locations`, body),
  setCoverage: (clientId: string, body: CoverageInput) =>
    request<Coverage>("PUT", `/clients/${clientId}/coverage`, body),
  billingMethod: (clientId: string, date?: string) =>
    request<GuidanceEntry[]>("GET", withQuery(`/clients/${clientId}/billing-method`, { date })),

  provider: (id: string) => request<Provider>("GET", `/providers/${id}`),
  saveLicense: (providerId: string, body: LicenseInput, id?: string) =>
    id
      ? request<SavedLicense>("PUT", `/providers/${providerId}/licenses/${id}`, body)
      : request<SavedLicense>("POST", `/providers/${providerId}/licenses`, body),
  saveCredential: (providerId: string, body: CredentialInput, id?: string) =>
    id
      ? request<Credential>("PUT", `/providers/${providerId}/credentials/${id}`, body)
      : request<Credential>("POST", `/providers/${providerId}/credentials`, body),

  /** The decision contract, stateless and public: one decision per case. */
  evaluate: (cases: CaseInput[]) => request<Decision[]>("POST", "/evaluate", cases),

  sessions: (
    q: { from?: string; to?: string; status?: SessionStatus; clientId?: string; limit?: number } = {},
  ) => request<Session[]>("GET", withQuery("/sessions", q)),
  schedule: (body: ScheduleInput, key: string) =>
    request<Session>("POST", "/sessions", body, { "idempotency-key": key }),
  confirm: (id: string, body: ConfirmInput, key: string) =>
    request<Confirmed>("POST", `/sessions/${id}/confirm`, body, { "idempotency-key": key }),
  cancel: (id: string) => request<Session>("POST", `/sessions/${id}/cancel`),

  claims: (q: { from?: string; to?: string; status?: ClaimStatus; limit?: number } = {}) =>
    request<Claim[]>("GET", withQuery("/claims", q)),
  claim: (id: string) => request<Claim>("GET", `/claims/${id}`),
  /** Correct a held claim (status pending, before readyAt); 409 once the hold is over. */
  amendClaim: (id: string, body: AmendClaimInput) => request<Confirmed>("PATCH", `/claims/${id}`, body),
  /** The claim as a file; 409 naming the fields at fault when its data is incomplete. */
  claimFile: (id: string, format: ClaimFileFormat) => fetchFile(claimFileUrl(id, format)),

  /** Operations: writes the ready claims since a service date into one batch file. */
  exportClaims: (body: { since: string; format: ClaimFileFormat; allOrNothing?: boolean }) =>
    request<ExportResult>("POST", "/claim-exports", body),
  /** A released claim's next version: a replacement (CLM05-3 7) with the payer's control number. */
  replaceClaim: (id: string, body: ReplacementInput) =>
    request<Claim>("POST", `/claims/${id}/replacement`, body),
  /** A void (CLM05-3 8) of the claim the payer has. */
  voidClaim: (id: string, body: { payerControlNumber?: string | null; reason?: string | null }) =>
    request<Claim>("POST", `/claims/${id}/void`, body),
  claimHistory: (id: string) => request<ClaimHistory>("GET", `/claims/${id}/history`),
  claimExports: () => request<ClaimExport[]>("GET", "/claim-exports"),
  billingSettings: () => request<BillingSettings>("GET", "/billing-settings"),
  saveBillingSettings: (body: BillingSettingsInput) =>
    request<BillingSettings>("PUT", "/billing-settings", body),

  payers: () => request<PayerCatalogue>("GET", "/payers"),
  audit: (q: {
    clientId?: string;
    actorUserId?: string;
    action?: string;
    since?: string;
    before?: number;
    limit?: number;
  }) => request<AuditEvent[]>("GET", withQuery("/audit", q)),

  rosterPreview: (csv: string, onProgress: (p: Progress) => void) =>
    upload<RosterPreview>("/ops/roster/preview", csv, "text/csv", onProgress),
  rosterCommit: (csv: string, onProgress: (p: Progress) => void) =>
    upload<RosterResult>("/ops/roster/commit", csv, "text/csv", onProgress),

  /** The header's alerts; undefined while the server has no alerts route yet. */
  alerts: async (): Promise<Alert[] | undefined> => {
    try {
      return await request<Alert[]>("GET", "/alerts");
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  },
};

/** A claim's file, under /api/v1 (for links: the session cookie authenticates them). */
export const claimFileUrl = (id: string, format: ClaimFileFormat) =>
  `/claims/${encodeURIComponent(id)}/${format}`;

/** A batch file exactly as it was written, under /api/v1. */
export const exportFileUrl = (id: string) => `/claim-exports/${encodeURIComponent(id)}/file`;

/** Prefix for links to API paths (fetching goes through `request`, which adds it itself). */
export const apiHref = (path: string) => `/api/v1${path}`;

export interface ReplacementInput {
  payerControlNumber?: string | null;
  cptCode?: string;
  durationMinutes?: number;
  diagnosisCodes?: string[];
  reason?: string | null;
}

export interface AmendClaimInput {
  cptCode?: string;
  durationMinutes?: number;
  /** As typed ("F41.1"); the API stores them without the dot. */
  diagnosisCodes?: string[];
}

export interface NewLocation {
  kind: LocationKind;
  label?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state: StateCode;
  /** 12345, 12345-6789 or 123456789 (kept as 12345 or 12345-6789). */
  zip?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  replaces?: string | null;
}

export interface LicenseInput {
  state: StateCode;
  type: string;
  number: string | null;
  status: License["status"];
  validFrom: string | null;
  validTo: string | null;
  telehealthOnly: boolean;
  source: License["source"];
  /** Compact privileges only (and required for them). */
  homeState: StateCode | null;
}

export interface CoverageInput {
  payer: string;
  memberId: string | null;
  bluecard: boolean | null;
  product: Product | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface CredentialInput {
  payer: string;
  state: StateCode;
  network: Credential["network"];
  status: Credential["status"];
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface ScheduleInput {
  clientId: string;
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  modality: Modality;
  cptCode: string;
  crisis: boolean;
  practiceLocationId: string | null;
}

export interface ConfirmInput {
  clientLocationId?: string | null;
  address?: {
    line1: string | null;
    line2?: string | null;
    city: string | null;
    state: StateCode;
    zip: string | null;
  } | null;
  crisisDocumentation?: string | null;
  /** ICD-10-CM for the claim, as typed ("F41.1"); the client's working diagnoses when left out. */
  diagnosisCodes?: string[];
}
