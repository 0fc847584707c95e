/**
 * A decision told as a person would tell it: where the session happens, what was checked in
 * the contract's order, which rule decided, and what would change the answer. Pure data; the
 * command line and the web app render it.
 */
import { stateName } from "../contract/states.js";
import { authorityReason, findAuthority, routeIn, routeReason } from "./decide.js";
import { inForce, type CaseInput, type Decision } from "./decision.js";
import type { Geography } from "./geography.js";
import { orList } from "./messages.js";

export type StepStatus = "pass" | "fail" | "open" | "skip" | "info";

export interface Step {
  readonly title: string;
  readonly status: StepStatus;
  readonly lines: readonly string[];
}

export interface Account {
  readonly headline: string;
  /** The rule that settled the outcome, in the contract's words. */
  readonly decidedBy: string;
  readonly steps: readonly Step[];
  /** What would change the answer (the fixes), then what the claim must carry. */
  readonly changes: readonly string[];
  readonly requirements: readonly string[];
  readonly notes: readonly string[];
}

const RULE_OF: Record<string, string> = {
  CLIENT_LOCATION_MISSING: "completeness: the client's location is required",
  LOCATION_MISMATCH: "completeness: the ZIP must lie in the state",
  UNKNOWN_PAYER: "completeness: the client's plan must be in the catalogue",
  ZIP_REQUIRED: "completeness: which Blue plan serves the exact place",
  COVERAGE_NOT_ACTIVE: "coverage must be in force on the session date",
  NOT_LICENSED: "rule 2: authority to practice where the client is",
  LICENSE_NOT_ACTIVE: "rule 2: the license must be in force and allow practice",
  TELEHEALTH_ONLY_AUTHORITY: "rule 2: telehealth-only privileges do not cover in-person sessions",
  PRIVILEGE_NOT_VALID:
    "rule 2a: a compact privilege holds only on an active home license, both states members",
  NOT_CREDENTIALED: "rule 3: credentialed with the client's plan where the client is",
  CREDENTIAL_NOT_ACTIVE: "rule 3: the credential must be active on the date",
  BLUECARD_NOT_AVAILABLE: "rule 6: the plan does not take part in BlueCard",
  CRISIS_ADDRESS_REQUIRED: "rule 9: the crisis exception needs the exact address",
};

const BASIS_RULE: Record<string, string> = {
  in_network:
    "rule 4/5: in network with the client's plan (13: FEP, the local plan; 14: its behavioral administrator)",
  bluecard: "rule 6: BlueCard through the local Blue plan",
  virtual_network: "rule 7: the home plan's virtual network",
  crisis: "rule 9: the crisis exception",
};

export function explain(c: CaseInput, d: Decision, geo: Geography): Account {
  const steps: Step[] = [];
  const loc = c.session.clientLocation;
  const plan = geo.payer(c.client.coverage.payer);
  const date = c.session.date;
  const modality = c.session.modality === "telehealth" ? "a video session" : "an in-person session";

  // Where.
  if (!loc) {
    steps.push({
      title: "Where the session happens",
      status: "fail",
      lines: ["No location given for the client."],
    });
  } else {
    const placed = geo.place(loc.state, loc.zip ?? undefined);
    const lines = [
      `${modality} on ${date}, with the client in ${stateName(loc.state)}${loc.zip ? ` (ZIP ${loc.zip})` : ""}.`,
    ];
    let status: StepStatus = "pass";
    if (placed.kind === "mismatch") {
      status = "fail";
      lines.push(`ZIP ${loc.zip ?? ""} does not lie in ${stateName(loc.state)}.`);
    } else if (placed.kind === "zip") {
      if (placed.counties.length > 0) lines.push(`The ZIP lies in ${orList(placed.counties)}.`);
      lines.push(localPlans(placed.zone.plans, geo));
    } else if (placed.zones.length > 1) {
      status = "info";
      lines.push(
        `${stateName(loc.state)} has ${placed.zones.length} Blue areas; without a ZIP the client could be in any of them.`,
      );
    } else if (placed.zones[0]) {
      lines.push(localPlans(placed.zones[0].plans, geo));
    }
    steps.push({ title: "Where the session happens", status, lines });
  }

  // Coverage.
  if (!plan) {
    steps.push({
      title: "The client's plan",
      status: "fail",
      lines: [`"${c.client.coverage.payer}" is not in the payer catalogue.`],
    });
  } else {
    const cov = c.client.coverage;
    const ok = inForce(date, cov.effectiveFrom, cov.effectiveTo);
    const kind =
      plan.kind === "bcbs"
        ? `a Blue plan serving ${plan.areaName ?? plan.states.join(", ")}`
        : "a national payer";
    const lines = [`${plan.name} (${plan.id}), ${kind}.`];
    if (cov.product != null) lines.push(`Product: ${PRODUCT_LABEL[cov.product]}.`);
    if (plan.kind === "bcbs") {
      if (cov.product === "fep")
        lines.push("Federal Employee Program: claims go to the Blue plan local where the client is.");
      else if (cov.bluecard !== undefined)
        lines.push(cov.bluecard ? "Takes part in BlueCard." : "Does not take part in BlueCard.");
      else if (cov.product != null)
        lines.push(
          ["hmo", "epo", "exchange", "medicaid"].includes(cov.product)
            ? "Covers out-of-area care only in emergencies: no BlueCard."
            : "Takes part in BlueCard.",
        );
      else
        lines.push("Product not recorded: taken as taking part in BlueCard (verify out-of-area benefits).");
    }
    if (plan.administrator)
      lines.push(
        `Behavioral health network run by ${geo.payer(plan.administrator)?.name ?? plan.administrator}: its credentials count as in network.`,
      );
    lines.push(ok ? `In force on ${date}.` : `Not in force on ${date}.`);
    steps.push({ title: "The client's plan", status: ok ? "pass" : "fail", lines });
  }

  const stoppedEarly =
    !loc ||
    !plan ||
    d.reasons.some((r) => r.code === "COVERAGE_NOT_ACTIVE" || r.code === "LOCATION_MISMATCH");
  if (loc && plan && !stoppedEarly) {
    const auth = findAuthority(c, loc.state, geo);
    const used = auth.license;
    const privilege =
      used?.source && used.source !== "state_board" && used.source !== "IMLC"
        ? ` (${used.source} privilege on your ${used.homeState ?? ""} home license; both states are members)`
        : used?.source === "IMLC"
          ? " (issued through the IMLC)"
          : "";
    steps.push(
      used
        ? {
            title: `Authority to practice in ${stateName(loc.state)}`,
            status: "pass",
            lines: [
              `${used.state} ${used.type}${privilege}, ${used.status}, ${range(used.validFrom, used.validTo)}.`,
            ],
          }
        : {
            title: `Authority to practice in ${stateName(loc.state)}`,
            status: "fail",
            lines: [authorityReason(auth, c, loc.state, geo)?.message ?? ""],
          },
    );

    const placed = geo.place(loc.state, loc.zip ?? undefined);
    const zone =
      placed.kind === "zip"
        ? placed.zone
        : placed.kind === "state" && placed.zones.length === 1
          ? placed.zones[0]
          : undefined;
    const route =
      placed.kind === "state" && placed.zones.length > 1 && plan.kind === "bcbs"
        ? undefined
        : routeIn(c, plan, loc.state, zone);
    const inArea = plan.kind === "bcbs" && zone?.plans.includes(plan.id);
    const title =
      plan.kind !== "bcbs"
        ? `Credentialed with ${plan.name} in ${loc.state}`
        : c.client.coverage.product === "fep"
          ? "Federal Employee Program: a credential with the local Blue plan"
          : inArea
            ? `Inside ${plan.name}'s area: in-network credential needed`
            : `Outside ${plan.name}'s area: virtual network, then BlueCard`;
    if (!route) {
      const zr = d.reasons.find((r) => r.code === "ZIP_REQUIRED");
      steps.push({
        title: "Credential route",
        status: zr ? "open" : d.outcome === "billable" ? "pass" : "fail",
        lines: [zr ? zr.message : "The answer is the same in every Blue area of the state."],
      });
    } else if (route.ok) {
      const cr = route.credential;
      steps.push({
        title,
        status: "pass",
        lines: [
          `${cr.network === "virtual" ? "Virtual-network" : "Standard"} credential with ${geo.payer(cr.payer)?.name ?? cr.payer} in ${cr.state}, active, ${range(cr.effectiveFrom, cr.effectiveTo)}.`,
        ],
      });
    } else {
      const counties = placed.kind === "zip" ? placed.counties : [];
      steps.push({
        title,
        status: "fail",
        lines: [routeReason(route, c, plan, loc.state, counties, geo).message],
      });
    }
  }

  const first = d.reasons[0];
  // A crisis that lacks only the street address: the exception applies, and the address is the
  // one thing to enter (licensing and credentialing would not change the answer).
  const addressOnly = first?.code === "CRISIS_ADDRESS_REQUIRED";
  if (c.session.crisis === true) {
    const [status, line]: [StepStatus, string] =
      d.basis === "crisis"
        ? ["pass", "The normal rules deny this session; it is billed under the crisis exception."]
        : d.outcome === "billable"
          ? ["pass", "Billable under the normal rules, with crisis codes."]
          : addressOnly
            ? [
                "open",
                "The crisis exception applies: the normal rules deny this session, and your credential with the client's plan carries it. It needs the exact street address where the client was.",
              ]
            : c.session.modality === "in_person"
              ? ["fail", "The crisis exception does not apply: it is for telehealth sessions only."]
              : ["fail", "The crisis exception does not apply."];
    steps.push({ title: "Crisis session", status, lines: [line] });
  }

  const headline =
    d.outcome === "billable"
      ? `Billable: bill ${geo.payer(d.billTo ?? "")?.name ?? d.billTo ?? ""}${d.basis === "bluecard" ? ` (BlueCard, for the client's ${plan?.name ?? d.homePlan} plan)` : ""}.`
      : d.outcome === "incomplete"
        ? `Cannot decide yet: ${first?.message ?? "information is missing."}`
        : `Not billable: ${first?.message ?? ""}`;
  const decidedBy =
    d.outcome === "billable" ? (BASIS_RULE[d.basis ?? ""] ?? "") : (RULE_OF[first?.code ?? ""] ?? "");

  return {
    headline,
    decidedBy,
    steps,
    changes: addressOnly && first.fix ? [first.fix] : d.reasons.flatMap((r) => (r.fix ? [r.fix] : [])),
    requirements: d.requirements.map((r) => r.message),
    notes: d.notes.map((n) => n.message),
  };
}

const PRODUCT_LABEL: Record<NonNullable<CaseInput["client"]["coverage"]["product"]>, string> = {
  ppo: "PPO",
  pos: "POS",
  hmo: "HMO",
  epo: "EPO",
  exchange: "exchange (marketplace) plan",
  medicaid: "Medicaid",
  medicare_advantage: "Medicare Advantage",
  fep: "Federal Employee Program (FEP)",
};

function localPlans(plans: readonly string[], geo: Geography): string {
  if (plans.length === 0) return "No Blue plan serves this place.";
  const names = plans.map((p) => `${geo.payer(p)?.name ?? p} (${p})`);
  return plans.length === 1
    ? `Local Blue plan: ${names[0] ?? ""}.`
    : `Local Blue plans: ${names.join(" and ")}.`;
}

function range(from: string | null | undefined, to: string | null | undefined): string {
  if (from == null && to == null) return "no end date";
  return `${from ?? "…"} to ${to ?? "no end date"}`;
}
