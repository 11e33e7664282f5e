// The young person's own phone (docs/youth-phone.md) in Debian's Chromium,
// over HTTPS on loopback, on a PostgreSQL schema of its own: a
// professional enrols, logs in and invites from the case page; the QR
// code, decoded from a screenshot of the page (zbarimg), holds the link.
// A phone (390 x 844, touch only: every step a tap) opens it, chooses a
// PIN, and uses every action of the young person's view (then again in
// WebKit, Safari's engine: tests/web/webkit.js): the
// explanation, the map, a person, "this is right", someone missing,
// further away, "I would like to ask this person", who looked, the map to
// keep (a PNG download). The professional then sees the suggestions and
// the last opening; taking the invitation back ends the phone's session at
// its next request. A phone with a screen lock (a virtual authenticator)
// opens an invitation with a passkey and unlocks with it. axe-core on the
// phone's pages. The same in Dutch
// (the server's `language`), and screenshots of each page in both
// languages into OUT_DIR: phone-PAGE-LANG.png. PostgreSQL only; on SQLite
// it says why and passes.
//
// Usage: node tests/web/phone_browser_check.js KRING SAMPLES_DIR OUT_DIR
"use strict";

const { chromium } = require("playwright-core");
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { out, browserPath, check, checked, cli, storedCase, onPostgresql, store, copyCase } =
  require("./kring_test.js");
const { serverRole, sql, startServer, stopServer, axeCheck, submit, enrol, login, organisationServer } =
  require("./server_test.js");
const { startWebKit } = require("./webkit.js");
const { By, until } = require("selenium-webdriver");

const code = "P-1";
const phoneSize = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

// The link in the QR code of the invitation page PAGE, read from a
// screenshot of it as a phone's camera reads it.
async function qrLink(page, file) {
  await page.locator("figure.qr").screenshot({ path: file });
  return execFileSync("zbarimg", ["--raw", "-q", file], { encoding: "utf8" }).trim();
}

async function invite(page, base, lang, name = "phone") {
  await page.goto(`${base}/case/${code}`);
  await submit(page, "form.invite button");
  check(await page.locator("figure.qr svg").count() === 1, "the invitation page has a QR code: " +
        (await page.textContent("main")).slice(0, 300));
  const short = (await page.textContent("#short-code")).trim();
  check(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/.test(short), "and a short code: " + short);
  await page.screenshot({ path: path.join(out, `${name}-invite-${lang}.png`), fullPage: true });
  const link = await qrLink(page, path.join(out, `${name}-qr-${lang}.png`));
  check(new RegExp(`^${base.replace(/\./g, "\\.")}/j/[0-9a-f]{32}$`).test(link),
        "the QR code, read from a screenshot, holds the link: " + link);
  return link;
}

// The page fits the phones young people have, 320 to 430 px wide: no
// sideways scrolling; then back to 390.
async function fits(page, what) {
  for (const width of [320, 430]) {
    await page.setViewportSize({ width, height: 844 });
    const wide = await page.evaluate(() => document.scrollingElement.scrollWidth);
    check(wide <= width, `${what} fits ${width} px: ${wide}`);
  }
  await page.setViewportSize(phoneSize.viewport);
}

const tap = async (page, selector) => {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.tap(selector);
};
const tapAndWait = (page, selector) => Promise.all([page.waitForNavigation(), tap(page, selector)]);

// The phone: from the link to asking a mentor, by taps and typing only.
async function phone(browser, base, link, lang, axe, c) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, ...phoneSize, acceptDownloads: true });
  const page = await ctx.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  const shot = (name) => page.screenshot({ path: path.join(out, `phone-${name}-${lang}.png`), fullPage: true });
  await page.goto(link);
  await axeCheck(page, axe, `the phone's PIN page (${lang})`);
  await fits(page, `the PIN page (${lang})`);
  await shot("pin");
  await tap(page, "input[name=pin]");
  await page.keyboard.type("258036");
  await tap(page, "input[name=pin2]");
  await page.keyboard.type("258036");
  await tapAndWait(page, "form.pin button[type=submit]");
  check(page.url() === base + "/y", "the PIN chosen, the phone is on /y: " + page.url());
  check(!/P-1|Noah/.test(await page.title()), "the title names nobody: " + await page.title());
  check(await page.locator("#intro").isVisible(), "first the explanation");
  await shot("intro");
  await axeCheck(page, axe, `the phone's first page (${lang})`);
  await tap(page, "#intro-go"); /* the script closes it, no page loads */
  check(await page.locator("#intro").isHidden(), "the explanation closes");
  await shot("map");
  await fits(page, `the map (${lang})`);
  // Every link and form stays on the phone's pages.
  const out_ = await page.evaluate(() => [...document.querySelectorAll("[href], [action], [src]")]
    .map((e) => e.getAttribute("href") || e.getAttribute("action") || e.getAttribute("src"))
    .filter((u) => !/^(\/y|\/static\/|#|data:)/.test(u)));
  check(out_.length === 0, "no way out of /y: " + out_.join(", "));
  const feared = c.people.filter((p) => p.frightens).map((p) => p.name);
  const text = await page.textContent("body");
  check(feared.every((n) => !text.includes(n)), "nobody who frightens them: " + feared.join(", "));
  check(!text.includes(c.case.notes.slice(0, 30)), "no professional's notes");

  // "This is right".
  await tapAndWait(page, "#your-say form:not(.missing) button");
  check(page.url().includes("said=1"), "this is right: said");
  // Someone missing.
  await tap(page, "form.missing input[name=name]");
  await page.keyboard.type("Ayla");
  await tap(page, "form.missing input[name=ring][value='1']");
  await tapAndWait(page, "form.missing button[type=submit]");
  // A person, further away; then asked as mentor.
  const further = c.people.find((p) => !p.frightens && p.ring < 3 && p.status === "active");
  await tap(page, `a.who-link:text-is("${further.name}")`); /* opened by the script */
  check(await page.locator("section.who:not([hidden])").count() === 1, `${further.name}'s card opens`);
  await shot("person");
  await tapAndWait(page, "section.who:not([hidden]) button[value=further]");
  const mentor = c.people.find((p) => !p.frightens && !p.formal && (p.age || 0) >= 18 && !p.nominated &&
                               !["parent", "stepparent", "foster_parent", "sibling"].includes(p.role));
  await tap(page, `a.who-link:text-is("${mentor.name}")`);
  await tapAndWait(page, "section.who:not([hidden]) form[action$='/ask'] button");
  check(await page.locator("section.who:not([hidden]) p.asked").count() === 1,
        `asking ${mentor.name}: shown as asked: ${page.url()} ` +
        (await page.locator("p.error, p.note").allTextContents()).join(" "));
  // The card closed, who looked.
  await tap(page, "section.who:not([hidden]) a.close");
  await tapAndWait(page, "a[href='/y/looked']");
  await shot("looked");
  await fits(page, `who looked (${lang})`);
  await axeCheck(page, axe, `who looked (${lang})`);
  check(await page.locator("table.looked tbody tr").count() >= 1, "who looked: the lines");
  await tapAndWait(page, "a[href='/y?map=1']");
  // The map to keep.
  const [download] = await Promise.all([page.waitForEvent("download"), tap(page, "a[href='/y/map.png']")]);
  const file = path.join(os.tmpdir(), `kring-phone-map-${process.pid}.png`);
  await download.saveAs(file);
  check(fs.readFileSync(file).subarray(0, 4).toString("latin1") === "\x89PNG", "the map to keep: a PNG");
  fs.rmSync(file);
  await installable(page, base, lang);
  await offline(ctx, page, base, lang, shot);
  check(problems.length === 0, problems.join("; "));
  return { ctx, page, further, mentor };
}

// A phone with a screen lock (Chromium's virtual authenticator, through
// the DevTools protocol: a platform authenticator that verifies its
// user): the invitation opened with a passkey instead of a PIN; unused a
// while, the map unlocks with it; an unverified user is refused.
async function passkeyPhone(browser, base, link, lang, axe) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, ...phoneSize });
  const page = await ctx.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: {
    protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
    isUserVerified: true, automaticPresenceSimulation: true } });
  const shot = (name) => page.screenshot({ path: path.join(out, `phone-${name}-${lang}.png`), fullPage: true });
  await page.goto(link);
  await page.locator("div.passkey").waitFor({ state: "visible", timeout: 10000 });
  check(await page.locator("div.passkey button").isVisible(),
        "the invitation offers the phone's screen lock (" + lang + ")");
  await axeCheck(page, axe, `the invitation with a passkey offered (${lang})`);
  await shot("passkey-offer");
  await fits(page, `the passkey's offer (${lang})`);
  await tapAndWait(page, "div.passkey button");
  check(page.url() === base + "/y", "opened with a passkey, the phone is on /y: " + page.url());
  let creds = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  check(creds.length === 1 && creds[0].rpId === "localhost" && !creds[0].isResidentCredential,
        "the phone holds one passkey, for this server: " + JSON.stringify(creds.map((x) => x.rpId)));
  const stored = sql(`SELECT count(*) FROM ${schemaOf.schema}.youth_invitations WHERE passkey_id IS NOT NULL ` +
                     "AND pin_hash IS NULL AND used IS NOT NULL AND revoked IS NULL");
  check(stored.trim() === "1", "the server keeps the passkey, no PIN: " + stored);
  // Unused a while: the map asks the phone to sign.
  const idle = () => sql(`UPDATE ${schemaOf.schema}.youth_sessions s SET unlocked_until = now() - ` +
                         `interval '1 second' FROM ${schemaOf.schema}.youth_invitations i WHERE ` +
                         "i.id = s.invitation AND i.passkey_id IS NOT NULL");
  idle();
  await page.goto(base + "/y");
  await page.locator("div.passkey").waitFor({ state: "visible", timeout: 10000 });
  check(await page.locator("input[name=pin]").count() === 0 && await page.locator(".youth-view").count() === 0,
        "unused a while: the screen lock is asked, no PIN, nothing of the map");
  check(await page.locator(".passkey-none").isHidden(), "the words for a browser without it are hidden");
  await axeCheck(page, axe, `the phone's unlock with a passkey (${lang})`);
  await shot("passkey-unlock");
  await fits(page, `the passkey's unlock (${lang})`);
  // The user not verified (the phone's lock failed): refused by the phone.
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
  await tap(page, "div.passkey button");
  await page.locator(".passkey-failed").waitFor({ state: "visible", timeout: 10000 });
  check(page.url() === base + "/y" && await page.locator(".youth-view").count() === 0,
        "the phone's lock not passed: it says so, the map stays closed");
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: true });
  await tapAndWait(page, "div.passkey button");
  check(await page.locator(".youth-view").count() === 1, "signed with the passkey: the map opens again");
  creds = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  const count = sql(`SELECT passkey_count FROM ${schemaOf.schema}.youth_invitations WHERE passkey_id IS NOT NULL ` +
                    "AND revoked IS NULL");
  check(creds[0].signCount >= 1 && count.trim() === String(creds[0].signCount),
        `the server keeps the passkey's counter: ${count.trim()} (the phone's ${creds[0].signCount})`);
  check(problems.length === 0, problems.join("; "));
  await ctx.close();
}

// The professional's case page says the phone opened with a passkey.
async function passkeySeen(prof, base, lang) {
  await prof.goto(`${base}/case/${code}`);
  const state = await prof.textContent("p.phone-state");
  check(state.includes(lang === "en" ? "with its screen lock (a passkey)" : "met de schermvergrendeling (een passkey)"),
        "the professional sees the passkey: " + state);
}

// To the home screen: the manifest (in the page's language, naming
// nobody), its icons, the service worker in control of /y.
async function installable(page, base, lang) {
  const href = await page.getAttribute("link[rel=manifest]", "href");
  const m = await (await page.request.get(base + href)).json();
  check(m.name === (lang === "en" ? "My map" : "Mijn kaart") && m.start_url === "/y" &&
        m.scope === "/y" && m.display === "standalone", "the manifest: " + JSON.stringify(m));
  for (const icon of m.icons) {
    const r = await page.request.get(base + icon.src);
    check(r.status() === 200 && r.headers()["content-type"] === icon.type, `the icon ${icon.src}`);
  }
  // kring.js registered it as the map loaded.
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller,
                             null, { timeout: 10000 });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/y")).scope);
  check(scope === base + "/y", "the service worker's pages are /y: " + scope);
}

// Offline: the last map with a line saying so; "this is right" kept on
// the phone, sent when a page loads online again.
async function offline(ctx, page, base, lang, shot) {
  await page.goto(base + "/y?map=1"); /* the copy the phone keeps */
  const count = () => Number(sql(`SELECT count(*) FROM ${schemaOf.schema}.suggestions WHERE ` +
                                 `case_code = '${code}' AND kind = 'right'`));
  const before = count();
  await ctx.setOffline(true);
  await page.goto(base + "/y?map=1");
  check(await page.locator("#offline").isVisible() && await page.locator("figure.map svg").count() === 1,
        `offline: the last map, and the line that says so (${lang})`);
  await shot("offline");
  await tapAndWait(page, "#your-say form:not(.missing) button");
  check(await page.locator("#queued").isVisible(), "offline: what was said is kept on the phone");
  check(count() === before, "and not sent yet");
  await ctx.setOffline(false);
  await page.goto(base + "/y?map=1");
  for (let i = 0; i < 50 && count() === before; i++) await new Promise((d) => setTimeout(d, 100));
  check(count() === before + 1, `online again, it is sent: ${count() - before} of 1`);
}

const schemaOf = {};

// The same phone in WebKit (Safari's engine), 390 x 844: a tap is a
// click there (WebKitGTK emulates no touch).
async function webkitPhone(base, link, lang, c) {
  const { driver, version, stop } = await startWebKit(390, 844);
  const shot = async (name) => fs.writeFileSync(path.join(out, `phone-webkit-${name}-${lang}.png`),
                                                Buffer.from(await driver.takeScreenshot(), "base64"));
  const click = async (css) => {
    const e = await driver.findElement(By.css(css));
    await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    await e.click();
  };
  // A form sent, and the page it leads to loaded: the old page gone (the
  // address alone may already say "said=1" from the form before).
  const send = async (css) => {
    const old = await driver.findElement(By.css("html"));
    await click(css);
    await driver.wait(until.stalenessOf(old), 10000);
    await driver.wait(until.urlContains("said=1"), 10000);
  };
  const bo = () => Number(sql(`SELECT count(*) FROM ${schemaOf.schema}.suggestions WHERE ` +
                             `case_code = '${code}' AND name = 'Bo'`));
  const before = bo();
  try {
    await driver.get(link);
    await driver.findElement(By.css("input[name=pin]")).sendKeys("258036");
    await driver.findElement(By.css("input[name=pin2]")).sendKeys("258036");
    await click("form.pin button[type=submit]");
    await driver.wait(async () => (await driver.getCurrentUrl()) === base + "/y", 10000);
    const size = await driver.executeScript("return [innerWidth, innerHeight]");
    check(size[0] === 390, `WebKit ${version}: the phone's page is ${size.join(" x ")}`);
    await shot("intro");
    await click("#intro-go");
    check(!(await driver.findElement(By.id("intro")).isDisplayed()), "WebKit: the explanation closes");
    const body = await driver.findElement(By.css("body")).getText();
    const feared = c.people.filter((p) => p.frightens).map((p) => p.name);
    check(feared.every((n) => !body.includes(n)), "WebKit: nobody who frightens them");
    const outside = await driver.executeScript(function () {
      return [...document.querySelectorAll("[href], [action], [src]")]
        .map((e) => e.getAttribute("href") || e.getAttribute("action") || e.getAttribute("src"))
        .filter((u) => !/^(\/y|\/static\/|#|data:)/.test(u));
    });
    check(outside.length === 0, "WebKit: no way out of /y: " + outside.join(", "));
    await shot("map");
    await send("#your-say form:not(.missing) button");
    await driver.findElement(By.css("form.missing input[name=name]")).sendKeys("Bo");
    await send("form.missing button[type=submit]");
    const further = c.people.find((p) => !p.frightens && p.ring < 3 && p.status === "active");
    const links = await driver.findElements(By.css("a.who-link"));
    for (const a of links)
      if ((await a.getText()).replace(" \u2605", "") === further.name) {
        await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", a);
        await a.click();
        break;
      }
    await send("section.who:not([hidden]) button[value=further]");
    await shot("person");
    await driver.get(base + "/y/looked");
    const rows = await driver.findElements(By.css("table.looked tbody tr"));
    check(rows.length >= 1, "WebKit: who looked");
    await shot("looked");
    check(bo() === before + 1, "WebKit: someone missing reached the case");
  } finally {
    await stop();
  }
  return version;
}

async function main() {
  if (!onPostgresql) {
    console.log("phone_browser: the phone is kring server's: KRING_TEST_DB=postgresql runs it");
    return;
  }
  fs.mkdirSync(out, { recursive: true });
  const began = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kring-phone-browser-"));
  const db = store(tmp, "phone");
  const { schema, role, grant } = serverRole(db, "phone_browser");
  schemaOf.schema = schema;
  copyCase(db, code);
  let c = storedCase(db, code);
  cli(db, ["person", "set", code, c.people[1].id, "--frightens"]);
  c = storedCase(db, code);
  cli(db, ["team", "add", "Noord"]);
  const anna = { login: "anna", password: "kites fly over the dunes 0",
                 code: JSON.parse(cli(db, ["--json", "user", "add", "anna", "--name", "Anna", "--role",
                                           "professional", "--team", "Noord"])).enrolment };
  cli(db, ["case", "assign", code, "--team", "Noord", "--responsible", "anna"]);
  grant();
  // Named localhost: a host name, as passkeys need.
  const { port, base, conf, configure } = await organisationServer(tmp, db, role, "localhost");
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  // The certificate of the run is trusted as a real one would be: a
  // service worker is refused on an origin with a certificate error.
  const browser = await chromium.launch({ executablePath: browserPath,
                                          args: ["--no-sandbox", "--disable-gpu", "--ignore-certificate-errors"] });
  let server, webkit;
  try {
    for (const lang of ["en", "nl"]) {
      configure(lang);
      server = await startServer(conf, port);
      const pctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 900 } });
      const prof = await pctx.newPage();
      if (lang === "en") await enrol(prof, base, anna);
      await login(prof, base, anna);
      const link = await invite(prof, base, lang);
      const { ctx, page, further, mentor } = await phone(browser, base, link, lang, axe, c);
      // The professional sees what was said, and the last opening.
      await prof.goto(`${base}/case/${code}`);
      const section = await prof.textContent("#suggestions, section.suggestions, main");
      check(section.includes("Ayla"), `the professional sees the suggestion of Ayla (${lang})`);
      const state = await prof.textContent("p.phone-state");
      check(lang === "en" ? state.startsWith("Opened on the phone") : state.startsWith("Op de telefoon geopend"),
            "the professional sees the opening: " + state);
      await prof.locator("#phone").scrollIntoViewIfNeeded();
      await prof.screenshot({ path: path.join(out, `phone-case-${lang}.png`), fullPage: true });
      const stored = storedCase(db, code);
      check(stored.people.find((p) => p.id === mentor.id).nominated, `${mentor.name} is nominated`);
      check(stored.suggestions.some((s) => s.kind === "further" && s.person === further.id),
            `${further.name} further away is a suggestion`);
      // A passkey instead of a PIN, on an invitation of its own.
      await passkeyPhone(browser, base, await invite(prof, base, lang, "phone-passkey"), lang, axe);
      await passkeySeen(prof, base, lang);
      // The same in WebKit, on an invitation of its own.
      webkit = await webkitPhone(base, await invite(prof, base, lang, "phone-webkit"), lang, c);
      // Taken back: the phone's next request is refused.
      await prof.goto(`${base}/case/${code}`);
      await submit(prof, "form.revoke button");
      await page.reload();
      check(await page.locator("h1").textContent() ===
            (lang === "en" ? "Your map is closed on this phone" : "Je kaart is gesloten op deze telefoon"),
            "taken back: the phone's map is closed at its next request");
      await page.screenshot({ path: path.join(out, `phone-closed-${lang}.png`), fullPage: true });
      // Ready for the next language: the nomination undone in SQL.
      sql(`UPDATE ${schema}.people SET nominated = false WHERE case_code = '${code}' AND ` +
          `id = '${mentor.id}'`);
      await ctx.close();
      await pctx.close();
      await stopServer(server);
      server = null;
    }
  } finally {
    await browser.close();
    if (server) await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`phone_browser: ${checked()} checks passed in chromium and WebKitGTK ${webkit}, in ` +
              `English and Dutch, in ` +
              `${((Date.now() - began) / 1000).toFixed(0)} s; screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
