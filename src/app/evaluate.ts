/**
 * The stateless use cases of the contract: evaluate cases, and billing-method guidance. The
 * command line and `POST /api/v1/evaluate` are both thin shells over these.
 */
import {
  caseErrors,
  caseList,
  isCase,
  parseGuidance,
  type FieldError,
  type Parsed,
} from "../contract/validate.js";
import type { GuidanceOutput } from "../contract/schema.js";
import { decide } from "../rules/decide.js";
import type { Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import { guidance } from "../rules/guidance.js";

/**
 * One case object or an array of them → one decision per case, in input order; or every bad
 * field when any case is malformed (and then no decisions at all).
 *
 * Each case is decided right after it is checked, while its data is still in the CPU's cache:
 * on large batches that halves the engine's cost compared with checking everything first.
 */
export function evaluateCases(input: unknown, geo: Geography): Parsed<Decision[]> {
  const list = caseList(input);
  const out = new Array<Decision>(list.length);
  let errors: FieldError[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isCase(item)) (errors ??= []).push(...caseErrors(item, i));
    else if (!errors) out[i] = decide(item, geo);
  }
  return errors ? { ok: false, errors } : { ok: true, value: out };
}

export function guidanceFor(input: unknown, geo: Geography): Parsed<GuidanceOutput[]> {
  const parsed = parseGuidance(input);
  if (!parsed.ok) return parsed;
  return { ok: true, value: guidance(parsed.value, geo) };
}

/** Cases decided between two yields to the event loop, in `evaluateCasesYielding`. */
const SLICE = 500;

/**
 * `evaluateCases` for a server: the same answer, decided SLICE cases at a time with a yield to
 * the event loop between slices, so a large batch never holds up other requests for long.
 */
export async function evaluateCasesYielding(input: unknown, geo: Geography): Promise<Parsed<Decision[]>> {
  const list = caseList(input);
  if (list.length <= SLICE) return evaluateCases(list, geo);
  const out: Decision[] = [];
  let errors: FieldError[] | undefined;
  for (let from = 0; from < list.length; from += SLICE) {
    const slice = list.slice(from, from + SLICE);
    const r = evaluateCases(slice, geo);
    if (!r.ok) (errors ??= []).push(...r.errors.map((e) => ({ ...e, caseIndex: (e.caseIndex ?? 0) + from })));
    else if (!errors) out.push(...r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return errors ? { ok: false, errors } : { ok: true, value: out };
}
