/**
 * Credentialing rosters: operations import a CSV of payer credentials (one row per provider ×
 * payer × state × network) in two steps. `previewRoster` checks every row and says what it would
 * do; `commitRoster` checks them again and applies all of them in one transaction, or none: a
 * single bad row refuses the whole file with every row's errors, and nothing is stored.
 *
 * Columns (header row, any order, case-insensitive; `_`, `-` and spaces ignored):
 *   npi, payer, state, network (standard | virtual; blank = standard),
 *   status (active | pending | terminated), effective_from, effective_to (YYYY-MM-DD or blank).
 * A row matches an existing credential by provider, payer, state and network; a match is
 * updated, anything else is added. Credentials a roster does not mention are left alone.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { CREDENTIAL_STATUSES, isIsoDate, NETWORKS } from "../contract/schema.js";
import type { FieldError } from "../contract/validate.js";
import type { Geography } from "../rules/geography.js";
import { isStateCode, type StateCode } from "../contract/states.js";
import type { Actor } from "./actor.js";
import { recheckProvider } from "./alerts/recheck.js";
import { audit } from "./audit.js";
import { refreshReach } from "./directory.js";
import { todayOf } from "./calendar.js";
import { AppError, invalid, notFound } from "./errors.js";
import type { Credential, Provider, ProviderFile } from "./model.js";
import type { Store } from "./ports.js";
import { validNpi } from "../formats/npi.js";

/** Rows one file may hold; larger rosters are split by the sender. */
export const MAX_ROSTER_ROWS = 50_000;

export const ROSTER_COLUMNS = [
  "npi",
  "payer",
  "state",
  "network",
  "status",
  "effectiveFrom",
  "effectiveTo",
] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
const REQUIRED: readonly Column[] = ["npi", "payer", "state", "status"];

/** Header spellings accepted for each column, after lower-casing and dropping `_`, `-` and spaces. */
const ALIASES: Record<string, Column> = {
  npi: "npi",
  payer: "payer",
  payerid: "payer",
  state: "state",
  network: "network",
  status: "status",
  effectivefrom: "effectiveFrom",
  from: "effectiveFrom",
  effectiveto: "effectiveTo",
  to: "effectiveTo",
};

export type RosterAction = "add" | "update" | "unchanged";

export interface RosterRow {
  /** 0-based index among the data rows (the `rows[i]` of error paths). */
  readonly index: number;
  /** 1-based line of the file, header included, as a spreadsheet shows it. */
  readonly line: number;
  /** The row's cells as written (trimmed). */
  readonly values: Readonly<Record<Column, string>>;
  readonly provider: Pick<Provider, "id" | "name"> | null;
  readonly payerName: string | null;
  /** What committing would do; null for a row with errors. */
  readonly action: RosterAction | null;
  readonly errors: readonly FieldError[];
}

export interface RosterPreview {
  readonly rows: readonly RosterRow[];
  readonly total: number;
  readonly valid: number;
  readonly invalid: number;
  readonly add: number;
  readonly update: number;
  readonly unchanged: number;
}

export interface RosterResult {
  readonly total: number;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}

type CredentialFields = Omit<Credential, "id" | "providerId">;

interface Checked {
  readonly row: RosterRow;
  /** The credential to write, for a valid row. */
  readonly credential: CredentialFields | null;
  readonly existing: Credential | null;
}

function mustBeOps(actor: Actor): void {
  // As for the audit log: to anyone but operations, roster import does not exist.
  if (actor.role !== "ops") throw notFound("route");
}

/** The CSV's records keyed by column, or INVALID_INPUT on `csv` when the file itself is unusable. */
function readCsv(text: string): { records: Record<Column, string>[]; lines: number[] } {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it ends on, for messages people can find.
    rows = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw invalid("csv", `the file is not readable as CSV: ${(e as Error).message}`);
  }
  const [header, ...data] = rows;
  if (!header) throw invalid("csv", "the file is empty: expected a header row and one row per credential");
  const columns = header.record.map((h) => ALIASES[h.toLowerCase().replace(/[\s_-]/g, "")]);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw invalid(
      "csv",
      `the header row lacks ${missing.join(", ")}; expected columns: npi, payer, state, network, status, effective_from, effective_to`,
    );
  }
  if (data.length === 0) throw invalid("csv", "the file has a header row but no credentials");
  if (data.length > MAX_ROSTER_ROWS) {
    throw invalid(
      "csv",
      `the file has ${data.length} rows; import at most ${MAX_ROSTER_ROWS} at a time (split the file)`,
    );
  }
  const records = data.map(({ record: cells }) => {
    const record: Record<Column, string> = {
      npi: "",
      payer: "",
      state: "",
      network: "",
      status: "",
      effectiveFrom: "",
      effectiveTo: "",
    };
    columns.forEach((column, i) => {
      if (column) record[column] = cells[i] ?? "";
    });
    return record;
  });
  return { records, lines: data.map((d) => d.info.lines) };
}

const sameCredential = (a: CredentialFields, b: CredentialFields) =>
  a.status === b.status && a.effectiveFrom === b.effectiveFrom && a.effectiveTo === b.effectiveTo;

/** Checks every row against the providers, the catalogue and the other rows. */
async function checkRoster(store: Store, geo: Geography, csv: string): Promise<Checked[]> {
  const { records, lines } = readCsv(csv);
  const byNpi = new Map<string, Provider>((await store.providers.list()).map((p) => [p.npi, p]));
  const files = new Map<string, ProviderFile | undefined>();
  const seen = new Map<string, number>();
  const out: Checked[] = [];

  for (const [index, values] of records.entries()) {
    const errors: FieldError[] = [];
    const fail = (column: Column, message: string) =>
      errors.push({ path: `rows[${index}].${column}`, message });

    let provider: Provider | undefined;
    if (!values.npi) fail("npi", "the NPI is missing");
    else if (!validNpi(values.npi))
      fail("npi", `"${values.npi}" is not a valid NPI (10 digits, CMS check digit)`);
    else {
      provider = byNpi.get(values.npi);
      if (!provider) fail("npi", `no provider has NPI ${values.npi}; add the provider first`);
    }

    const payerId = values.payer.toLowerCase();
    const payer = payerId ? geo.payer(payerId) : undefined;
    if (!payerId) fail("payer", "the payer is missing");
    else if (!payer) fail("payer", `"${values.payer}" is not in the payer catalogue`);

    const stateText = values.state.toUpperCase();
    const state: StateCode | undefined = isStateCode(stateText) ? stateText : undefined;
    if (!state)
      fail("state", `expected a US state or territory postal code such as NY, got "${values.state}"`);

    const networkText = (values.network || "standard").toLowerCase();
    const network = NETWORKS.find((n) => n === networkText);
    if (!network) fail("network", `expected standard or virtual, got "${values.network}"`);
    else if (network === "virtual" && payer && payer.kind !== "bcbs") {
      fail("network", `virtual networks are BCBS plans' networks; ${payer.name} has none`);
    }

    const statusText = values.status.toLowerCase();
    const status = CREDENTIAL_STATUSES.find((s) => s === statusText);
    if (!status) fail("status", `expected ${CREDENTIAL_STATUSES.join(", ")}, got "${values.status}"`);

    const date = (column: "effectiveFrom" | "effectiveTo"): string | null => {
      const text = values[column];
      if (!text) return null;
      if (!isIsoDate(text)) {
        fail(column, `expected a date written YYYY-MM-DD, got "${text}"`);
        return null;
      }
      return text;
    };
    const effectiveFrom = date("effectiveFrom");
    const effectiveTo = date("effectiveTo");
    if (effectiveFrom && effectiveTo && effectiveFrom > effectiveTo) {
      fail("effectiveTo", `the credential ends (${effectiveTo}) before it starts (${effectiveFrom})`);
    }

    let credential: CredentialFields | null = null;
    let existing: Credential | null = null;
    let action: RosterAction | null = null;
    if (provider && payer && state && network && status && errors.length === 0) {
      const key = [provider.id, payer.id, state, network].join("|");
      const first = seen.get(key);
      if (first !== undefined) {
        fail("npi", `repeats line ${lines[first] ?? first + 2} (same provider, payer, state and network)`);
      } else {
        seen.set(key, index);
        if (!files.has(provider.id)) files.set(provider.id, await store.providers.file(provider.id));
        credential = { payer: payer.id, state, network, status, effectiveFrom, effectiveTo };
        const match = files
          .get(provider.id)
          ?.credentials.find((c) => c.payer === payer.id && c.state === state && c.network === network);
        existing = match ?? null;
        action = !match ? "add" : sameCredential(match, credential) ? "unchanged" : "update";
      }
    }
    if (errors.length > 0) credential = null;

    out.push({
      row: {
        index,
        line: lines[index] ?? index + 2,
        values,
        provider: provider ? { id: provider.id, name: provider.name } : null,
        payerName: payer?.name ?? null,
        action: errors.length > 0 ? null : action,
        errors,
      },
      credential,
      existing,
    });
  }
  return out;
}

function summary(checked: readonly Checked[]): RosterPreview {
  const rows = checked.map((c) => c.row);
  const count = (a: RosterAction) => rows.filter((r) => r.action === a).length;
  const invalidRows = rows.filter((r) => r.errors.length > 0).length;
  return {
    rows,
    total: rows.length,
    valid: rows.length - invalidRows,
    invalid: invalidRows,
    add: count("add"),
    update: count("update"),
    unchanged: count("unchanged"),
  };
}

/** What importing `csv` would do, row by row, with every row's errors. Stores nothing. */
export async function previewRoster(
  store: Store,
  geo: Geography,
  actor: Actor,
  csv: string,
): Promise<RosterPreview> {
  mustBeOps(actor);
  return summary(await checkRoster(store, geo, csv));
}

/**
 * Imports `csv`: every row is checked again (the data may have changed since the preview) and,
 * if all are good, applied in one transaction with one audit event; otherwise INVALID_INPUT with
 * the errors of every bad row (`rows[i].column`) and nothing stored.
 */
export async function commitRoster(
  store: Store,
  geo: Geography,
  actor: Actor,
  csv: string,
  now: Date = new Date(),
): Promise<RosterResult> {
  mustBeOps(actor);
  return store.transaction(async (tx) => {
    const checked = await checkRoster(tx, geo, csv);
    const errors = checked.flatMap((c) => c.row.errors);
    if (errors.length > 0) {
      const bad = checked.filter((c) => c.row.errors.length > 0).map((c) => c.row.line);
      const lines =
        bad.length > 5 ? `${bad.slice(0, 5).join(", ")} and ${bad.length - 5} more` : bad.join(", ");
      throw new AppError(
        "INVALID_INPUT",
        `nothing was imported: ${bad.length} of ${checked.length} rows have errors (line ${lines})`,
        { fields: errors },
      );
    }
    let added = 0;
    let updated = 0;
    const changed = new Set<string>();
    for (const { row, credential, existing } of checked) {
      if (!credential || !row.provider || row.action === "unchanged") continue;
      changed.add(row.provider.id);
      if (existing) {
        await tx.providers.updateCredential(existing.id, credential);
        updated++;
      } else {
        await tx.providers.addCredential(row.provider.id, credential);
        added++;
      }
    }
    const result: RosterResult = {
      total: checked.length,
      added,
      updated,
      unchanged: checked.length - added - updated,
    };
    await audit(tx, actor, "roster.commit", "credential", null, null, {
      ...result,
      providers: [...new Set(checked.map((c) => c.row.provider?.id))],
      sha256: createHash("sha256").update(csv).digest("hex"),
    });
    // A credential that ends or lapses puts sessions at risk: re-check every provider it changed.
    for (const providerId of changed) await recheckProvider(tx, geo, providerId, todayOf(now), now);
    // The directory's reach index, in the same transaction: one statement for every provider changed.
    await refreshReach(tx, changed);
    return result;
  });
}
