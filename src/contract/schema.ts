/**
 * The decision contract, v2 (`../shared/contract/README.md`), as one set of schemas that give
 * the runtime checks, the static types and the JSON Schema (for OpenAPI) at once.
 *
 * Conventions that matter to callers:
 * - Dates are calendar dates `YYYY-MM-DD`, compared as strings (the format makes that exact).
 * - `null` and an absent field mean the same for optional values: "no bound" for date ranges,
 *   "not given" for the rest.
 * - Fields outside the contract are ignored, never an error.
 */
import { FormatRegistry, Type, type Static, type TLiteral, type TUnion } from "@sinclair/typebox";
import { STATE_CODES, type StateCode } from "./states.js";
import {
  type COMPACT_SOURCES,
  CREDENTIAL_STATUSES,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  NETWORKS,
  PRODUCTS,
} from "./enums.js";

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

if (!FormatRegistry.Has("date")) FormatRegistry.Set("date", isIsoDate);

/** An RFC 3339 date and time with its offset (`2026-12-04T10:00:00Z`, `…T10:00:00.5-05:00`). */
export function isDateTime(value: string): boolean {
  const m =
    /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i.exec(
      value,
    );
  return m !== null && isIsoDate(m[1] ?? "") && !Number.isNaN(Date.parse(value));
}

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", isDateTime);

/** `x-expected` is how an error message names what a field should have held. */
const expected = (text: string) => ({ "x-expected": text });

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A closed set of string values, with the phrase error messages use for it. */
export function oneOf<const T extends readonly string[]>(
  values: T,
  text: string,
  description?: string,
): TUnion<Literals<T>> {
  const literals = values.map((v) => Type.Literal(v));
  const options = { ...expected(text), ...(description ? { description } : {}) };
  // The mapped tuple type is exact for every caller; TypeScript cannot see it through `map`.
  return Type.Union(literals, options) as unknown as TUnion<Literals<T>>;
}

export const IsoDate = Type.String({ format: "date", ...expected("YYYY-MM-DD"), examples: ["2026-05-01"] });
const DateBound = Type.Optional(Type.Union([IsoDate, Type.Null()], expected("YYYY-MM-DD or null")));
const OptionalText = Type.Optional(Type.Union([Type.String(), Type.Null()], expected("a string or null")));

export const StateCodeSchema = oneOf<readonly StateCode[]>(
  STATE_CODES,
  "a US state or territory postal code, such as NY",
  "USPS postal code of a state, DC or a territory",
);

export const ZipCode = Type.String({ pattern: "^[0-9]{5}$", ...expected("a 5-digit ZIP code") });

export {
  COMPACT_SOURCES,
  CREDENTIAL_STATUSES,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  LOCAL_ONLY_PRODUCTS,
  NETWORKS,
  PRODUCTS,
} from "./enums.js";
export const MODALITIES = ["telehealth", "in_person"] as const;

export const License = Type.Object({
  state: StateCodeSchema,
  type: Type.String({ minLength: 1, ...expected("a license type such as LCSW"), examples: ["LCSW"] }),
  status: oneOf(LICENSE_STATUSES, LICENSE_STATUSES.join(", ")),
  validFrom: DateBound,
  validTo: DateBound,
  telehealthOnly: Type.Optional(Type.Boolean()),
  source: Type.Optional(oneOf(LICENSE_SOURCES, LICENSE_SOURCES.join(", "))),
  /** v2, compact privileges only: the state of the home license the privilege rests on (rule 2a). */
  homeState: Type.Optional(
    Type.Union([StateCodeSchema, Type.Null()], expected("a US state postal code such as TX, or null")),
  ),
});

export const Credential = Type.Object({
  payer: Type.String({ minLength: 1, ...expected("a payer id such as aetna"), examples: ["anthem-ny"] }),
  state: StateCodeSchema,
  network: oneOf(NETWORKS, "standard or virtual"),
  status: oneOf(CREDENTIAL_STATUSES, CREDENTIAL_STATUSES.join(", ")),
  effectiveFrom: DateBound,
  effectiveTo: DateBound,
});

export const Location = Type.Object({
  line1: OptionalText,
  city: OptionalText,
  state: StateCodeSchema,
  zip: Type.Optional(Type.Union([ZipCode, Type.Null()], expected("a 5-digit ZIP code or null"))),
});

export const Coverage = Type.Object({
  payer: Type.String({ minLength: 1, ...expected("a payer id such as bcbs-nc") }),
  memberId: OptionalText,
  bluecard: Type.Optional(Type.Boolean()),
  /** v2: the kind of plan (rules 12 and 13); absent or null = not known. */
  product: Type.Optional(
    Type.Union(
      [oneOf(PRODUCTS, PRODUCTS.join(", ")), Type.Null()],
      expected(`one of ${PRODUCTS.join(", ")}, or null`),
    ),
  ),
  effectiveFrom: DateBound,
  effectiveTo: DateBound,
});

export const Provider = Type.Object({
  licenses: Type.Array(License),
  credentials: Type.Array(Credential),
});

export const Client = Type.Object({ coverage: Coverage });

export const Session = Type.Object({
  date: IsoDate,
  modality: oneOf(MODALITIES, "telehealth or in_person"),
  clientLocation: Type.Optional(Location),
  crisis: Type.Optional(Type.Boolean()),
});

export const Case = Type.Object(
  {
    id: Type.Optional(Type.String()),
    provider: Provider,
    client: Client,
    session: Session,
  },
  { title: "Case", description: "One question: can this provider see and bill this client there, that day?" },
);

export const GuidanceRequest = Type.Object(
  {
    provider: Type.Object({
      licenses: Type.Array(License),
      credentials: Type.Array(Credential),
      practiceLocations: Type.Optional(Type.Array(Location)),
    }),
    client: Type.Object({ coverage: Coverage, locations: Type.Optional(Type.Array(Location)) }),
    date: IsoDate,
    places: Type.Optional(Type.Array(Location)),
  },
  { title: "GuidanceRequest" },
);

export const REASON_CODES = [
  "CLIENT_LOCATION_MISSING",
  "LOCATION_MISMATCH",
  "ZIP_REQUIRED",
  "UNKNOWN_PAYER",
  "COVERAGE_NOT_ACTIVE",
  "NOT_LICENSED",
  "LICENSE_NOT_ACTIVE",
  "TELEHEALTH_ONLY_AUTHORITY",
  "NOT_CREDENTIALED",
  "BLUECARD_NOT_AVAILABLE",
  "CREDENTIAL_NOT_ACTIVE",
  "PRIVILEGE_NOT_VALID",
  "CRISIS_ADDRESS_REQUIRED",
] as const;
export const REQUIREMENT_CODES = ["CRISIS_DOCUMENTATION", "CRISIS_CODES", "EXACT_ADDRESS"] as const;
/** Notes never block a decision; they explain something the provider may want to know. */
export const NOTE_CODES = [
  "UNKNOWN_CREDENTIAL_PAYER",
  "TEMPORARY_PRACTICE",
  "CRISIS_EXCEPTION",
  "CRISIS_EXCEPTION_UNAVAILABLE",
  "VIRTUAL_NETWORK_NOT_BCBS",
  "SEVERAL_LOCAL_PLANS",
  "NLC_NOT_AUTHORITY",
  "VERIFY_OUT_OF_AREA_BENEFITS",
  "BEHAVIORAL_ADMINISTRATOR",
  "FEDERAL_EMPLOYEE_PROGRAM",
  "CRISIS_TELEHEALTH_ONLY",
] as const;
export const OUTCOMES = ["billable", "not_billable", "incomplete"] as const;
export const BASES = ["in_network", "bluecard", "virtual_network", "crisis"] as const;

const Message = Type.String({ minLength: 10, description: "A sentence a provider understands." });
const Fix = Type.Optional(
  Type.String({ description: "What would make the session billable, when something would." }),
);

export const Decision = Type.Object(
  {
    id: Type.Optional(Type.String()),
    outcome: oneOf(OUTCOMES, OUTCOMES.join(", ")),
    basis: Type.Union([oneOf(BASES, BASES.join(", ")), Type.Null()]),
    billTo: Type.Union([Type.String(), Type.Null()]),
    homePlan: Type.String(),
    state: Type.Union([StateCodeSchema, Type.Null()]),
    license: Type.Union([Type.Object({ state: StateCodeSchema, type: Type.String() }), Type.Null()]),
    credential: Type.Union([
      Type.Object({ payer: Type.String(), state: StateCodeSchema, network: oneOf(NETWORKS, "network") }),
      Type.Null(),
    ]),
    reasons: Type.Array(
      Type.Object({ code: oneOf(REASON_CODES, "a reason code"), message: Message, fix: Fix }),
    ),
    requirements: Type.Array(
      Type.Object({ code: oneOf(REQUIREMENT_CODES, "a requirement code"), message: Message }),
    ),
    notes: Type.Array(Type.Object({ code: oneOf(NOTE_CODES, "a note code"), message: Message })),
  },
  { title: "Decision", additionalProperties: false },
);

export const GuidanceEntry = Type.Object(
  { place: Location, modality: oneOf(MODALITIES, "modality"), decision: Decision },
  { title: "GuidanceEntry" },
);

export type CaseInput = Static<typeof Case>;
export type LicenseInput = Static<typeof License>;
export type CredentialInput = Static<typeof Credential>;
export type LocationInput = Static<typeof Location>;
export type CoverageInput = Static<typeof Coverage>;
export type GuidanceInput = Static<typeof GuidanceRequest>;
export type DecisionOutput = Static<typeof Decision>;
export type GuidanceOutput = Static<typeof GuidanceEntry>;
export type ReasonCode = (typeof REASON_CODES)[number];
export type RequirementCode = (typeof REQUIREMENT_CODES)[number];
export type NoteCode = (typeof NOTE_CODES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type Basis = (typeof BASES)[number];
export type Modality = (typeof MODALITIES)[number];
export type Product = (typeof PRODUCTS)[number];
export type CompactSource = (typeof COMPACT_SOURCES)[number];
