/**
 * The Billing method section's logic, pure: the places the API judged (every practice location
 * in person, every current client location by video) grouped per state, whether a state's places
 * agree, and the sentence that says so ("In New York it depends on where: …"); and the wording of
 * trip dates and upcoming risks that the section, the Clients list and the location forms share.
 */
import type { BillingPlace, Decision, Risk, StateCode } from "../api/types";
import { plural, stateName } from "./format";
import { ROUTE_KINDS, type RouteKind } from "./routes";

type SourceKind = BillingPlace["source"]["kind"];

export const SOURCE_NAMES: Record<SourceKind, string> = {
  practice: "Practice",
  home: "Home",
  temporary: "Trip",
  virtual_session: "Video sessions",
};

/** One place as the section shows it. */
export interface PlaceView {
  readonly key: string;
  readonly place: BillingPlace;
  readonly kind: RouteKind;
  /** "Midtown office", "Dorm, Columbia", "Trip to Florida", or the city. */
  readonly name: string;
  /** "in person" / "by video". */
  readonly how: string;
  /** Places with the same key get the same answer: route, bill-to, reasons and fixes. */
  readonly answerKey: string;
}

/** Places of one state that get the same answer. */
export interface Answer {
  readonly key: string;
  readonly kind: RouteKind;
  /** The first place's decision (the others' say the same). */
  readonly decision: Decision;
  /** Whether a documented crisis session would be billable at these (refused video) places. */
  readonly crisisBillable: boolean;
  readonly places: readonly PlaceView[];
}

export interface StateGroup {
  readonly state: StateCode;
  readonly places: readonly PlaceView[];
  readonly answers: readonly Answer[];
  /** Every place gets the same answer. */
  readonly agree: boolean;
  /** The best kind among the places (the box's edge colour when they agree). */
  readonly kind: RouteKind;
  /** Distinct kinds, best and worst, when the places' kinds differ (the map stripes them). */
  readonly split: readonly [RouteKind, RouteKind] | null;
  /** For the map: "A (in person) and B (by video): BlueCard via …" / "depends on where: A — …; B — …". */
  readonly summary: string;
  /** "In New York it depends on where: A — …; B — …." / "In New York, for A and B: BlueCard via …." */
  readonly sentence: string;
}

/** The route kind of a place's answer: a refused video place is "crisis only" when a crisis session would be billable. */
export function placeKind(p: BillingPlace): RouteKind {
  const d = p.decision;
  if (d.outcome === "billable") {
    switch (d.basis) {
      case "in_network":
        return "in_network";
      case "bluecard":
        return "bluecard";
      case "virtual_network":
        return "virtual_network";
      case "crisis":
        return "crisis_only";
      case null:
        return "not_possible";
    }
  }
  return p.crisis?.billable ? "crisis_only" : "not_possible";
}

/** What a place is called: its label, a trip's destination, else its city. */
export function placeName(p: BillingPlace): string {
  const s = p.source;
  if (s.label?.trim()) return s.label.trim();
  if (s.kind === "temporary") return tripTitle(null, p.place.state);
  if (p.place.city) return p.place.city;
  return s.kind === "practice" ? "Your practice" : SOURCE_NAMES[s.kind];
}

export const howOf = (p: BillingPlace): string => (p.modality === "in_person" ? "in person" : "by video");

/** "In person at Midtown office" / "By video, client at Dorm, Columbia" / "By video, client on Trip to Florida". */
export function whereOf(view: Pick<PlaceView, "place" | "name">): string {
  if (view.place.modality === "in_person") return `In person at ${view.name}`;
  return `By video, client ${view.place.source.kind === "temporary" ? "on" : "at"} ${view.name}`;
}

function answerKey(kind: RouteKind, d: Decision): string {
  const reasons = d.reasons.map((r) => `${r.code}:${r.message}:${r.fix ?? ""}`).join("|");
  return [kind, d.outcome, d.billTo ?? "", kind === "virtual_network" ? d.homePlan : "", reasons].join("#");
}

export function viewOf(p: BillingPlace, i: number): PlaceView {
  const kind = placeKind(p);
  return {
    key: `${p.modality}-${p.source.kind}-${p.source.id}-${i}`,
    place: p,
    kind,
    name: placeName(p),
    how: howOf(p),
    answerKey: answerKey(kind, p.decision),
  };
}

const rank = (k: RouteKind) => ROUTE_KINDS.indexOf(k);

/** The route in words, capitalised: "BlueCard via Anthem Blue Cross Blue Shield (New York)". */
export function routeWords(kind: RouteKind, d: Decision, payerName: (id: string) => string): string {
  switch (kind) {
    case "in_network":
      return `In network with ${payerName(d.billTo ?? d.homePlan)}`;
    case "bluecard":
      return `BlueCard via ${payerName(d.billTo ?? "")}`;
    case "virtual_network":
      return `${payerName(d.homePlan)} virtual network`;
    case "crisis_only":
      return "Crisis sessions only";
    case "not_possible":
      return d.outcome === "incomplete" ? "Not possible yet: details missing" : "Not possible";
  }
}

/** A reason's sentence inside another: "you hold no license … for Florida" (no final stop). */
export function clause(message: string): string {
  const s = message.trim().replace(/\.$/, "");
  return /^(You|Your|The|This|There)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** An answer in a sentence: "BlueCard via Anthem", "not possible, you hold no license …". */
export function answerPhrase(
  a: Pick<Answer, "kind" | "decision">,
  payerName: (id: string) => string,
): string {
  const words = routeWords(a.kind, a.decision, payerName);
  const lower = a.kind === "in_network" || a.kind === "crisis_only" || a.kind === "not_possible";
  const phrase = lower ? words.charAt(0).toLowerCase() + words.slice(1) : words;
  const reason = a.decision.outcome === "billable" ? undefined : a.decision.reasons[0];
  return reason ? `${phrase}, ${clause(reason.message)}` : phrase;
}

/** "A", "A and B", "A, B and C". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

const placeLabel = (v: PlaceView) => `${v.name} (${v.how})`;

/** Every place grouped by state (states in the order their first place came); none is dropped. */
export function groupByState(
  places: readonly BillingPlace[],
  payerName: (id: string) => string,
): StateGroup[] {
  const byState = new Map<StateCode, PlaceView[]>();
  places.forEach((p, i) => {
    const list = byState.get(p.place.state) ?? [];
    list.push(viewOf(p, i));
    byState.set(p.place.state, list);
  });
  return [...byState].map(([state, views]) => {
    const answers: {
      key: string;
      kind: RouteKind;
      decision: Decision;
      crisisBillable: boolean;
      places: PlaceView[];
    }[] = [];
    for (const v of views) {
      const existing = answers.find((a) => a.key === v.answerKey);
      if (existing) {
        existing.places.push(v);
        existing.crisisBillable ||= v.place.crisis?.billable ?? false;
      } else {
        answers.push({
          key: v.answerKey,
          kind: v.kind,
          decision: v.place.decision,
          crisisBillable: v.place.crisis?.billable ?? false,
          places: [v],
        });
      }
    }
    const kinds = [...new Set(views.map((v) => v.kind))].sort((a, b) => rank(a) - rank(b));
    const best = kinds[0] ?? "not_possible";
    const worst = kinds[kinds.length - 1] ?? best;
    const agree = answers.length === 1;
    const name = stateName(state);
    const first = answers[0];
    const summary =
      agree && first
        ? `${andList(views.map(placeLabel))}: ${answerPhrase(first, payerName)}`
        : `depends on where: ${answers
            .flatMap((a) => a.places.map((v) => `${placeLabel(v)} — ${answerPhrase(a, payerName)}`))
            .join("; ")}`;
    const sentence = agree ? `In ${name}, for ${summary}.` : `In ${name} it ${summary}.`;
    return {
      state,
      places: views,
      answers,
      agree,
      kind: best,
      split: kinds.length > 1 ? ([best, worst] as const) : null,
      summary,
      sentence,
    };
  });
}

/** The notes of a state's places, each once. */
export function notesOf(group: Pick<StateGroup, "places">): string[] {
  return [...new Set(group.places.flatMap((v) => v.place.decision.notes.map((n) => n.message)))];
}

/** The client page's Billing method for a day: where other pages send "Find who can see them". */
export const billingMethodHref = (clientId: string, date: string | null): string =>
  `/clients/${encodeURIComponent(clientId)}${date ? `?date=${date}` : ""}`;

/* ------------------------------------------------------------------ dates */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const parts = (date: string) => {
  const [y = "", m = "", d = ""] = date.split("-");
  return { year: y, month: MONTHS[Number(m) - 1] ?? m, day: String(Number(d)) };
};

export const isIsoDate = (s: string | null | undefined): s is string =>
  typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** "Dec 9" in the current year, "Dec 9, 2027" in another. */
export function shortDate(date: string, today: string): string {
  const p = parts(date);
  return p.year === today.slice(0, 4) ? `${p.month} ${p.day}` : `${p.month} ${p.day}, ${p.year}`;
}

/** "Dec 9–16", "Nov 28 – Dec 3", "Dec 30, 2026 – Jan 3, 2027", "from Dec 9", "until Dec 16". */
export function dateRange(start: string | null, end: string | null, today: string): string {
  if (!start && !end) return "";
  if (!end) return `from ${shortDate(start ?? "", today)}`;
  if (!start) return `until ${shortDate(end, today)}`;
  if (start === end) return shortDate(start, today);
  const a = parts(start);
  const b = parts(end);
  if (a.year !== b.year) return `${a.month} ${a.day}, ${a.year} – ${b.month} ${b.day}, ${b.year}`;
  const year = a.year === today.slice(0, 4) ? "" : `, ${a.year}`;
  return a.month === b.month
    ? `${a.month} ${a.day}–${b.day}${year}`
    : `${a.month} ${a.day} – ${b.month} ${b.day}${year}`;
}

/** A trip's name: its label, else "Trip to Florida". */
export const tripTitle = (label: string | null | undefined, state: string): string =>
  label?.trim() ? label.trim() : `Trip to ${stateName(state)}`;

/** Under a place judged on another day than asked: "judged for Dec 9 (the trip's first day)". */
export function judgedWords(place: BillingPlace, chosen: string, today: string): string | null {
  if (place.judgedOn === chosen) return null;
  const first = place.source.startsOn === place.judgedOn ? " (the trip's first day)" : "";
  return `judged for ${shortDate(place.judgedOn, today)}${first}`;
}

/* ------------------------------------------------------------------ quick picks */

export interface QuickPick {
  readonly date: string;
  readonly label: string;
}

/**
 * The date picker's shortcuts: today, the next session, each trip's first day still ahead (a trip
 * under way: today). Same dates are offered once, under their first label.
 */
export function quickPicks(
  today: string,
  nextSession: string | null,
  trips: readonly { label: string | null; state: string; startsOn: string | null; endsOn: string | null }[],
): QuickPick[] {
  const out: QuickPick[] = [{ date: today, label: "Today" }];
  if (nextSession) out.push({ date: nextSession, label: `Next session, ${shortDate(nextSession, today)}` });
  const ahead = trips
    .filter((t) => t.startsOn && (t.endsOn ?? t.startsOn) >= today)
    .map((t) => ({ ...t, first: (t.startsOn ?? today) < today ? today : (t.startsOn ?? today) }))
    .sort((a, b) => a.first.localeCompare(b.first));
  for (const t of ahead) {
    out.push({ date: t.first, label: `${tripTitle(t.label, t.state)}, ${shortDate(t.first, today)}` });
  }
  const seen = new Set<string>();
  return out.filter((p) => {
    if (seen.has(p.date)) return false;
    seen.add(p.date);
    return true;
  });
}

/* ------------------------------------------------------------------ risks */

/** "Trip to Florida Dec 9–16", "Home in New Jersey", "Dorm, Columbia". */
export function riskPlace(risk: Risk, today: string): string {
  const state = risk.place?.state;
  if (risk.place?.kind === "temporary" && state) {
    const range = dateRange(risk.startsOn, risk.endsOn, today);
    return `${tripTitle(risk.label, state)}${range ? ` ${range}` : ""}`;
  }
  if (risk.label?.trim()) return risk.label.trim();
  if (!risk.place) return "Where the client will be is not on file";
  if (risk.place.kind === "home") return `Home in ${stateName(risk.place.state)}`;
  if (risk.place.kind === "virtual_session")
    return `Video sessions in ${risk.place.city ?? stateName(risk.place.state)}`;
  return `In ${risk.place.city ? `${risk.place.city}, ` : ""}${stateName(risk.place.state)}`;
}

/** "Trip to Florida Dec 9–16: 2 sessions at risk". */
export const riskTitle = (risk: Risk, today: string): string =>
  `${riskPlace(risk, today)}: ${plural(risk.sessions.length, "session")} at risk`;

/** The risk's notes about what the state allows providers licensed elsewhere (temporary practice). */
export const temporaryPracticeNotes = (notes: readonly string[]): string[] =>
  notes.filter((n) => /allowance to practi[sc]e|temporar(y|ily) practi|out-of-state telehealth/i.test(n));

/** The date to look at when finding someone who can see them: the first session at risk. */
export const riskDate = (risk: Risk): string | null =>
  risk.sessions.map((s) => s.serviceDate).sort()[0] ?? risk.startsOn;
