/**
 * A Blue plan's service area as the lookups read it: each area entry of payers.json compiled once
 * (county names resolved to FIPS codes). Shared by the engine's lookup (catalogue.ts: `place`,
 * `zonesOf`) and the explanations of `stateline where` (where.ts), which import this and never
 * each other.
 */
import type { County } from "./counties.js";
import type { AreaEntry, PayerEntry } from "./payers.js";
import type { ZipIndex } from "./zips.js";

export type RuleKind = "state" | "counties" | "except" | "zips";

/** One area entry, compiled: county names resolved to FIPS codes. */
export interface Rule {
  readonly payer: PayerEntry;
  readonly index: number;
  readonly entry: AreaEntry;
  readonly kind: RuleKind;
  /** FIPS codes listed (`counties`) or excluded (`except`). */
  readonly counties: ReadonlySet<string>;
  /** ZIP codes listed (`zips`) or excluded (`except`). */
  readonly zips: ReadonlySet<string>;
}

/** The ZIP codes of a county that a rule names (listed, or excluded), in the index's order. */
export function zipsInCounty(rule: Rule, county: County, index: ZipIndex): string[] {
  if (rule.zips.size === 0) return [];
  return index.countyZips(county.fips).filter((z) => rule.zips.has(z));
}
