/**
 * A session's outlook (the server's one answer: `session.outlook`, or a schedule or confirm
 * preview) in the words a provider reads, in the past tense once the session has started:
 * "Billable through BlueCard in Austin, Texas: bill Anthem" / "Was not billable in Miami, Florida".
 */
import type { Outlook, ServiceLocation } from "../api/types";
import { stateName } from "./format";

export interface Verdict {
  readonly tone: "good" | "bad" | "warn";
  /** Shown beside the words, never instead of them. */
  readonly symbol: "✓" | "✕" | "?";
  /** The answer, with the route and the payer when billable. */
  readonly headline: string;
  /** Refused: why (the first reason) and what would fix it. */
  readonly reason: string | null;
  readonly fix: string | null;
  /** Refused by video where a documented crisis would still be billable. */
  readonly crisis: string | null;
}

const ROUTE: Record<NonNullable<Outlook["basis"]>, string> = {
  in_network: "in network",
  bluecard: "through BlueCard",
  virtual_network: "through the plan's virtual network",
  crisis: "under the crisis exception",
};

/** " in Austin, Texas", " in Texas", or "" when the check had no place. */
export function placeWords(location: ServiceLocation | null): string {
  if (!location) return "";
  const state = stateName(location.state);
  return location.city ? ` in ${location.city}, ${state}` : ` in ${state}`;
}

/** The outlook in words; `past`: the session has started (see `isPast`). */
export function verdictOf(outlook: Outlook, past: boolean, payerName: (id: string) => string): Verdict {
  const where = placeWords(outlook.location);
  const reason = outlook.reason?.message ?? null;
  const fix = outlook.reason?.fix ?? null;
  const crisis = outlook.crisisBillable
    ? past
      ? "A crisis session there would have been billable."
      : "A crisis session there would be billable."
    : null;
  if (outlook.billable) {
    const route = outlook.basis ? ` ${ROUTE[outlook.basis]}` : "";
    const bill = outlook.billTo ? `: bill ${payerName(outlook.billTo)}` : "";
    return {
      tone: "good",
      symbol: "✓",
      headline: `${past ? "Was billable" : "Billable"}${route}${where}${bill}`,
      reason: null,
      fix: null,
      crisis: null,
    };
  }
  if (outlook.outcome === null) {
    return {
      tone: "warn",
      symbol: "?",
      headline: `${past ? "Could not be decided" : "Cannot be decided"}: the client has no insurance coverage on file`,
      reason: null,
      fix: "Add the client's insurance coverage.",
      crisis: null,
    };
  }
  if (outlook.outcome === "incomplete") {
    return {
      tone: "warn",
      symbol: "?",
      headline: `${past ? "Could not be decided" : "Needs information"}${where}`,
      reason,
      fix,
      crisis,
    };
  }
  return {
    tone: "bad",
    symbol: "✕",
    headline: `${past ? "Was not billable" : "At risk"}${where}`,
    reason,
    fix,
    crisis,
  };
}
