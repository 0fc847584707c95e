/** Diagnoses as claims carry them: billable ICD-10-CM codes, upper case, no dot, at most twelve. */
import { ICD10 } from "../formats/claim-record.js";
import { icd10cm, normalizeIcd10 } from "../reference/code-sets.js";
import { invalid } from "./errors.js";

/** Most diagnoses a professional claim carries (837P HI segment: 12). */
export const MAX_DIAGNOSES = 12;

/**
 * ICD-10-CM codes as a provider types them ("f41.1", "F41.1") in the form claims use ("F411"):
 * upper case, no dot, each checked against the release's billable codes (a category such as F41
 * is refused with codes to use instead); duplicates dropped, order kept (the first is principal).
 */
export function normalizeDiagnoses(codes: readonly string[], field: string): string[] {
  const out: string[] = [];
  codes.forEach((raw, i) => {
    const code = normalizeIcd10(raw);
    if (!ICD10.test(code)) {
      throw invalid(`${field}[${i}]`, `"${raw}" is not an ICD-10-CM code (e.g. F41.1)`);
    }
    const refusal = icd10cm().refusal(code, raw.trim());
    if (refusal !== undefined) throw invalid(`${field}[${i}]`, refusal);
    if (!out.includes(code)) out.push(code);
  });
  if (out.length > MAX_DIAGNOSES) throw invalid(field, `a claim carries at most ${MAX_DIAGNOSES} diagnoses`);
  return out;
}
