/**
 * Operations: what payers paid (X12 835 remittances), by payer, check/EFT number and date, each
 * with totals that balance (the payment equals the claim payments minus the provider-level
 * adjustments) or a flag; one remittance with each claim and service line and every adjustment
 * in words ("CO-45 Charge exceeds fee schedule…: $55.00"); and the payments that match no claim
 * of ours, kept for operations. Sandbox remittances say so.
 */
import { useState, type SubmitEvent } from "react";
import { api } from "../../api/endpoints";
import type { ClaimPayment, Remittance } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { TextField } from "../../components/Field";
import { Empty, LoadError, Loading, Notice, PageHeader, Pill, MorePages } from "../../components/ui";
import { formatDate, plural } from "../../lib/format";
import { balanceLine, balances, money, OUTCOME_STYLE, remittanceQuery } from "../../lib/remittance";
import { Link } from "../../lib/router";
import { useAsync } from "../../lib/useAsync";
import { usePages } from "../../lib/usePages";

export function SandboxLabel() {
  return (
    <Pill tone="violet" symbol="⚗">
      Sandbox clearinghouse
    </Pill>
  );
}

function BalancePill({ remittance }: { remittance: Remittance }) {
  return balances(remittance) ? (
    <Pill tone="good" symbol="✓">
      Balanced
    </Pill>
  ) : (
    <Pill tone="bad" symbol="!">
      Does not balance
    </Pill>
  );
}

function OutcomePill({ outcome }: { outcome: ClaimPayment["outcome"] }) {
  const s = OUTCOME_STYLE[outcome];
  return (
    <Pill tone={s.tone} symbol={s.symbol}>
      {s.label}
    </Pill>
  );
}

const EMPTY_FILTER = { payer: "", from: "", to: "", checkNumber: "" };

/** Remittances a page, newest first; more on request. */
const PAGE = 100;

export function RemittancesPage() {
  const [draft, setDraft] = useState(EMPTY_FILTER);
  const [filter, setFilter] = useState(EMPTY_FILTER);
  const list = usePages(
    (cursor) => api.remittances({ ...remittanceQuery(filter), limit: PAGE, cursor }),
    [filter],
  );
  const unmatched = useAsync(() => api.claimPayments({ unmatched: true }), []);
  const set = (k: keyof typeof draft) => (value: string) => {
    setDraft((old) => ({ ...old, [k]: value }));
  };
  const search = (e: SubmitEvent) => {
    e.preventDefault();
    setFilter(draft);
  };
  return (
    <>
      <PageHeader
        title="Remittances"
        lead="What payers paid, adjusted and denied (835 remittance advice), posted against the claims. A remittance whose payment is not its claim payments minus the provider-level adjustments is refused and flagged, never posted."
        actions={<Link to="/denials">Denials queue</Link>}
      />
      <section className="section" aria-labelledby="remittance-list">
        <h2 id="remittance-list">Payments</h2>
        <form className="card filters form" onSubmit={search} aria-label="Find remittances">
          <div className="form__row">
            <TextField label="Payer (name or id)" value={draft.payer} onChange={set("payer")} />
            <TextField label="Check or EFT number" value={draft.checkNumber} onChange={set("checkNumber")} />
            <TextField label="Paid from" type="date" value={draft.from} onChange={set("from")} />
            <TextField label="Paid to" type="date" value={draft.to} onChange={set("to")} />
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              Find
            </button>
          </div>
        </form>
        {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
        {!list.items && !list.error ? <Loading what="Loading remittances" /> : null}
        {list.items ? (
          <DataTable
            rows={list.items}
            rowKey={(r) => r.id}
            caption="Remittances"
            rowData={(r) => ({ "data-remittance": r.id })}
            empty={<Empty>No remittances{filter === EMPTY_FILTER ? " yet" : " match"}.</Empty>}
            columns={[
              {
                header: "Payer",
                rowHeader: true,
                cell: (r) => (
                  <>
                    <Link to={`/remittances/${r.id}`}>{r.payerName}</Link>{" "}
                    <span className="muted">({r.payerId})</span>
                    {r.sandbox ? (
                      <>
                        {" "}
                        <SandboxLabel />
                      </>
                    ) : null}
                  </>
                ),
              },
              { header: "Check / EFT", cell: (r) => `${r.methodText} ${r.checkNumber}` },
              { header: "Paid on", cell: (r) => formatDate(r.paidOn) },
              { header: "Payment", cell: (r) => money(r.totalCents) },
              {
                header: "Claims",
                cell: (r) =>
                  `${plural(r.claimCount, "claim")}${r.unmatchedCount > 0 ? `, ${r.unmatchedCount} unmatched` : ""}`,
              },
              { header: "Totals", cell: (r) => <BalancePill remittance={r} /> },
            ]}
          />
        ) : null}
        {list.items ? <MorePages pages={list} label={`Show ${PAGE} more remittances`} /> : null}
      </section>
      <section className="section" aria-labelledby="unmatched-payments">
        <h2 id="unmatched-payments">Payments that match no claim</h2>
        <p className="muted">
          Kept as the payer sent them: the patient control number (CLP01) names no claim of ours. Check the
          number with the payer.
        </p>
        {unmatched.error ? <LoadError error={unmatched.error} retry={unmatched.reload} /> : null}
        {unmatched.data ? (
          <DataTable
            rows={unmatched.data}
            rowKey={(p) => p.id}
            caption="Unmatched payments"
            empty={<Empty>Every payment matched its claim.</Empty>}
            columns={[
              { header: "Claim number", rowHeader: true, cell: (p) => p.patientControlNumber },
              { header: "Patient", cell: (p) => `${p.patientName}${p.memberId ? ` (${p.memberId})` : ""}` },
              {
                header: "Payer",
                cell: (p) => (
                  <Link to={`/remittances/${p.remittanceId}`}>
                    {p.payerName} {p.checkNumber}
                  </Link>
                ),
              },
              { header: "Charge", cell: (p) => money(p.chargeCents) },
              { header: "Paid", cell: (p) => money(p.paidCents) },
              { header: "Outcome", cell: (p) => <OutcomePill outcome={p.outcome} /> },
            ]}
          />
        ) : null}
      </section>
    </>
  );
}

export function RemittanceDetailPage({ id }: { id: string }) {
  const detail = useAsync(() => api.remittance(id), [id]);
  if (detail.error)
    return (
      <>
        <PageHeader title="Remittance" />
        <LoadError error={detail.error} retry={detail.reload} />
      </>
    );
  if (!detail.data) return <Loading what="Loading the remittance" />;
  const { remittance: r, claims } = detail.data;
  return (
    <>
      <PageHeader
        title={`${r.payerName} · ${r.methodText} ${r.checkNumber}`}
        lead={`Paid ${formatDate(r.paidOn)} to ${r.payeeName || "the practice"}${r.payeeNpi ? ` (NPI ${r.payeeNpi})` : ""}, from ${r.fileName}.`}
        actions={<Link to="/remittances">All remittances</Link>}
      />
      {r.sandbox ? (
        <Notice tone="info" title={<SandboxLabel />}>
          <p>Made-up answers from the sandbox clearinghouse, not a payer&apos;s.</p>
        </Notice>
      ) : null}
      <section className="section card" aria-labelledby="totals">
        <h2 id="totals">Totals</h2>
        <p>
          <strong>Payment {money(r.totalCents)}</strong> <BalancePill remittance={r} />
        </p>
        <p>{balanceLine(r)}</p>
        {r.providerAdjustments.length > 0 ? (
          <ul>
            {r.providerAdjustments.map((a, i) => (
              <li key={i}>
                Provider-level adjustment {a.reason}
                {a.reference ? ` (${a.reference})` : ""}: {money(a.amountCents)}
                {a.amountCents < 0 ? " added to the payment" : " held back"}
              </li>
            ))}
          </ul>
        ) : null}
        {r.problems.length > 0 ? (
          <Notice tone="bad" title="Problems">
            <ul>
              {r.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
      </section>
      <section className="section" aria-labelledby="claims-paid">
        <h2 id="claims-paid">{plural(claims.length, "claim")}</h2>
        {claims.map((c) => (
          <ClaimPaymentCard key={c.id} payment={c} />
        ))}
      </section>
    </>
  );
}

function ClaimPaymentCard({ payment: c }: { payment: ClaimPayment }) {
  const headingId = `claim-payment-${c.id}`;
  return (
    <article className="card section" aria-labelledby={headingId} data-claim-payment={c.patientControlNumber}>
      <h3 id={headingId}>
        Claim {c.patientControlNumber} <OutcomePill outcome={c.outcome} />
        {c.claimId === null ? (
          <>
            {" "}
            <Pill tone="amber" symbol="?">
              Matches no claim
            </Pill>
          </>
        ) : null}
      </h3>
      <p>
        {c.patientName}
        {c.memberId ? ` (member ${c.memberId})` : ""} · {c.status} · payer&apos;s claim number{" "}
        {c.payerControlNumber ?? "—"}
      </p>
      <p>
        Charged {money(c.chargeCents)}, paid <strong>{money(c.paidCents)}</strong>
        {c.patientResponsibilityCents > 0 ? `, the client owes ${money(c.patientResponsibilityCents)}` : ""}.
      </p>
      {c.adjustments.length > 0 ? (
        <ul aria-label="Claim adjustments">
          {c.adjustments.map((a, i) => (
            <li key={i}>{a.text}</li>
          ))}
        </ul>
      ) : null}
      {c.remarks.length > 0 ? (
        <ul aria-label="Remarks">
          {c.remarks.map((m) => (
            <li key={m.code}>
              {m.code} {m.text ?? "(remark code not in the list)"}
            </li>
          ))}
        </ul>
      ) : null}
      <DataTable
        rows={c.lines}
        rowKey={(l) => `${l.procedure}-${l.serviceDate ?? ""}-${c.lines.indexOf(l)}`}
        caption={`Service lines of claim ${c.patientControlNumber}`}
        columns={[
          {
            header: "Service",
            rowHeader: true,
            cell: (l) => [l.procedure, ...l.modifiers].join("-"),
          },
          { header: "Date", cell: (l) => formatDate(l.serviceDate) },
          { header: "Charge", cell: (l) => money(l.chargeCents) },
          { header: "Allowed", cell: (l) => (l.allowedCents === null ? "—" : money(l.allowedCents)) },
          { header: "Paid", cell: (l) => money(l.paidCents) },
          {
            header: "Adjustments",
            cell: (l) =>
              l.adjustments.length === 0 && l.remarks.length === 0 ? (
                "—"
              ) : (
                <ul className="plain">
                  {l.adjustments.map((a, i) => (
                    <li key={i}>{a.text}</li>
                  ))}
                  {l.remarks.map((m) => (
                    <li key={m.code}>
                      {m.code} {m.text ?? "(remark code not in the list)"}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </article>
  );
}
