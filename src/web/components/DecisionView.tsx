/** The engine's decision told for a provider: the answer, whom to bill, why, and what would fix it. */
import type { Decision } from "../api/types";
import { stateName, withArticle } from "../lib/format";
import { useApp } from "../lib/app-context";

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
}: {
  decision: Decision;
  /** A preview that updates as the form changes (announced politely). */
  live?: boolean;
  title?: string;
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
    </section>
  );
}
