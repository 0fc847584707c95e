/**
 * Response bodies: explicit DTOs (database rows never reach the wire), each with its schema
 * for the OpenAPI document.
 */
import { Type, type Static } from "@sinclair/typebox";
import { Decision, GuidanceEntry, IsoDate, oneOf, PRODUCTS, StateCodeSchema } from "../contract/schema.js";
import { SEXES } from "../app/model.js";
import { TEXT, ZIP_EXPECTED, ZIP_PATTERN, type TextRule } from "../app/text-fields.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: "uuid" });
const Instant = Type.String({ description: "ISO 8601 instant" });

/**
 * Text that reaches claim files (src/app/text-fields.ts): at most the length of the 837P element
 * it feeds, said in the 400 (`at most 55 characters (an 837P address line holds 55)`); the use
 * case also refuses the X12 separators ~ * : ^ and control characters, naming the character.
 */
export const ClaimText = (rule: TextRule, options: { minLength?: number; description?: string } = {}) =>
  Type.String({
    ...options,
    maxLength: rule.max,
    "x-limit": rule.why,
    description: `${options.description ? `${options.description}. ` : ""}At most ${rule.max} characters (${rule.why}); no ~ * : ^ or control characters.`,
  });
/** Optional claim text: absent or null = not given. */
export const OptionalClaimText = (rule: TextRule, description?: string) =>
  Type.Optional(Type.Union([ClaimText(rule, description ? { description } : {}), Type.Null()]));

/** A ZIP code as accepted: 12345, 12345-6789 or 123456789 (kept as 12345 or 12345-6789). */
export const ZipInput = Type.String({
  pattern: ZIP_PATTERN,
  "x-expected": ZIP_EXPECTED,
  description: "12345, 12345-6789 or 123456789; kept as 12345 or 12345-6789",
  examples: ["10027", "10027-1234"],
});
/** A ZIP code as answered: 12345 or 12345-6789. */
export const ZipStored = Type.String({ pattern: "^[0-9]{5}(-[0-9]{4})?$", examples: ["10027-1234"] });

/** The address fields that reach claim files (837P N301, N302, N401). */
export const AddressText = {
  line1: OptionalClaimText(TEXT.addressLine, "Street address"),
  line2: OptionalClaimText(TEXT.addressLine, "Suite, floor, apartment"),
  city: OptionalClaimText(TEXT.city),
};

/** Administrative sex (837P DMG03, FHIR Patient.gender): F, M, or U for unknown. */
export const SexSchema = oneOf(SEXES, "F, M or U (unknown)", "Administrative sex: F, M, or U (unknown)");

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
    line2: Nullable(Type.String()),
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
    sex: SexSchema,
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
    line2: Nullable(Type.String()),
    city: Nullable(Type.String()),
    state: StateCodeSchema,
    zip: Nullable(ZipStored),
  },
  { title: "PracticeLocation" },
);

export const ProviderDto = Type.Object(
  {
    id: Id,
    name: Type.String({ description: 'Display name: "Maya R. Chen, LCSW"' }),
    firstName: Type.String(),
    middleName: Nullable(Type.String()),
    lastName: Type.String(),
    suffix: Nullable(Type.String()),
    credentialLetters: Nullable(
      Type.String({
        description:
          'Letters after the name ("LCSW", "PsyD", "MD, MPH"); `credentials` is the payer credentials',
      }),
    ),
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
