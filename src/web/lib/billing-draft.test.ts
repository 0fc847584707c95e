import { describe, expect, it } from "vitest";
import type { BillingSettings } from "../api/types";
import {
  blankFee,
  blankPayer,
  centsToDollars,
  dollarsToCents,
  feeSpot,
  formatCents,
  formatEin,
  formatPhone,
  formatZip,
  payerSpot,
  placeErrors,
  toDraft,
  toInput,
  type Draft,
} from "./billing-draft";

const NAMES: Record<string, string> = { aetna: "Aetna", cigna: "Cigna", medicare: "Medicare" };
const payerName = (id: string) => NAMES[id] ?? id;

const SETTINGS: BillingSettings = {
  name: "Hudson Valley Counseling Group",
  npi: "2123456789",
  taxId: "871234567",
  taxonomy: "261QM0801X",
  address: { line1: "350 Fifth Ave", line2: null, city: "New York", state: "NY", zip: "101184100" },
  contactName: "Ana Ruiz",
  contactPhone: "2125550142",
  submitterId: "HVCG01",
  receiverName: "Availity",
  receiverId: "030240928",
  fees: { "90837": 17500, "90791": 20000 },
  payerIds: { medicare: "13202", cigna: "62308", aetna: "60054" },
  telehealthModifiers: { cigna: "GT" },
  updatedAt: "2026-11-30T15:00:00Z",
};

/** A draft with everything filled in (the settings above), changed by `over`. */
const draft = (over: Partial<Draft> = {}): Draft => ({ ...toDraft(SETTINGS, payerName), ...over });

describe("money and numbers as shown", () => {
  it("reads dollars as typed into cents: $, commas, spaces and up to 2 decimals", () => {
    expect(dollarsToCents("180")).toBe(18000);
    expect(dollarsToCents("180.5")).toBe(18050);
    expect(dollarsToCents("$1,180.00")).toBe(118000);
    expect(dollarsToCents(" 175.25 ")).toBe(17525);
    expect(dollarsToCents(".5")).toBe(50);
    expect(dollarsToCents("12.")).toBe(1200);
  });

  it("refuses what is not a positive amount in dollars and cents", () => {
    for (const text of ["", "0", "0.00", "-5", "1.234", "abc", "1e3", ".", "$"])
      expect(dollarsToCents(text), text).toBeUndefined();
    expect(dollarsToCents("99999999999999999")).toBeUndefined();
  });

  it("shows cents as dollars", () => {
    expect(formatCents(17500)).toBe("$175.00");
    expect(formatCents(118050)).toBe("$1,180.50");
    expect(centsToDollars(17550)).toBe("175.50");
    expect(dollarsToCents(centsToDollars(9))).toBe(9);
  });

  it("writes ZIP+4, EIN and phone numbers the usual way, and leaves anything else as it is", () => {
    expect(formatZip("101184100")).toBe("10118-4100");
    expect(formatZip("10118")).toBe("10118");
    expect(formatEin("871234567")).toBe("87-1234567");
    expect(formatEin("87-1234567")).toBe("87-1234567");
    expect(formatPhone("2125550142")).toBe("(212) 555-0142");
    expect(formatPhone("555-0142")).toBe("555-0142");
  });
});

describe("toDraft: the form for what was loaded", () => {
  it("is blank, with one empty fee row and one empty payer row, while nothing is set", () => {
    const d = toDraft(null, payerName);
    expect(d).toMatchObject({ name: "", npi: "", state: "", zip: "", taxId: "", contactPhone: "" });
    expect(d.fees).toEqual([{ key: expect.any(String) as string, cpt: "", dollars: "" }]);
    expect(d.payers).toEqual([
      { key: expect.any(String) as string, payerId: "", electronicId: "", telehealth: "default" },
    ]);
  });

  it("shows the settings as a person types them: dashes, brackets, dollars", () => {
    const d = toDraft(SETTINGS, payerName);
    expect(d).toMatchObject({
      taxId: "87-1234567",
      zip: "10118-4100",
      contactPhone: "(212) 555-0142",
      line2: "",
      state: "NY",
    });
    expect(d.fees.map((r) => [r.cpt, r.dollars])).toEqual([
      ["90791", "200.00"],
      ["90837", "175.00"],
    ]);
  });

  it("lists payers by name, each with its modifier rule (default when none is set)", () => {
    const d = toDraft(SETTINGS, payerName);
    expect(d.payers.map((r) => [r.payerId, r.electronicId, r.telehealth])).toEqual([
      ["aetna", "60054", "default"],
      ["cigna", "62308", "GT"],
      ["medicare", "13202", "default"],
    ]);
  });

  it("gives every row its own key", () => {
    const d = toDraft(SETTINGS, payerName);
    const keys = [...d.fees, ...d.payers, blankFee(), blankPayer()].map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("toInput: the request for the draft", () => {
  it("sends what was loaded unchanged (round trip)", () => {
    const { body, problems } = toInput(toDraft(SETTINGS, payerName));
    expect(problems).toEqual({});
    const { updatedAt: _u, ...sent } = SETTINGS;
    expect(body).toEqual(sent);
  });

  it("trims text, keeps digits only where digits are meant, upper-cases codes; an empty suite is null", () => {
    const { body } = toInput(
      draft({
        name: "  Hudson Valley  ",
        npi: " 2123456789 ",
        taxId: "87-1234567",
        taxonomy: " 261qm0801x ",
        zip: "10118-4100",
        contactPhone: "(212) 555-0142",
        line2: "   ",
        submitterId: "hvcg01",
        receiverId: " abc123 ",
      }),
    );
    expect(body).toMatchObject({
      name: "Hudson Valley",
      npi: "2123456789",
      taxId: "871234567",
      taxonomy: "261QM0801X",
      address: { zip: "101184100", line2: null },
      contactPhone: "2125550142",
      submitterId: "HVCG01",
      receiverId: "ABC123",
    });
  });

  it("leaves blank rows out, and names no problem for them", () => {
    const { body, problems } = toInput(
      draft({
        fees: [{ key: "f1", cpt: "90837", dollars: "180" }, blankFee()],
        payers: [{ key: "p1", payerId: "aetna", electronicId: "60054", telehealth: "default" }, blankPayer()],
      }),
    );
    expect(problems).toEqual({});
    expect(body.fees).toEqual({ "90837": 18000 });
    expect(body.payerIds).toEqual({ aetna: "60054" });
    expect(body.telehealthModifiers).toEqual({});
  });

  it("names a fee row whose code or amount is not one, on that row's input", () => {
    const { body, problems } = toInput(
      draft({
        fees: [
          { key: "a", cpt: "9083", dollars: "175" },
          { key: "b", cpt: "90837", dollars: "free" },
          { key: "c", cpt: "90791", dollars: "200" },
          { key: "d", cpt: " 90791 ", dollars: "210" },
        ],
      }),
    );
    expect(problems).toEqual({
      [feeSpot("a", "cpt")]: "expected a 5-digit CPT code such as 90837",
      [feeSpot("b", "charge")]: "expected an amount in dollars above 0, such as 175.00",
      [feeSpot("d", "cpt")]: "90791 is already in the fee schedule",
    });
    // The first of two rows for one code is the one sent.
    expect(body.fees).toEqual({ "90791": 20000 });
  });

  it("names a payer row with an id but no payer; the modifier rule goes with the payer", () => {
    const { body, problems } = toInput(
      draft({
        payers: [
          { key: "p1", payerId: "", electronicId: "12345", telehealth: "default" },
          { key: "p2", payerId: "cigna", electronicId: "62308", telehealth: "none" },
        ],
      }),
    );
    expect(problems).toEqual({ [payerSpot("p1", "payer")]: "choose the payer this id belongs to" });
    expect(body.payerIds).toEqual({ cigna: "62308" });
    expect(body.telehealthModifiers).toEqual({ cigna: "none" });
  });

  it("sends a state not chosen as it is, for the API to name", () => {
    expect(toInput(draft({ state: "" })).body.address.state).toBe("");
  });
});

describe("placeErrors: the API's field errors on the inputs they name", () => {
  const sent = draft({
    fees: [
      { key: "f1", cpt: "90837", dollars: "175" },
      { key: "f2", cpt: "90791", dollars: "200" },
    ],
    payers: [
      { key: "p1", payerId: "aetna", electronicId: "60054", telehealth: "default" },
      { key: "p2", payerId: "cigna", electronicId: "62308", telehealth: "GT" },
    ],
  });

  it("puts a scalar's error under its field, by its API path", () => {
    const placed = placeErrors(
      [
        { path: "npi", message: "expected a type 2 NPI" },
        { path: "address.zip", message: "expected the 9-digit ZIP+4" },
      ],
      sent,
    );
    expect(placed.problems).toEqual({
      npi: "expected a type 2 NPI",
      "address.zip": "expected the 9-digit ZIP+4",
    });
    expect(placed.shown).toEqual(["npi", "address.zip"]);
  });

  it("puts a fee's error on that row's charge, written either way", () => {
    const placed = placeErrors(
      [
        { path: "fees.90791", message: "at most $99,999.99" },
        { path: "fees[90837]", message: "not a CPT code we bill" },
      ],
      sent,
    );
    expect(placed.problems).toEqual({
      [feeSpot("f2", "charge")]: "at most $99,999.99",
      [feeSpot("f1", "charge")]: "not a CPT code we bill",
    });
    expect(placed.shown).toEqual(["fees.90791", "fees[90837]"]);
  });

  it("puts a payer's error on that row's id, and a modifier error on its rule", () => {
    const placed = placeErrors(
      [
        { path: "payerIds.cigna", message: "letters and digits only" },
        { path: "telehealthModifiers[aetna]", message: "expected 95, GT or none" },
      ],
      sent,
    );
    expect(placed.problems).toEqual({
      [payerSpot("p2", "id")]: "letters and digits only",
      [payerSpot("p1", "telehealth")]: "expected 95, GT or none",
    });
  });

  it("leaves paths it cannot place for the summary, and keeps the first message for a spot", () => {
    const placed = placeErrors(
      [
        { path: "", message: "the request as a whole" },
        { path: "fees.99999", message: "no row has this code" },
        { path: "payerIds.bcbs-ny", message: "no row has this payer" },
        { path: "address", message: "not an object" },
        { path: "name", message: "first" },
        { path: "name", message: "second" },
      ],
      sent,
    );
    expect(placed.problems).toEqual({ name: "first" });
    expect(placed.shown).toEqual(["name", "name"]);
  });
});
