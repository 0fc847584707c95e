/**
 * Billing-method guidance: for one provider and one client on one day, what `evaluate` would
 * answer at each place that matters — each practice location (as an in-person session), then
 * each of the client's locations and each extra place (as telehealth). Pure, like `decide`.
 *
 * `guidance` is the contract's (`POST /guidance`, one day for every place); `billingPlaces` is
 * the platform's Billing method section: every place with where it comes from, each judged on
 * the day it matters (`judgedOn`), its fix fitted to the client's situation, and the crisis
 * what-if for a refused video place.
 */
import type {
  CaseInput,
  GuidanceInput,
  GuidanceOutput,
  LocationInput,
  Modality,
} from "../contract/schema.js";
import { advise, type Whereabouts } from "./advice.js";
import { decide } from "./decide.js";
import type { Decision } from "./decision.js";
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

// ---------------------------------------------------------------------------------------------
// The Billing method section: every place, each judged on its own day.

/** Where a place to judge comes from: a practice location, or one of the client's locations. */
export interface PlaceSource {
  readonly kind: "practice" | Whereabouts["kind"];
  readonly id: string;
  readonly label: string | null;
  /** Inclusive; null: no bound (practice locations have none). */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** A place as kept (the full address: line 2 and ZIP+4 too), with how a session there happens. */
export interface PlaceToJudge {
  readonly modality: Modality;
  /** The place as the engine reads it (5-digit ZIP, no line 2). */
  readonly place: LocationInput;
  readonly address: {
    readonly line1: string | null;
    readonly line2: string | null;
    readonly city: string | null;
    readonly state: string;
    readonly zip: string | null;
  };
  readonly source: PlaceSource;
}

export interface BillingPlace {
  readonly place: LocationInput;
  readonly modality: Modality;
  /** The engine's decision on `judgedOn`, its fix fitted to the client's situation (`advise`). */
  readonly decision: Decision;
  readonly source: PlaceSource;
  readonly judgedOn: string;
  /** Refused by video: what a documented crisis session there would get; null otherwise. */
  readonly crisis: { readonly billable: boolean; readonly decision: Decision } | null;
}

export interface BillingPlacesInput {
  readonly provider: Pick<CaseInput["provider"], "licenses" | "credentials">;
  readonly coverage: CaseInput["client"]["coverage"];
  /** Practice locations (in person) and the client's current locations (telehealth). */
  readonly places: readonly PlaceToJudge[];
  /** The client's places over time, for the advice (`advise`). */
  readonly whereabouts: readonly Whereabouts[];
  /** The day asked. */
  readonly date: string;
}

/**
 * The day a place is judged on, when asked about `date`, or null when it is left out:
 * - a place that ended before `date` (`endsOn` < date: a trip wholly in the past, a former
 *   home) is left out: nothing ahead happens there;
 * - a place that starts after `date` (a trip next month, a home the client moves to) is judged
 *   on its first day, the first day a session could take place there;
 * - anything else (practice locations, a place that covers `date`) on `date` itself.
 * So a trip is judged on max(its start, the day asked), and never on a day outside it.
 */
export function judgedOn(source: PlaceSource, date: string): string | null {
  if (source.endsOn !== null && source.endsOn < date) return null;
  if (source.startsOn !== null && source.startsOn > date) return source.startsOn;
  return date;
}

/** Only places that are literally the same address, seen the same way on the same day, are one. */
function sameKey(p: PlaceToJudge, day: string): string {
  const a = p.address;
  return JSON.stringify([p.modality, day, a.state, a.zip, a.line1, a.line2, a.city]);
}

/**
 * Every place an appointment could take place, each with its own decision: practice locations
 * (in person) first, then the client's locations (telehealth), in the order given. None is
 * dropped for sharing a state with another (a Manhattan home and a Rochester trip are two
 * answers); only entries with the very same address, modality and day are merged (the first
 * one's source kept). A refused telehealth place also says what a documented crisis session
 * there would get (`crisis`).
 */
export function billingPlaces(input: BillingPlacesInput, geo: Geography): BillingPlace[] {
  // Offices, then home, then the other places by their first day (open-ended ones first): an
  // order of the places themselves, not of when they happened to be written down.
  const rank = (p: PlaceToJudge) => (p.source.kind === "practice" ? 0 : p.source.kind === "home" ? 1 : 2);
  const ordered = input.places
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        rank(a.p) - rank(b.p) ||
        (a.p.source.startsOn ?? "").localeCompare(b.p.source.startsOn ?? "") ||
        a.i - b.i,
    )
    .map(({ p }) => p);
  const seen = new Set<string>();
  const out: BillingPlace[] = [];
  for (const p of ordered) {
    const day = judgedOn(p.source, input.date);
    if (day === null) continue;
    const key = sameKey(p, day);
    if (seen.has(key)) continue;
    seen.add(key);
    const c: CaseInput = {
      provider: { licenses: input.provider.licenses, credentials: input.provider.credentials },
      client: { coverage: input.coverage },
      session: { date: day, modality: p.modality, clientLocation: p.place },
    };
    const decision = advise(c, decide(c, geo), input.whereabouts, geo);
    let crisis: BillingPlace["crisis"] = null;
    if (p.modality === "telehealth" && decision.outcome !== "billable") {
      const cc: CaseInput = { ...c, session: { ...c.session, crisis: true } };
      const d = advise(cc, decide(cc, geo), input.whereabouts, geo);
      crisis = { billable: d.outcome === "billable", decision: d };
    }
    out.push({ place: p.place, modality: p.modality, decision, source: p.source, judgedOn: day, crisis });
  }
  return out;
}
