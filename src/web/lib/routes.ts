/**
 * How a session in one state would be billed, in five kinds the Billing method section, the map
 * and the legend share. Each kind has a colour AND a pattern AND a symbol and word, so nothing
 * depends on seeing colour.
 */
import type { Decision } from "../api/types";

export type RouteKind = "in_network" | "bluecard" | "virtual_network" | "crisis_only" | "not_possible";

export const ROUTE_KINDS: readonly RouteKind[] = [
  "in_network",
  "bluecard",
  "virtual_network",
  "crisis_only",
  "not_possible",
];

export interface RouteStyle {
  /** Short words for the legend and badges. */
  readonly label: string;
  /** A symbol drawn on the map and badges next to the words. */
  readonly symbol: string;
  /** CSS class suffix; colours live in the stylesheet. */
  readonly tone: "good" | "blue" | "violet" | "amber" | "bad";
  /** Fill and ink of the map and the pattern id. */
  readonly fill: string;
  readonly ink: string;
  readonly pattern: string;
}

export const ROUTE_STYLE: Record<RouteKind, RouteStyle> = {
  in_network: {
    label: "In network",
    symbol: "✓",
    tone: "good",
    fill: "#cfe8d8",
    ink: "#14532d",
    pattern: "route-in-network",
  },
  bluecard: {
    label: "BlueCard",
    symbol: "↗",
    tone: "blue",
    fill: "#cfe0f5",
    ink: "#1e3a8a",
    pattern: "route-bluecard",
  },
  virtual_network: {
    label: "Virtual network",
    symbol: "◎",
    tone: "violet",
    fill: "#e4d9f5",
    ink: "#4c1d95",
    pattern: "route-virtual",
  },
  crisis_only: {
    label: "Crisis only",
    symbol: "!",
    tone: "amber",
    fill: "#fbe3b5",
    ink: "#7c2d12",
    pattern: "route-crisis",
  },
  not_possible: {
    label: "Not possible",
    symbol: "✕",
    tone: "bad",
    fill: "#f6d0cf",
    ink: "#7f1d1d",
    pattern: "route-not-possible",
  },
};

/**
 * The kind of a place's decision. `crisis` is the same place decided as a crisis session, when
 * known: a place that is not billable normally but is under the crisis exception is "crisis only".
 */
export function routeKind(decision: Decision, crisis?: Decision): RouteKind {
  if (decision.outcome === "billable") {
    switch (decision.basis) {
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
  return crisis?.outcome === "billable" && crisis.basis === "crisis" ? "crisis_only" : "not_possible";
}

/** Kinds from best to worst, to pick one colour for a state with several boxes. */
export function better(a: RouteKind, b: RouteKind): RouteKind {
  return ROUTE_KINDS.indexOf(a) <= ROUTE_KINDS.indexOf(b) ? a : b;
}

/** Shown for a state whose places get different answers (its map pattern is striped in two kinds). */
export const SPLIT_LABEL = "Split";

/** The id of the striped pattern of a state split between two kinds (best first). */
export const splitPatternId = (a: RouteKind, b: RouteKind): string => {
  const [first, second] = ROUTE_KINDS.indexOf(a) <= ROUTE_KINDS.indexOf(b) ? [a, b] : [b, a];
  return `route-split-${first}-${second}`;
};

/** Every pair of distinct kinds, best first: the split patterns to define. */
export const SPLIT_PAIRS: readonly (readonly [RouteKind, RouteKind])[] = ROUTE_KINDS.flatMap((a, i) =>
  ROUTE_KINDS.slice(i + 1).map((b) => [a, b] as const),
);
