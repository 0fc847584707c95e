/** Sessions (scheduled, confirmed with their claim, cancelled) and claims. */
import { Type, type Static } from "@sinclair/typebox";
import {
  BASES,
  Decision,
  IsoDate,
  MODALITIES,
  OUTCOMES,
  oneOf,
  REASON_CODES,
  StateCodeSchema,
} from "../schema.js";
import {
  AddressText,
  CptCode,
  DiagnosisCodesBody,
  Id,
  Instant,
  literals,
  LocationKindSchema,
  Maybe,
  Minutes,
  Nullable,
  ZipInput,
  ZipStored,
  pageSize,
} from "./common.js";

export const SESSION_STATUSES = ["scheduled", "confirmed", "cancelled"] as const;
export const CLAIM_STATUSES = ["pending", "ready", "exported"] as const;
/** What the payer said about a claim (claims.payer_status): acknowledgements, then the remittance. */
export const PAYER_STATUSES = ["accepted", "rejected", "paid", "partially_paid", "denied"] as const;
export const PLACES_OF_SERVICE = ["02", "10", "11"] as const;
export const CLAIM_FREQUENCIES = ["1", "7", "8"] as const;
export const SERVICE_LOCATION_SOURCES = ["client_location", "new_address", "practice_location"] as const;

export const ServiceLocationDto = Type.Object(
  {
    line1: Nullable(Type.String()),
    line2: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipStored),
    source: literals(
      SERVICE_LOCATION_SOURCES,
      "A saved client location, an address given at confirmation, or the practice",
    ),
    sourceId: Nullable(Id),
    kind: Nullable(LocationKindSchema),
  },
  { title: "ServiceLocation", description: "Where the service was rendered, as it was at confirmation" },
);

/** A decision's first reason, with what would fix it. */
export const ReasonDto = Type.Object(
  {
    code: literals(REASON_CODES, "A reason code of the decision contract"),
    message: Type.String(),
    fix: Nullable(Type.String()),
  },
  { title: "Reason" },
);

/**
 * Whether a scheduled session can go ahead as things stand: the server's one answer (the stored
 * re-check of the session, or a preview), the same the confirm step would give.
 */
export const OutlookDto = Type.Object(
  {
    checkedAt: Instant,
    checkedOn: IsoDate,
    billable: Type.Boolean(),
    /** Null when it could not be decided (the client has no coverage on file). */
    outcome: Nullable(literals(OUTCOMES)),
    basis: Nullable(literals(BASES)),
    billTo: Nullable(Type.String({ description: "Payer id the claim would go to" })),
    location: Nullable(ServiceLocationDto),
    reason: Nullable(ReasonDto),
    summary: Type.String({ description: "One sentence a person reads: the answer and, if refused, why" }),
    crisisBillable: Nullable(
      Type.Boolean({
        description:
          "Refused by video: whether a documented crisis session there would be billable (null when billable or in person)",
      }),
    ),
    decision: Nullable(Decision),
  },
  { title: "SessionOutlook" },
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
    modality: literals(MODALITIES),
    cptCode: Type.String(),
    crisis: Type.Boolean(),
    audioOnly: Type.Boolean({ description: "Telehealth by audio only (no video)" }),
    status: literals(SESSION_STATUSES),
    practiceLocationId: Nullable(Id),
    confirmedAt: Nullable(Instant),
    location: Nullable(ServiceLocationDto),
    decision: Nullable(Decision),
    outlook: Nullable(OutlookDto),
  },
  {
    title: "Session",
    description:
      "decision: frozen at confirmation. outlook: for a scheduled session, whether it can go ahead as things stand (the latest re-check); null once confirmed or cancelled",
  },
);

/** What a payer would refuse about a claim: the field's path in the claim record and the fix. */
export const ClaimProblemDto = Type.Object(
  {
    field: Type.String({ description: 'Path in the claim\'s record, e.g. "coverage.memberId"' }),
    message: Type.String(),
  },
  { title: "ClaimProblem" },
);

export const ClaimDto = Type.Object(
  {
    id: Id,
    number: Type.String({ description: "Patient control number on claim files (837P CLM01)" }),
    sessionId: Id,
    billTo: Type.String({ description: "Payer id the claim is submitted to" }),
    homePlan: Type.String(),
    basis: literals(BASES),
    memberId: Nullable(Type.String()),
    cptCodes: Type.Array(Type.String()),
    modifiers: Type.Array(Type.String()),
    placeOfService: literals(PLACES_OF_SERVICE, "CMS place of service: 02/10 telehealth, 11 office"),
    serviceLocation: ServiceLocationDto,
    serviceDate: IsoDate,
    diagnosisCodes: Type.Array(Type.String(), {
      description: "ICD-10-CM, without the dot; the first is principal",
    }),
    status: literals(CLAIM_STATUSES),
    readyAt: Instant,
    createdAt: Instant,
    exportId: Nullable(Id),
    exportedAt: Nullable(Instant),
    version: Type.Integer({ description: "1 as confirmed; each replacement or void is the next version" }),
    frequency: literals(CLAIM_FREQUENCIES, "837P CLM05-3: 1 original, 7 replacement, 8 void"),
    payerControlNumber: Nullable(
      Type.String({
        description: "The payer's claim control number of the claim it replaces or voids (REF*F8)",
      }),
    ),
    exportProblems: Nullable(
      Type.Array(ClaimProblemDto, {
        description: "Why the last export left the claim out (fix these, and the next export takes it)",
      }),
    ),
    payerStatus: Nullable(
      literals(
        PAYER_STATUSES,
        "What the payer said: accepted or rejected (999/277CA), then paid, partially paid or denied (835)",
      ),
    ),
    payerStatusAt: Nullable(Instant),
  },
  { title: "Claim" },
);

/** A claim in a list: with the names people look for, so a page of claims reads on its own. */
export const ClaimListItemDto = Type.Composite(
  [
    ClaimDto,
    Type.Object({
      clientName: Type.String({ description: "The client's name" }),
      providerName: Type.String({ description: "The provider's name with credentials" }),
    }),
  ],
  { title: "ClaimListItem" },
);

export const ConfirmedDto = Type.Object(
  { session: SessionDto, claim: ClaimDto },
  { title: "ConfirmedSession" },
);

export const SessionParams = Type.Object({ id: Type.String({ description: "Session id" }) });
export const ClaimParams = Type.Object({ id: Type.String({ description: "Claim id" }) });

export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      description:
        "Optional. Retrying with the same key and the same request answers the first response again (header Idempotent-Replayed: true); the same key with a different request is 409.",
    }),
  ),
});

export const ScheduleBody = Type.Object({
  clientId: Type.String({ minLength: 1 }),
  startsAt: Type.String({
    pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$",
    "x-expected": "an ISO 8601 date and time with its offset, such as 2026-07-01T10:00:00-04:00",
  }),
  timeZone: Type.String({
    minLength: 1,
    maxLength: 64,
    "x-expected": "an IANA time zone such as America/New_York",
  }),
  durationMinutes: Minutes,
  modality: oneOf(MODALITIES, "telehealth or in_person"),
  cptCode: Type.String({ pattern: "^[0-9]{5}$", "x-expected": "a 5-digit CPT code such as 90837" }),
  crisis: Type.Optional(Type.Boolean()),
  audioOnly: Type.Optional(
    Type.Boolean({ description: "Telehealth by audio only, no video (modifier 93; FQ for Medicare)" }),
  ),
  practiceLocationId: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: "Required in person: your practice location" }),
  ),
});

export const ConfirmAddressBody = Type.Object({
  ...AddressText,
  state: StateCodeSchema,
  zip: Maybe(ZipInput),
});

export const ConfirmBody = Type.Object({
  clientLocationId: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: "Telehealth: where the client was, one of their current locations",
    }),
  ),
  address: Type.Optional(
    Type.Union([ConfirmAddressBody, Type.Null()], {
      description:
        "Telehealth: where the client was, if not a saved location. It belongs to this session only, unless saveLocation is true",
    }),
  ),
  saveLocation: Type.Optional(
    Type.Boolean({
      description:
        "Keep the address as one of the client's places for next time (default false: a crisis call from elsewhere does not move the client)",
    }),
  ),
  crisisDocumentation: Type.Optional(
    Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()], {
      description: "Crisis sessions: the crisis and how it was resolved",
    }),
  ),
  /** ICD-10-CM diagnoses for the claim (default: the client's working diagnoses). */
  diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  audioOnly: Type.Optional(
    Type.Boolean({
      description:
        "Telehealth: the session took place by audio only (true) or with video (false); as scheduled when left out",
    }),
  ),
});

export const ConfirmQuery = Type.Object({
  dryRun: Type.Optional(
    Type.Boolean({ description: "true: answer what confirming would do, and write nothing" }),
  ),
});

/** What a claim would look like, before it exists. */
export const ClaimPreviewDto = Type.Object(
  {
    billTo: Type.String(),
    basis: literals(BASES),
    cptCodes: Type.Array(Type.String()),
    modifiers: Type.Array(Type.String()),
    placeOfService: literals(PLACES_OF_SERVICE),
  },
  { title: "ClaimPreview" },
);

/** `POST /sessions/{id}/confirm?dryRun=true`: what confirming would do; nothing is written. */
export const ConfirmPreviewDto = Type.Object(
  {
    dryRun: Type.Literal(true),
    wouldConfirm: Type.Boolean(),
    outlook: OutlookDto,
    claim: Nullable(ClaimPreviewDto),
  },
  { title: "ConfirmPreview" },
);

/** `POST /sessions/preview`: the verdict for a session before it is scheduled. */
export const SchedulePreviewDto = Type.Object(
  { clientId: Id, serviceDate: IsoDate, outlook: OutlookDto },
  { title: "SchedulePreview" },
);

export const AmendBody = Type.Object(
  {
    cptCode: Type.Optional(CptCode),
    durationMinutes: Type.Optional(Minutes),
    diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  },
  { additionalProperties: false },
);

/**
 * Page sizes: the largest page each list answers within its goal (p50 < 50 ms, p99 < 150 ms on
 * the two-core machine at a million sessions; `npm run bench:scale`). A session carries its
 * stored outlook with the engine's whole decision (about 1.3 KB of JSON), so a page of 1,000
 * took 51–62 ms at the median and a page of 500 22–44 ms. A claim is about 0.77 KB (its place
 * of service, codes and names): a page of 1,000 took 38–51 ms at the median, on the goal's edge
 * (`status=ready` 42–51 ms, p99 81–116 ms), and a page of 500 23–26 ms (p99 34–38 ms).
 */
const SessionLimit = pageSize(200, 500);
const ClaimLimit = pageSize(200, 500);

/**
 * Where a list's next page starts: the `X-Next-Cursor` header of the previous page (or follow its
 * `Link: <…>; rel="next"`). Opaque; a cursor of another list, or altered, is a 400 naming query.cursor.
 */
export const PageCursor = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 1000,
    "x-expected": "the X-Next-Cursor of the previous page",
    description:
      'The next page: the X-Next-Cursor header of the previous page (or follow its Link rel="next"). Absent: the first page.',
  }),
);

export const SessionQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  status: Type.Optional(oneOf(SESSION_STATUSES, SESSION_STATUSES.join(", "))),
  clientId: Type.Optional(Type.String()),
  providerId: Type.Optional(Type.String({ description: "Operations: one provider's sessions" })),
  limit: SessionLimit,
  cursor: PageCursor,
});

export const ClaimQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  status: Type.Optional(oneOf(CLAIM_STATUSES, CLAIM_STATUSES.join(", "))),
  limit: ClaimLimit,
  cursor: PageCursor,
});

export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export type ServiceLocation = Static<typeof ServiceLocationDto>;
export type Session = Static<typeof SessionDto>;
export type Reason = Static<typeof ReasonDto>;
export type Outlook = Static<typeof OutlookDto>;
export type ClaimPreview = Static<typeof ClaimPreviewDto>;
export type ConfirmPreview = Static<typeof ConfirmPreviewDto>;
export type SchedulePreview = Static<typeof SchedulePreviewDto>;
export type ClaimProblem = Static<typeof ClaimProblemDto>;
export type Claim = Static<typeof ClaimDto>;
export type ClaimListItem = Static<typeof ClaimListItemDto>;
export type Confirmed = Static<typeof ConfirmedDto>;
export type ScheduleInput = Static<typeof ScheduleBody>;
export type ConfirmInput = Static<typeof ConfirmBody>;
export type AmendClaimInput = Static<typeof AmendBody>;
export type SessionFilter = Static<typeof SessionQuery>;
export type ClaimFilter = Static<typeof ClaimQuery>;
