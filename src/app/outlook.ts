/**
 * A scheduled session's outlook: whether it can go ahead as things stand, and whom it would bill.
 * The one answer the API gives for it (on every session, in previews, in the client list's
 * risks), read from the re-check kept beside the session (`session_checks.last_check`) or worked out for a
 * preview. Pure: the wording of a check, and the crisis what-if the options offer.
 */
import type { Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import { stateName } from "../contract/states.js";
import type { SessionCheck } from "./alerts-port.js";
import type { ClientLocation, Coverage, ProviderFile } from "./model.js";
import { decideSession } from "./placement.js";
import type { ServiceLocation, Session } from "./sessions-model.js";

export interface OutlookReason {
  readonly code: Decision["reasons"][number]["code"];
  readonly message: string;
  readonly fix: string | null;
}

export interface Outlook {
  readonly checkedAt: string;
  readonly checkedOn: string;
  readonly billable: boolean;
  /** Null when it could not be decided (the client has no coverage on file). */
  readonly outcome: Decision["outcome"] | null;
  readonly basis: Decision["basis"];
  readonly billTo: string | null;
  readonly location: ServiceLocation | null;
  readonly reason: OutlookReason | null;
  /** One sentence: the answer and, when refused, why. */
  readonly summary: string;
  /** Refused by video: whether a documented crisis session there would be billable. */
  readonly crisisBillable: boolean | null;
  readonly decision: Decision | null;
}

/** A decision's first reason, with its fix (null when none would help). */
export function firstReason(decision: Decision | null): OutlookReason | null {
  const r = decision?.reasons[0];
  return r ? { code: r.code, message: r.message, fix: r.fix ?? null } : null;
}

const BASIS_WORDS: Record<NonNullable<Decision["basis"]>, string> = {
  in_network: "in network",
  bluecard: "through BlueCard",
  virtual_network: "through the plan's virtual network",
  crisis: "as a crisis session",
};

/** Where a check placed the session, in words ("in Rochester, New York"). */
function placeWords(location: ServiceLocation | null): string {
  if (!location) return "";
  const state = stateName(location.state);
  return location.city ? ` in ${location.city}, ${state}` : ` in ${state}`;
}

/**
 * The sentence a person reads about a check: "Billable in network with Aetna in Austin, Texas",
 * "At risk in Miami, Florida: …", "Cannot be decided: the client has no insurance coverage on file".
 */
export function summaryOf(
  check: Pick<SessionCheck, "billable" | "decision" | "location">,
  payerName: (id: string) => string = (id) => id,
): string {
  const { decision, location } = check;
  if (!decision) return "Cannot be decided: the client has no insurance coverage on file";
  const where = placeWords(location);
  if (check.billable && decision.basis) {
    const to = decision.billTo ? `, billed to ${payerName(decision.billTo)}` : "";
    return `Billable ${BASIS_WORDS[decision.basis]}${where}${to}`;
  }
  const reason = decision.reasons[0]?.message;
  if (decision.outcome === "incomplete") return `Needs information${where}${reason ? `: ${reason}` : ""}`;
  return `At risk${where}${reason ? `: ${reason}` : ""}`;
}

/** A stored (or preview) check as the API shows it. */
export function outlookOf(check: SessionCheck, payerName?: (id: string) => string): Outlook {
  return {
    checkedAt: check.checkedAt,
    checkedOn: check.checkedOn,
    billable: check.billable,
    outcome: check.decision?.outcome ?? null,
    basis: check.decision?.basis ?? null,
    billTo: check.decision?.billTo ?? null,
    location: check.location,
    reason: check.billable ? null : firstReason(check.decision),
    summary: summaryOf(check, payerName),
    crisisBillable: check.billable ? null : (check.crisisBillable ?? null),
    decision: check.decision,
  };
}

/**
 * Refused by video: would a documented crisis session at the same place be billable? (The
 * crisis exception is telehealth only, so in person and billable sessions answer null.)
 */
export function crisisBillable(
  geo: Geography,
  session: Session,
  file: ProviderFile,
  coverage: Coverage | undefined,
  location: ServiceLocation | undefined,
  decision: Decision | null,
  whereabouts?: readonly ClientLocation[],
): boolean | null {
  if (!coverage || !location || !decision || decision.outcome === "billable") return null;
  if (session.modality !== "telehealth") return null;
  if (session.crisis) return false;
  const crisis = decideSession(geo, { ...session, crisis: true }, file, coverage, location, whereabouts);
  return crisis.outcome === "billable";
}
