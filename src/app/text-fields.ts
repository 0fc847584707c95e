/**
 * What text may be stored when it will reach a claim file (issue 11): every such field has the
 * length of the 837P element it feeds (NM103 last name 60, N301 address line 55 …) and never
 * holds an X12 separator (`~ * : ^`) or a control character, so a claim file is never silently
 * truncated and a member id never splits a segment. ZIP codes come as 12345, 12345-6789 or
 * 123456789 and are kept as 12345 or 12345-6789; the engine reads the first five digits.
 *
 * One place for these rules: the HTTP schemas take their lengths from `TEXT` (so the OpenAPI
 * document says them), and the use cases check every field with `checkTexts`, so callers other
 * than the API (the demo, the command line) meet the same rules with the same messages.
 */
import { AppError, invalid } from "./errors.js";

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

/** The X12 separators of our interchanges (segment ~, element *, component :, repetition ^): see the search below. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `value` cannot be kept for a claim file under `rule`, or undefined when it can. */
export function textProblem(value: string, rule: TextRule): string | undefined {
  const control = CONTROL.exec(value);
  if (control) {
    return control[0] === "\u0000"
      ? "must not contain NUL or other control characters"
      : `must not contain control characters such as line breaks or tabs (found ${codePoint(control[0])})`;
  }
  // The separators are ASCII: a search by UTF-16 unit finds the first one in the value.
  const at = value.search(/[~*:^]/);
  const separator = at < 0 ? undefined : value.charAt(at);
  if (separator) return `must not contain "${separator}" (a claim-file separator)`;
  if (value.length > rule.max) return `at most ${rule.max} characters (${rule.why})`;
  // Spaces alone would reach a claim file as an empty element, which payers refuse.
  if (value.length > 0 && value.trim() === "") return "must not be only spaces";
  return undefined;
}

/** One field to check: its path in the request, its value (null/undefined = not given), its rule. */
export type TextField = readonly [path: string, value: string | null | undefined, rule: TextRule];

/** Checks every field; INVALID_INPUT naming each bad one (path and message), or nothing. */
export function checkTexts(fields: readonly TextField[]): void {
  const errors: { path: string; message: string }[] = [];
  for (const [path, value, r] of fields) {
    if (value === null || value === undefined) continue;
    const message = textProblem(value, r);
    if (message) errors.push({ path, message });
  }
  const [first] = errors;
  if (!first) return;
  throw errors.length === 1
    ? invalid(first.path, first.message)
    : new AppError("INVALID_INPUT", `${first.path}: ${first.message}`, { fields: errors });
}

/**
 * A person's name as it is written in one field (a client's name): the claim writer takes the
 * last word as the last name (NM103) and the rest as the first name (NM104), so each part has
 * that element's limit.
 */
export function checkPersonName(path: string, name: string): void {
  checkTexts([
    [path, name, { max: TEXT.lastName.max + TEXT.firstName.max + 1, why: "a first and a last name" }],
  ]);
  const words = name.trim().split(/\s+/);
  const last = words.pop() ?? "";
  const first = words.join(" ");
  if (last.length > TEXT.lastName.max)
    throw invalid(path, `the last name is at most ${TEXT.lastName.max} characters (${TEXT.lastName.why})`);
  if (first.length > TEXT.firstName.max) {
    throw invalid(
      path,
      `the names before the last name are at most ${TEXT.firstName.max} characters (${TEXT.firstName.why})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// ZIP codes.

/** How error messages and forms name what a ZIP field takes. */
export const ZIP_EXPECTED = "a 5-digit ZIP code or ZIP+4 such as 10027-1234";
/** The accepted spellings: 12345, 12345-6789, 123456789. */
export const ZIP_PATTERN = "^[0-9]{5}(-?[0-9]{4})?$";
const ZIP = new RegExp(ZIP_PATTERN);

/**
 * A ZIP code as stored: `12345` or `12345-6789` (from 12345, 12345-6789 or 123456789); null
 * when none is given; INVALID_INPUT at `path` for anything else.
 */
export function normalizeZip(zip: string | null | undefined, path: string): string | null {
  const z = zip?.trim() ?? "";
  if (z === "") return null;
  if (!ZIP.test(z)) throw invalid(path, `expected ${ZIP_EXPECTED}, got ${JSON.stringify(z)}`);
  const digits = z.replace("-", "");
  return digits.length === 5 ? digits : `${digits.slice(0, 5)}-${digits.slice(5)}`;
}

/** The five-digit ZIP the engine and the map read (the decision contract stays 5-digit). */
export const zip5 = (zip: string): string => zip.slice(0, 5);

// ---------------------------------------------------------------------------------------------
// Fees.

/** The highest usual charge accepted, in cents ($100,000): far above any session, far inside CLM02's 18 digits. */
export const MAX_FEE_CENTS = 10_000_000;
