/**
 * Eligibility answers as the client page shows them (pure): each check's status as a pill, why
 * it was asked, and the costs of an outpatient mental health visit line by line. The sentence
 * itself ("Active PPO, mental health in network: $30 co-pay …") is the server's `summary`.
 */
import type { EligibilityCheckBody } from "../../contract/api/index";
import type { Tone } from "../components/ui";

export type EligibilityCheck = EligibilityCheckBody;

export const STATUS_VIEW: Readonly<
  Record<EligibilityCheck["status"], { readonly label: string; readonly tone: Tone; readonly symbol: string }>
> = {
  queued: { label: "Waiting to be sent", tone: "neutral", symbol: "…" },
  pending: { label: "Asked, no answer yet", tone: "blue", symbol: "…" },
  active: { label: "Active", tone: "good", symbol: "✓" },
  inactive: { label: "Inactive", tone: "bad", symbol: "✕" },
  rejected: { label: "Payer refused", tone: "bad", symbol: "!" },
  unknown: { label: "Unclear answer", tone: "amber", symbol: "?" },
  error: { label: "Not sent", tone: "amber", symbol: "!" },
};

export const REASON_WORDS: Readonly<Record<EligibilityCheck["reason"], string>> = {
  manual: "Verify coverage",
  coverage_changed: "Coverage changed",
  first_session: "Before the first session",
  monthly: "Monthly check",
};

/** The sentence for a check: the payer's answer in words, or where it stands. */
export function headline(c: EligibilityCheck): string {
  if (c.summary) return c.summary;
  if (c.status === "error") return `Could not be sent: ${c.error ?? "unknown reason"}`;
  if (c.status === "pending") return "Sent to the payer; the answer will show here when it comes.";
  return "Waiting to be sent to the payer.";
}

const money = (cents: number): string =>
  `$${(cents / 100).toLocaleString("en-US", {
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  })}`;

const NETWORK_WORDS = {
  in: "In network",
  out: "Out of network",
  both: "In and out of network",
  unknown: "Network not said",
};

/** One line per cost the payer gave ("In network: $30 co-pay per visit"), in and out of network. */
export function benefitLines(c: EligibilityCheck): string[] {
  const out: string[] = [];
  for (const b of c.answer?.benefits ?? []) {
    const amount =
      b.amountCents !== null ? money(b.amountCents) : b.percent !== null ? `${b.percent}%` : null;
    if (amount === null) continue;
    const what =
      b.kind === "copay"
        ? "co-pay"
        : b.kind === "coinsurance"
          ? "co-insurance"
          : b.kind === "deductible"
            ? b.period === "29"
              ? "deductible left"
              : "deductible a year"
            : "out-of-pocket maximum";
    const level = b.coverageLevel === "FAM" ? " (family)" : "";
    out.push(`${NETWORK_WORDS[b.network]}: ${amount} ${what}${level}`);
  }
  return out;
}

/** The plan as the payer names it: "BLUE OPTIONS PPO · group 0087654 (RESEARCH TRIANGLE SOFTWARE INC)". */
export function planLine(c: EligibilityCheck): string | null {
  const a = c.answer;
  if (!a) return null;
  const parts = [
    a.planName,
    a.groupNumber ? `group ${a.groupNumber}${a.groupName ? ` (${a.groupName})` : ""}` : null,
  ];
  const text = parts.filter((p): p is string => Boolean(p)).join(" · ");
  return text || null;
}
