/**
 * The directory's reach, pure: which candidate rows a provider's file gives, and which rows a
 * client's coverage at a place can use (on the real payer map).
 */
import { describe, expect, it } from "vitest";
import { reachKeys, reachRows, usedCredential, usedLicense } from "../../src/app/directory-reach.js";
import type { Credential, License } from "../../src/app/model.js";
import type { CaseInput, CoverageInput } from "../../src/contract/schema.js";
import type { StateCode } from "../../src/contract/states.js";
import { decide } from "../../src/rules/decide.js";
import { loadReference } from "../../src/reference/catalogue.js";

const geo = loadReference();

type L = Omit<License, "id" | "providerId">;
type C = Omit<Credential, "id" | "providerId">;
const lic = (state: StateCode, extra: Partial<L> = {}): L => ({
  state,
  type: "LCSW",
  number: null,
  status: "active",
  validFrom: "2020-01-01",
  validTo: "2030-12-31",
  telehealthOnly: false,
  source: "state_board",
  homeState: null,
  ...extra,
});
const cred = (payer: string, state: StateCode, extra: Partial<C> = {}): C => ({
  payer,
  state,
  network: "standard",
  status: "active",
  effectiveFrom: "2024-01-01",
  effectiveTo: null,
  ...extra,
});

function keysAt(coverage: CoverageInput, state: StateCode, zip?: string): string[] {
  const placed = geo.place(state, zip);
  if (placed.kind === "mismatch") throw new Error("mismatch");
  return reachKeys(geo, coverage, placed);
}

describe("reach rows of a provider's file", () => {
  it("pairs a license with each active credential in the same state, within both their dates", () => {
    const rows = reachRows({
      licenses: [lic("NY"), lic("NJ", { type: "LPC", validTo: "2026-06-30" })],
      credentials: [cred("aetna", "NY"), cred("horizon-nj", "NJ", { effectiveFrom: "2025-03-01" })],
    });
    expect(rows).toEqual([
      {
        state: "NJ",
        key: "horizon-nj",
        lo: "2025-03-01",
        hi: "2026-06-30",
        inPerson: true,
        licenseTypes: ["LPC"],
      },
      {
        state: "NY",
        key: "aetna",
        lo: "2024-01-01",
        hi: "2030-12-31",
        inPerson: true,
        licenseTypes: ["LCSW"],
      },
    ]);
  });

  it("gives no row for a credential where the provider holds no license, nor for one not active", () => {
    const rows = reachRows({
      licenses: [lic("NY")],
      credentials: [
        cred("aetna", "CT"),
        cred("cigna", "NY", { status: "pending" }),
        cred("uhc", "NY", { status: "terminated" }),
      ],
    });
    expect(rows).toEqual([]);
  });

  it("leaves out NLC entries and licenses that do not allow practice; keeps probation", () => {
    const rows = reachRows({
      licenses: [
        lic("TX", { source: "NLC", type: "RN" }),
        lic("TX", { status: "suspended" }),
        lic("FL", { status: "expired" }),
        lic("CA", { status: "probation", type: "LMFT" }),
      ],
      credentials: [cred("aetna", "TX"), cred("aetna", "FL"), cred("aetna", "CA")],
    });
    expect(rows.map((r) => `${r.state} ${r.key} ${r.licenseTypes.join("+")}`)).toEqual(["CA aetna LMFT"]);
  });

  it("widens the dates over every license and credential of a key, and marks telehealth-only states", () => {
    const rows = reachRows({
      licenses: [
        lic("CO", { telehealthOnly: true, validFrom: null, validTo: "2025-12-31", type: "PsyD" }),
        lic("CO", { telehealthOnly: true, validFrom: "2027-01-01", validTo: null, type: "LCSW" }),
      ],
      credentials: [
        cred("anthem-co", "CO", { effectiveFrom: "2023-01-01", effectiveTo: "2023-12-31" }),
        cred("anthem-co", "CO", { effectiveFrom: "2026-01-01", effectiveTo: null }),
        cred("anthem-co", "CO", { network: "virtual", effectiveFrom: null }),
      ],
    });
    expect(rows).toEqual([
      {
        state: "CO",
        key: "anthem-co",
        lo: "2023-01-01",
        hi: "infinity",
        inPerson: false,
        licenseTypes: ["LCSW", "PsyD"],
      },
      {
        state: "CO",
        key: "anthem-co/virtual",
        lo: "-infinity",
        hi: "infinity",
        inPerson: false,
        licenseTypes: ["LCSW", "PsyD"],
      },
    ]);
  });

  it("gives no row when the license and the credential never overlap", () => {
    const rows = reachRows({
      licenses: [lic("WA", { validTo: "2023-12-31" })],
      credentials: [cred("premera-wa", "WA", { effectiveFrom: "2024-01-01" })],
    });
    expect(rows).toEqual([]);
  });
});

describe("the keys that can carry a client's claim at a place", () => {
  it("a national payer: the payer, and its behavioral administrator (uhc → optum)", () => {
    expect(keysAt({ payer: "aetna" }, "NY", "10027")).toEqual(["aetna"]);
    expect(keysAt({ payer: "uhc" }, "TX")).toEqual(["uhc", "optum"]);
  });

  it("a Blue plan in its own area: the plan itself", () => {
    expect(keysAt({ payer: "anthem-ny" }, "NY", "10027")).toEqual(["anthem-ny"]);
  });

  it("a Blue plan outside its area: its virtual network, then BlueCard through the plans local there", () => {
    expect(keysAt({ payer: "bcbs-il" }, "NY", "14604")).toEqual(["bcbs-il/virtual", "excellus-ny"]);
    // An HMO stays local: no BlueCard.
    expect(keysAt({ payer: "bcbs-il", product: "hmo" }, "NY", "14604")).toEqual(["bcbs-il/virtual"]);
    expect(keysAt({ payer: "bcbs-il", product: "hmo", bluecard: true }, "NY", "14604")).toEqual([
      "bcbs-il/virtual",
      "excellus-ny",
    ]);
  });

  it("a Federal Employee Program member: any Blue plan local where the client is, home plan or not", () => {
    expect(keysAt({ payer: "bcbs-il", product: "fep" }, "NY", "14604")).toEqual(["excellus-ny"]);
    expect(keysAt({ payer: "anthem-ny", product: "fep" }, "NY", "10027")).toEqual(
      geo.place("NY", "10027").kind === "zip" ? ["anthem-ny"] : [],
    );
  });

  it("an unknown payer: none", () => {
    expect(keysAt({ payer: "acme-health" }, "NY", "10027")).toEqual([]);
  });
});

describe("the license and credential a billable decision used", () => {
  it("are the first entries in file order that the engine accepts", () => {
    const licenses = [
      lic("NY", { status: "expired", type: "LMSW" }),
      lic("NY", { source: "PSYPACT", homeState: "NJ", type: "PsyD" }), // NY is no PSYPACT member
      lic("NY", { type: "LCSW", validTo: "2027-03-31" }),
    ];
    const credentials = [
      cred("aetna", "NY", { status: "terminated" }),
      cred("aetna", "NY", { effectiveTo: "2026-12-31" }),
      cred("aetna", "NY"),
    ];
    const c: CaseInput = {
      provider: { licenses, credentials },
      client: { coverage: { payer: "aetna" } },
      session: { date: "2026-09-01", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
    };
    const d = decide(c, geo);
    expect(d.outcome).toBe("billable");
    expect(usedLicense(c, licenses, geo)).toBe(licenses[2]);
    expect(usedCredential(d, credentials, "2026-09-01")).toBe(credentials[1]);
  });
});
