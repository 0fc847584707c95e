/** `stateline where`: which Blue plans are local at a ZIP code or in a county, and why. */
import { parseArgs } from "node:util";
import { loadReference } from "../reference/catalogue.js";
import type { LocalPlansResult } from "../reference/where.js";
import { isStateCode, stateName } from "../contract/states.js";
import { painter, UsageError, write, type Io } from "./io.js";
import { wrap } from "./render.js";

export function runWhere(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      zip: { type: "string" },
      state: { type: "string" },
      county: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const state = values.state?.toUpperCase();
  if (state !== undefined && !isStateCode(state)) {
    throw new UsageError(
      `--state: expected a US state or territory postal code, got "${values.state ?? ""}"`,
    );
  }
  const ref = loadReference();
  let result: LocalPlansResult;
  if (values.zip !== undefined) {
    if (!/^\d{5}$/.test(values.zip))
      throw new UsageError(`--zip: expected a 5-digit ZIP code, got "${values.zip}"`);
    result = ref.localPlansAt(state ? { zip: values.zip, state } : { zip: values.zip });
  } else if (state !== undefined && values.county !== undefined) {
    result = ref.localPlansAt({ state, county: values.county });
  } else {
    throw new UsageError("give --zip ZIP, or --state XX with --county NAME");
  }

  if (values.json) {
    write(io.stdout, JSON.stringify(result, null, 2));
    return result.kind === "found" ? 0 : 1;
  }
  const paint = painter(io.stdout);
  if (result.kind === "not-found") {
    write(io.stderr, result.message);
    return 1;
  }
  if (result.kind === "ambiguous") {
    write(
      io.stderr,
      `"${result.county}" could be ${result.candidates.map((c) => c.name).join(" or ")} in ${stateName(result.state)}; ` +
        `say which, e.g. --county "${result.candidates[0]?.name ?? ""}".`,
    );
    return 1;
  }
  const out: string[] = [];
  for (const place of result.places) {
    const where =
      place.counties.length > 0 ? place.counties.map((c) => c.name).join(" and ") : "(county not known)";
    out.push(paint("bold", `${result.zip ? `ZIP ${result.zip}: ` : ""}${where}, ${stateName(place.state)}`));
    if (place.plans.length === 0) {
      out.push("  No Blue Cross Blue Shield plan serves this place.");
      continue;
    }
    out.push(
      place.plans.length === 1
        ? "  One local Blue plan:"
        : `  ${place.plans.length} local Blue plans (BlueCard claims may go to any of them):`,
    );
    for (const plan of place.plans) {
      out.push(
        `  ${paint("green", "●")} ${paint("bold", plan.name)} ${paint("dim", `(${plan.id})`)}${plan.partial ? paint("yellow", " — part of this place only") : ""}`,
      );
      for (const why of plan.why) out.push(`      ${wrap(why, 82, "      ")}`);
      out.push(paint("dim", `      confidence: ${plan.confidence}; source: ${plan.source.join(", ")}`));
    }
  }
  write(io.stdout, out.join("\n"));
  return 0;
}
