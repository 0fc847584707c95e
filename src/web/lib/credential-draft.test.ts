import { describe, expect, it } from "vitest";
import type { Credential, License } from "../api/types";
import {
  byEnd,
  CREDENTIAL_FIELDS,
  credentialDraft,
  credentialInput,
  fieldErrors,
  homeStates,
  isCompact,
  licenseDraft,
  licenseFields,
  licenseInput,
} from "./credential-draft";
import { stateName } from "./format";

const LICENSE: License = {
  id: "l1",
  providerId: "p1",
  state: "NY",
  type: "LCSW",
  number: "R-0042",
  status: "active",
  validFrom: "2020-01-01",
  validTo: "2027-06-30",
  telehealthOnly: false,
  source: "state_board",
  homeState: null,
};

const PRIVILEGE: License = {
  ...LICENSE,
  id: "l2",
  state: "CO",
  number: null,
  validTo: null,
  source: "social_work_compact",
  homeState: "TX",
};

const CREDENTIAL: Credential = {
  id: "c1",
  providerId: "p1",
  payer: "cigna",
  state: "NY",
  network: "standard",
  status: "pending",
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
};

describe("license drafts", () => {
  it("a new license: an active state-board license, nothing chosen yet", () => {
    expect(licenseDraft()).toEqual({
      state: "",
      type: "",
      number: "",
      status: "active",
      validFrom: "",
      validTo: "",
      telehealthOnly: false,
      source: "state_board",
      homeState: "",
    });
  });

  it("an existing license or privilege is sent back unchanged (round trip)", () => {
    for (const item of [LICENSE, PRIVILEGE]) {
      const { id: _id, providerId: _p, ...fields } = item;
      expect(licenseInput(licenseDraft(item))).toEqual(fields);
    }
  });

  it("trims text; blank optional fields are null", () => {
    const body = licenseInput({ ...licenseDraft(LICENSE), type: "  LPC ", number: "   ", validTo: "" });
    expect(body).toMatchObject({ type: "LPC", number: null, validTo: null });
  });

  it("sends a home state with compact privileges only", () => {
    const board = licenseDraft({ ...PRIVILEGE, source: "state_board" });
    expect(licenseInput(board).homeState).toBeNull();
    expect(licenseInput(licenseDraft(PRIVILEGE)).homeState).toBe("TX");
    expect(licenseInput({ ...licenseDraft(PRIVILEGE), homeState: "" }).homeState).toBeNull();
  });

  it("sends a state not chosen as it is, for the API to name under the field", () => {
    expect(licenseInput(licenseDraft()).state).toBe("");
  });

  it("shows the home state field for compact privileges only", () => {
    expect(licenseFields({ source: "state_board" })).not.toContain("homeState");
    expect(licenseFields({ source: "IMLC" })).not.toContain("homeState");
    for (const source of ["PSYPACT", "counseling_compact", "social_work_compact"] as const) {
      expect(isCompact(source)).toBe(true);
      expect(licenseFields({ source })).toContain("homeState");
    }
  });

  it("offers as home states the provider's own state licenses, once each, by name", () => {
    const licenses = [
      { source: "state_board", state: "TX" },
      { source: "IMLC", state: "NJ" },
      { source: "state_board", state: "NY" },
      { source: "state_board", state: "NJ" },
      { source: "PSYPACT", state: "CO" },
      { source: "NLC", state: "FL" },
    ] as const;
    expect(homeStates(licenses, stateName)).toEqual(["NJ", "NY", "TX"]);
    expect(homeStates([], stateName)).toEqual([]);
  });
});

describe("credential drafts", () => {
  it("a new credential: an active standard-network credential, nothing chosen yet", () => {
    expect(credentialInput(credentialDraft())).toEqual({
      payer: "",
      state: "",
      network: "standard",
      status: "active",
      effectiveFrom: null,
      effectiveTo: null,
    });
  });

  it("an existing credential is sent back unchanged (round trip)", () => {
    const { id: _id, providerId: _p, ...fields } = CREDENTIAL;
    expect(credentialInput(credentialDraft(CREDENTIAL))).toEqual(fields);
  });
});

describe("fieldErrors: the API's errors on the fields a form shows", () => {
  it("keeps the first message per field and leaves other paths for the summary", () => {
    const errors = [
      { path: "state", message: "expected a US state or territory postal code, such as NY" },
      { path: "effectiveTo", message: "must not be before effectiveFrom" },
      { path: "effectiveTo", message: "a second message" },
      { path: "", message: "about the request as a whole" },
      { path: "homeState", message: "not asked for here" },
    ];
    expect(fieldErrors(errors, CREDENTIAL_FIELDS)).toEqual({
      state: "expected a US state or territory postal code, such as NY",
      effectiveTo: "must not be before effectiveFrom",
    });
  });

  it("places a home state error only where the field is shown", () => {
    const errors = [{ path: "homeState", message: "a privilege rests on a home license" }];
    expect(fieldErrors(errors, licenseFields({ source: "PSYPACT" }))).toEqual({
      homeState: "a privilege rests on a home license",
    });
    expect(fieldErrors(errors, licenseFields({ source: "state_board" }))).toEqual({});
  });

  it("has nothing to place before a submit", () => {
    expect(fieldErrors(undefined, CREDENTIAL_FIELDS)).toEqual({});
  });
});

describe("byEnd", () => {
  it("sorts the soonest end first and no end last", () => {
    const ends = ["2027-01-01", null, "2026-12-24", "2026-12-31"];
    expect([...ends].sort(byEnd((e: string | null) => e))).toEqual([
      "2026-12-24",
      "2026-12-31",
      "2027-01-01",
      null,
    ]);
  });
});
