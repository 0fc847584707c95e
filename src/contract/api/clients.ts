/** Clients: their coverage, their locations over time, and where they can be seen and billed. */
import { Type, type Static } from "@sinclair/typebox";
import { TEXT } from "../limits.js";
import { Decision, IsoDate, Location, MODALITIES, oneOf, PRODUCTS, StateCodeSchema } from "../schema.js";
import { PageCursor, ReasonDto, ServiceLocationDto } from "./sessions.js";
import {
  AddressText,
  ClaimText,
  DiagnosisCodesBody,
  Id,
  Instant,
  literals,
  LocationKindSchema,
  Maybe,
  Nullable,
  OptionalClaimText,
  ProductSchema,
  SexSchema,
  ZipInput,
  ZipStored,
  pageSize,
} from "./common.js";

export const ClientLocationDto = Type.Object(
  {
    id: Id,
    clientId: Id,
    kind: LocationKindSchema,
    label: Nullable(Type.String()),
    line1: Nullable(Type.String()),
    line2: Nullable(Type.String({ description: "Suite, floor, apartment" })),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipStored),
    startsOn: Nullable(IsoDate),
    endsOn: Nullable(IsoDate),
    createdAt: Instant,
    archivedAt: Nullable(Instant),
  },
  { title: "ClientLocation" },
);

export const CoverageDto = Type.Object(
  {
    id: Id,
    payer: Type.String(),
    memberId: Nullable(Type.String()),
    bluecard: Nullable(Type.Boolean()),
    product: Nullable(ProductSchema),
    effectiveFrom: Nullable(IsoDate),
    effectiveTo: Nullable(IsoDate),
  },
  { title: "Coverage" },
);

export const BADGES = [
  "ok",
  "missing_address",
  "out_of_network",
  "not_licensed",
  "not_billable",
  "no_coverage",
] as const;
export const BadgeSchema = literals(BADGES, "Whether the provider can see the client where they are now");

/** An upcoming scheduled session that cannot go ahead as things stand. */
export const AtRiskSessionDto = Type.Object(
  {
    id: Id,
    startsAt: Instant,
    timeZone: Type.String(),
    serviceDate: IsoDate,
    modality: literals(MODALITIES),
    reason: Nullable(ReasonDto),
  },
  { title: "AtRiskSession" },
);

/**
 * Upcoming sessions at risk for one reason at one place ("Trip to Florida Dec 9–16: 2 sessions
 * at risk"), with what can be done: the fix, whether a crisis session there would be billable,
 * and the notes that apply there (temporary-practice rules among them).
 */
export const RiskDto = Type.Object(
  {
    place: Nullable(ServiceLocationDto),
    /** The client location the sessions are placed at, when it is one (a trip has its dates). */
    locationId: Nullable(Id),
    label: Nullable(Type.String()),
    startsOn: Nullable(IsoDate),
    endsOn: Nullable(IsoDate),
    reason: Nullable(ReasonDto),
    crisisBillable: Nullable(Type.Boolean()),
    notes: Type.Array(Type.String()),
    sessions: Type.Array(AtRiskSessionDto),
  },
  { title: "Risk" },
);

const clientSummary = {
  id: Id,
  providerId: Id,
  name: Type.String(),
  birthDate: Nullable(IsoDate),
  sex: SexSchema,
  diagnosisCodes: Type.Array(Type.String(), { description: "ICD-10-CM, without the dot" }),
  coverage: Nullable(CoverageDto),
  currentLocation: Nullable(ClientLocationDto),
  badge: BadgeSchema,
  decision: Nullable(Decision),
  risks: Type.Array(RiskDto, {
    description: "Upcoming scheduled sessions that cannot go ahead as things stand, by place and reason",
  }),
};

export const ClientSummaryDto = Type.Object(clientSummary, { title: "ClientSummary" });

export const ClientDetailDto = Type.Object(
  { ...clientSummary, locations: Type.Array(ClientLocationDto) },
  { title: "ClientDetail" },
);

export const PLACE_SOURCES = ["practice", "home", "temporary", "virtual_session"] as const;

/**
 * One place an appointment could take place, judged on a day: every practice location (in
 * person) and every current client location (by video); none is dropped, so a state with two
 * places has two entries, each with its own answer.
 */
export const BillingPlaceDto = Type.Object(
  {
    place: Location,
    modality: oneOf(MODALITIES, "modality"),
    decision: Decision,
    source: Type.Object({
      kind: literals(PLACE_SOURCES, "A practice location, or the kind of client location"),
      id: Id,
      label: Nullable(Type.String()),
      startsOn: Nullable(IsoDate),
      endsOn: Nullable(IsoDate),
    }),
    judgedOn: IsoDate,
    crisis: Nullable(
      Type.Object(
        { billable: Type.Boolean(), decision: Decision },
        {
          description:
            "Refused by video: what a documented crisis session there would get (null when billable or in person)",
        },
      ),
    ),
  },
  { title: "BillingPlace" },
);

/**
 * The Billing method section for a day: every place with its own answer. A trip is judged on the
 * day asked when it covers it, else on its first day still ahead (`judgedOn`).
 */
export const GuidanceDto = Type.Array(BillingPlaceDto);

export const ClientParams = Type.Object({ id: Type.String({ description: "Client id" }) });
export const DateQuery = Type.Object({ date: Type.Optional(IsoDate) });
export const HistoryQuery = Type.Object({ history: Type.Optional(Type.Boolean()) });
/**
 * The Clients list: by name, a page at a time (100 unless given, at most 200). Every row is
 * decided where the client is that day, from its provider's file, so a page costs more than its
 * bytes: 200 rows took 27–41 ms at the median on the two-core machine, 500 rows 51–64 ms.
 */
export const ClientListQuery = Type.Object({
  date: Type.Optional(IsoDate),
  limit: pageSize(100, 200),
  cursor: PageCursor,
});

const Text = (max: number) => Maybe(Type.String({ maxLength: max }));

export const NewLocationBody = Type.Object({
  kind: LocationKindSchema,
  label: Text(100),
  ...AddressText,
  state: StateCodeSchema,
  zip: Maybe(ZipInput),
  startsOn: Maybe(IsoDate),
  endsOn: Maybe(IsoDate),
  replaces: Maybe(Type.String()),
});

export const LocationParams = Type.Object({
  id: Type.String({ description: "Client id" }),
  locationId: Type.String({ description: "Client location id" }),
});

/** Changes to a location: only the fields given change (null clears an optional one). */
export const EditLocationBody = Type.Object(
  {
    label: Text(100),
    ...AddressText,
    state: Type.Optional(StateCodeSchema),
    zip: Maybe(ZipInput),
    startsOn: Maybe(IsoDate),
    endsOn: Maybe(IsoDate),
  },
  { additionalProperties: false },
);

/**
 * A location as saved, with the upcoming sessions the change put at risk. When the location had
 * been used by a confirmed session and its address changed, the old one is archived (the
 * session keeps its snapshot) and `replaced` names it.
 */
export const SavedLocationDto = Type.Composite(
  [
    ClientLocationDto,
    Type.Object({
      replaced: Type.Optional(Nullable(Id)),
      atRisk: Type.Array(AtRiskSessionDto, {
        description: "Upcoming sessions at risk after the change that were not before",
      }),
    }),
  ],
  { title: "SavedLocation" },
);

/** DELETE of a location: deleted if no session used it, else archived (never lost). */
export const RemovedLocationDto = Type.Object(
  {
    outcome: Type.Union([Type.Literal("deleted"), Type.Literal("archived")]),
    location: ClientLocationDto,
    atRisk: Type.Array(AtRiskSessionDto),
  },
  { title: "RemovedLocation" },
);

export const CoverageBody = Type.Object({
  payer: Type.String({ minLength: 1, maxLength: 40 }),
  memberId: OptionalClaimText(TEXT.memberId, "Exactly as on the member's card"),
  bluecard: Maybe(Type.Boolean()),
  product: Type.Optional(
    Type.Union([ProductSchema, Type.Null()], {
      "x-expected": `one of ${PRODUCTS.join(", ")}, or null`,
      description:
        "The kind of plan: decides out-of-area (BlueCard) benefits and the claim filing indicator; null or absent = not known",
    }),
  ),
  effectiveFrom: Maybe(IsoDate),
  effectiveTo: Maybe(IsoDate),
});

export const NewClientBody = Type.Object({
  providerId: Type.Optional(Type.String({ description: "Operations only: whose client" })),
  name: ClaimText(
    { max: TEXT.firstName.max + 1 + TEXT.lastName.max, why: "a first and a last name" },
    {
      minLength: 1,
      description: `First name(s) and last name; claims read the last word as the last name (at most ${TEXT.lastName.max}) and the rest as the first name (at most ${TEXT.firstName.max})`,
    },
  ),
  birthDate: Maybe(IsoDate),
  sex: Type.Optional(SexSchema),
  diagnosisCodes: Type.Optional(DiagnosisCodesBody),
  coverage: CoverageBody,
  location: Type.Optional(Type.Omit(NewLocationBody, ["replaces"])),
});

export type LocationKind = Static<typeof LocationKindSchema>;
export type ClientLocation = Static<typeof ClientLocationDto>;
export type Coverage = Static<typeof CoverageDto>;
export type Badge = Static<typeof BadgeSchema>;
export type ClientSummary = Static<typeof ClientSummaryDto>;
export type ClientDetail = Static<typeof ClientDetailDto>;
export type NewLocation = Static<typeof NewLocationBody>;
export type EditLocation = Static<typeof EditLocationBody>;
export type SavedLocation = Static<typeof SavedLocationDto>;
export type RemovedLocation = Static<typeof RemovedLocationDto>;
export type AtRiskSession = Static<typeof AtRiskSessionDto>;
export type Risk = Static<typeof RiskDto>;
export type BillingPlace = Static<typeof BillingPlaceDto>;
export type CoverageInput = Static<typeof CoverageBody>;
export type NewClient = Static<typeof NewClientBody>;
export type ClientListFilter = Static<typeof ClientListQuery>;
