/**
 * Response bodies of sessions and claims, built explicitly from the use cases' records (database
 * rows never reach the wire); their schemas are the contract's (src/contract/api/sessions.ts).
 */
import { outlookOf, type Outlook } from "../app/outlook.js";
import type { ConfirmPreview, SchedulePreview } from "../app/sessions.js";
import type { Claim, Confirmed, ListedClaim, ServiceLocation, Session } from "../app/sessions-model.js";
import type {
  Claim as ClaimBody,
  ClaimListItem as ClaimListItemBody,
  ConfirmPreview as ConfirmPreviewBody,
  Confirmed as ConfirmedBody,
  Outlook as OutlookBody,
  SchedulePreview as SchedulePreviewBody,
  ServiceLocation as ServiceLocationBody,
  Session as SessionBody,
} from "../contract/api/index.js";

/** Payer id → the name people read ("Aetna"), from the catalogue. */
export type PayerNames = (id: string) => string;

const locationDto = (l: ServiceLocation): ServiceLocationBody => ({
  line1: l.line1,
  line2: l.line2,
  city: l.city,
  state: l.state,
  zip: l.zip,
  source: l.source,
  sourceId: l.sourceId,
  kind: l.kind,
});

export const outlookDto = (o: Outlook): OutlookBody => ({
  checkedAt: o.checkedAt,
  checkedOn: o.checkedOn,
  billable: o.billable,
  outcome: o.outcome,
  basis: o.basis,
  billTo: o.billTo,
  location: o.location ? locationDto(o.location) : null,
  reason: o.reason ? { code: o.reason.code, message: o.reason.message, fix: o.reason.fix } : null,
  summary: o.summary,
  crisisBillable: o.crisisBillable,
  decision: o.decision,
});

/**
 * A session; a scheduled one with its outlook, read from its latest re-check (null once confirmed
 * or cancelled, or if it was never checked).
 */
export const sessionDto = (s: Session, payerName: PayerNames): SessionBody => ({
  id: s.id,
  clientId: s.clientId,
  providerId: s.providerId,
  startsAt: s.startsAt,
  timeZone: s.timeZone,
  serviceDate: s.serviceDate,
  durationMinutes: s.durationMinutes,
  modality: s.modality,
  cptCode: s.cptCode,
  crisis: s.crisis,
  audioOnly: s.audioOnly,
  status: s.status,
  practiceLocationId: s.practiceLocationId,
  confirmedAt: s.confirmedAt,
  location: s.location ? locationDto(s.location) : null,
  decision: s.decision,
  outlook: s.status === "scheduled" && s.lastCheck ? outlookDto(outlookOf(s.lastCheck, payerName)) : null,
});

export const claimDto = (c: Claim): ClaimBody => ({
  id: c.id,
  number: c.number,
  sessionId: c.sessionId,
  billTo: c.billTo,
  homePlan: c.homePlan,
  basis: c.basis,
  memberId: c.memberId,
  cptCodes: [...c.cptCodes],
  modifiers: [...c.modifiers],
  placeOfService: c.placeOfService,
  serviceLocation: locationDto(c.serviceLocation),
  serviceDate: c.serviceDate,
  diagnosisCodes: [...c.diagnosisCodes],
  status: c.status,
  readyAt: c.readyAt,
  createdAt: c.createdAt,
  exportId: c.exportId,
  exportedAt: c.exportedAt,
  version: c.version,
  frequency: c.frequency,
  payerControlNumber: c.payerControlNumber,
  exportProblems: c.exportProblems === null ? null : c.exportProblems.map((p) => ({ ...p })),
  payerStatus: c.payerStatus,
  payerStatusAt: c.payerStatusAt,
});

export const claimListItemDto = (c: ListedClaim): ClaimListItemBody =>
  Object.assign(claimDto(c), { clientName: c.clientName, providerName: c.providerName });

export const confirmedDto = (r: Confirmed, payerName: PayerNames): ConfirmedBody => ({
  session: sessionDto(r.session, payerName),
  claim: claimDto(r.claim),
});

export const confirmPreviewDto = (p: ConfirmPreview): ConfirmPreviewBody => ({
  dryRun: true,
  wouldConfirm: p.wouldConfirm,
  outlook: outlookDto(p.outlook),
  claim: p.claim
    ? {
        billTo: p.claim.billTo,
        basis: p.claim.basis,
        cptCodes: [...p.claim.cptCodes],
        modifiers: [...p.claim.modifiers],
        placeOfService: p.claim.placeOfService,
      }
    : null,
});

export const schedulePreviewDto = (p: SchedulePreview): SchedulePreviewBody => ({
  clientId: p.clientId,
  serviceDate: p.serviceDate,
  outlook: outlookDto(p.outlook),
});
