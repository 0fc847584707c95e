/**
 * Response bodies of sessions and claims: explicit DTOs with their schemas for the OpenAPI
 * document (see dto.ts for the others).
 */
import { Type } from "@sinclair/typebox";
import type { Claim, Confirmed, ServiceLocation, Session } from "../app/sessions-model.js";
import { Decision, IsoDate, StateCodeSchema } from "../contract/schema.js";
import { LocationKindSchema, ZipStored } from "./dto.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: "uuid" });
const Instant = Type.String({ description: "ISO 8601 instant (UTC)" });
const literals = (values: readonly string[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );

export const ServiceLocationDto = Type.Object(
  {
    line1: Nullable(Type.String()),
    line2: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipStored),
    source: literals(
      ["client_location", "new_address", "practice_location"],
      "A saved client location, an address given at confirmation, or the practice",
    ),
    sourceId: Nullable(Id),
    kind: Nullable(LocationKindSchema),
  },
  { title: "ServiceLocation", description: "Where the service was rendered, as it was at confirmation" },
);

export const SessionDto = Type.Object(
  {
    id: Id,
    clientId: Id,
    providerId: Id,
    startsAt: Instant,
    timeZone: Type.String({ description: "IANA time zone, e.g. America/New_York" }),
    serviceDate: IsoDate,
    durationMinutes: Type.Integer(),
    modality: literals(["telehealth", "in_person"]),
    cptCode: Type.String(),
    crisis: Type.Boolean(),
    audioOnly: Type.Boolean({ description: "Telehealth by audio only (no video)" }),
    status: literals(["scheduled", "confirmed", "cancelled"]),
    practiceLocationId: Nullable(Id),
    confirmedAt: Nullable(Instant),
    location: Nullable(ServiceLocationDto),
    decision: Nullable(Decision),
  },
  { title: "Session" },
);

export const ClaimDto = Type.Object(
  {
    id: Id,
    number: Type.String({ description: "Patient control number on claim files (837P CLM01)" }),
    sessionId: Id,
    billTo: Type.String({ description: "Payer id the claim is submitted to" }),
    homePlan: Type.String(),
    basis: literals(["in_network", "bluecard", "virtual_network", "crisis"]),
    memberId: Nullable(Type.String()),
    cptCodes: Type.Array(Type.String()),
    modifiers: Type.Array(Type.String()),
    placeOfService: literals(["02", "10", "11"], "CMS place of service: 02/10 telehealth, 11 office"),
    serviceLocation: ServiceLocationDto,
    serviceDate: IsoDate,
    diagnosisCodes: Type.Array(Type.String(), {
      description: "ICD-10-CM, without the dot; the first is principal",
    }),
    status: literals(["pending", "ready", "exported"]),
    readyAt: Instant,
    createdAt: Instant,
    exportId: Nullable(Id),
    exportedAt: Nullable(Instant),
    version: Type.Integer({ description: "1 as confirmed; each replacement or void is the next version" }),
    frequency: literals(["1", "7", "8"], "837P CLM05-3: 1 original, 7 replacement, 8 void"),
    payerControlNumber: Nullable(
      Type.String({
        description: "The payer's claim control number of the claim it replaces or voids (REF*F8)",
      }),
    ),
    exportProblems: Nullable(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: "Why the last export left the claim out (fix these, and the next export takes it)",
      }),
    ),
  },
  { title: "Claim" },
);

export const ConfirmedDto = Type.Object(
  { session: SessionDto, claim: ClaimDto },
  { title: "ConfirmedSession" },
);

const locationDto = (l: ServiceLocation) => ({
  line1: l.line1,
  line2: l.line2,
  city: l.city,
  state: l.state,
  zip: l.zip,
  source: l.source,
  sourceId: l.sourceId,
  kind: l.kind,
});

export const sessionDto = (s: Session) => ({
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

export const claimDto = (c: Claim) => ({
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

export const confirmedDto = (r: Confirmed) => ({ session: sessionDto(r.session), claim: claimDto(r.claim) });
