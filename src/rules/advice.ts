/**
 * Advice a therapist can act on: the first reason's fix rewritten for the client's situation,
 * from where they will be over time. A week's vacation in Florida does not call for a Florida
 * license; a move to Pennsylvania calls for a referral first. Pure, like `decide`: the case,
 * its decision and the client's places in, a decision with a fitted fix out.
 *
 * Situations, from the place the session is judged at:
 * - **trip**: a temporary location covering the session date. The fix says what the state allows
 *   providers licensed elsewhere (or to check its board), when the client is back where the
 *   provider can see them, and whether a crisis session there would be billable.
 * - **new home**: the client has moved to the session's state (a home that began lately, or an
 *   earlier home elsewhere that ended). The fix says to refer them to a provider who can see them
 *   there, with licensing and credentialing second.
 * Anything else (or a refusal no licensing or credentialing causes) keeps the engine's fix.
 */
import type { StateCode } from "../contract/states.js";
import { decide, temporaryPracticeFor } from "./decide.js";
import type { CaseInput, Decision, Reason } from "./decision.js";
import type { Geography } from "./geography.js";
import { stateLabel } from "./messages.js";

/** One of the client's places over time (the platform's client locations). */
export interface Whereabouts {
  readonly kind: "home" | "virtual_session" | "temporary";
  readonly state: StateCode;
  readonly zip?: string | null;
  readonly line1?: string | null;
  readonly city?: string | null;
  readonly label?: string | null;
  /** Inclusive; null: no bound. */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** What kind of place the session is judged at, for the advice. */
export type Situation =
  | { readonly kind: "trip"; readonly until: string | null; readonly home: Whereabouts | undefined }
  | { readonly kind: "new_home" }
  | { readonly kind: "other" };

/** Refusals that licensing or credentialing would cure: the ones the situation changes. */
const ADVISED = new Set<Reason["code"]>([
  "NOT_LICENSED",
  "LICENSE_NOT_ACTIVE",
  "PRIVILEGE_NOT_VALID",
  "NOT_CREDENTIALED",
  "CREDENTIAL_NOT_ACTIVE",
  "BLUECARD_NOT_AVAILABLE",
]);

/** The day after `date` (YYYY-MM-DD), in the calendar, without time zones. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const inRange = (w: Whereabouts, date: string) =>
  (w.startsOn === null || w.startsOn <= date) && (w.endsOn === null || date <= w.endsOn);

/** The client's home on `date`: the latest home location in force then. */
function homeOn(places: readonly Whereabouts[], date: string): Whereabouts | undefined {
  let found: Whereabouts | undefined;
  for (const w of places) if (w.kind === "home" && inRange(w, date)) found = w;
  return found;
}

/** Where the session's place stands in the client's life on the session date. */
export function situationOf(c: CaseInput, places: readonly Whereabouts[]): Situation {
  const loc = c.session.clientLocation;
  if (!loc || c.session.modality !== "telehealth") return { kind: "other" };
  const date = c.session.date;
  const trip = places.find((w) => w.kind === "temporary" && w.state === loc.state && inRange(w, date));
  if (trip) {
    const until = trip.endsOn;
    return { kind: "trip", until, home: homeOn(places, until === null ? date : nextDay(until)) };
  }
  const home = homeOn(places, date);
  if (home && home.state === loc.state && moved(places, home, date)) return { kind: "new_home" };
  return { kind: "other" };
}

/** How recent a home must be to count as a move: about a season. */
const MOVE_WINDOW_DAYS = 120;

/**
 * Whether `home` is a new home: it starts within MOVE_WINDOW_DAYS before the session (or later),
 * or an earlier home in another state ended. A family home with no start date is just home (a
 * student at college is seen where they study, and goes home for the holidays).
 */
function moved(places: readonly Whereabouts[], home: Whereabouts, date: string): boolean {
  const earlier = places.some(
    (w) => w.kind === "home" && w !== home && w.state !== home.state && w.endsOn !== null && w.endsOn <= date,
  );
  if (earlier) return true;
  if (home.startsOn === null) return false;
  const days = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${home.startsOn}T00:00:00Z`)) / 86_400_000;
  return days <= MOVE_WINDOW_DAYS;
}

/**
 * The decision with its first reason's fix fitted to the client's situation; the decision itself
 * (outcome, basis, billTo, codes) is unchanged.
 */
export function advise(c: CaseInput, d: Decision, places: readonly Whereabouts[], geo: Geography): Decision {
  const first = d.reasons[0];
  const loc = c.session.clientLocation;
  if (d.outcome !== "not_billable" || !first || !ADVISED.has(first.code) || !loc) return d;
  const situation = situationOf(c, places);
  if (situation.kind === "other") return d;
  const state = stateLabel(loc.state);
  // The engine's fix, less its "or see this client while they are in …": the long-term path.
  const lasting = (first.fix ?? "")
    .replace(/, or see this client while they are in .*$/, "")
    .replace(/\.$/, "");

  let fix: string;
  if (situation.kind === "new_home") {
    fix =
      `${state} is now the client's home: refer them to a provider who can see them in ${state} ` +
      `(licensed there and credentialed with their plan)` +
      (lasting ? `; to keep seeing them yourself: ${lowerFirst(lasting)}.` : ".");
  } else {
    const parts: string[] = [];
    const rules = temporaryPracticeFor(c, geo, loc.state);
    const until = situation.until ? ` until ${situation.until}` : "";
    if (rules.length > 0)
      parts.push(
        `While the client is in ${state}${until}: ${rules.map((r) => r.summary).join(" ")} Check the ${state} board's rules on temporary practice before seeing them there, and note that practising there is not billing: their plan still needs a credential.`,
      );
    else
      parts.push(
        `While the client is in ${state}${until}, check the ${state} board's rules on temporary practice before seeing them there.`,
      );
    const back = backHome(c, situation, geo);
    if (back) parts.push(back);
    if (crisisWouldBill(c, geo))
      parts.push(
        `If they are in crisis while away, a crisis session by video is billable under the crisis exception (record the exact address).`,
      );
    if (lasting) parts.push(`For sessions in ${state} later on: ${lowerFirst(lasting)}.`);
    fix = parts.join(" ");
  }
  const reasons = d.reasons.slice();
  reasons[0] = { ...first, fix };
  return { ...d, reasons };
}

/** "Or see them again from 2026-12-17, when they are back in New York", when that session would bill. */
function backHome(c: CaseInput, s: Extract<Situation, { kind: "trip" }>, geo: Geography): string | undefined {
  if (s.until === null || !s.home) return undefined;
  const date = nextDay(s.until);
  const clientLocation = {
    state: s.home.state,
    ...(s.home.zip ? { zip: s.home.zip } : {}),
  };
  const there = decide({ ...c, session: { ...c.session, date, clientLocation, crisis: false } }, geo);
  return there.outcome === "billable"
    ? `Or see them again from ${date}, when they are back in ${stateLabel(s.home.state)}.`
    : undefined;
}

/** Whether a crisis session by video at the same place and date would be billable by exception. */
function crisisWouldBill(c: CaseInput, geo: Geography): boolean {
  const loc = c.session.clientLocation;
  if (!loc) return false;
  const crisis = decide(
    {
      ...c,
      session: {
        ...c.session,
        crisis: true,
        clientLocation: { ...loc, line1: loc.line1 ?? "(exact address)" },
      },
    },
    geo,
  );
  return crisis.outcome === "billable";
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
