/**
 * The engine's decision told for a provider: the answer, whom to bill, why, and what would fix it;
 * and a session's outlook (the server's preview or re-check) with the claim it would make.
 */
import type { ReactNode } from "react";
import type { ApiError } from "../api/client";
import type { ClaimPreview, Decision, Outlook } from "../api/types";
import { capitalise, formatAddress, stateName, withArticle } from "../lib/format";
import { useApp } from "../lib/app-context";
import { verdictOf } from "../lib/verdict";
import { Notice } from "./ui";

/** "Bill Anthem … (BlueCard, the local plan)" and friends: the answer in one line. */
export function decisionHeadline(d: Decision, payerName: (id: string) => string): string {
  const bill = d.billTo ? payerName(d.billTo) : "";
  switch (d.outcome) {
    case "billable":
      switch (d.basis) {
        case "in_network":
          return `Billable in network: bill ${bill}`;
        case "bluecard":
          return `Billable through BlueCard: bill ${bill}, the local Blue plan`;
        case "virtual_network":
          return `Billable through ${payerName(d.homePlan)}'s virtual network`;
        case "crisis":
          return `Billable under the crisis exception: bill ${bill}`;
        case null:
          return "Billable";
      }
      break;
    case "not_billable":
      return "This session cannot be billed";
    case "incomplete":
      return "More information is needed to decide";
  }
  return "";
}

/** Why a billable decision holds: the license and the credential it rests on. */
export function basisSentence(d: Decision, payerName: (id: string) => string): string | null {
  if (d.outcome !== "billable") return null;
  const parts: string[] = [];
  if (d.license)
    parts.push(`you hold ${withArticle(d.license.type)} license in ${stateName(d.license.state)}`);
  if (d.credential) {
    const network = d.credential.network === "virtual" ? "virtual network" : "network";
    parts.push(
      `you are credentialed with ${payerName(d.credential.payer)} (${network}) in ${stateName(d.credential.state)}`,
    );
  }
  if (parts.length === 0) return null;
  const text = parts.join(", and ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function Reasons({ decision }: { decision: Decision }) {
  if (decision.reasons.length === 0) return null;
  return (
    <ul className="reasons">
      {decision.reasons.map((r) => (
        <li key={r.code + r.message} className="reason">
          <p className="reason__why">
            <span className="visually-hidden">Why: </span>
            {r.message}
          </p>
          {r.fix ? (
            <p className="reason__fix">
              <strong>What would fix it:</strong> {r.fix}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function DecisionView({
  decision,
  live = false,
  title,
  children,
}: {
  decision: Decision;
  /** A preview that updates as the form changes (announced politely). */
  live?: boolean;
  title?: string;
  /** More about this decision, shown last (the claim it would make, the options). */
  children?: ReactNode;
}) {
  const { payerName } = useApp();
  const ok = decision.outcome === "billable";
  const basis = basisSentence(decision, payerName);
  return (
    <section
      className={`decision decision--${ok ? "good" : decision.outcome === "incomplete" ? "warn" : "bad"}`}
      aria-live={live ? "polite" : undefined}
      aria-label={title ?? "The engine's decision"}
    >
      <p className="decision__headline">
        <span aria-hidden="true" className="decision__icon">
          {ok ? "✓" : decision.outcome === "incomplete" ? "?" : "✕"}
        </span>
        {decisionHeadline(decision, payerName)}
      </p>
      {basis ? <p className="decision__basis">{basis}</p> : null}
      <Reasons decision={decision} />
      {decision.requirements.length > 0 ? (
        <div className="decision__list">
          <p>
            <strong>Required for this claim</strong>
          </p>
          <ul>
            {decision.requirements.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {decision.notes.length > 0 ? (
        <div className="decision__list decision__notes">
          <p>
            <strong>Good to know</strong>
          </p>
          <ul>
            {decision.notes.map((n) => (
              <li key={n.code + n.message}>{n.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
    </section>
  );
}

const BASIS_NAMES: Record<ClaimPreview["basis"], string> = {
  in_network: "in network",
  bluecard: "BlueCard",
  virtual_network: "virtual network",
  crisis: "crisis exception",
};

/** "bill Anthem (BlueCard), CPT 90837 with modifier 95, place of service 10." */
export function claimPreviewWords(c: ClaimPreview, payerName: (id: string) => string): string {
  const modifiers =
    c.modifiers.length === 0
      ? ""
      : ` with modifier${c.modifiers.length === 1 ? "" : "s"} ${c.modifiers.join(", ")}`;
  return `bill ${payerName(c.billTo)} (${BASIS_NAMES[c.basis]}), CPT ${c.cptCodes.join(" + ")}${modifiers}, place of service ${c.placeOfService}.`;
}

/**
 * A session's outlook: the decision behind it (or, when none could be made, why), the crisis
 * option when a documented crisis there would be billable, the claim confirming would make, and
 * `children` (options) last.
 */
export function OutlookView({
  outlook,
  claim,
  title,
  past = false,
  claimLead = "Confirming creates the claim:",
  showCrisis = true,
  whereLead,
  children,
}: {
  outlook: Outlook;
  claim?: ClaimPreview | null | undefined;
  title?: string;
  /** The session has started: told in the past tense where the words are ours. */
  past?: boolean;
  claimLead?: string;
  /** Say when a crisis session there would be billable (false: the caller offers it as an option). */
  showCrisis?: boolean;
  /** Say where the check placed the session, after these words ("Where the client is expected that day:"). */
  whereLead?: string;
  children?: ReactNode;
}) {
  const { payerName } = useApp();
  const verdict = verdictOf(outlook, past, payerName);
  const more = (
    <>
      {whereLead && outlook.location ? (
        <p className="decision__where">
          <strong>{whereLead}</strong> {formatAddress(outlook.location)}
        </p>
      ) : null}
      {verdict.crisis && showCrisis ? (
        <p className="decision__crisis">
          <span aria-hidden="true">⚑ </span>
          {verdict.crisis}
        </p>
      ) : null}
      {claim ? (
        <p className="decision__claim">
          <strong>{claimLead}</strong> {claimPreviewWords(claim, payerName)}
        </p>
      ) : null}
      {children}
    </>
  );
  if (outlook.decision) {
    return (
      <DecisionView decision={outlook.decision} {...(title ? { title } : {})}>
        {more}
      </DecisionView>
    );
  }
  return (
    <section className={`decision decision--${verdict.tone}`} aria-label={title ?? "The engine's decision"}>
      <p className="decision__headline">
        <span aria-hidden="true" className="decision__icon">
          {verdict.symbol}
        </span>
        {verdict.headline}
      </p>
      {verdict.reason ? <p className="reason__why">{verdict.reason}</p> : null}
      {verdict.fix ? (
        <p className="reason__fix">
          <strong>What would fix it:</strong> {verdict.fix}
        </p>
      ) : null}
      {more}
    </section>
  );
}

/** A preview's 400/409: what the request still needs before the server can answer, in its words. */
export function PreviewProblems({ error, lead }: { error: ApiError; lead: string }) {
  const messages = error.errors.length > 0 ? error.errors.map((e) => e.message) : [error.message];
  return (
    <Notice tone="warn" title={lead}>
      <ul>
        {[...new Set(messages)].map((m) => (
          <li key={m}>{capitalise(m)}</li>
        ))}
      </ul>
    </Notice>
  );
}
