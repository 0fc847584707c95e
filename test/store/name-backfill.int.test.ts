/**
 * Migration 20261205T1000 splits the providers' names it finds into parts (credentials after
 * the first comma, a trailing Jr/Sr/II/III/IV/V as the suffix) and writes the billing ZIP+4 as
 * 12345-6789. The migrations run on PGlite here up to that one, over rows saved before it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DIR = new URL("../../src/store/migrations/", import.meta.url);
const MIGRATION = "20261205T1000_claim_input_fields.sql";

describe(`migration ${MIGRATION}`, () => {
  const db = new PGlite();
  beforeAll(async () => {
    for (const file of readdirSync(DIR).sort()) {
      if (file > MIGRATION) break;
      if (file === MIGRATION) {
        await db.exec(`
          insert into providers (name, npi, taxonomy) values
            ('Maya Chen, LCSW', '1234567893', '1041C0700X'),
            ('Maya R. Chen, LCSW', '1234567801', '1041C0700X'),
            ('Luis Alberto Ortega Jr., PsyD', '1234567802', '103TC0700X'),
            ('Nadia Petrov, MD, MPH', '1234567804', '2084P0800X'),
            ('  Ana   Ruiz  ', '1234567805', '1041C0700X'),
            ('Cher', '1234567803', '1041C0700X');
          insert into billing_organization
            (name, npi, tax_id, taxonomy, line1, city, state, zip, contact_name, contact_phone,
             submitter_id, receiver_name, receiver_id)
          values ('Group', '2150000000', '871234567', '261QM0801X', '350 Fifth Ave', 'New York', 'NY',
                  '101184100', 'Claims Desk', '2125550142', 'STATELINE', 'Clearinghouse', 'CLEAR');`);
      }
      await db.exec(readFileSync(new URL(file, DIR), "utf8"));
    }
  });
  afterAll(async () => db.close());

  it("splits existing names into parts and keeps the name as it was", async () => {
    const rows = await db.query(
      `select name, first_name, middle_name, last_name, suffix, credential_letters from providers order by npi`,
    );
    expect(rows.rows).toEqual([
      {
        name: "Maya R. Chen, LCSW",
        first_name: "Maya",
        middle_name: "R.",
        last_name: "Chen",
        suffix: null,
        credential_letters: "LCSW",
      },
      {
        name: "Luis Alberto Ortega Jr., PsyD",
        first_name: "Luis",
        middle_name: "Alberto",
        last_name: "Ortega",
        suffix: "Jr.",
        credential_letters: "PsyD",
      },
      {
        name: "Cher",
        first_name: "",
        middle_name: null,
        last_name: "Cher",
        suffix: null,
        credential_letters: null,
      },
      {
        name: "Nadia Petrov, MD, MPH",
        first_name: "Nadia",
        middle_name: null,
        last_name: "Petrov",
        suffix: null,
        credential_letters: "MD, MPH",
      },
      {
        name: "  Ana   Ruiz  ",
        first_name: "Ana",
        middle_name: null,
        last_name: "Ruiz",
        suffix: null,
        credential_letters: null,
      },
      {
        name: "Maya Chen, LCSW",
        first_name: "Maya",
        middle_name: null,
        last_name: "Chen",
        suffix: null,
        credential_letters: "LCSW",
      },
    ]);
  });

  it("writes the billing ZIP+4 as 12345-6789 and refuses separators in new member ids", async () => {
    expect((await db.query(`select zip from billing_organization`)).rows).toEqual([{ zip: "10118-4100" }]);
    await expect(
      db.exec(`insert into clients (provider_id, name) select id, 'Sam Rivera' from providers limit 1;
               insert into coverages (client_id, payer, member_id) select id, 'aetna', 'W99*88' from clients`),
    ).rejects.toThrow(/coverages_member_id_text/);
    await expect(
      db.exec(
        `insert into clients (provider_id, name, sex) select id, 'Sam Rivera', 'X' from providers limit 1`,
      ),
    ).rejects.toThrow(/clients_sex_check/);
  });
});
