/** Claims with the payer billed, the route, the codes and the status; shared by providers and operations. */
import type { Basis, Claim, ClaimStatus } from "../api/types";
import { useApp } from "../lib/app-context";
import { formatAddress, formatDate, formatInstant } from "../lib/format";
import { ROUTE_STYLE } from "../lib/routes";
import { Pill, type Tone } from "./ui";

const ROUTES: Record<Basis, { label: string; tone: Tone; symbol: string }> = {
  in_network: {
    label: "In network",
    tone: ROUTE_STYLE.in_network.tone,
    symbol: ROUTE_STYLE.in_network.symbol,
  },
  bluecard: { label: "BlueCard", tone: ROUTE_STYLE.bluecard.tone, symbol: ROUTE_STYLE.bluecard.symbol },
  virtual_network: {
    label: "Virtual network",
    tone: ROUTE_STYLE.virtual_network.tone,
    symbol: ROUTE_STYLE.virtual_network.symbol,
  },
  crisis: { label: "Crisis exception", tone: "amber", symbol: "!" },
};

const STATUS: Record<ClaimStatus, { label: string; tone: Tone }> = {
  pending: { label: "On hold", tone: "amber" },
  ready: { label: "Ready to export", tone: "good" },
  exported: { label: "Exported", tone: "neutral" },
};

export function ClaimsTable({
  claims,
  clientOf,
  caption,
}: {
  claims: readonly Claim[];
  /** The client's name for a claim's session, when known. */
  clientOf: (sessionId: string) => string | undefined;
  caption: string;
}) {
  const { payerName } = useApp();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Service date</th>
            <th scope="col">Client</th>
            <th scope="col">Payer billed</th>
            <th scope="col">Route</th>
            <th scope="col">Codes</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {claims.map((c) => {
            const route = ROUTES[c.basis];
            const status = STATUS[c.status];
            return (
              <tr key={c.id}>
                <td data-label="Service date">{formatDate(c.serviceDate)}</td>
                <th scope="row" data-label="Client">
                  {clientOf(c.sessionId) ?? <span className="muted">—</span>}
                  {c.memberId ? <span className="block small muted">Member {c.memberId}</span> : null}
                </th>
                <td data-label="Payer billed">
                  {payerName(c.billTo)}
                  {c.homePlan !== c.billTo ? (
                    <span className="block small muted">Home plan: {payerName(c.homePlan)}</span>
                  ) : null}
                </td>
                <td data-label="Route">
                  <Pill tone={route.tone} symbol={route.symbol}>
                    {route.label}
                  </Pill>
                  <span className="block small muted">{formatAddress(c.serviceLocation)}</span>
                </td>
                <td data-label="Codes">
                  <span className="codes">
                    {c.cptCodes.join(" + ")}
                    {c.modifiers.length > 0 ? `-${c.modifiers.join("-")}` : ""}
                  </span>
                  <span className="block small muted">POS {c.placeOfService}</span>
                </td>
                <td data-label="Status">
                  <Pill tone={status.tone}>{status.label}</Pill>
                  {c.status === "pending" ? (
                    <span className="block small muted">Ready {formatInstant(c.readyAt)}</span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
