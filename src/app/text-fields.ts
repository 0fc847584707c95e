/**
 * What text may be stored when it will reach a claim file (issue 11): every such field has the
 * length of the 837P element it feeds (NM103 last name 60, N301 address line 55 …) and never
 * holds an X12 separator (`~ * : ^`) or a control character, so a claim file is never silently
 * truncated and a member id never splits a segment. ZIP codes come as 12345, 12345-6789 or
 * 123456789 and are kept as 12345 or 12345-6789; the engine reads the first five digits.
 *
 * One place for these rules: the limits (`TEXT`) are part of the wire contract
 * (src/contract/limits.ts), so the API's schemas say them in the OpenAPI document, and the use
 * cases check every field with `checkTexts`, so callers other than the API (the demo, the
 * command line) meet the same rules with the same messages.
 */
import { TEXT, ZIP_EXPECTED, ZIP_PATTERN, type TextRule } from "../contract/limits.js";
import { AppError, invalid } from "./errors.js";

/** The limits live in the contract; re-exported for the use cases. */
export { MAX_FEE_CENTS, TEXT, ZIP_EXPECTED, ZIP_PATTERN, type TextRule } from "../contract/limits.js";

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
