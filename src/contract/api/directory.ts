/**
 * The directory (who may see and bill a client there, on a date), a provider's listing settings,
 * and referrals.
 */
import { Type, type Static } from "@sinclair/typebox";
import { IsoDate, LICENSE_SOURCES, MODALITIES, NETWORKS, StateCodeSchema } from "../schema.js";
import { Id, Instant, literals, Nullable, ProductSchema, ZipInput } from "./common.js";

export const DIRECTORY_BASES = ["in_network", "virtual_network", "bluecard"] as const;
export const REFERRAL_STATUSES = ["sent", "accepted", "declined", "withdrawn"] as const;

export const DirectoryQuery = Type.Object({
  payer: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 60,
      description: "The client's payer (catalogue id, e.g. aetna). Required unless clientId.",
    }),
  ),
  product: Type.Optional(ProductSchema),
  bluecard: Type.Optional(
    Type.Boolean({ description: "Whether the plan has out-of-area (BlueCard) benefits, when known" }),
  ),
  state: Type.Optional(StateCodeSchema),
  zip: Type.Optional(ZipInput),
  date: Type.Optional(IsoDate),
  modality: Type.Optional(literals(MODALITIES, "Default telehealth")),
  licenseType: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: "Only providers whose license used is of this type (LCSW)",
    }),
  ),
  acceptingNew: Type.Optional(Type.Boolean({ description: "Only providers accepting new clients" })),
  clientId: Type.Optional(
    Type.String({
      description: "Search for this client: their coverage, at one of their places (clients: themself)",
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: "Page size (default 25, at most 100)" }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: "The `next` of the previous page" })),
});

export const DirectoryOfficeDto = Type.Object(
  {
    label: Type.String(),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(Type.String()),
  },
  { title: "DirectoryOffice" },
);

export const DirectoryEntryDto = Type.Object(
  {
    providerId: Id,
    name: Type.String({ description: "Display name, e.g. Maya R. Chen, LCSW" }),
    npi: Type.String(),
    acceptingNewClients: Type.Boolean(),
    basis: literals(DIRECTORY_BASES),
    billTo: Type.String({ description: "Payer the claim is sent to (catalogue id)" }),
    billToName: Type.String(),
    license: Nullable(
      Type.Object(
        {
          id: Id,
          state: StateCodeSchema,
          type: Type.String(),
          number: Nullable(Type.String()),
          source: literals(LICENSE_SOURCES),
          validTo: Nullable(IsoDate),
        },
        { description: "The license or privilege the engine used (null in a client's view)" },
      ),
    ),
    credential: Nullable(
      Type.Object(
        {
          id: Id,
          payer: Type.String(),
          state: StateCodeSchema,
          network: literals(NETWORKS),
          effectiveTo: Nullable(IsoDate),
        },
        { description: "The credential the engine used (null in a client's view)" },
      ),
    ),
    until: Nullable(IsoDate),
    daysLeft: Nullable(
      Type.Integer({
        description: "Days from the date searched to `until` (null: nothing ends, or a client's view)",
      }),
    ),
    contact: Type.Object({
      email: Nullable(Type.String()),
      offices: Type.Array(DirectoryOfficeDto),
    }),
  },
  { title: "DirectoryEntry" },
);

export const DirectoryPageDto = Type.Object(
  {
    view: literals(["full", "public"] as const, "public: a client's view, without license internals"),
    search: Type.Object({
      payer: Type.String(),
      product: Nullable(ProductSchema),
      bluecard: Nullable(Type.Boolean()),
      state: StateCodeSchema,
      zip: Nullable(Type.String()),
      date: IsoDate,
      modality: literals(MODALITIES),
      clientId: Nullable(Id),
    }),
    items: Type.Array(DirectoryEntryDto),
    next: Nullable(Type.String({ description: "Pass as cursor for the next page; null on the last" })),
  },
  { title: "DirectoryPage" },
);

export const DirectorySettingsBody = Type.Object({ acceptingNewClients: Type.Boolean() });
export const DirectorySettingsDto = Type.Object(
  { providerId: Id, acceptingNewClients: Type.Boolean() },
  { title: "DirectorySettings" },
);

export const ReferralBody = Type.Object({
  clientId: Type.String(),
  toProviderId: Type.String(),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  state: Type.Optional(StateCodeSchema),
  zip: Type.Optional(ZipInput),
  date: Type.Optional(IsoDate),
  modality: Type.Optional(literals(MODALITIES)),
});

const Party = Type.Object({ id: Id, name: Type.String() });

export const ReferralDto = Type.Object(
  {
    id: Id,
    status: literals(REFERRAL_STATUSES),
    direction: Nullable(literals(["sent", "received"] as const, "For a provider: which way it went")),
    reason: Type.String(),
    client: Party,
    from: Party,
    to: Party,
    payer: Type.String(),
    payerName: Type.String(),
    product: Nullable(ProductSchema),
    state: StateCodeSchema,
    zip: Nullable(Type.String()),
    date: IsoDate,
    modality: literals(MODALITIES),
    basis: literals(DIRECTORY_BASES),
    billTo: Type.String(),
    createdAt: Instant,
    decidedAt: Nullable(Instant),
  },
  { title: "Referral" },
);

export const ReferralListQuery = Type.Object({
  box: Type.Optional(literals(["sent", "received"] as const)),
  status: Type.Optional(literals(REFERRAL_STATUSES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});

export const ReferralPageDto = Type.Object(
  { items: Type.Array(ReferralDto), next: Nullable(Type.String()) },
  { title: "ReferralPage" },
);

export type DirectoryQueryInput = Static<typeof DirectoryQuery>;
export type DirectoryEntry = Static<typeof DirectoryEntryDto>;
export type DirectoryPage = Static<typeof DirectoryPageDto>;
export type DirectorySettings = Static<typeof DirectorySettingsDto>;
export type ReferralInput = Static<typeof ReferralBody>;
export type Referral = Static<typeof ReferralDto>;
export type ReferralPage = Static<typeof ReferralPageDto>;
