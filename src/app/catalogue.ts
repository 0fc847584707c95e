/**
 * The payer catalogue as people read it: every payer, each Blue plan's service area with its
 * sources and confidence, and the places no Blue plan serves. Reference data, not anyone's
 * record, so any signed-in user may read it; reading it is not audited.
 */
import type { Reference } from "../reference/catalogue.js";
import type { Actor } from "./actor.js";

export interface Catalogue {
  readonly payers: ReturnType<Reference["payers"]>;
  readonly noBluePlan: ReturnType<Reference["noBluePlan"]>;
}

/** The catalogue for a signed-in `actor` (taking the actor makes "signed in" part of the use case). */
export function payerCatalogue(geo: Reference, _actor: Actor): Catalogue {
  return { payers: geo.payers(), noBluePlan: geo.noBluePlan() };
}
