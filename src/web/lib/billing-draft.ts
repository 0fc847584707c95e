/**
 * The billing settings form without React: what was loaded turned into the form's draft, the
 * draft into the request (with the problems the API cannot name well), and the API's field
 * errors placed back on the inputs they name. Pure: unit-tested in billing-draft.test.ts.
 */
import type {
  BillingSettings,
  BillingSettingsInput,
  FieldError,
  StateCode,
  TelehealthModifierRule,
} from "../api/types";

// ---------------------------------------------------------------------------------------------
// Money and numbers as shown.

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 17500 → "$175.00". */
export const formatCents = (cents: number) => usd.format(cents / 100);

/** "180", "180.5", "$1,180.00" → cents; undefined unless a positive amount with at most 2 decimals. */
export function dollarsToCents(text: string): number | undefined {
  const m = /^(\d*)(?:\.(\d{0,2}))?$/.exec(text.replace(/[$,\s]/g, ""));
  if (!m || (!m[1] && !m[2])) return undefined;
  const cents = Number(m[1] || "0") * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(cents) && cents > 0 ? cents : undefined;
}

/** 17550 → "175.50", as typed in the form. */
export const centsToDollars = (cents: number) => (cents / 100).toFixed(2);

const digits = (s: string) => s.replace(/\D/g, "");
const code = (s: string) => s.trim().toUpperCase();

/** "101184100" → "10118-4100". */
export const formatZip = (zip: string) => (/^\d{9}$/.test(zip) ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip);
/** "871234567" → "87-1234567". */
export const formatEin = (ein: string) => (/^\d{9}$/.test(ein) ? `${ein.slice(0, 2)}-${ein.slice(2)}` : ein);
/** "2125550142" → "(212) 555-0142". */
export const formatPhone = (p: string) =>
  /^\d{10}$/.test(p) ? `(${p.slice(0, 3)}) ${p.slice(3, 6)}-${p.slice(6)}` : p;

// ---------------------------------------------------------------------------------------------
// Video telehealth modifiers.

/** How a payer wants video telehealth marked; "default": none for Medicare, 95 for the others. */
export type TelehealthChoice = "default" | TelehealthModifierRule;

export const TELEHEALTH_LABELS: Record<TelehealthChoice, string> = {
  default: "Default (Medicare: none, others: 95)",
  "95": "95",
  GT: "GT",
  none: "None (the place of service 02/10 says it)",
};

export const TELEHEALTH_OPTIONS = (Object.keys(TELEHEALTH_LABELS) as TelehealthChoice[]).map((value) => ({
  value,
  label: TELEHEALTH_LABELS[value],
}));

// ---------------------------------------------------------------------------------------------
// The draft: the form's state, every field as typed.

export interface FeeRow {
  readonly key: string;
  readonly cpt: string;
  readonly dollars: string;
}

export interface PayerRow {
  readonly key: string;
  readonly payerId: string;
  readonly electronicId: string;
  readonly telehealth: TelehealthChoice;
}

export interface Draft {
  readonly name: string;
  readonly npi: string;
  readonly taxId: string;
  readonly taxonomy: string;
  readonly line1: string;
  readonly line2: string;
  readonly city: string;
  readonly state: StateCode | "";
  readonly zip: string;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly submitterId: string;
  readonly receiverName: string;
  readonly receiverId: string;
  readonly fees: readonly FeeRow[];
  readonly payers: readonly PayerRow[];
}

/** The draft's one-value fields (not the fee and payer rows). */
export type Scalar = Exclude<keyof Draft, "fees" | "payers">;

let rows = 0;
/** A key for a new row, unique in this page's life (React keys, focus targets, error spots). */
export const rowKey = () => `row${++rows}`;

export const blankFee = (): FeeRow => ({ key: rowKey(), cpt: "", dollars: "" });
export const blankPayer = (): PayerRow => ({
  key: rowKey(),
  payerId: "",
  electronicId: "",
  telehealth: "default",
});

/** The draft for the settings loaded (or one blank row each when none are set yet). */
export function toDraft(s: BillingSettings | null, payerName: (id: string) => string): Draft {
  return {
    name: s?.name ?? "",
    npi: s?.npi ?? "",
    taxId: s ? formatEin(s.taxId) : "",
    taxonomy: s?.taxonomy ?? "",
    line1: s?.address.line1 ?? "",
    line2: s?.address.line2 ?? "",
    city: s?.address.city ?? "",
    state: s?.address.state ?? "",
    zip: s ? formatZip(s.address.zip) : "",
    contactName: s?.contactName ?? "",
    contactPhone: s ? formatPhone(s.contactPhone) : "",
    submitterId: s?.submitterId ?? "",
    receiverName: s?.receiverName ?? "",
    receiverId: s?.receiverId ?? "",
    fees: s
      ? Object.entries(s.fees)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([cpt, cents]) => ({ key: rowKey(), cpt, dollars: centsToDollars(cents) }))
      : [blankFee()],
    payers: s
      ? Object.entries(s.payerIds)
          .sort(([a], [b]) => payerName(a).localeCompare(payerName(b)))
          .map(([payerId, electronicId]) => ({
            key: rowKey(),
            payerId,
            electronicId,
            telehealth: s.telehealthModifiers[payerId] ?? "default",
          }))
      : [blankPayer()],
  };
}

/** The API path of each scalar field: where its errors come from. */
export const PATHS: Record<Scalar, string> = {
  name: "name",
  npi: "npi",
  taxId: "taxId",
  taxonomy: "taxonomy",
  line1: "address.line1",
  line2: "address.line2",
  city: "address.city",
  state: "address.state",
  zip: "address.zip",
  contactName: "contactName",
  contactPhone: "contactPhone",
  submitterId: "submitterId",
  receiverName: "receiverName",
  receiverId: "receiverId",
};

/** Error messages by where they show: a scalar's API path, or `fee:<row>:cpt|charge`, `payer:<row>:payer|id|telehealth`. */
export type Problems = Readonly<Record<string, string>>;

export const feeSpot = (key: string, part: "cpt" | "charge") => `fee:${key}:${part}`;
export const payerSpot = (key: string, part: "payer" | "id" | "telehealth") => `payer:${key}:${part}`;

const isBlankFee = (r: FeeRow) => !r.cpt.trim() && !r.dollars.trim();
const isBlankPayer = (r: PayerRow) => !r.payerId && !r.electronicId.trim();

/**
 * The body to send, or the problems the API cannot name well: fee rows whose code or amount is
 * not one (the API keys fees by code), and payer rows without a payer. Blank rows are left out.
 * Everything else (a missing name, an NPI of 9 digits) is the API's to name, by path.
 */
export function toInput(d: Draft): { body: BillingSettingsInput; problems: Problems } {
  const problems: Record<string, string> = {};
  const fees: Record<string, number> = {};
  for (const r of d.fees.filter((f) => !isBlankFee(f))) {
    const cpt = r.cpt.trim();
    if (!/^\d{5}$/.test(cpt)) problems[feeSpot(r.key, "cpt")] = "expected a 5-digit CPT code such as 90837";
    else if (cpt in fees) problems[feeSpot(r.key, "cpt")] = `${cpt} is already in the fee schedule`;
    const cents = dollarsToCents(r.dollars);
    if (cents === undefined)
      problems[feeSpot(r.key, "charge")] = "expected an amount in dollars above 0, such as 175.00";
    if (/^\d{5}$/.test(cpt) && cents !== undefined && !(cpt in fees)) fees[cpt] = cents;
  }
  const payerIds: Record<string, string> = {};
  const telehealthModifiers: Record<string, TelehealthModifierRule> = {};
  for (const r of d.payers.filter((p) => !isBlankPayer(p))) {
    if (!r.payerId) problems[payerSpot(r.key, "payer")] = "choose the payer this id belongs to";
    else {
      payerIds[r.payerId] = code(r.electronicId);
      if (r.telehealth !== "default") telehealthModifiers[r.payerId] = r.telehealth;
    }
  }
  const body: BillingSettingsInput = {
    name: d.name.trim(),
    npi: digits(d.npi),
    taxId: digits(d.taxId),
    taxonomy: code(d.taxonomy),
    // Checked by the API, which names a missing state.
    address: {
      line1: d.line1.trim(),
      line2: d.line2.trim() || null,
      city: d.city.trim(),
      state: d.state as StateCode,
      zip: digits(d.zip),
    },
    contactName: d.contactName.trim(),
    contactPhone: digits(d.contactPhone),
    submitterId: code(d.submitterId),
    receiverName: d.receiverName.trim(),
    receiverId: code(d.receiverId),
    fees,
    payerIds,
    telehealthModifiers,
  };
  return { body, problems };
}

/** `fees.90837` or `fees[90837]` → "90837", for the map named `name`. */
function keyIn(name: string, path: string): string | undefined {
  const m = new RegExp(`^${name}(?:\\.([^.[\\]]+)|\\[([^\\]]+)\\])$`).exec(path);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Where each API error shows: scalar paths on their field, `fees.90837` (or `fees[90837]`) on
 * that fee row's charge, `payerIds.aetna` on that payer row's id, `telehealthModifiers.aetna` on
 * its modifier. `shown` lists the paths placed; the rest are for the form's summary. The first
 * message for a spot wins.
 */
export function placeErrors(
  errors: readonly FieldError[],
  sent: Draft,
): { problems: Problems; shown: string[] } {
  const scalar = new Set(Object.values(PATHS));
  const feeRows = new Map(sent.fees.map((r) => [r.cpt.trim(), r.key]));
  const payerRows = new Map(sent.payers.map((r) => [r.payerId, r.key]));
  const problems: Record<string, string> = {};
  const shown: string[] = [];
  const place = (spot: string, path: string, message: string) => {
    problems[spot] ??= message;
    shown.push(path);
  };
  for (const e of errors) {
    const feeKey = keyIn("fees", e.path);
    const payerKey = keyIn("payerIds", e.path);
    const ruleKey = keyIn("telehealthModifiers", e.path);
    const feeRow = feeKey === undefined ? undefined : feeRows.get(feeKey);
    const payerRow = payerKey === undefined ? undefined : payerRows.get(payerKey);
    const ruleRow = ruleKey === undefined ? undefined : payerRows.get(ruleKey);
    if (scalar.has(e.path)) place(e.path, e.path, e.message);
    else if (feeRow) place(feeSpot(feeRow, "charge"), e.path, e.message);
    else if (payerRow) place(payerSpot(payerRow, "id"), e.path, e.message);
    else if (ruleRow) place(payerSpot(ruleRow, "telehealth"), e.path, e.message);
  }
  return { problems, shown };
}
