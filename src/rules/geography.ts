/**
 * What the decision engine needs to know about payers and places: the port through which the
 * pure core reads reference data. `src/reference/` implements it from the shipped data files;
 * tests may implement it with a handful of made-up plans.
 *
 * Everything here is synchronous and side-effect free from the engine's point of view (an
 * implementation may load data lazily on first use, but answers never change).
 */
import type { StateCode } from "../reference/states.js";

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
}
