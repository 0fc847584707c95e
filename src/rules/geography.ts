/**
 * What the decision engine needs to know about payers and places: the port through which the
 * pure core reads reference data. `src/reference/` implements it from the shipped data files;
 * tests may implement it with a handful of made-up plans.
 *
 * Everything here is synchronous and side-effect free from the engine's point of view (an
 * implementation may load data lazily on first use, but answers never change).
 */
import type { CompactSource } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";

export type PayerKind = "national" | "bcbs";

export interface Payer {
  /** Lowercase slug, e.g. `aetna`, `anthem-ny`, `bcbs-kc`. */
  readonly id: string;
  /** Full legal or trade name, e.g. "Excellus BlueCross BlueShield". */
  readonly name: string;
  readonly kind: PayerKind;
  /**
   * For BCBS plans: a short, plain description of the plan's service area, used in sentences
   * such as "see this client while they are in <areaName>". For national payers: undefined.
   */
  readonly areaName: string | undefined;
  /** For BCBS plans: the states (wholly or in part) of the plan's service area. */
  readonly states: readonly StateCode[];
  /**
   * Rule 14: the payer id of the company that runs this payer's behavioral health network
   * (`uhc` → `optum`), whose standard credentials count as in network for this payer's members.
   */
  readonly administrator?: string | undefined;
}

/** Professions, as license types belong to them. */
export type Profession = "psychology" | "counseling" | "social_work" | "mft" | "medicine" | "nursing";

/**
 * An interstate compact whose privileges rule 2a checks: PSYPACT, the Counseling Compact, the
 * Social Work Licensure Compact.
 */
export interface Compact {
  readonly id: CompactSource;
  readonly name: string;
  /** Who it is for, in words: "psychologists". */
  readonly professionLabel: string;
  /** The date the state's membership took effect (YYYY-MM-DD); undefined when it is not a member. */
  joined(state: StateCode): string | undefined;
  /**
   * Whether a license type belongs to the compact's profession: true; false for a type the
   * catalogue knows as another compact's profession; undefined for a type it does not know.
   */
  fits(type: string): boolean | undefined;
}

/** What a state allows a provider licensed elsewhere (rule 10: information, never billability). */
export interface TemporaryPractice {
  readonly kind: "telehealth_registration" | "temporary_practice" | "continuity_of_care" | "none";
  readonly professions: readonly Profession[];
  /** One sentence a provider understands. */
  readonly summary: string;
  readonly source: readonly string[];
}

/**
 * A zone is a piece of a state where one fixed set of Blue plans is local: a county, a ZIP, or
 * (for a single-plan state) the whole state. Zones with the same plans are the same object.
 */
export interface Zone {
  readonly state: StateCode;
  /** Ids of the BCBS plans whose service area contains this place, sorted. Empty outside every Blue area. */
  readonly plans: readonly string[];
}

/** The result of placing a location (state and optional ZIP) on the map. */
export type Placement =
  /** The ZIP is known and lies in the state: the exact zone, and the county names it covers. */
  | { readonly kind: "zip"; readonly zone: Zone; readonly counties: readonly string[] }
  /**
   * No ZIP, or a ZIP the data does not hold but whose prefix belongs to the state: the location
   * could be in any of the state's zones (one zone for a state served by one set of plans).
   */
  | { readonly kind: "state"; readonly zones: readonly Zone[] }
  /** The ZIP does not lie in the given state. `zipStates` is where it does lie (may be empty). */
  | { readonly kind: "mismatch"; readonly zipStates: readonly StateCode[] };

export interface Geography {
  /** The catalogue entry for a payer id, or undefined when the catalogue does not hold it. */
  payer(id: string): Payer | undefined;
  /** Places a state and optional 5-digit ZIP. */
  place(state: StateCode, zip: string | undefined): Placement;
  /** Every distinct zone of a state (one for a state served by a single set of plans). */
  zonesOf(state: StateCode): readonly Zone[];
  /** The compact table's entry for a privilege's source (rule 2a). */
  compact(id: CompactSource): Compact | undefined;
  /** The profession of a license type as providers write it ("LCSW", "Ph.D."), when known. */
  professionOf(type: string): Profession | undefined;
  /** What the state allows providers licensed elsewhere, as far as the data knows (rule 10). */
  temporaryPractice(state: StateCode): readonly TemporaryPractice[];
}
