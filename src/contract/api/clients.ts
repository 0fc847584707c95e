/** Clients: their coverage, their locations over time, and where they can be seen and billed. */
import { Type, type Static } from "@sinclair/typebox";
import { TEXT } from "../limits.js";
import { Decision, GuidanceEntry, IsoDate, PRODUCTS, StateCodeSchema } from "../schema.js";
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
};

export const ClientSummaryDto = Type.Object(clientSummary, { title: "ClientSummary" });

export const ClientDetailDto = Type.Object(
  { ...clientSummary, locations: Type.Array(ClientLocationDto) },
  { title: "ClientDetail" },
);

/** One guidance box per state among the practice's and the client's locations. */
export const GuidanceDto = Type.Array(GuidanceEntry);

export const ClientParams = Type.Object({ id: Type.String({ description: "Client id" }) });
export const DateQuery = Type.Object({ date: Type.Optional(IsoDate) });
export const HistoryQuery = Type.Object({ history: Type.Optional(Type.Boolean()) });

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
export type CoverageInput = Static<typeof CoverageBody>;
export type NewClient = Static<typeof NewClientBody>;
