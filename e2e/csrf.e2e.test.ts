/**
 * Cross-site request forgery in a real browser: a page on another origin of the same site
 * (another port of localhost, so Chromium sends the SameSite=Lax session cookie along) posts a
 * text/plain form to the API. The server refuses it and the session stays signed in.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, screenshot, startStack, type Stack } from "./support.js";

describe("a forged form post from another origin on the same site", () => {
  let stack: Stack;
  let evil: Server;
  let evilUrl: string;
  let appUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    appUrl = stack.url.replace("127.0.0.1", "localhost");
    evil = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<!doctype html><title>Win a prize</title>
        <form id="f" method="POST" enctype="text/plain" action="${appUrl}/api/v1/auth/logout">
          <input name="x" value="1"></form>
        <script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      evil.close(() => {
        resolve();
      });
    });
    await stack.close();
  });

  it("is refused, and the provider is still signed in", async () => {
    const page = await stack.page();
    await page.goto(`${appUrl}/`);
    await page.getByLabel("Email").fill("maya@stateline.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    const refused = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/logout"));
    await page.goto(evilUrl);
    const answer = await refused;
    expect(answer.status()).toBe(403);
    await screenshot(page, "csrf-refused");

    const me = await page.request.get(`${appUrl}/api/v1/me`);
    expect(me.status()).toBe(200);
    await page.goto(`${appUrl}/`);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });
});
