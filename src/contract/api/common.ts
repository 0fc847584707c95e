/**
 * Pieces every part of the wire contract uses: ids, instants, nullable fields, claim text with
 * its 837P limits, ZIP codes, and the problem+json error body.
 */
import { FormatRegistry, Type, type Static, type TSchema } from "@sinclair/typebox";
import { SEXES } from "../enums.js";
import { TEXT, ZIP_EXPECTED, ZIP_PATTERN, type TextRule } from "../limits.js";
import { Decision, oneOf, PRODUCTS } from "../schema.js";

/** Ids are UUIDs (the JSON Schema `uuid` format, as ajv-formats reads it). */
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
if (!FormatRegistry.Has("uuid")) FormatRegistry.Set("uuid", (value) => UUID.test(value));

/** A value or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A field that may be left out or null (requests: both mean "not given"). */
export const Maybe = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
export const Id = Type.String({ format: "uuid" });

/** A list's `limit`: a page of `byDefault` rows unless asked, never more than `max`. */
export const pageSize = (byDefault: number, max: number) =>
  Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: max,
      default: byDefault,
      description: `Page size (default ${byDefault}, at most ${max})`,
    }),
  );
export const Instant = Type.String({ description: "ISO 8601 instant (UTC)" });

/** A closed set of values as a union of literals, with an optional description. */
export const literals = <const T extends readonly string[]>(values: T, description?: string) =>
  oneOf(values, values.join(", "), description);

/**
 * Text that reaches claim files (src/contract/limits.ts): at most the length of the 837P element
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
  Maybe(ClaimText(rule, description ? { description } : {}));

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

export const LOCATION_KINDS = ["home", "virtual_session", "temporary"] as const;
export const LocationKindSchema = literals(LOCATION_KINDS);

/** ICD-10-CM codes as people type them ("F41.1"); stored and billed without the dot. */
export const DiagnosisCodesBody = Type.Array(
  Type.String({ minLength: 3, maxLength: 8, "x-expected": "an ICD-10-CM code such as F41.1" }),
  { maxItems: 12 },
);

/** A CPT code as requests give it. */
export const CptCode = Type.String({
  pattern: "^[0-9]{5}$",
  "x-expected": "a 5-digit CPT code such as 90834",
});
/** A session's length as requests give it. */
export const Minutes = Type.Integer({
  minimum: 1,
  maximum: 600,
  "x-expected": "whole minutes from 1 to 600",
});

/** The path parameter of a route about one record. */
export const IdParams = Type.Object({ id: Type.String({ description: "The record's id" }) });
/** The path parameters of a route about one item of a record (a provider's license). */
export const ItemParams = Type.Object({ id: Type.String(), itemId: Type.String() });

/** One bad field: its path in the request and what is wrong. */
export const FieldErrorDto = Type.Object(
  { path: Type.String(), message: Type.String() },
  { title: "FieldError" },
);

/** An application/problem+json body (RFC 9457), with every bad field. */
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

/** The error responses any signed-in route may give: 400 bad input, 401 not signed in, 404 not found or not yours. */
export const ERRORS = { 400: ProblemDto, 401: ProblemDto, 404: ProblemDto } as const;
/**
 * The error responses of a route that changes something: those of ERRORS, and 403 for a
 * cross-site request riding on the session cookie (or a role that may not do this at all).
 */
export const WRITE_ERRORS = { ...ERRORS, 403: ProblemDto } as const;

export type FieldError = Static<typeof FieldErrorDto>;
export type Problem = Static<typeof ProblemDto>;
