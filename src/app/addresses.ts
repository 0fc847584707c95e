/**
 * An address as entered (a client location, a practice location, an address given at
 * confirmation): lines and city as a claim file needs them, the ZIP normalized and placed in its
 * state on the map. Errors name the field under `prefix` (the path to the address).
 */
import type { Geography } from "../rules/geography.js";
import { invalid } from "./errors.js";
import type { Address } from "./model.js";
import type { NewLocation } from "./ports.js";
import { checkTexts, normalizeZip, TEXT, zip5 } from "./text-fields.js";

/** A state and ZIP that agree, or INVALID_INPUT naming the field. `prefix` is the path to the address. */
export function checkAddress(
  geo: Geography,
  a: { state: Address["state"]; zip: string | null },
  prefix: string,
): void {
  if (!a.zip) return;
  const placed = geo.place(a.state, zip5(a.zip));
  if (placed.kind === "mismatch") {
    const where =
      placed.zipStates.length > 0 ? `lies in ${placed.zipStates.join(" or ")}` : "is not a ZIP code in use";
    throw invalid(`${prefix}zip`, `ZIP ${a.zip} ${where}, not ${a.state}`);
  }
}

/**
 * An address's lines and city as a claim file needs them (837P N301, N302, N401): within their
 * lengths, no separator or control character. `prefix` is the path to the address.
 */
export function checkAddressText(
  a: { readonly line1?: string | null; readonly line2?: string | null; readonly city?: string | null },
  prefix: string,
): void {
  checkTexts([
    [`${prefix}line1`, a.line1, TEXT.addressLine],
    [`${prefix}line2`, a.line2, TEXT.addressLine],
    [`${prefix}city`, a.city, TEXT.city],
  ]);
}

/**
 * A new location as it is kept: lines and city checked, the ZIP normalized (12345 or
 * 12345-6789) and placed in its state. `prefix` is the path to the location.
 */
export function checkedLocation<T extends NewLocation>(geo: Geography, input: T, prefix: string): T {
  const zip = normalizeZip(input.zip, `${prefix}zip`);
  checkAddressText(input, prefix);
  const location = { ...input, zip };
  checkAddress(geo, location, prefix);
  return location;
}
