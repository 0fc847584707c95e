/**
 * The directory and referrals in the browser. Maya cannot see Sam on his Miami Beach vacation
 * (no Florida license) and, in the demo, no colleague can either: "Find who can see them" says so
 * and what else can be done. Then a Florida colleague joins (licensed in Florida, credentialed
 * with Cigna and Florida Blue there): Maya refers Sam to her with the prefilled reason, she
 * accepts; operations find her in the Directory (Cigna, Florida) with the coverage map; and
 * Jordan, on a trip to Florida, sees who can continue their care — names and how to reach them,
 * no license internals.
 */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../src/app/actor.js";
import { createUser } from "../src/app/auth.js";
import { addLocation } from "../src/app/clients.js";
import { addPracticeLocation, addProvider, saveCredential, saveLicense } from "../src/app/providers.js";
import {
  expectAccessible,
  inDays,
  PASSWORD,
  screenshotIfFailed,
  screenshots,
  signIn,
  startStack,
  type Stack,
} from "./support.js";

const NADIA = "Nadia Flores, LCSW";

describe("the directory and referrals", { timeout: 120_000 }, () => {
  let stack: Stack;
  let page: Page | undefined;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack.close());
  afterEach(async (ctx) => {
    await screenshotIfFailed(page, ctx.task);
    await page?.context().close();
    page = undefined;
  });

  let seeded: Promise<void> | undefined;
  /** Once, whichever test needs her first (each test can run alone with -t). */
  const ensureFloridaColleague = (): Promise<void> => (seeded ??= seedFloridaColleague());

  /** A Florida colleague: licensed in Florida, credentialed with Cigna and Florida Blue there. */
  async function seedFloridaColleague(): Promise<void> {
    const { store, geo } = stack;
    const nadia = await addProvider(store, SYSTEM, {
      firstName: "Nadia",
      lastName: "Flores",
      credentials: "LCSW",
      npi: "1305555553",
      taxonomy: "1041C0700X",
    });
    const id = nadia.provider.id;
    await saveLicense(store, geo, SYSTEM, id, {
      state: "FL",
      type: "LCSW",
      number: "SW9988776",
      status: "active",
      validFrom: "2021-01-01",
      validTo: inDays(400),
      telehealthOnly: false,
      source: "state_board",
      homeState: null,
    });
    for (const payer of ["cigna", "bcbs-fl"])
      await saveCredential(store, geo, SYSTEM, id, {
        payer,
        state: "FL",
        network: "standard",
        status: "active",
        effectiveFrom: "2024-01-01",
        effectiveTo: null,
      });
    await addPracticeLocation(store, geo, SYSTEM, id, {
      label: "Brickell office",
      line1: "801 Brickell Ave",
      line2: null,
      city: "Miami",
      state: "FL",
      zip: "33131",
    });
    await createUser(store, {
      email: "nadia@stateline.test",
      password: PASSWORD,
      role: "provider",
      providerId: id,
    });
  }

  /** Maya's Clients list, Sam's "Find who can see them" → the Refer dialog. */
  async function openSamsReferDialog(p: Page) {
    await p.goto("/clients");
    const sam = p.locator('tr[data-client="Sam Rivera"]');
    await sam.getByRole("button", { name: /^Find who can see them/ }).click();
    const dialog = p.getByRole("dialog", { name: "Who can see Sam Rivera there" });
    await dialog.waitFor();
    await dialog.locator(".loading").waitFor({ state: "detached" });
    return dialog;
  }

  it("says plainly when no colleague can see Sam in Miami Beach, and what else can be done", async () => {
    page = await stack.page();
    await signIn(page, "maya");
    const dialog = await openSamsReferDialog(page);
    await dialog.getByText(/^No colleague may see and bill Sam Rivera in Miami Beach, Florida on /).waitFor();
    expect(await dialog.textContent()).toMatch(/Reschedule the sessions/);
    await expectAccessible(page, "the Refer dialog, no one found");
    await screenshots(page, "directory-refer-empty");
  });

  it("refers Sam to a Florida colleague with the prefilled reason, and she accepts", async () => {
    await ensureFloridaColleague();
    page = await stack.page();
    await signIn(page, "maya");
    const dialog = await openSamsReferDialog(page);
    const row = dialog.locator(`tr[data-provider="${NADIA}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("In network with Cigna Healthcare");
    expect(text).toMatch(/Until .* \(\d+ days left\)/);
    expect(text).toContain("Accepting");
    await expectAccessible(page, "the Refer dialog with a colleague");
    await screenshots(page, "directory-refer-list");

    await row.getByRole("button", { name: `Refer to ${NADIA}` }).click();
    const reason = dialog.getByLabel("Reason");
    expect(await reason.inputValue()).toMatch(
      /^Sam will be in Miami Beach, Florida, .+; I am not licensed there\.$/,
    );
    expect(await reason.getAttribute("maxlength")).toBe("2000");
    // An empty reason is refused next to the field.
    await reason.fill("");
    await dialog.getByRole("button", { name: `Refer to ${NADIA}` }).click();
    await dialog
      .locator(".field", { has: page.getByLabel("Reason") })
      .getByRole("alert")
      .filter({ hasText: /say why you refer them/i })
      .waitFor();
    await reason.fill("Sam will be in Miami Beach, Florida, for a week; I am not licensed there.");
    await expectAccessible(page, "the referral form");
    await dialog.getByRole("button", { name: `Refer to ${NADIA}` }).click();
    await page.getByText(`Referred Sam Rivera to ${NADIA} for Miami Beach, Florida on`).waitFor();
    await screenshots(page, "directory-referred");

    // Maya's Referrals: sent, waiting for an answer, with Withdraw.
    await page.getByRole("link", { name: "Referrals", exact: true }).click();
    const sent = page.getByRole("region", { name: "Sent" }).locator('tr[data-client="Sam Rivera"]');
    expect(await sent.getAttribute("data-status")).toBe("sent");
    expect(await sent.getByRole("button", { name: /^Withdraw/ }).count()).toBe(1);

    // Nadia receives it and accepts.
    const nadia = await stack.page();
    try {
      await signIn(nadia, "nadia");
      await nadia.getByRole("link", { name: "Referrals", exact: true }).click();
      await nadia.getByText("1 new referral waiting for your answer.").waitFor();
      const received = nadia
        .getByRole("region", { name: "Received" })
        .locator('tr[data-client="Sam Rivera"]');
      const got = (await received.textContent()) ?? "";
      expect(got).toContain("Maya R. Chen, LCSW");
      expect(got).toContain("Florida 33139");
      expect(got).toContain("for a week; I am not licensed there.");
      await expectAccessible(nadia, "the Referrals page, received");
      await screenshots(nadia, "directory-referrals-received");
      await received.getByRole("button", { name: /^Accept/ }).click();
      await nadia.getByText("Accepted the referral of Sam Rivera from Maya R. Chen, LCSW.").waitFor();
      await nadia.locator('tr[data-client="Sam Rivera"][data-status="accepted"]').waitFor();
      expect(await received.getByRole("button").count()).toBe(0);
    } finally {
      await nadia.context().close();
    }

    await page.reload();
    await page.locator('tr[data-client="Sam Rivera"][data-status="accepted"]').waitFor();
  });

  it("lets operations search the directory by payer and place, with the coverage map", async () => {
    await ensureFloridaColleague();
    page = await stack.page();
    await signIn(page, "ops");
    await page.getByRole("link", { name: "Directory", exact: true }).click();
    await page.getByRole("heading", { name: "Directory", level: 1 }).waitFor();
    // Without payer and state: errors next to the fields.
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page
      .locator(".field", { has: page.getByLabel("Payer", { exact: true }) })
      .getByRole("alert")
      .waitFor();
    expect(await page.getByLabel("License type (optional)").getAttribute("maxlength")).toBe("40");

    await page.getByLabel("Payer", { exact: true }).selectOption("cigna");
    await page.getByLabel("State", { exact: true }).selectOption("FL");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const row = page.locator(`tr[data-provider="${NADIA}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("LCSW FL #SW9988776");
    expect(text).toContain("Cigna Healthcare FL");
    await page.locator('.directory-map__counts li[data-state="FL"]').getByText("1 provider").waitFor();
    await page.locator('.map__svg path[data-state="FL"]').waitFor();

    // New York: Maya (Cigna NY), Nadia not.
    await page.getByLabel("State", { exact: true }).selectOption("NY");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator('tr[data-provider="Maya R. Chen, LCSW"]').waitFor();
    expect(await page.locator(`tr[data-provider="${NADIA}"]`).count()).toBe(0);
    expect(await page.locator(".directory-map__counts li").count()).toBe(2);
    await expectAccessible(page, "the ops Directory page");
    await screenshots(page, "directory-ops");
  });

  it("shows a client on a trip who can continue their care, without license internals", async () => {
    // Jordan (BCBS North Carolina PPO) goes to Miami Beach while a session is booked: Maya has no
    // Florida license; Nadia, credentialed with Florida Blue, can see them through BlueCard.
    const jordan = (await stack.store.clients.list(null)).find((c) => c.name === "Jordan Lee");
    if (!jordan) throw new Error("no demo client Jordan Lee");
    await ensureFloridaColleague();
    await addLocation(stack.store, stack.geo, SYSTEM, jordan.id, {
      kind: "temporary",
      label: "Visiting family",
      line1: "1500 Collins Ave",
      line2: null,
      city: "Miami Beach",
      state: "FL",
      zip: "33139",
      startsOn: inDays(10),
      endsOn: inDays(14),
    });
    page = await stack.page();
    await signIn(page, "jordan");
    const section = page.getByRole("region", { name: "Who can continue my care" });
    const entry = section.locator(`li[data-provider="${NADIA}"]`);
    await entry.waitFor();
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain("BlueCard via Florida Blue");
    expect(text).toContain("nadia@stateline.test");
    expect(text).toContain("Brickell office: Miami, FL");
    const all = (await section.textContent()) ?? "";
    expect(all).not.toContain("SW9988776");
    expect(all).not.toMatch(/days left|NPI/);
    await expectAccessible(page, "the client's My locations with who can continue their care");
    await screenshots(page, "directory-client");
  });
});
