/**
 * The Billing method section of a client's page, for a day the provider picks ("Can I see them
 * on…", by default the client's next scheduled session): one guidance box per state an
 * appointment could take place in. Every place the API judged is listed — each practice location
 * in person, each of the client's current locations by video — and a state whose places get
 * different answers says so plainly, place by place; beside the boxes, the US map marks each state
 * the same way (striped when its places disagree).
 *
 * Requests: the client's next scheduled session (one, `limit: 1`), then the places for the day.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../api/endpoints";
import type { ClientDetail, StateCode } from "../../api/types";
import { basisSentence } from "../../components/DecisionView";
import { TextField } from "../../components/Field";
import {
  mapHint,
  routeMark,
  RouteSwatch,
  splitMark,
  UsMap,
  useCoarsePointer,
  type MarkedState,
} from "../../components/UsMap";
import { LoadError, Loading, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import {
  dateRange,
  groupByState,
  isIsoDate,
  judgedWords,
  notesOf,
  quickPicks,
  routeWords,
  whereOf,
  type Answer,
  type StateGroup,
} from "../../lib/billing-places";
import { formatAddress, formatDate, stateName, todayIso } from "../../lib/format";
import { useLocation } from "../../lib/router";
import { ROUTE_STYLE } from "../../lib/routes";
import { useAsync } from "../../lib/useAsync";

function AnswerBlock({
  answer,
  chosen,
  today,
  single,
}: {
  answer: Answer;
  chosen: string;
  today: string;
  /** The state's only answer: its places are listed, the route follows. */
  single: boolean;
}) {
  const { payerName } = useApp();
  const d = answer.decision;
  const style = ROUTE_STYLE[answer.kind];
  const basis = basisSentence(d, payerName);
  const crisisBillTo = answer.places.find((v) => v.place.crisis?.billable)?.place.crisis?.decision.billTo;
  return (
    <div
      role="group"
      className={`answer answer--${style.tone}${single ? " answer--single" : ""}`}
      data-route={answer.kind}
      aria-label={answer.places.map((v) => whereOf(v)).join("; ")}
    >
      <ul className="answer__places">
        {answer.places.map((v) => {
          const s = v.place.source;
          const judged = judgedWords(v.place, chosen, today);
          return (
            <li key={v.key} data-place={s.kind} data-modality={v.place.modality}>
              <span className="answer__where">{whereOf(v)}</span>
              <span className="muted"> · {formatAddress(v.place.place)}</span>
              {s.kind === "temporary" && (s.startsOn || s.endsOn) ? (
                <span className="answer__trip"> · Trip {dateRange(s.startsOn, s.endsOn, today)}</span>
              ) : null}
              {judged ? <span className="answer__judged"> · {judged}</span> : null}
            </li>
          );
        })}
      </ul>
      <p className="box__route">
        <RouteSwatch kind={answer.kind} />
        <Pill tone={style.tone} symbol={style.symbol}>
          {routeWords(answer.kind, d, payerName)}
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
          {answer.crisisBillable ? (
            <div className="box__crisis">
              <dt>In a crisis</dt>
              <dd>
                A documented crisis session there would be billable
                {crisisBillTo ? ` (to ${payerName(crisisBillTo)}, by exception)` : ""}: document the crisis
                and record the exact address where the client was.
              </dd>
            </div>
          ) : null}
        </dl>
      )}
    </div>
  );
}

export function StateBox({
  group,
  active,
  chosen,
  today,
  onActivate,
}: {
  group: StateGroup;
  active: boolean;
  chosen: string;
  today: string;
  onActivate: (state: StateCode | undefined) => void;
}) {
  const notes = notesOf(group);
  const tone = group.split ? "split" : ROUTE_STYLE[group.kind].tone;
  const id = `box-${group.state}`;
  return (
    <article
      className={`box box--${tone}${active ? " box--active" : ""}`}
      id={id}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-sentence`}
      onMouseEnter={() => {
        onActivate(group.state);
      }}
      onMouseLeave={() => {
        onActivate(undefined);
      }}
      data-state={group.state}
      data-route={group.split ? "split" : group.kind}
      data-agree={group.agree ? "true" : "false"}
    >
      <header className="box__header">
        <h3 id={`${id}-title`}>{stateName(group.state)}</h3>
        <p className="box__sentence" id={`${id}-sentence`}>
          {group.sentence}
        </p>
      </header>
      {group.answers.map((a) => (
        <AnswerBlock key={a.key} answer={a} chosen={chosen} today={today} single={group.agree} />
      ))}
      {notes.length > 0 ? (
        <details className="box__notes">
          <summary>Good to know</summary>
          <ul>
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}

/** Sets `?date=` in the address without a navigation (no scroll, no new history entry). */
function rememberDate(date: string) {
  const params = new URLSearchParams(location.search);
  params.set("date", date);
  history.replaceState(history.state, "", `${location.pathname}?${params.toString()}${location.hash}`);
}

export function BillingMethod({ client }: { client: ClientDetail }) {
  const { payerName } = useApp();
  const today = todayIso();
  const { query } = useLocation();
  const asked = query.get("date");
  const urlDate = isIsoDate(asked) ? asked : null;
  const [picked, setPicked] = useState<string | null>(urlDate);
  useEffect(() => {
    if (urlDate) setPicked(urlDate);
  }, [urlDate]);

  const next = useAsync(
    () => api.sessions({ clientId: client.id, from: today, status: "scheduled", limit: 1 }),
    [client.id, today],
  );
  const nextDate = next.data?.[0]?.serviceDate ?? null;
  // Until the next session is known (or could not be), the default day waits.
  const date = picked ?? (next.data || next.error ? (nextDate ?? today) : null);
  const places = useAsync(
    () => (date ? api.billingMethod(client.id, date) : Promise.resolve(undefined)),
    [client, date],
  );
  const [active, setActive] = useState<StateCode>();
  const coarse = useCoarsePointer();

  const groups = useMemo(
    () => (places.data ? groupByState(places.data, payerName) : undefined),
    [places.data, payerName],
  );
  const marked = useMemo(() => {
    const out = new Map<StateCode, MarkedState>();
    for (const g of groups ?? []) {
      out.set(g.state, {
        style: g.split ? splitMark(g.split[0], g.split[1]) : routeMark(g.kind),
        summary: g.summary,
      });
    }
    return out;
  }, [groups]);

  const trips = client.locations.filter((l) => l.kind === "temporary" && !l.archivedAt);
  const picks = quickPicks(today, nextDate, trips);

  const choose = (d: string) => {
    if (!isIsoDate(d)) return;
    setPicked(d);
    rememberDate(d);
  };

  const goToBox = (state: StateCode) => {
    const el = document.getElementById(`box-${state}`);
    el?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    el?.focus({ preventScroll: true });
  };

  // Arriving from a link for a date ("Billing method for that date"): show the section once ready.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!urlDate || !groups || scrolled.current) return;
    scrolled.current = true;
    document.getElementById("billing-method")?.scrollIntoView({ block: "start" });
  }, [urlDate, groups]);

  const updating = places.loading && places.data !== undefined;
  return (
    <section className="section" aria-labelledby="billing-method" id="billing-method-section">
      <div className="section__header">
        <h2 id="billing-method">Billing method</h2>
        <p className="muted">
          Where you can see {client.name}
          {date ? ` on ${formatDate(date)}` : ""}, and whom to bill: one box per state, listing your practice
          locations (in person) and each place the client will be (by video).
        </p>
      </div>
      <div className="datepick" role="group" aria-labelledby="datepick-title">
        <p className="datepick__title" id="datepick-title">
          Pick the day
        </p>
        <TextField
          label="Can I see them on…"
          type="date"
          value={date ?? ""}
          onChange={choose}
          className="datepick__field"
          hint={
            nextDate
              ? `Their next session is on ${formatDate(nextDate)}.`
              : "No upcoming session is scheduled."
          }
        />
        <div className="datepick__quick" role="group" aria-label="Quick picks">
          {picks.map((p) => (
            <button
              key={p.date}
              type="button"
              className="button button--small"
              aria-pressed={p.date === date}
              onClick={() => {
                choose(p.date);
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {next.error ? <LoadError error={next.error} retry={next.reload} /> : null}
      {places.error ? <LoadError error={places.error} retry={places.reload} /> : null}
      {!groups && !places.error ? <Loading what="Working out the billing method" /> : null}
      {groups && groups.length === 0 ? (
        <p className="empty">No practice location or client location on file to judge.</p>
      ) : null}
      {groups && groups.length > 0 ? (
        <div className="billing" aria-busy={updating || undefined}>
          <div className="billing__boxes">
            {updating ? <Loading what="Updating for the new day" /> : null}
            {groups.map((g) => (
              <StateBox
                key={g.state}
                group={g}
                active={active === g.state}
                chosen={date ?? today}
                today={today}
                onActivate={setActive}
              />
            ))}
          </div>
          <div className="billing__map">
            <UsMap
              marked={marked}
              active={active}
              onActivate={setActive}
              onChoose={goToBox}
              label={`Map of the billing method by state for ${client.name}${date ? ` on ${formatDate(date)}` : ""}`}
            />
            <ActiveSummary state={active} marked={marked} hint={mapHint(coarse, "its box")} />
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** Under the map: the box of the state being hovered, tapped or focused, in short. */
function ActiveSummary({
  state,
  marked,
  hint,
}: {
  state: StateCode | undefined;
  marked: ReadonlyMap<StateCode, MarkedState>;
  hint: string;
}) {
  const m = state ? marked.get(state) : undefined;
  return (
    <p className="map__active" aria-live="polite">
      {state && m ? (
        <>
          <strong>{stateName(state)}:</strong> {m.summary}
        </>
      ) : (
        <span className="muted">{hint}</span>
      )}
    </p>
  );
}
