/**
 * Which CPT/HCPCS codes a session, a claim correction and the fee schedule may carry: the codes
 * in `src/reference/data/procedure-codes.json`, and for a session's own code only those billed
 * on their own (an add-on needs the code it adds to, which a one-code session cannot carry).
 */
import { CRISIS_CPT } from "../contract/cpt.js";
import { procedureCodes } from "../reference/code-sets.js";
import { invalid, type AppError } from "./errors.js";

function allowedList(codes: readonly string[]): string {
  return codes.join(", ");
}

/** The codes a session may carry as its one code: billed on their own, crisis codes aside. */
export function sessionCodes(): readonly string[] {
  return procedureCodes()
    .all.filter((p) => p.kind !== "add-on" && !CRISIS_CPT.has(p.code))
    .map((p) => p.code)
    .sort();
}

/**
 * A session's CPT code (scheduling, or correcting a claim of an ordinary session): a code of the
 * list billed on its own, not a crisis code. The error names `field` and the allowed codes.
 */
export function checkSessionCode(code: string, field: string): void {
  const error = sessionCodeError(code, field);
  if (error) throw error;
}

function sessionCodeError(code: string, field: string): AppError | undefined {
  if (CRISIS_CPT.has(code)) {
    return invalid(field, `${code} is a crisis code: mark the session as a crisis instead`);
  }
  const known = procedureCodes().get(code);
  if (known?.kind === "add-on") {
    return invalid(
      field,
      `${code} is an add-on code (${known.description}): it is billed only with ${allowedList(known.addOnTo ?? [])}, not as a session's own code; allowed: ${allowedList(sessionCodes())}`,
    );
  }
  if (!known) {
    return invalid(field, `"${code}" is not a code Stateline bills; allowed: ${allowedList(sessionCodes())}`);
  }
  return undefined;
}

/** A fee schedule key: any code of the list (add-ons and crisis codes have charges too). */
export function checkFeeCode(code: string, field: string): void {
  if (!procedureCodes().get(code)) {
    throw invalid(
      field,
      `"${code}" is not a code Stateline bills; allowed: ${allowedList(procedureCodes().codes)}`,
    );
  }
}
