/**
 * The Eligibility section of a client's page: "Verify coverage" asks the payer now (a 270 through
 * the clearinghouse; the server waits a few seconds for the 271), and the latest answer reads in
 * words — "Active PPO, mental health in network: $30 co-pay; deductible $400 of $1,500 left",
 * "Inactive since 2026-10-31", "Behavioral health is handled by Optum: bill them" — with the date
 * checked, the plan, the costs line by line, and the earlier checks below. Answers made up by the
 * sandbox clearinghouse carry its label. Requests: the history on load, one POST per click.
 */
import { useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/client";
import {
  STATUS_VIEW,
  REASON_WORDS,
  benefitLines,
  headline,
  planLine,
  type EligibilityCheck,
} from "../lib/eligibility";
import { formatInstant } from "../lib/format";
import { useAsync } from "../lib/useAsync";
import { LoadError, Loading, Notice, Pill } from "./ui";

function SandboxLabel() {
  return (
    <Pill tone="violet" symbol="⚗">
      Sandbox clearinghouse
    </Pill>
  );
}

function StatusPill({ check }: { check: EligibilityCheck }) {
  const v = STATUS_VIEW[check.status];
  return (
    <Pill tone={v.tone} symbol={v.symbol}>
      {v.label}
    </Pill>
  );
}

function Latest({ check }: { check: EligibilityCheck }) {
  const lines = benefitLines(check);
  const plan = planLine(check);
  const carveOut = check.answer?.carveOut;
  const tone =
    check.status === "active"
      ? "good"
      : check.status === "queued" || check.status === "pending"
        ? "info"
        : "bad";
  return (
    <Notice tone={tone} role="status" title={headline(check)}>
      <p className="eligibility__meta">
        <StatusPill check={check} /> {check.sandbox ? <SandboxLabel /> : null}{" "}
        <span>
          Checked {formatInstant(check.answeredAt ?? check.requestedAt)}
          {check.requestedBy ? ` by ${check.requestedBy}` : ""}
        </span>
      </p>
      {plan ? <p className="eligibility__plan">{plan}</p> : null}
      {carveOut ? (
        <p>
          Bill {carveOut.name}
          {carveOut.id ? ` (payer ID ${carveOut.id})` : ""}
          {carveOut.phone ? `, phone ${carveOut.phone}` : ""} for behavioral health.
        </p>
      ) : null}
      {lines.length > 0 ? (
        <ul className="eligibility__costs" aria-label="Outpatient mental health costs">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
      {check.answerUrl ? (
        <p>
          <a href={check.answerUrl} download>
            The payer&apos;s answer as received (271)
          </a>
        </p>
      ) : null}
    </Notice>
  );
}

export function EligibilityPanel({ clientId, onVerified }: { clientId: string; onVerified?: () => void }) {
  const history = useAsync(() => api.eligibility(clientId), [clientId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.verifyCoverage(clientId);
      history.reload();
      onVerified?.();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const checks = history.data ?? [];
  const [latest, ...earlier] = checks;
  return (
    <section className="section eligibility" aria-labelledby="eligibility">
      <div className="section__header section__header--row">
        <div>
          <h2 id="eligibility">Eligibility</h2>
          <p>
            What the payer says about this coverage: active or not, the plan, and what a therapy visit costs.
          </p>
        </div>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void verify()}
          disabled={busy}
        >
          {busy ? "Asking the payer…" : "Verify coverage"}
        </button>
      </div>
      {error ? (
        <Notice tone="bad" role="alert" title="The coverage could not be verified">
          {error.errors.length > 0 ? (
            <ul>
              {error.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>{e.message}</li>
              ))}
            </ul>
          ) : (
            <p>{error.message}</p>
          )}
        </Notice>
      ) : null}
      {history.error ? <LoadError error={history.error} retry={history.reload} /> : null}
      {!history.data && !history.error ? <Loading what="Loading the eligibility checks" /> : null}
      {history.data && !latest ? <p>Not verified yet.</p> : null}
      {latest ? <Latest check={latest} /> : null}
      {earlier.length > 0 ? (
        <details className="eligibility__history">
          <summary>Earlier checks ({earlier.length})</summary>
          <ul>
            {earlier.map((c) => (
              <li key={c.id}>
                <StatusPill check={c} /> {formatInstant(c.answeredAt ?? c.requestedAt)} ·{" "}
                {REASON_WORDS[c.reason]}: {headline(c)} {c.sandbox ? <SandboxLabel /> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
