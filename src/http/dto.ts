/**
 * Response bodies: explicit DTOs (database rows never reach the wire), each with its schema
 * for the OpenAPI document.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  Decision,
  GuidanceEntry,
  IsoDate,
  oneOf,
  PRODUCTS,
  StateCodeSchema,
  ZipCode,
} from "../contract/schema.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: "uuid" });
const Instant = Type.String({ description: "ISO 8601 instant" });

/** The kind of plan (contract v2 `coverage.product`). */
export const ProductSchema = oneOf(PRODUCTS, PRODUCTS.join(", "));

export const UserDto = Type.Object(
  {
    id: Id,
    email: Type.String(),
    role: Type.Union([Type.Literal("provider"), Type.Literal("client"), Type.Literal("ops")]),
    providerId: Nullable(Id),
    clientId: Nullable(Id),
  },
  { title: "User" },
);

export const LocationKindSchema = Type.Union([
  Type.Literal("home"),
  Type.Literal("virtual_session"),
  Type.Literal("temporary"),
]);

export const ClientLocationDto = Type.Object(
  {
    id: Id,
    clientId: Id,
    kind: LocationKindSchema,
    label: Nullable(Type.String()),
    line1: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipCode),
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

export const BadgeSchema = Type.Union(
  ["ok", "missing_address", "out_of_network", "not_licensed", "not_billable", "no_coverage"].map((b) =>
    Type.Literal(b),
  ),
  { description: "Whether the provider can see the client where they are now" },
);

/** ICD-10-CM codes as people type them ("F41.1"); stored and billed without the dot. */
export const DiagnosisCodesBody = Type.Array(
  Type.String({ minLength: 3, maxLength: 8, "x-expected": "an ICD-10-CM code such as F41.1" }),
  { maxItems: 12 },
);

export const ClientSummaryDto = Type.Object(
  {
    id: Id,
    providerId: Id,
    name: Type.String(),
    birthDate: Nullable(IsoDate),
    diagnosisCodes: Type.Array(Type.String(), { description: "ICD-10-CM, without the dot" }),
    coverage: Nullable(CoverageDto),
    currentLocation: Nullable(ClientLocationDto),
    badge: BadgeSchema,
    decision: Nullable(Decision),
  },
  { title: "ClientSummary" },
);

export const ClientDetailDto = Type.Intersect(
  [ClientSummaryDto, Type.Object({ locations: Type.Array(ClientLocationDto) })],
  {
    title: "ClientDetail",
  },
);

export const LicenseDto = Type.Object(
  {
    id: Id,
    state: StateCodeSchema,
    type: Type.String(),
    number: Nullable(Type.String()),
    status: Type.String(),
    validFrom: Nullable(IsoDate),
    validTo: Nullable(IsoDate),
    telehealthOnly: Type.Boolean(),
    source: Type.String(),
    homeState: Nullable(StateCodeSchema),
  },
  { title: "License" },
);

export const SavedLicenseDto = Type.Intersect(
  [
    LicenseDto,
    Type.Object({
      check: Nullable(
        Type.Object(
          {
            holds: Type.Boolean({
              description:
                "Whether the engine counts the entry as an authority (its own status and dates aside)",
            }),
            message: Type.String({ description: "What the engine concludes, as one sentence" }),
          },
          {
            title: "LicenseCheck",
            description:
              "For compact privileges and NLC entries: what the engine will conclude today (rule 2a). Null for other licenses.",
          },
        ),
      ),
    }),
  ],
  { title: "SavedLicense" },
);

export const CredentialDto = Type.Object(
  {
    id: Id,
    payer: Type.String(),
    state: StateCodeSchema,
    network: Type.String(),
    status: Type.String(),
    effectiveFrom: Nullable(IsoDate),
    effectiveTo: Nullable(IsoDate),
  },
  { title: "Credential" },
);

export const PracticeLocationDto = Type.Object(
  {
    id: Id,
    label: Type.String(),
    line1: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipCode),
  },
  { title: "PracticeLocation" },
);

export const ProviderDto = Type.Object(
  {
    id: Id,
    name: Type.String(),
    npi: Type.String(),
    taxonomy: Type.String(),
    licenses: Type.Array(LicenseDto),
    credentials: Type.Array(CredentialDto),
    practiceLocations: Type.Array(PracticeLocationDto),
  },
  { title: "Provider" },
);

export const AuditEventDto = Type.Object(
  {
    id: Type.Integer(),
    at: Instant,
    actorUserId: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    action: Type.String(),
    entity: Type.String(),
    entityId: Nullable(Type.String()),
    clientId: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    detail: Type.Unknown(),
  },
  { title: "AuditEvent" },
);

export const ProblemDto = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ path: Type.String(), message: Type.String(), case: Type.Optional(Type.Integer()) }),
      ),
    ),
    decision: Type.Optional(Decision),
  },
  { title: "Problem" },
);

export const GuidanceDto = Type.Array(GuidanceEntry);

export type ClientSummaryBody = Static<typeof ClientSummaryDto>;

/** The usual error responses of a signed-in route, for the OpenAPI document. */
export const ERRORS = { 400: ProblemDto, 401: ProblemDto, 404: ProblemDto } as const;
