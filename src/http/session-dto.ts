/**
 * Response bodies of sessions and claims, built explicitly from the use cases' records (database
 * rows never reach the wire); their schemas are the contract's (src/contract/api/sessions.ts).
 */
import type { Claim, Confirmed, ServiceLocation, Session } from "../app/sessions-model.js";
import type {
  Claim as ClaimBody,
  Confirmed as ConfirmedBody,
  ServiceLocation as ServiceLocationBody,
  Session as SessionBody,
} from "../contract/api/index.js";

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

export const sessionDto = (s: Session): SessionBody => ({
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
});

export const confirmedDto = (r: Confirmed): ConfirmedBody => ({
  session: sessionDto(r.session),
  claim: claimDto(r.claim),
});
