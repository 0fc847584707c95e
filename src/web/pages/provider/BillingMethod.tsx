/**
 * The Billing method section of a client's page: one guidance box per state (each practice
 * location in person, each of the client's locations by video), saying in network / BlueCard via
 * which local plan / virtual network / crisis only / not possible, why, and what would fix it;
 * beside it the US map with the same states marked the same way.
 *
 * "Crisis only" needs a second question per refused place — would a crisis session there be
 * billable by exception? — which the public evaluate route answers from the provider's record.
 */
import { useMemo, useState } from "react";
import { api } from "../../api/endpoints";
import type {
  CaseInput,
  ClientDetail,
  Decision,
  GuidanceEntry,
  LocationInput,
  Provider,
  StateCode,
} from "../../api/types";
import { basisSentence } from "../../components/DecisionView";
import { LOCATION_KIND_NAMES } from "../../components/LocationForm";
import { routeMark, RouteSwatch, UsMap, type MarkedState } from "../../components/UsMap";
import { LoadError, Loading, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { formatAddress, formatDate, stateName, todayIso } from "../../lib/format";
import { better, ROUTE_STYLE, routeKind, type RouteKind } from "../../lib/routes";
import { useAsync } from "../../lib/useAsync";

export interface Box {
  readonly key: string;
  readonly entry: GuidanceEntry;
  readonly kind: RouteKind;
  /** The same place decided as a crisis session (for refused places). */
  readonly crisis: Decision | undefined;
  /** "In person at Midtown office" / "By video at Dorm, Columbia". */
  readonly where: string;
}

/** The engine's view of the provider, for evaluate cases. */
export function engineProvider(p: Provider): CaseInput["provider"] {
  return {
    licenses: p.licenses.map((l) => ({
      state: l.state,
      type: l.type,
      status: l.status,
      validFrom: l.validFrom,
      validTo: l.validTo,
      telehealthOnly: l.telehealthOnly,
      source: l.source,
      homeState: l.homeState,
    })),
    credentials: p.credentials.map((c) => ({
      payer: c.payer,
      state: c.state,
      network: c.network,
      status: c.status,
      effectiveFrom: c.effectiveFrom,
      effectiveTo: c.effectiveTo,
    })),
  };
}

export function engineCoverage(client: ClientDetail): CaseInput["client"]["coverage"] | undefined {
  const c = client.coverage;
  if (!c) return undefined;
  return {
    payer: c.payer,
    memberId: c.memberId,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
    ...(c.bluecard === null ? {} : { bluecard: c.bluecard }),
    ...(c.product === null ? {} : { product: c.product }),
  };
}

const samePlace = (a: LocationInput, b: { state: string; zip: string | null }) =>
  a.state === b.state && (a.zip ?? null) === (b.zip ?? null);

function whereOf(entry: GuidanceEntry, client: ClientDetail, provider: Provider): string {
  const p = entry.place;
  if (entry.modality === "in_person") {
    const office = provider.practiceLocations.find((o) => samePlace(p, o));
    return `In person at ${office?.label ?? "your practice"}`;
  }
  const loc = client.locations.find((l) => samePlace(p, l));
  const name = loc ? (loc.label ?? LOCATION_KIND_NAMES[loc.kind]) : "the client's location";
  return `By video, client at ${name}`;
}

async function loadBoxes(client: ClientDetail, provider: Provider, date: string): Promise<Box[]> {
  const entries = await api.billingMethod(client.id, date);
  const coverage = engineCoverage(client);
  // For each refused place: the same session as a crisis, with a stand-in street address (the
  // exception needs one; at confirmation the provider enters the real one).
  const refused = entries.filter((e) => e.decision.outcome !== "billable");
  const crisis =
    coverage && refused.length > 0
      ? await api.evaluate(
          refused.map((e) => ({
            provider: engineProvider(provider),
            client: { coverage },
            session: {
              date,
              modality: e.modality,
              crisis: true,
              clientLocation: { ...e.place, line1: e.place.line1 ?? "(exact address)" },
            },
          })),
        )
      : [];
  return entries.map((entry, i) => {
    const c = crisis[refused.indexOf(entry)];
    return {
      key: `${entry.modality}-${entry.place.state}-${entry.place.zip ?? ""}-${i}`,
      entry,
      kind: routeKind(entry.decision, c),
      crisis: c,
      where: whereOf(entry, client, provider),
    };
  });
}

/** The route in words: "BlueCard via Anthem Blue Cross Blue Shield (New York)". */
export function routeWords(box: Box, payerName: (id: string) => string): string {
  const d = box.entry.decision;
  switch (box.kind) {
    case "in_network":
      return `In network with ${payerName(d.billTo ?? d.homePlan)}`;
    case "bluecard":
      return `BlueCard via ${payerName(d.billTo ?? "")}`;
    case "virtual_network":
      return `${payerName(d.homePlan)} virtual network`;
    case "crisis_only":
      return "Crisis sessions only";
    case "not_possible":
      return d.outcome === "incomplete" ? "Not possible yet: details missing" : "Not possible";
  }
}

function GuidanceBox({
  box,
  active,
  onActivate,
}: {
  box: Box;
  active: boolean;
  onActivate: (state: StateCode | undefined) => void;
}) {
  const { payerName } = useApp();
  const d = box.entry.decision;
  const style = ROUTE_STYLE[box.kind];
  const state = box.entry.place.state;
  const basis = basisSentence(d, payerName);
  return (
    <article
      className={`box box--${style.tone}${active ? " box--active" : ""}`}
      id={`box-${box.key}`}
      tabIndex={-1}
      aria-labelledby={`${box.key}-title`}
      onMouseEnter={() => {
        onActivate(state);
      }}
      onMouseLeave={() => {
        onActivate(undefined);
      }}
      data-state={state}
      data-route={box.kind}
    >
      <header className="box__header">
        <h3 id={`${box.key}-title`}>{stateName(state)}</h3>
        <p className="box__where">
          {box.where}
          <span className="muted"> · {formatAddress(box.entry.place)}</span>
        </p>
      </header>
      <p className="box__route">
        <RouteSwatch kind={box.kind} />
        <Pill tone={style.tone} symbol={style.symbol}>
          {routeWords(box, payerName)}
        </Pill>
      </p>
      {d.outcome === "billable" ? (
        <dl className="box__facts">
          <div>
            <dt>Bill to</dt>
            <dd>{payerName(d.billTo ?? "")}</dd>
          </div>
          {basis ? (
            <div>
              <dt>Why</dt>
              <dd>{basis}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <dl className="box__facts">
          {d.reasons.map((r) => (
            <div key={r.code + r.message} className="box__reason">
              <dt>Why not</dt>
              <dd>{r.message}</dd>
              {r.fix ? (
                <>
                  <dt>What would fix it</dt>
                  <dd>{r.fix}</dd>
                </>
              ) : null}
            </div>
          ))}
          {box.kind === "crisis_only" && box.crisis ? (
            <div>
              <dt>In a crisis</dt>
              <dd>
                A crisis session here can be billed to {payerName(box.crisis.billTo ?? d.homePlan)} by
                exception: document the crisis and record the exact address where the client was.
              </dd>
            </div>
          ) : null}
        </dl>
      )}
      {d.notes.length > 0 ? (
        <details className="box__notes">
          <summary>Good to know</summary>
          <ul>
            {d.notes.map((n) => (
              <li key={n.code + n.message}>{n.message}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}

export function BillingMethod({ client, provider }: { client: ClientDetail; provider: Provider }) {
  const { payerName } = useApp();
  const date = todayIso();
  const boxes = useAsync(() => loadBoxes(client, provider, date), [client, provider, date]);
  const [active, setActive] = useState<StateCode>();

  const marked = useMemo(() => {
    const byState = new Map<StateCode, Box[]>();
    for (const b of boxes.data ?? []) {
      const list = byState.get(b.entry.place.state) ?? [];
      list.push(b);
      byState.set(b.entry.place.state, list);
    }
    const out = new Map<StateCode, MarkedState>();
    for (const [state, list] of byState) {
      // Where the client would be by video decides the state's colour; else the office.
      const video = list.filter((b) => b.entry.modality === "telehealth");
      const deciding = video.length > 0 ? video : list;
      const kind = deciding.map((b) => b.kind).reduce(better);
      out.set(state, {
        style: routeMark(kind),
        summary: list.map((b) => `${b.where}: ${routeWords(b, payerName)}`).join("; "),
      });
    }
    return out;
  }, [boxes.data, payerName]);

  const choose = (state: StateCode) => {
    const el = document.querySelector<HTMLElement>(`.box[data-state="${state}"]`);
    el?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    el?.focus({ preventScroll: true });
  };

  return (
    <section className="section" aria-labelledby="billing-method">
      <div className="section__header">
        <h2 id="billing-method">Billing method</h2>
        <p className="muted">
          Where you can see {client.name} on {formatDate(date)}, and whom to bill: one box per state, for your
          office and each place the client will be.
        </p>
      </div>
      {boxes.error ? <LoadError error={boxes.error} retry={boxes.reload} /> : null}
      {boxes.loading && !boxes.data ? <Loading what="Working out the billing method" /> : null}
      {boxes.data ? (
        <div className="billing">
          <div className="billing__boxes">
            {boxes.data.map((b) => (
              <GuidanceBox
                key={b.key}
                box={b}
                active={active === b.entry.place.state}
                onActivate={setActive}
              />
            ))}
          </div>
          <div className="billing__map">
            <UsMap
              marked={marked}
              active={active}
              onActivate={setActive}
              onChoose={choose}
              label={`Map of the billing method by state for ${client.name}`}
            />
            <ActiveSummary state={active} marked={marked} />
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** Under the map: the box of the state being hovered or focused, in short. */
function ActiveSummary({
  state,
  marked,
}: {
  state: StateCode | undefined;
  marked: ReadonlyMap<StateCode, MarkedState>;
}) {
  const m = state ? marked.get(state) : undefined;
  return (
    <p className="map__active" aria-live="polite">
      {state && m ? (
        <>
          <strong>{stateName(state)}:</strong> {m.summary}
        </>
      ) : (
        <span className="muted">Hover over or tab to a marked state to see its box.</span>
      )}
    </p>
  );
}
