/**
 * The payer catalogue and the BCBS map, read-only with sources: national payers, and each Blue
 * plan's service area (whole states, counties, ZIP codes) with its confidence. The map shows
 * where one Blue plan is local and where several are; choosing a plan shows its area.
 */
import { useMemo, useState } from "react";
import type { AreaEntry, Confidence, Payer, StateCode } from "../../api/types";
import { AREA_MARKS, UsMap, type MarkedState } from "../../components/UsMap";
import { SelectField } from "../../components/Field";
import { Loading, PageHeader, Pill, type Tone } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { plural, stateName } from "../../lib/format";

const CONFIDENCE: Record<Confidence, { tone: Tone; label: string }> = {
  sourced: { tone: "good", label: "Sourced" },
  common: { tone: "blue", label: "Commonly published" },
  approximate: { tone: "amber", label: "Approximate" },
};

function ConfidencePill({ c }: { c: Confidence }) {
  return <Pill tone={CONFIDENCE[c].tone}>{CONFIDENCE[c].label}</Pill>;
}

const whole = (e: AreaEntry) => !e.counties && !e.zips && !e.exceptCounties && !e.exceptZips;

function describe(e: AreaEntry): string {
  if (e.counties) return `${plural(e.counties.length, "county", "counties")}: ${e.counties.join(", ")}`;
  if (e.zips) return `${plural(e.zips.length, "ZIP code")}: ${e.zips.join(", ")}`;
  const except = [...(e.exceptCounties ?? []), ...(e.exceptZips ?? []).map((z) => `ZIP ${z}`)];
  return except.length > 0 ? `The whole state except ${except.join(", ")}` : "The whole state";
}

function Sources({ urls }: { urls: readonly string[] }) {
  if (urls.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="sources">
      {urls.map((u) => (
        <li key={u}>
          <a href={u} target="_blank" rel="noreferrer noopener">
            {new URL(u).hostname.replace(/^www\./, "")}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function PlanArea({ plan }: { plan: Payer }) {
  return (
    <div className="plan-area">
      <h3>{plan.name}</h3>
      <p className="muted">
        {plan.areaName ? `Local in ${plan.areaName}. ` : ""}
        {plan.mark === "blue-cross"
          ? "Blue Cross mark only. "
          : plan.mark === "blue-shield"
            ? "Blue Shield mark only. "
            : ""}
        <ConfidencePill c={plan.confidence} />
      </p>
      <table className="table">
        <caption className="visually-hidden">Service area of {plan.name}</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Area</th>
            <th scope="col">Confidence</th>
          </tr>
        </thead>
        <tbody>
          {(plan.area ?? []).map((e, i) => (
            <tr key={`${e.state}-${i}`}>
              <th scope="row">{stateName(e.state)}</th>
              <td>
                {describe(e)}
                {e.note ? <span className="block small muted">{e.note}</span> : null}
              </td>
              <td>
                <ConfidencePill c={e.confidence ?? plan.confidence} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">
        <strong>Sources:</strong>
      </p>
      <Sources urls={plan.source} />
      {plan.notes ? <p className="small muted">{plan.notes}</p> : null}
    </div>
  );
}

export function PayersPage() {
  const { catalogue } = useApp();
  const [planId, setPlanId] = useState("");
  const [active, setActive] = useState<StateCode>();

  const blue = useMemo(
    () =>
      (catalogue?.payers ?? []).filter((p) => p.kind === "bcbs").sort((a, b) => a.name.localeCompare(b.name)),
    [catalogue],
  );
  const national = (catalogue?.payers ?? []).filter((p) => p.kind === "national");
  const plan = blue.find((p) => p.id === planId);

  const marked = useMemo(() => {
    const out = new Map<StateCode, MarkedState>();
    if (plan) {
      for (const e of plan.area ?? []) {
        const prev = out.get(e.state);
        const isWhole = whole(e) && !prev;
        out.set(e.state, {
          style: isWhole ? AREA_MARKS.whole : AREA_MARKS.part,
          summary: `${plan.name}: ${describe(e)}`,
        });
      }
      return out;
    }
    const plansIn = new Map<StateCode, string[]>();
    for (const p of blue) for (const s of p.states) plansIn.set(s, [...(plansIn.get(s) ?? []), p.name]);
    for (const [state, names] of plansIn) {
      out.set(state, {
        style: names.length > 1 ? AREA_MARKS.several : AREA_MARKS.one,
        summary: names.join("; "),
      });
    }
    return out;
  }, [plan, blue]);

  if (!catalogue) return <Loading what="Loading the payer catalogue" />;
  const activeSummary = active ? marked.get(active)?.summary : undefined;

  return (
    <>
      <PageHeader
        title="Payers & BCBS map"
        lead={`${plural(national.length, "national payer")} and ${plural(blue.length, "Blue plan")}, each with its sources. Read-only: the catalogue is edited in src/reference/data/payers.json.`}
      />
      <section className="section" aria-labelledby="bcbs-map">
        <div className="section__header">
          <h2 id="bcbs-map">BCBS map</h2>
          <p className="muted">
            Each Blue plan is local in its own area. Outside it, BlueCard sends claims to the plan local where
            the client is.
          </p>
        </div>
        <SelectField
          className="field--narrow"
          label="Show a plan's area"
          value={planId}
          onChange={setPlanId}
          options={[
            { value: "", label: "All Blue plans: how many are local in each state" },
            ...blue.map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <div className="billing">
          <div className="billing__map billing__map--wide">
            <UsMap
              marked={marked}
              active={active}
              onActivate={setActive}
              label={
                plan
                  ? `Map of the service area of ${plan.name}`
                  : "Map of the number of Blue plans local in each state"
              }
            />
            <p className="map__active" aria-live="polite">
              {active && activeSummary ? (
                <>
                  <strong>{stateName(active)}:</strong> {activeSummary}
                </>
              ) : (
                <span className="muted">Hover over or tab to a state to see its plans.</span>
              )}
            </p>
          </div>
          <div className="billing__boxes">
            {plan ? (
              <PlanArea plan={plan} />
            ) : (
              <p className="muted">
                No Blue plan serves {catalogue.noBluePlan.states.map(stateName).join(", ")}.{" "}
                {catalogue.noBluePlan.note}
              </p>
            )}
          </div>
        </div>
      </section>
      <section className="section" aria-labelledby="blue-plans">
        <h2 id="blue-plans">Blue plans</h2>
        <div className="table-wrap">
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Area</th>
                <th scope="col">Confidence</th>
                <th scope="col">Sources</th>
              </tr>
            </thead>
            <tbody>
              {blue.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Plan">
                    <button
                      type="button"
                      className="linklike"
                      onClick={() => {
                        setPlanId(p.id);
                        document.getElementById("bcbs-map")?.scrollIntoView({ behavior: "smooth" });
                      }}
                    >
                      {p.name}
                    </button>
                    <span className="block small muted">{p.id}</span>
                  </th>
                  <td data-label="Area">{p.areaName ?? p.states.map(stateName).join(", ")}</td>
                  <td data-label="Confidence">
                    <ConfidencePill c={p.confidence} />
                  </td>
                  <td data-label="Sources">
                    <Sources urls={p.source} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section" aria-labelledby="national">
        <h2 id="national">National payers</h2>
        <div className="table-wrap">
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">Payer</th>
                <th scope="col">Confidence</th>
                <th scope="col">Notes and sources</th>
              </tr>
            </thead>
            <tbody>
              {national.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Payer">
                    {p.name}
                    <span className="block small muted">{p.id}</span>
                  </th>
                  <td data-label="Confidence">
                    <ConfidencePill c={p.confidence} />
                  </td>
                  <td data-label="Notes and sources">
                    {p.notes ? <p className="small">{p.notes}</p> : null}
                    <Sources urls={p.source} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
