/**
 * The payer catalogue and the BCBS map, read-only with sources: national payers, and each Blue
 * plan's service area (whole states, counties, ZIP codes) with its confidence. The map shows
 * where one Blue plan is local and where several are; choosing a plan shows its area. A search
 * box finds payers by name, id or state; each list shows a few at a time ("Show more"), and
 * sources and notes fold away, so the page stays short on a phone.
 */
import { useMemo, useState } from "react";
import type { AreaEntry, Confidence, Payer, StateCode } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { AREA_MARKS, UsMap, type MarkedState } from "../../components/UsMap";
import { SelectField, TextField } from "../../components/Field";
import { Empty, Loading, PageHeader, Pill, type Tone } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { plural, stateName } from "../../lib/format";
import { PAYER_SEARCH_MAX, payerMatches } from "../../lib/payer-search";

/** Payers a list shows at first, and more with each "Show more". */
const SHOWN = 12;

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
      <table className="table table--cards">
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
              <th scope="row" data-label="State">
                {stateName(e.state)}
              </th>
              <td data-label="Area">
                {describe(e)}
                {e.note ? <span className="block small muted">{e.note}</span> : null}
              </td>
              <td data-label="Confidence">
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

/** Sources (and notes) folded under one line: the list stays a list, not a wall of links. */
function FoldedSources({ urls, notes }: { urls: readonly string[]; notes?: string | undefined }) {
  if (urls.length === 0 && !notes) return <span className="muted">—</span>;
  const what = [notes ? "Notes" : "", urls.length > 0 ? plural(urls.length, "source") : ""]
    .filter(Boolean)
    .join(" and ");
  return (
    <details className="payer-sources">
      <summary>{what}</summary>
      {notes ? <p className="small">{notes}</p> : null}
      <Sources urls={urls} />
    </details>
  );
}

/** "Show 12 more": the next few of a list; says how many are left. */
function ShowMore({
  shown,
  total,
  what,
  onMore,
}: {
  shown: number;
  total: number;
  what: string;
  onMore: (shown: number) => void;
}) {
  if (total <= shown) return null;
  const next = Math.min(SHOWN, total - shown);
  return (
    <p className="payer-more">
      <span className="muted">
        Showing {shown} of {total} {what}.{" "}
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          onMore(shown + next);
        }}
      >
        Show {next} more
      </button>{" "}
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={() => {
          onMore(total);
        }}
      >
        Show all {total}
      </button>
    </p>
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
  const national = useMemo(() => (catalogue?.payers ?? []).filter((p) => p.kind === "national"), [catalogue]);
  const plan = blue.find((p) => p.id === planId);
  const [query, setQuery] = useState("");
  const [shownBlue, setShownBlue] = useState(SHOWN);
  const [shownNational, setShownNational] = useState(SHOWN);
  const blueFound = useMemo(() => blue.filter((p) => payerMatches(p, query)), [blue, query]);
  const nationalFound = useMemo(() => national.filter((p) => payerMatches(p, query)), [national, query]);

  const blueColumns: readonly Column<Payer>[] = [
    {
      header: "Plan",
      rowHeader: true,
      cell: (p) => (
        <>
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
        </>
      ),
    },
    { header: "Area", cell: (p) => p.areaName ?? p.states.map(stateName).join(", ") },
    { header: "Confidence", cell: (p) => <ConfidencePill c={p.confidence} /> },
    { header: "Sources", cell: (p) => <FoldedSources urls={p.source} /> },
  ];
  const nationalColumns: readonly Column<Payer>[] = [
    {
      header: "Payer",
      rowHeader: true,
      cell: (p) => (
        <>
          {p.name}
          <span className="block small muted">{p.id}</span>
        </>
      ),
    },
    { header: "Confidence", cell: (p) => <ConfidencePill c={p.confidence} /> },
    { header: "Notes and sources", cell: (p) => <FoldedSources urls={p.source} notes={p.notes} /> },
  ];

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
      <section className="section" aria-labelledby="find-payers">
        <h2 id="find-payers">Find a payer</h2>
        <form
          className="card filters payer-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <TextField
            label="Payer name, id or state"
            hint="For example: Excellus, bcbs-nc, NY or New York. Every word must match."
            type="search"
            maxLength={PAYER_SEARCH_MAX}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(v) => {
              setQuery(v);
              setShownBlue(SHOWN);
              setShownNational(SHOWN);
            }}
          />
          <p className="muted payer-search__count" aria-live="polite">
            {query.trim()
              ? `${plural(blueFound.length, "Blue plan")} and ${plural(nationalFound.length, "national payer")} match.`
              : `${plural(blue.length, "Blue plan")} and ${plural(national.length, "national payer")}.`}
          </p>
        </form>
      </section>
      <section className="section" aria-labelledby="blue-plans">
        <h2 id="blue-plans">Blue plans</h2>
        <DataTable
          rows={blueFound.slice(0, shownBlue)}
          columns={blueColumns}
          rowKey={(p) => p.id}
          rowData={(p) => ({ "data-payer": p.id })}
          caption="Blue plans"
          empty={<Empty>No Blue plan matches “{query.trim()}”.</Empty>}
        />
        <ShowMore shown={shownBlue} total={blueFound.length} what="Blue plans" onMore={setShownBlue} />
      </section>
      <section className="section" aria-labelledby="national">
        <h2 id="national">National payers</h2>
        <DataTable
          rows={nationalFound.slice(0, shownNational)}
          columns={nationalColumns}
          rowKey={(p) => p.id}
          rowData={(p) => ({ "data-payer": p.id })}
          caption="National payers"
          empty={<Empty>No national payer matches “{query.trim()}”.</Empty>}
        />
        <ShowMore
          shown={shownNational}
          total={nationalFound.length}
          what="national payers"
          onMore={setShownNational}
        />
      </section>
    </>
  );
}
