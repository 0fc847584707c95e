/** Providers: the name in parts, licenses and compact privileges, payer credentials, practices. */
import { Type, type Static } from "@sinclair/typebox";
import { TEXT } from "../limits.js";
import {
  CREDENTIAL_STATUSES,
  IsoDate,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  StateCodeSchema,
} from "../schema.js";
import {
  AddressText,
  ClaimText,
  Id,
  literals,
  Maybe,
  Nullable,
  OptionalClaimText,
  ZipInput,
  ZipStored,
  pageSize,
} from "./common.js";
import { PageCursor } from "./sessions.js";

export const LicenseDto = Type.Object(
  {
    id: Id,
    providerId: Id,
    state: StateCodeSchema,
    type: Type.String(),
    number: Nullable(Type.String()),
    status: literals(LICENSE_STATUSES),
    validFrom: Nullable(IsoDate),
    validTo: Nullable(IsoDate),
    telehealthOnly: Type.Boolean(),
    source: literals(LICENSE_SOURCES),
    homeState: Nullable(StateCodeSchema),
  },
  { title: "License" },
);

export const LicenseCheckDto = Type.Object(
  {
    holds: Type.Boolean({
      description: "Whether the engine counts the entry as an authority (its own status and dates aside)",
    }),
    message: Type.String({ description: "What the engine concludes, as one sentence" }),
  },
  {
    title: "LicenseCheck",
    description:
      "For compact privileges and NLC entries: what the engine will conclude today (rule 2a). Null for other licenses.",
  },
);

export const SavedLicenseDto = Type.Object(
  { ...LicenseDto.properties, check: Nullable(LicenseCheckDto) },
  { title: "SavedLicense" },
);

export const CredentialDto = Type.Object(
  {
    id: Id,
    providerId: Id,
    payer: Type.String(),
    state: StateCodeSchema,
    network: literals(NETWORKS),
    status: literals(CREDENTIAL_STATUSES),
    effectiveFrom: Nullable(IsoDate),
    effectiveTo: Nullable(IsoDate),
  },
  { title: "Credential" },
);

export const PracticeLocationDto = Type.Object(
  {
    id: Id,
    providerId: Id,
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

export const ProviderParams = Type.Object({ id: Type.String({ description: "Provider id" }) });
/** The providers list (operations: everyone), by name, a page at a time. */
export const ProviderListQuery = Type.Object({
  // PROVIDER_PAGE (src/app/providers.ts): a page of files is at most 100.
  limit: pageSize(100, 100),
  cursor: PageCursor,
});
export const ProviderItemParams = Type.Object({
  id: Type.String({ description: "Provider id" }),
  itemId: Type.String({ description: "The license's or credential's id" }),
});

export const LicenseBody = Type.Object({
  state: StateCodeSchema,
  type: Type.String({ minLength: 1, maxLength: 40 }),
  number: Maybe(Type.String({ maxLength: 60 })),
  status: literals(LICENSE_STATUSES),
  validFrom: Maybe(IsoDate),
  validTo: Maybe(IsoDate),
  telehealthOnly: Type.Optional(Type.Boolean()),
  source: Type.Optional(literals(LICENSE_SOURCES)),
  homeState: Type.Optional(
    Type.Union([StateCodeSchema, Type.Null()], {
      "x-expected": "a US state postal code such as TX, or null",
      description:
        "Compact privileges (PSYPACT, counseling_compact, social_work_compact) only, and required for them: the state of the home license the privilege rests on, one where you hold a state license on file",
    }),
  ),
});

export const CredentialBody = Type.Object({
  payer: Type.String({ minLength: 1, maxLength: 40 }),
  state: StateCodeSchema,
  network: literals(NETWORKS),
  status: literals(CREDENTIAL_STATUSES),
  effectiveFrom: Maybe(IsoDate),
  effectiveTo: Maybe(IsoDate),
});

export const PracticeBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 100 }),
  line1: ClaimText(TEXT.addressLine, { minLength: 1, description: "Street address" }),
  line2: AddressText.line2,
  city: AddressText.city,
  state: StateCodeSchema,
  zip: ZipInput,
});

/** The name in parts as the 837P carries it (NM103–NM107); credentials are kept apart. */
export const ProviderBody = Type.Object({
  firstName: ClaimText(TEXT.firstName, { minLength: 1 }),
  middleName: OptionalClaimText(TEXT.middleName, "Middle name or initial"),
  lastName: ClaimText(TEXT.lastName, { minLength: 1 }),
  suffix: OptionalClaimText(TEXT.suffix, "Jr, Sr, II, III …"),
  credentialLetters: OptionalClaimText(
    TEXT.credentials,
    'Letters after the name: "LCSW", "PsyD", "MD, MPH" (`credentials` is accepted here too)',
  ),
  credentials: OptionalClaimText(TEXT.credentials, "The same as credentialLetters"),
  npi: Type.String({ pattern: "^[0-9]{10}$", "x-expected": "a 10-digit NPI" }),
  taxonomy: Type.String({
    pattern: "^[0-9]{3}[0-9A-Z]{6}X$",
    "x-expected": "a NUCC taxonomy code such as 1041C0700X",
  }),
});

export type License = Static<typeof LicenseDto>;
export type SavedLicense = Static<typeof SavedLicenseDto>;
export type Credential = Static<typeof CredentialDto>;
export type PracticeLocation = Static<typeof PracticeLocationDto>;
export type Provider = Static<typeof ProviderDto>;
export type LicenseInput = Static<typeof LicenseBody>;
export type CredentialInput = Static<typeof CredentialBody>;
export type PracticeInput = Static<typeof PracticeBody>;
export type NewProvider = Static<typeof ProviderBody>;
export type ProviderListFilter = Static<typeof ProviderListQuery>;
