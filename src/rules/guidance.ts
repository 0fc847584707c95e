/**
 * Billing-method guidance: for one provider and one client on one day, what `evaluate` would
 * answer at each place that matters — each practice location (as an in-person session), then
 * each of the client's locations and each extra place (as telehealth). Pure, like `decide`.
 */
import type { GuidanceInput, GuidanceOutput, LocationInput, Modality } from "../contract/schema.js";
import { decide } from "./decide.js";
import type { Geography } from "./geography.js";

/** Places that differ only in spacing or letter case are one place. */
function placeKey(modality: Modality, p: LocationInput): string {
  const norm = (s: string | null | undefined) => (s ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  return [modality, p.state, p.zip ?? "", norm(p.line1), norm(p.city)].join("|");
}

export function guidance(input: GuidanceInput, geo: Geography): GuidanceOutput[] {
  const { provider, client, date } = input;
  const wanted: { place: LocationInput; modality: Modality }[] = [];
  for (const place of provider.practiceLocations ?? []) wanted.push({ place, modality: "in_person" });
  for (const place of client.locations ?? []) wanted.push({ place, modality: "telehealth" });
  for (const place of input.places ?? []) wanted.push({ place, modality: "telehealth" });

  const seen = new Set<string>();
  const out: GuidanceOutput[] = [];
  for (const { place, modality } of wanted) {
    const key = placeKey(modality, place);
    if (seen.has(key)) continue;
    seen.add(key);
    const decision = decide(
      {
        provider: { licenses: provider.licenses, credentials: provider.credentials },
        client: { coverage: client.coverage },
        session: { date, modality, clientLocation: place },
      },
      geo,
    );
    out.push({ place, modality, decision });
  }
  return out;
}
