/**
 * Referrals and the directory in words, pure: which directory search a risk asks for (the client,
 * the place and the first session at risk), the prefilled reason of a referral ("Sam will be in
 * Miami Beach, Florida, Dec 9–16; I am not licensed there."), a directory entry's route and how
 * long it lasts, and the ops Directory form (draft → query, with its own checks).
 */
import type { DirectoryEntry, DirectoryQuery, Product, ReasonCode, Referral, Risk } from "../api/types";
import { dateRange, riskDate, shortDate } from "./billing-places";
import { plural, stateName } from "./format";

/** The most characters a referral's reason takes (ReferralBody.reason). */
export const REASON_MAX = 2000;

/** The place and date a referral or a directory search is about. */
export interface ReferralPlace {
  readonly state: string;
  readonly zip: string | null;
  readonly city: string | null;
  /** The date searched: the first session at risk (else the trip's first day). */
  readonly date: string;
  /** A trip's dates, when the place is one. */
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** The place and date of a risk, or undefined when the risk has no place or date to search. */
export function riskSearchPlace(risk: Risk): ReferralPlace | undefined {
  const date = riskDate(risk);
  if (!risk.place || !date) return undefined;
  return {
    state: risk.place.state,
    zip: risk.place.zip ? risk.place.zip.slice(0, 5) : null,
    city: risk.place.city,
    date,
    startsOn: risk.startsOn,
    endsOn: risk.endsOn,
  };
}

/** The directory search for a client at a place on a date (their coverage: the server's). */
export const clientQuery = (
  clientId: string,
  place: Pick<ReferralPlace, "state" | "zip" | "date">,
): DirectoryQuery => ({
  clientId,
  state: place.state as DirectoryQuery["state"],
  ...(place.zip ? { zip: place.zip } : {}),
  date: place.date,
});

/** "Sam" from "Sam Rivera". */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/** "Miami Beach, Florida" / "Florida". */
export const placeWords = (p: Pick<ReferralPlace, "city" | "state">): string =>
  p.city?.trim() ? `${p.city.trim()}, ${stateName(p.state)}` : stateName(p.state);

/** Why the referring provider cannot see the client there, in the first person. */
export function whyWords(code: ReasonCode | null | undefined): string {
  switch (code) {
    case "NOT_LICENSED":
    case "PRIVILEGE_NOT_VALID":
      return "I am not licensed there";
    case "LICENSE_NOT_ACTIVE":
      return "my license there is not active then";
    case "TELEHEALTH_ONLY_AUTHORITY":
      return "I may see clients there by video only";
    case "NOT_CREDENTIALED":
    case "CREDENTIAL_NOT_ACTIVE":
    case "BLUECARD_NOT_AVAILABLE":
      return "I cannot bill their plan there";
    case "COVERAGE_NOT_ACTIVE":
      return "their coverage is not active then";
    case "CLIENT_LOCATION_MISSING":
    case "LOCATION_MISMATCH":
    case "ZIP_REQUIRED":
    case "UNKNOWN_PAYER":
    case "CRISIS_ADDRESS_REQUIRED":
    case null:
    case undefined:
      return "I cannot see and bill them there";
  }
}

/**
 * The reason a referral starts with: "Sam will be in Miami Beach, Florida, Dec 9–16; I am not
 * licensed there." A place without trip dates: "Sam will be in Philadelphia, Pennsylvania from
 * Dec 9; …".
 */
export function referralReason(
  clientName: string,
  place: ReferralPlace,
  reason: ReasonCode | null | undefined,
  today: string,
): string {
  const range =
    place.startsOn || place.endsOn
      ? `, ${dateRange(place.startsOn, place.endsOn, today)}`
      : ` from ${shortDate(place.date, today)}`;
  return `${firstName(clientName)} will be in ${placeWords(place)}${range}; ${whyWords(reason)}.`;
}

/** How the claim would go with this provider: "In network with Cigna Healthcare", "BlueCard via Florida Blue". */
export function entryRoute(e: Pick<DirectoryEntry, "basis" | "billToName">): string {
  switch (e.basis) {
    case "in_network":
      return `In network with ${e.billToName}`;
    case "bluecard":
      return `BlueCard via ${e.billToName}`;
    case "virtual_network":
      return `Virtual network, billed to ${e.billToName}`;
  }
}

/** How long they may see them: "until Mar 31 (120 days left)", "no end date on file". */
export function untilWords(e: Pick<DirectoryEntry, "until" | "daysLeft">, today: string): string {
  if (!e.until) return "No end date on file";
  const left = e.daysLeft === null ? "" : ` (${plural(e.daysLeft, "day")} left)`;
  return `Until ${shortDate(e.until, today)}${left}`;
}

/** "Referred Sam Rivera to Nadia Flores, LCSW for Miami Beach, Florida on Dec 9." */
export const referredNotice = (
  r: Pick<Referral, "client" | "to" | "state" | "date">,
  city: string | null,
  today: string,
) =>
  `Referred ${r.client.name} to ${r.to.name} for ${placeWords({ city, state: r.state })} on ${shortDate(r.date, today)}.`;

export const REFERRAL_STATUS_NAMES: Record<Referral["status"], string> = {
  sent: "Waiting for an answer",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

/* ------------------------------------------------------------------ the ops Directory form */

export interface DirectoryDraft {
  payer: string;
  product: Product | "";
  state: string;
  zip: string;
  date: string;
  modality: "telehealth" | "in_person";
  licenseType: string;
  acceptingNew: boolean;
}

export const emptyDirectoryDraft = (today: string): DirectoryDraft => ({
  payer: "",
  product: "",
  state: "",
  zip: "",
  date: today,
  modality: "telehealth",
  licenseType: "",
  acceptingNew: false,
});

/** The draft as a query, or the problems next to the fields the search needs. */
export function directoryQuery(
  d: DirectoryDraft,
): { query: DirectoryQuery; problems: null } | { query: null; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!d.payer) problems.payer = "choose the client's payer";
  if (!d.state) problems.state = "choose the state the client will be in";
  const zip = d.zip.trim();
  if (zip && !/^\d{5}(-?\d{4})?$/.test(zip)) problems.zip = "a 5-digit ZIP code such as 33139";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) problems.date = "a date such as 2026-12-09";
  if (Object.keys(problems).length > 0) return { query: null, problems };
  const licenseType = d.licenseType.trim();
  return {
    problems: null,
    query: {
      payer: d.payer,
      state: d.state as DirectoryQuery["state"],
      date: d.date,
      modality: d.modality,
      ...(d.product ? { product: d.product } : {}),
      ...(zip ? { zip } : {}),
      ...(licenseType ? { licenseType } : {}),
      ...(d.acceptingNew ? { acceptingNew: true } : {}),
    },
  };
}
