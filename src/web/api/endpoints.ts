/** One typed function per API route the web app uses. */
import {
  ApiError,
  fetchFile,
  findInList,
  request,
  requestAll,
  requestPage,
  upload,
  withQuery,
  type Progress,
} from "./client";
import type {
  AmendClaimInput,
  ConfirmInput,
  CoverageInput,
  CredentialInput,
  EditLocation,
  EligibilityCheckBody,
  LicenseInput,
  NewLocation,
  ReplacementInput,
  ScheduleInput,
  VoidInput,
} from "../../contract/api/index";
import type {
  AuditEvent,
  AuditFilter,
  BillingSettings,
  BillingSettingsInput,
  CaseInput,
  Claim,
  ClaimListItem,
  ClaimExport,
  ClaimFileFormat,
  ClaimHistory,
  ClaimFilter,
  ClaimPayment,
  Denial,
  Remittance,
  RemittanceDetail,
  ClearinghouseStatus,
  EdiFile,
  EdiFileKind,
  EdiFileStatusName,
  PollResult,
  BillingPlace,
  ClientDetail,
  ClientSummary,
  Confirmed,
  ConfirmPreview,
  Coverage,
  Credential,
  Decision,
  DirectoryPage,
  DirectoryQuery,
  DirectorySettings,
  ExportResult,
  PayerCatalogue,
  Provider,
  Referral,
  ReferralInput,
  ReferralPage,
  RosterPreview,
  RosterResult,
  RemovedLocation,
  SavedLicense,
  SavedLocation,
  SchedulePreview,
  ServedAlert,
  Session,
  SessionFilter,
  User,
} from "./types";

export type {
  AmendClaimInput,
  ConfirmInput,
  CoverageInput,
  CredentialInput,
  EditLocation,
  LicenseInput,
  NewLocation,
  ReplacementInput,
  ScheduleInput,
  VoidInput,
};

export const api = {
  login: (email: string, password: string) =>
    request<{ user: User; expiresAt: string }>("POST", "/auth/login", { email, password }),
  logout: () => request<undefined>("POST", "/auth/logout"),
  me: () => request<User>("GET", "/me"),

  /** Every client of the practice, page after page (a provider's list; a client's is themself). */
  clients: (date?: string) => requestAll<ClientSummary>("/clients", { date, limit: 200 }),
  client: (id: string, date?: string) => request<ClientDetail>("GET", withQuery(`/clients/${id}`, { date })),
  addLocation: (clientId: string, body: NewLocation) =>
    request<SavedLocation>("POST", `/clients/${clientId}/locations`, body),
  /** Edits or ends (endsOn) a location; a used one is archived and replaced (`replaced`). */
  editLocation: (clientId: string, locationId: string, body: EditLocation) =>
    request<SavedLocation>("PATCH", `/clients/${clientId}/locations/${locationId}`, body),
  /** Deletes a location no session used; one that was used is archived instead. */
  removeLocation: (clientId: string, locationId: string) =>
    request<RemovedLocation>("DELETE", `/clients/${clientId}/locations/${locationId}`),
  setCoverage: (clientId: string, body: CoverageInput) =>
    request<Coverage>("PUT", `/clients/${clientId}/coverage`, body),
  billingMethod: (clientId: string, date?: string) =>
    request<BillingPlace[]>("GET", withQuery(`/clients/${clientId}/billing-method`, { date })),
  /** Eligibility: a 270 now, the answer when it comes within a few seconds (else pending). */
  verifyCoverage: (clientId: string) =>
    request<EligibilityCheckBody>("POST", `/clients/${clientId}/eligibility`),
  eligibility: (clientId: string) =>
    request<EligibilityCheckBody[]>("GET", withQuery(`/clients/${clientId}/eligibility`, { limit: 20 })),

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

  /** One page of sessions (the filter's `limit` rows). */
  sessions: (q: SessionFilter = {}) => request<Session[]>("GET", withQuery("/sessions", q)),
  /** Every session the filter matches, page after page along the cursor (a provider's own). */
  allSessions: (q: Omit<SessionFilter, "cursor"> = {}) => requestAll<Session>("/sessions", q),
  schedule: (body: ScheduleInput, key: string) =>
    request<Session>("POST", "/sessions", body, { "idempotency-key": key }),
  /** The verdict for a session before it is scheduled (nothing is saved). */
  previewSchedule: (body: ScheduleInput) => request<SchedulePreview>("POST", "/sessions/preview", body),
  /** What confirming would do, with nothing written. */
  previewConfirm: (id: string, body: ConfirmInput) =>
    request<ConfirmPreview>("POST", `/sessions/${id}/confirm?dryRun=true`, body),
  confirm: (id: string, body: ConfirmInput, key: string) =>
    request<Confirmed>("POST", `/sessions/${id}/confirm`, body, { "idempotency-key": key }),
  cancel: (id: string) => request<Session>("POST", `/sessions/${id}/cancel`),

  /** A page of claims and the cursor of the next (`cursor` to go on). */
  claims: (q: ClaimFilter = {}) => requestPage<ClaimListItem>(withQuery("/claims", q)),
  /** Every claim the filter matches, page after page (a provider's own). */
  allClaims: (q: Omit<ClaimFilter, "cursor"> = {}) => requestAll<ClaimListItem>("/claims", q),
  /** The claims of the filter with these ids, read page by page until each is found. */
  findClaims: (q: Omit<ClaimFilter, "cursor">, ids: ReadonlySet<string>) =>
    findInList<ClaimListItem>("/claims", q, ids),
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
  voidClaim: (id: string, body: VoidInput) => request<Claim>("POST", `/claims/${id}/void`, body),
  claimHistory: (id: string) => request<ClaimHistory>("GET", `/claims/${id}/history`),
  claimExports: (q: { limit?: number; cursor?: string | undefined } = {}) =>
    requestPage<ClaimExport>(withQuery("/claim-exports", q)),
  /** Operations: payers' remittances (835), newest first, filtered by payer, date paid, check number. */
  remittances: (
    q: {
      payer?: string;
      from?: string;
      to?: string;
      checkNumber?: string;
      limit?: number;
      cursor?: string | undefined;
    } = {},
  ) => requestPage<Remittance>(withQuery("/remittances", q)),
  remittance: (id: string) => request<RemittanceDetail>("GET", `/remittances/${id}`),
  /** Claim payments; `unmatched`: those that match no claim of ours. */
  claimPayments: (q: { unmatched?: boolean } = {}) =>
    request<ClaimPayment[]>("GET", withQuery("/claim-payments", q)),
  /** Claims the payer denied or paid in part, oldest first. */
  denials: () => request<Denial[]>("GET", "/denials"),
  /** Operations: the clearinghouse connector (mailbox or sandbox), and reading its inbox now. */
  clearinghouse: () => request<ClearinghouseStatus>("GET", "/clearinghouse"),
  pollClearinghouse: () => request<PollResult>("POST", "/clearinghouse/poll"),
  /** The X12 files sent and received, newest first. */
  ediFiles: (
    q: {
      direction?: "in" | "out";
      kind?: EdiFileKind;
      status?: EdiFileStatusName;
      limit?: number;
      cursor?: string | undefined;
    } = {},
  ) => requestPage<EdiFile>(withQuery("/edi-files", q)),
  /** A kept file exactly as written (text). */
  ediFileContent: async (id: string) => (await fetchFile(ediFileContentUrl(id))).blob.text(),
  /** Sends an X12 batch file to the clearinghouse as an 837P (once; 409 when sent already). */
  submitExport: (id: string) => request<EdiFile>("POST", `/claim-exports/${id}/submit`),
  billingSettings: () => request<BillingSettings>("GET", "/billing-settings"),
  saveBillingSettings: (body: BillingSettingsInput) =>
    request<BillingSettings>("PUT", "/billing-settings", body),

  /** Who may see and bill a client there, on a date (a client: their own coverage and places). */
  directory: (q: DirectoryQuery) => request<DirectoryPage>("GET", withQuery("/directory", q)),
  directorySettings: (providerId: string) =>
    request<DirectorySettings>("GET", `/providers/${providerId}/directory`),
  saveDirectorySettings: (providerId: string, body: { acceptingNewClients: boolean }) =>
    request<DirectorySettings>("PUT", `/providers/${providerId}/directory`, body),
  /** Referrals, newest first: a provider's sent and received (`box` keeps one of the two). */
  referrals: (q: { box?: "sent" | "received"; status?: Referral["status"]; cursor?: string } = {}) =>
    request<ReferralPage>("GET", withQuery("/referrals", q)),
  refer: (body: ReferralInput) => request<Referral>("POST", "/referrals", body),
  acceptReferral: (id: string) => request<Referral>("POST", `/referrals/${id}/accept`),
  declineReferral: (id: string) => request<Referral>("POST", `/referrals/${id}/decline`),
  withdrawReferral: (id: string) => request<Referral>("POST", `/referrals/${id}/withdraw`),

  payers: () => request<PayerCatalogue>("GET", "/payers"),
  audit: (q: AuditFilter) => request<AuditEvent[]>("GET", withQuery("/audit", q)),

  rosterPreview: (csv: string, onProgress: (p: Progress) => void) =>
    upload<RosterPreview>("/ops/roster/preview", csv, "text/csv", onProgress),
  rosterCommit: (csv: string, onProgress: (p: Progress) => void) =>
    upload<RosterResult>("/ops/roster/commit", csv, "text/csv", onProgress),

  /** The header's alerts; undefined while the server has no alerts route yet. */
  alerts: async (): Promise<ServedAlert[] | undefined> => {
    try {
      return await requestAll<ServedAlert>("/alerts");
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

/** A kept X12 file exactly as written, under /api/v1. */
export const ediFileContentUrl = (id: string) => `/edi-files/${encodeURIComponent(id)}/content`;

/** Prefix for links to API paths (fetching goes through `request`, which adds it itself). */
export const apiHref = (path: string) => `/api/v1${path}`;
