/**
 * Operations: the directory. Payer (and product), place and date, modality, license type and
 * "accepting new clients" → the providers who may see and bill such a client there (the engine's
 * answer for each), a page at a time; and a map of the states searched for the payer, each
 * marked with how many were found there (the same counts listed under it).
 */
import { useMemo, useState, type SubmitEvent } from "react";
import { asApiError, type ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { DirectoryEntry, DirectoryPage as Page, DirectoryQuery, StateCode } from "../../api/types";
import { PRODUCTS } from "../../api/types";
import { DataTable, type Column } from "../../components/DataTable";
import { Checkbox, FormError, SelectField, TextField } from "../../components/Field";
import { UsMap, type MarkedState, type MarkStyle } from "../../components/UsMap";
import { Empty, FormActions, PageHeader, Pill } from "../../components/ui";
import { useApp } from "../../lib/app-context";
import { shortDate } from "../../lib/billing-places";
import { licenseSourceName, plural, productName, STATE_OPTIONS, stateName, todayIso } from "../../lib/format";
import {
  directoryQuery,
  emptyDirectoryDraft,
  entryRoute,
  untilWords,
  type DirectoryDraft,
} from "../../lib/referral-draft";

const PAGE_SIZE = 25;
const countWords = (c: { count: number; more: boolean }) =>
  c.more ? `${c.count}+ providers` : plural(c.count, "provider");

/**
 * A searched state's mark: found (✓) or none (✕); the legend groups states by count ("✓ 3
 * providers found: FL, GA") and each state's name on the map says its count.
 */
const foundMark = (c: { count: number; more: boolean }): MarkStyle =>
  c.count > 0
    ? { pattern: "area-whole", ink: "#1e3a8a", symbol: "✓", legend: `${countWords(c)} found` }
    : { pattern: "area-part", ink: "#7c2d12", symbol: "✕", legend: "No provider found" };

/** What one search found in a state: a count (at least, when there are more pages). */
interface StateCount {
  readonly count: number;
  readonly more: boolean;
}

export function DirectoryPage() {
  const { catalogue, payerName } = useApp();
  const today = todayIso();
  const [draft, setDraft] = useState<DirectoryDraft>(() => emptyDirectoryDraft(today));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState<DirectoryQuery>();
  const [pages, setPages] = useState<Page[]>([]);
  /** Per payer searched, the count per state (the map shows the current payer's). */
  const [counts, setCounts] = useState<Record<string, Partial<Record<StateCode, StateCount>>>>({});
  const [active, setActive] = useState<StateCode>();

  const set = <K extends keyof DirectoryDraft>(key: K, value: DirectoryDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const fieldError = (path: string) => problems[path] ?? error?.field(path);

  const payers = useMemo(
    () =>
      [...(catalogue?.payers ?? [])]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ value: p.id, label: p.name })),
    [catalogue],
  );

  const load = async (q: DirectoryQuery, cursor?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api.directory({ ...q, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (cursor) setPages((p) => [...p, page]);
      else {
        setQuery(q);
        setPages([page]);
        const payer = page.search.payer;
        setCounts((c) => ({
          ...c,
          [payer]: {
            ...c[payer],
            [page.search.state]: { count: page.items.length, more: page.next !== null },
          },
        }));
      }
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    const r = directoryQuery(draft);
    setProblems(r.problems ?? {});
    if (!r.query) {
      setError(undefined);
      // Focus the first field in error, as after a refused submit.
      requestAnimationFrame(() => {
        document.querySelector<HTMLElement>('form.directory-form [aria-invalid="true"]')?.focus();
      });
      return;
    }
    void load(r.query);
  };

  const items = pages.flatMap((p) => p.items);
  const last = pages.at(-1);
  const search = pages[0]?.search;
  const mapPayer = search?.payer ?? draft.payer;
  const payerCounts = counts[mapPayer] ?? {};
  const marked = new Map<StateCode, MarkedState>();
  for (const [state, c] of Object.entries(payerCounts) as [StateCode, StateCount][]) {
    marked.set(state, {
      style: foundMark(c),
      summary: countWords(c),
    });
  }

  const columns: Column<DirectoryEntry>[] = [
    {
      header: "Provider",
      rowHeader: true,
      cell: (e) => (
        <>
          <span>{e.name}</span>
          <span className="muted small block">NPI {e.npi}</span>
        </>
      ),
    },
    { header: "How the claim goes", cell: (e) => entryRoute(e) },
    {
      header: "License used",
      cell: (e) =>
        e.license ? (
          <>
            <span>
              {e.license.type} {e.license.state}
              {e.license.number ? ` #${e.license.number}` : ""}
            </span>
            <span className="muted small block">{licenseSourceName(e.license.source)}</span>
          </>
        ) : (
          "—"
        ),
    },
    {
      header: "Credential used",
      cell: (e) =>
        e.credential ? (
          <>
            {payerName(e.credential.payer)} {e.credential.state}
            {e.credential.network === "virtual" ? " (virtual)" : ""}
          </>
        ) : (
          "—"
        ),
    },
    { header: "For how long", cell: (e) => untilWords(e, today) },
    {
      header: "New clients",
      cell: (e) =>
        e.acceptingNewClients ? (
          <Pill tone="good" symbol="✓">
            Accepting
          </Pill>
        ) : (
          <Pill tone="neutral" symbol="–">
            Not accepting
          </Pill>
        ),
    },
    {
      header: "Contact",
      cell: (e) => (
        <>
          {e.contact.email ? <a href={`mailto:${e.contact.email}`}>{e.contact.email}</a> : null}
          {e.contact.offices.map((o) => (
            <span key={`${o.label}-${o.zip ?? ""}`} className="muted small block">
              {o.label}: {[o.city, o.state].filter(Boolean).join(", ")}
            </span>
          ))}
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Directory"
        lead="Who may see and bill a client there, on a date: the engine's answer for every provider, with the license and credential it used."
      />
      <form
        className="form directory-form card"
        noValidate
        onSubmit={submit}
        aria-label="Search the directory"
      >
        <FormError
          error={error}
          shown={["payer", "product", "state", "zip", "date", "modality", "licenseType"]}
        />
        <div className="form__row">
          <SelectField
            label="Payer"
            value={draft.payer}
            placeholder="Choose the client's payer"
            options={payers}
            onChange={(v) => {
              set("payer", v);
            }}
            error={fieldError("payer")}
          />
          <SelectField
            label="Product (optional)"
            value={draft.product}
            options={[
              { value: "", label: "Not known" },
              ...PRODUCTS.map((p) => ({ value: p, label: productName(p) })),
            ]}
            onChange={(v) => {
              set("product", v);
            }}
            error={fieldError("product")}
          />
          <SelectField
            label="State"
            value={draft.state}
            placeholder="Choose a state"
            options={STATE_OPTIONS.map((s) => ({ value: s.code, label: s.name }))}
            onChange={(v) => {
              set("state", v);
            }}
            error={fieldError("state")}
          />
          <TextField
            label="ZIP code (optional)"
            value={draft.zip}
            inputMode="numeric"
            autoComplete="off"
            maxLength={10}
            onChange={(v) => {
              set("zip", v);
            }}
            error={fieldError("zip")}
          />
          <TextField
            label="Date"
            type="date"
            value={draft.date}
            maxLength={10}
            onChange={(v) => {
              set("date", v);
            }}
            error={fieldError("date")}
          />
          <SelectField
            label="Modality"
            value={draft.modality}
            options={[
              { value: "telehealth", label: "By video" },
              { value: "in_person", label: "In person" },
            ]}
            onChange={(v) => {
              set("modality", v);
            }}
            error={fieldError("modality")}
          />
          <TextField
            label="License type (optional)"
            hint="As on the license, such as LCSW"
            value={draft.licenseType}
            maxLength={40}
            onChange={(v) => {
              set("licenseType", v);
            }}
            error={fieldError("licenseType")}
          />
        </div>
        <Checkbox
          label="Only providers accepting new clients"
          checked={draft.acceptingNew}
          onChange={(v) => {
            set("acceptingNew", v);
          }}
        />
        <FormActions label="Search" busy={busy} busyLabel="Searching…" />
      </form>

      {search ? (
        <section className="section" aria-labelledby="results">
          <h2 id="results">
            {payerName(search.payer)} in {stateName(search.state)}
            {search.zip ? ` ${search.zip}` : ""}, {shortDate(search.date, today)}
          </h2>
          <p className="muted" role="status">
            {items.length === 0
              ? "No provider may see and bill such a client there on that date."
              : `${last?.next ? `${items.length} shown, more on the next page` : plural(items.length, "provider")} may see and bill such a client there ${search.modality === "in_person" ? "in person" : "by video"}.`}
          </p>
          <DataTable
            rows={items}
            columns={columns}
            rowKey={(e) => e.providerId}
            caption="Providers who may see and bill the client there"
            rowData={(e) => ({ "data-provider": e.name })}
            empty={<Empty>Try another date, a nearby ZIP, or without the filters.</Empty>}
          />
          {last?.next && query ? (
            <p>
              <button
                type="button"
                className="button"
                aria-disabled={busy ? true : undefined}
                onClick={() => {
                  if (!busy && last.next) void load(query, last.next);
                }}
              >
                Next page
              </button>
            </p>
          ) : null}
        </section>
      ) : null}

      {marked.size > 0 ? (
        <section className="section directory-map" aria-labelledby="coverage">
          <h2 id="coverage">Coverage searched for {payerName(mapPayer)}</h2>
          <p className="muted small">
            Each state you searched for this payer, with how many providers were found there on the date
            searched.
          </p>
          <div className="directory-map__figure">
            <UsMap
              marked={marked}
              active={active}
              onActivate={setActive}
              label={`States searched for ${payerName(mapPayer)}, with the number of providers found`}
            />
          </div>
          <ul className="directory-map__counts">
            {[...marked.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([state, m]) => (
                <li key={state} data-state={state}>
                  <strong>{stateName(state)}</strong>: {m.summary}
                </li>
              ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
