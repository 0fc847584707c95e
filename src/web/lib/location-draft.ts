/**
 * The location form's logic, pure: a location → the form's draft, the draft → the request to add
 * it or the changes to edit it (only the fields that changed), the checks made before sending
 * (a trip entirely in the past), and the wording of the sessions a change puts at risk.
 */
import { TEXT } from "../../contract/limits";
import { dateTimeFormat } from "./format";
import type { NewLocation } from "../api/endpoints";
import type { AtRiskSession, ClientLocation, EditLocation, LocationKind, StateCode } from "../api/types";

/** The most characters each text input takes (the API's limits). */
export const LOCATION_LIMITS = {
  label: 100,
  line1: TEXT.addressLine.max,
  line2: TEXT.addressLine.max,
  city: TEXT.city.max,
  zip: 10,
} as const;

export interface LocationDraft {
  kind: LocationKind;
  label: string;
  line1: string;
  line2: string;
  city: string;
  state: StateCode | "";
  zip: string;
  startsOn: string;
  endsOn: string;
  replaces: string;
}

export const emptyDraft = (kind: LocationKind): LocationDraft => ({
  kind,
  label: "",
  line1: "",
  line2: "",
  city: "",
  state: "",
  zip: "",
  startsOn: "",
  endsOn: "",
  replaces: "",
});

export const draftOf = (l: ClientLocation): LocationDraft => ({
  kind: l.kind,
  label: l.label ?? "",
  line1: l.line1 ?? "",
  line2: l.line2 ?? "",
  city: l.city ?? "",
  state: l.state,
  zip: l.zip ?? "",
  startsOn: l.startsOn ?? "",
  endsOn: l.endsOn ?? "",
  replaces: "",
});

const text = (s: string): string | null => s.trim() || null;

/** The request that adds the draft (the API checks it and names each bad field). */
export function newLocationBody(d: LocationDraft): NewLocation {
  const trip = d.kind === "temporary";
  return {
    kind: d.kind,
    label: text(d.label),
    line1: text(d.line1),
    line2: text(d.line2),
    city: text(d.city),
    state: d.state as StateCode,
    zip: text(d.zip),
    startsOn: trip ? d.startsOn || null : null,
    endsOn: trip ? d.endsOn || null : null,
    replaces: d.replaces || null,
  };
}

/** The changes from `original` to the draft: only what changed (null clears an optional field). */
export function editBody(original: ClientLocation, d: LocationDraft): EditLocation {
  const body: EditLocation = {};
  const label = text(d.label);
  if (label !== (original.label ?? null)) body.label = label;
  const line1 = text(d.line1);
  if (line1 !== (original.line1 ?? null)) body.line1 = line1;
  const line2 = text(d.line2);
  if (line2 !== (original.line2 ?? null)) body.line2 = line2;
  const city = text(d.city);
  if (city !== (original.city ?? null)) body.city = city;
  if (d.state && d.state !== original.state) body.state = d.state;
  const zip = text(d.zip);
  if (zip !== (original.zip ?? null)) body.zip = zip;
  if (original.kind === "temporary") {
    const startsOn = d.startsOn || null;
    if (startsOn !== original.startsOn) body.startsOn = startsOn;
    const endsOn = d.endsOn || null;
    if (endsOn !== original.endsOn) body.endsOn = endsOn;
  }
  return body;
}

/** The server's words for a trip that ends before today (400, field endsOn). */
export const pastTripMessage = (endsOn: string, today: string): string =>
  `the trip ended on ${endsOn} — a trip in the past changes nothing ahead; give the dates of a trip still to come (today is ${today}), or remove it`;

/** Problems seen before sending, by field path: a trip entirely in the past. */
export function localProblems(d: LocationDraft, today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (d.kind === "temporary" && d.endsOn && d.endsOn < today) out.endsOn = pastTripMessage(d.endsOn, today);
  return out;
}

/** "This puts 2 upcoming sessions at risk:" */
export const atRiskLead = (n: number): string =>
  `This puts ${n === 1 ? "1 upcoming session" : `${n} upcoming sessions`} at risk:`;

/** Why an at-risk session cannot go ahead, as a clause: "you hold no license … for Florida". */
export function atRiskReason(s: AtRiskSession): string {
  const m = s.reason?.message.trim().replace(/\.$/, "");
  if (!m) return "it cannot go ahead as things stand";
  return /^(You|Your|The|This|There)\b/.test(m) ? m.charAt(0).toLowerCase() + m.slice(1) : m;
}

/** Where to see one session: the Sessions page, with the session named. */
export const sessionHref = (id: string): string => `/sessions?session=${encodeURIComponent(id)}`;

const KIND_NAMES: Record<LocationKind, string> = {
  home: "Home",
  temporary: "Trip",
  virtual_session: "Video sessions",
};

/** What a location is called in lists and messages: its label, else its kind. */
export const locationName = (l: Pick<ClientLocation, "label" | "kind">): string =>
  l.label?.trim() ? l.label.trim() : KIND_NAMES[l.kind];

/** What the answer to a DELETE means for the person who asked. */
export function removedMessage(
  outcome: "deleted" | "archived",
  l: Pick<ClientLocation, "label" | "kind">,
): string {
  return outcome === "archived"
    ? `Archived: a confirmed session took place there, so it is kept in the history. ${locationName(l)} is no longer used for new sessions.`
    : `Deleted ${locationName(l)}.`;
}

/** After an address change to a location a confirmed session used: the old one is kept. */
export const REPLACED_MESSAGE =
  "A confirmed session took place at the old address, so it is kept in the history and the new address replaces it.";

/** When a session starts, short, in its own time zone: "Tue, Dec 8, 10:00 AM EST". */
export function sessionWhen(startsAt: string, timeZone: string): string {
  const d = new Date(startsAt);
  if (Number.isNaN(d.getTime())) return startsAt;
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  };
  try {
    return dateTimeFormat("en-US", { ...options, timeZone }).format(d);
  } catch {
    return dateTimeFormat("en-US", options).format(d);
  }
}
