/**
 * The limits of text that reaches claim files (issue 11): every such field has the length of the
 * 837P element it feeds (NM103 last name 60, N301 address line 55 …). Part of the wire contract:
 * the API's schemas (src/contract/api) say them, and the use cases (src/app/text-fields.ts) check
 * every field with them, so callers other than the API meet the same rules.
 */

/** A field's most characters and why: the element of the 837P it feeds. */
export interface TextRule {
  readonly max: number;
  /** Said after the limit: `at most 55 characters (an 837P address line holds 55)`. */
  readonly why: string;
}

const rule = (max: number, what: string): TextRule => ({ max, why: `${what} holds ${max}` });

/** The text fields that reach claim files, with the 837P element each one feeds. */
export const TEXT = {
  /** NM103 of a person (2010AA/2310B/2010BA). */
  lastName: rule(60, "an 837P last name"),
  /** NM104. */
  firstName: rule(35, "an 837P first name"),
  /** NM105. */
  middleName: rule(25, "an 837P middle name"),
  /** NM107: Jr, Sr, II, III … */
  suffix: rule(10, "an 837P name suffix"),
  /** Letters after the name (LCSW, PsyD, "MD, MPH"): shown with the name, not sent as a name part. */
  credentials: { max: 30, why: "credentials are letters such as LCSW or MD, MPH" },
  /** N301 / N302. */
  addressLine: rule(55, "an 837P address line"),
  /** N401. */
  city: rule(30, "an 837P city"),
  /** NM109 of the subscriber (2010BA). */
  memberId: rule(80, "an 837P member id"),
  /** NM103 of an organization (billing provider, receiver). */
  organizationName: rule(60, "an 837P organization name"),
  /** PER02. */
  contactName: rule(60, "an 837P contact name"),
  /** REF02 (group number, license number and other references). */
  reference: rule(50, "an 837P reference"),
} as const satisfies Record<string, TextRule>;

/** How error messages and forms name what a ZIP field takes. */
export const ZIP_EXPECTED = "a 5-digit ZIP code or ZIP+4 such as 10027-1234";
/** The accepted spellings: 12345, 12345-6789, 123456789. */
export const ZIP_PATTERN = "^[0-9]{5}(-?[0-9]{4})?$";

/** The highest usual charge accepted, in cents ($100,000): far above any session, far inside CLM02's 18 digits. */
export const MAX_FEE_CENTS = 10_000_000;
