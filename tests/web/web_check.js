// The browser test of `kring serve` (docs/web.md): headless Debian
// chromium driven by playwright-core. It starts kring serve on a copy of
// a sample, opens the printed address, adds people through the forms,
// sees them on the map, marks the young person's choice in the youth view
// on a tablet-sized window, reads the team view, downloads the PDF, and
// checks what was stored with the command line. Safety: a name that is a
// script stays text, a change without the CSRF token or from another
// origin changes nothing, nothing is served without the token, every
// answer carries the Content-Security-Policy.
//
// Usage: node tests/web/web_check.js KRING SAMPLES_DIR OUT_DIR
// Screenshots go into OUT_DIR (youth-tablet.png, team.png, case.png).
"use strict";

const { chromium } = require("playwright-core");
const { spawn, spawnSync, execFileSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const { kring, samples, out, browserPath, check, checked, cli, storedCase, person, serve, store } =
  require("./kring_test.js");

// No page title names the young person or anyone of the case: the
// browser's history keeps titles after the case is gone.
async function titleWithoutNames(page, c) {
  const title = await page.title();
  for (const name of [c.case.name, ...c.people.map((p) => p.name)])
    check(!title.includes(name), "the title of " + page.url() + " names " + name + ": " + title);
}

// The addresses a youth view page leads to: every link, form, area and
// SVG link, and whether the page has keyboard shortcuts.
async function exits(page) {
  return page.evaluate(() => {
    const urls = [];
    document.querySelectorAll("a[href], area[href]").forEach((a) => urls.push(a.href));
    document.querySelectorAll("svg a").forEach((a) => {
      const h = a.getAttribute("href") || a.getAttribute("xlink:href");
      if (h) urls.push(new URL(h, location.href).href);
    });
    document.querySelectorAll("form").forEach((f) => urls.push(f.action));
    document.querySelectorAll("[formaction]").forEach((b) => urls.push(b.formAction));
    return { urls, keys: document.querySelectorAll("[accesskey]").length };
  });
}

// A request of the test itself to kring under its own name (see serve()),
// with the browser context's cookies for that name.
async function ask(ctx, server, p, options = {}) {
  const jar = ctx ? await ctx.cookies(server.base) : [];
  const headers = { Host: server.host, ...(options.headers || {}) };
  if (jar.length) headers.Cookie = jar.map((k) => k.name + "=" + k.value).join("; ");
  const { request = ctx.request, ...rest } = options;
  return request.fetch(server.loop + p, { maxRedirects: 0, ...rest, headers });
}

// A server of someone else's on another port of 127.0.0.1: records the
// Cookie header of every request.
function recorder() {
  return new Promise((resolve) => {
    const seen = [];
    const s = http.createServer((req, res) => {
      seen.push(req.headers.cookie || "");
      res.end("elsewhere");
    });
    s.listen(0, "127.0.0.1", () => resolve({ server: s, seen, port: s.address().port }));
  });
}

// Accessibility: axe-core (npm, pinned) on every kind of page, the
// young person's view with its first screen and with a panel open: no
// serious or critical violation. axe is put into the page by the test
// (a context that may ignore the pages' Content-Security-Policy, which
// rightly lets no other script in).
async function accessible(server, browser, db) {
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 768 } });
  const p = await ctx.newPage();
  const at = new URL(await server.take());
  await p.goto(server.base + "/" + at.search);
  const pages = ["/", "/case/2026-014", "/case/2026-014/person/4", "/case/2026-014/team",
                 "/case/2026-014/youth", "/case/2026-014/youth?person=4",
                 "/case/2026-014/youth?said=1"];
  for (const where of pages) {
    await p.goto(server.base + where);
    await p.addScriptTag({ content: axe });
    const found = await p.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
    });
    check(found.length === 0, "axe finds no serious or critical violation on " + where + ": " + found.join("; "));
  }
  // With a mouse: a drag from an empty place pans the map; a person
  // dragged and let go in their own circle again says nothing and opens
  // no panel; a click opens it.
  await p.goto(server.base + "/case/2026-014/youth?map=1");
  const node = await p.getAttribute(`a.who-link:text-is("Oma Ria")`, "data-node");
  const box = () => p.evaluate(() => document.querySelector("figure.map svg").getAttribute("viewBox"));
  await p.click("div.zoom button[data-zoom=in]");
  const before = await box();
  const map = await p.locator("figure.map svg").boundingBox();
  await p.mouse.move(map.x + 30, map.y + map.height - 30);
  await p.mouse.down();
  await p.mouse.move(map.x + 90, map.y + map.height - 70, { steps: 8 });
  await p.mouse.up();
  check((await box()) !== before, "a mouse drag pans the map");
  const said = cli(db, ["--json", "suggestions", "2026-014"]);
  const from = await p.locator(`figure.map svg g#${node}`).boundingBox();
  const cx = from.x + from.width / 2, cy = from.y + from.height / 2;
  await p.mouse.move(cx, cy);
  await p.mouse.down();
  await p.mouse.move(cx + 12, cy + 8, { steps: 8 });
  await p.mouse.move(cx + 2, cy + 1, { steps: 8 });
  await p.mouse.up();
  check((await p.locator("section.who:visible").count()) === 0 && !p.url().includes("said"),
        "Oma Ria carried and let go in her own circle opens no panel and says nothing");
  check(cli(db, ["--json", "suggestions", "2026-014"]) === said,
        "and makes no suggestion");
  await p.click(`figure.map svg g#${node}`);
  check((await p.locator("section.who:visible h2").textContent()) === "Oma Ria", "a click opens her panel");
  await ctx.close();
}

// The sizes on the young person's map in PAGE: the smallest person's
// mark (CSS px), the smallest text of a person, and the page's width.
async function mapSizes(page) {
  return page.evaluate(() => {
    const svg = document.querySelector("figure.map svg");
    const k = svg.getScreenCTM().a;
    let w = 1e9, h = 1e9, font = 1e9;
    document.querySelectorAll("figure.map g.node").forEach((g) => {
      const b = g.getBoundingClientRect();
      w = Math.min(w, b.width);
      h = Math.min(h, b.height);
      g.querySelectorAll("text").forEach((t) => {
        font = Math.min(font, parseFloat(t.getAttribute("font-size")) * k);
      });
    });
    return { w, h, font, k, scroll: document.scrollingElement.scrollWidth,
             box: svg.getAttribute("viewBox") };
  });
}

// The young person's view on a phone (390x844, touch only): the first
// screen, people big enough to tap (44 CSS px, WCAG 2.5.5) with labels
// of 12 px or more, zoom by buttons, a drag that pans and is no tap, no
// sideways scrolling at 320 px, finding someone, and saying someone is
// missing; then a case of 120 people.
async function phone(server, db, browser, watch) {
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true,
  });
  const p = await ctx.newPage();
  watch(p);
  const at = new URL(await server.take());
  await p.goto(server.base + "/case/2026-014/youth" + at.search);
  check(await p.locator("section.intro").isVisible(), "on a phone, the first screen first");
  await p.screenshot({ path: path.join(out, "youth-phone-intro.png") });
  await p.tap("#intro-go");
  let s = await mapSizes(p);
  check(s.w >= 44 && s.h >= 44, "every person on the phone's map is 44x44 CSS px or more: " + JSON.stringify(s));
  check(s.font >= 12, "every person's label is 12 CSS px or more: " + s.font);
  check(s.scroll <= 390, "no sideways scrolling at 390 px: " + s.scroll);
  await p.screenshot({ path: path.join(out, "youth-phone.png") });
  // The buttons zoom; "whole map" shows it all.
  await p.tap("div.zoom button[data-zoom=out]");
  const out1 = await mapSizes(p);
  check(out1.k < s.k, "the minus button zooms out");
  await p.tap("div.zoom button[data-zoom=in]");
  check(Math.abs((await mapSizes(p)).k - s.k) < 0.01, "and plus zooms in again");
  await p.tap("div.zoom button[data-zoom=all]");
  check((await mapSizes(p)).k < out1.k, "the whole map fits");
  await p.tap("div.zoom button[data-zoom=in]");
  await p.tap("div.zoom button[data-zoom=in]");
  // A finger that moves at once from a person moves the map (only a
  // finger held still picks a person up) and opens no panel.
  await p.tap("div.zoom button[data-zoom=all]");
  await p.tap("div.zoom button[data-zoom=in]");
  const before = (await mapSizes(p)).box;
  const els = await p.getAttribute(`a.who-link:text-is("Oma Ria")`, "data-node");
  const from = await p.locator(`figure.map svg g#${els}`).boundingBox();
  const cdp = await ctx.newCDPSession(p);
  const fx = from.x + from.width / 2, fy = from.y + from.height / 2;
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: fx, y: fy }] });
  for (let i = 1; i <= 8; i++)
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: fx + 7 * i, y: fy + 5 * i }] });
  // Back to end on her mark again: a tap there would open her panel.
  for (let i = 7; i >= 1; i--)
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: fx + 7 * i, y: fy + 5 * i }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await p.waitForTimeout(500);
  check((await mapSizes(p)).box !== before, "a drag pans the map");
  check((await p.locator("section.who:visible").count()) === 0, "and is no tap on the person it began on");
  // A tap on a person opens their panel.
  await p.tap(`figure.map svg g#${els}`);
  check((await p.locator("section.who:visible h2").textContent()) === "Oma Ria", "a tap on her mark opens her panel");
  await p.tap("section.who:visible a.close");
  // The keyboard: one tab stop a person (their name), not two.
  const stops = await p.evaluate(() => document.querySelectorAll("a.who-link").length);
  // Once round the page's tab order: until the first stop comes again.
  const seen = [];
  await p.evaluate(() => document.activeElement && document.activeElement.blur());
  let first = null;
  for (let i = 0; i < 400; i++) {
    await p.keyboard.press("Tab");
    const stop = await p.evaluate(() => {
      const e = document.activeElement;
      const all = Array.from(document.querySelectorAll("*"));
      return { at: all.indexOf(e), node: e.getAttribute("data-node") || e.closest("g.node")?.id || "" };
    });
    if (first !== null && stop.at === first) break;
    if (first === null) first = stop.at;
    seen.push(stop.node);
  }
  const people = seen.filter((x) => x !== "");
  const once = new Set(people);
  check(once.size === stops && people.length === stops,
        "one tab stop a person: " + people.join(" "));
  await p.fill("#find-who input", "sandra");
  check((await p.locator("ul.who-list li:visible").count()) === 1, "typing a name finds them");
  await p.tap(`a.who-link:text-is("Tante Sandra")`);
  const panel = p.locator("section.who:visible");
  check((await panel.locator("h2").textContent()) === "Tante Sandra", "a tap on the name opens her panel");
  const node = await p.getAttribute(`a.who-link:text-is("Tante Sandra")`, "data-node");
  const nb = await p.locator(`figure.map svg g#${node}`).boundingBox();
  const fb = await p.locator("figure.map").boundingBox();
  check(nb.x >= fb.x && nb.x + nb.width <= fb.x + fb.width, "and the map shows her");
  await p.tap("section.who:visible a.close");
  await p.fill("#find-who input", "");
  // Someone is missing: a first name and a circle, by touch only.
  await p.tap("section.your-say input[name=name]");
  await p.keyboard.type("Yara");
  await p.tap("section.your-say label.ring:has(input[value='1'])");
  await Promise.all([p.waitForNavigation(), p.tap("form.missing button[type=submit]")]);
  check((await p.textContent("body")).includes("Thank you."), "the young person is thanked");
  const said = JSON.parse(cli(db, ["--json", "suggestions", "2026-014"]));
  check(said.suggestions.some((x) => x.kind === "missing" && x.name === "Yara" && x.ring === 1),
        "someone missing is kept as a suggestion");
  check(!person(storedCase(db, "2026-014"), "Yara"), "and not added to the network");
  await p.setViewportSize({ width: 320, height: 640 });
  await p.goto(server.base + "/case/2026-014/youth?map=1");
  s = await mapSizes(p);
  check(s.scroll <= 320, "no sideways scrolling at 320 px: " + s.scroll);
  check(s.w >= 44 && s.h >= 44 && s.font >= 12, "and people as big: " + JSON.stringify(s));
  // 120 people: the same sizes, and a name found among them.
  const big = { kring: 1, case: { code: "2026-120", name: "Mila" }, people: [], ties: [] };
  const roles = ["friend", "classmate", "teacher", "neighbour", "coach", "relative", "aunt_uncle"];
  for (let i = 1; i <= 120; i++)
    big.people.push({ id: "p" + i, name: "Persoon " + i, role: roles[i % roles.length], ring: 1 + (i % 3) });
  const file = path.join(os.tmpdir(), "kring-web-120.json");
  fs.writeFileSync(file, JSON.stringify(big));
  cli(db, ["import", file]);
  fs.unlinkSync(file);
  await p.setViewportSize({ width: 390, height: 844 });
  await p.goto(server.base + "/case/2026-120/youth?map=1");
  s = await mapSizes(p);
  check(s.w >= 44 && s.h >= 44 && s.font >= 12 && s.scroll <= 390,
        "with 120 people the phone's map keeps its sizes: " + JSON.stringify(s));
  await p.fill("#find-who input", "persoon 117");
  check((await p.locator("ul.who-list li:visible").count()) === 1, "and finds one of 120");
  await p.screenshot({ path: path.join(out, "youth-phone-120.png") });
  await ctx.close();
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kring-web-"));
  const db = store(dir, "kring.db");
  cli(db, ["import", path.join(samples, "2026-014-noah.json")]);
  const before = storedCase(db, "2026-014");
  const server = await serve(db);
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const problems = [];
  const watch = (page) => {
    page.on("dialog", (d) => {
      problems.push("a dialog opened: " + d.message());
      d.dismiss();
    });
    page.on("console", (m) => {
      // A refused form is answered 422 on purpose; the browser logs it.
      if (m.type() === "error" && !/status of (422|409)/.test(m.text()))
        problems.push("console: " + m.text() + " at " + page.url());
    });
    page.on("pageerror", (e) => problems.push("page error: " + e.message));
  };
  try {
    // Nothing without the token: not a page, not the API, not the script.
    const stranger = await browser.newContext();
    for (const p of ["/", "/case/2026-014", "/api/cases", "/static/kring.js",
                     "/case/2026-014/map.svg"]) {
      const r = await ask(null, server, p, { request: stranger.request });
      check(r.status() === 403, "without the token " + p + " is refused, not " + r.status());
      check(!(await r.text()).includes("Noah"), "without the token " + p + " shows no name");
    }
    const wrong = await ask(null, server, "/?token=" + "0".repeat(48),
                            { request: stranger.request });
    check(wrong.status() === 403, "a wrong token is refused");
    await stranger.close();

    // A port in use is refused with the reason; another address needs
    // --allow-remote, and then kring says why it is risky.
    const port = new URL(server.base).port;
    const busy = spawnSync(kring, ["--db", db, "serve", "--port", port], {
      encoding: "utf8", timeout: 10000,
    });
    check(busy.status === 1 && /cannot listen on 127\.0\.0\.1 port \d+: Address already in use/
                                 .test(busy.stderr), "a port in use: " + busy.stderr);
    const remote = spawn(kring, ["--db", db, "serve", "--bind", "0.0.0.0", "--allow-remote",
                                 "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const warned = await new Promise((resolve) => {
      let text = "";
      remote.stderr.on("data", (d) => {
        text += d;
        if (/open the address/.test(text)) resolve(text);
      });
      setTimeout(() => resolve(text), 10000);
    });
    remote.kill("SIGTERM");
    check(/warning: the pages are served to other computers, over plain HTTP/.test(warned),
          "--allow-remote says why it is risky");

    // The professional at the laptop.
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    watch(page);
    const first = await page.goto(await server.take());
    check(first.status() === 200, "the address with the token opens");
    check(!page.url().includes("token"), "the token leaves the address bar");
    const headers = first.headers();
    check(/default-src 'none'/.test(headers["content-security-policy"] || ""),
          "a strict Content-Security-Policy");
    check(headers["cache-control"] === "no-store", "pages are not cached");
    // The session's cookie: this run's own name, a value that is not the
    // token, HttpOnly, SameSite=Strict, for 12 hours; neither the address
    // bar nor the tab's history (Back) holds the token.
    const cookies = await ctx.cookies(server.base);
    const session = cookies.find((k) => /^kring-[0-9a-f]{16}$/.test(k.name));
    check(cookies.length === 1 && session, "one cookie, of this run's own name: " +
          JSON.stringify(cookies));
    check(session.value !== server.token && !session.value.includes(server.token),
          "the cookie does not hold the token");
    check(session.httpOnly && session.sameSite === "Strict" && session.path === "/",
          "the cookie is HttpOnly, SameSite=Strict, Path=/");
    const left = session.expires - Date.now() / 1000;
    check(left > 12 * 3600 - 120 && left <= 12 * 3600 + 5,
          "the cookie expires in 12 hours, not " + left + " s");
    const cdp = await ctx.newCDPSession(page);
    const tabHistory = (await cdp.send("Page.getNavigationHistory")).entries.map((e) => e.url);
    check(tabHistory.length > 0 && !tabHistory.some((u) => u.includes("token")),
          "the tab's history holds no token: " + tabHistory.join(" "));
    await cdp.detach();
    // The cookie is host-only, under the run's own name: a server of
    // someone else's on another port of 127.0.0.1 or localhost, visited by
    // the same browser, is not sent it (cookies ignore ports, not names).
    check(session.domain === new URL(server.base).hostname,
          "the cookie is the run's own name's: " + session.domain);
    const elsewhere = await recorder();
    try {
      const look = await ctx.newPage();
      for (const name of ["127.0.0.1", "localhost"]) {
        const r = await look.goto("http://" + name + ":" + elsewhere.port + "/");
        check(r.status() === 200, "the other server answers at " + name);
      }
      await look.close();
      check(elsewhere.seen.length >= 2 && elsewhere.seen.every((k) => !k.includes(session.name)),
            "another server on 127.0.0.1 gets no kring cookie: " + JSON.stringify(elsewhere.seen));
    } finally {
      elsewhere.server.close();
    }
    // The address opened one session: kring printed the next, and says so.
    for (let i = 0; i < 100 && server.addresses.length < 2; i++)
      await new Promise((done) => setTimeout(done, 50));
    check(server.addresses.length === 2 && server.addresses[1] !== server.url &&
          /for another browser, open this one/.test(server.errors),
          "kring prints the next address after a visit: " + server.addresses.join(" "));
    const again = await ask(null, server, "/?token=" + server.token, { request: ctx.request,
                                                                       headers: { Cookie: "" } });
    check(again.status() === 403, "the address, once opened, lets no one in again, not " +
          again.status());
    check((await page.textContent("table.list")).includes("Noah"), "the case list shows Noah");

    await page.click("a[href='/case/2026-014']");
    check((await page.locator("figure.map svg").count()) === 1, "the case page shows the map");
    await titleWithoutNames(page, before);
    check((await page.locator("table.people tbody tr").count()) === before.people.length,
          "the people table lists everyone");

    // Add a person through the form: a name that is a script stays text.
    const evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    await page.fill("form.person.add input[name=name]", evil);
    await page.selectOption("form.person.add select[name=role]", "friend");
    await page.selectOption("form.person.add select[name=ring]", "2");
    await page.click("form.person.add button[type=submit]");
    check((await page.textContent("table.people")).includes(evil), "the script name is shown as text");
    check((await page.locator("table.people script").count()) === 0, "no script element made");

    // Add Tante Els with more fields, and see her on the map.
    await page.fill("form.person.add input[name=name]", "Tante Els");
    await page.selectOption("form.person.add select[name=role]", "aunt_uncle");
    await page.selectOption("form.person.add select[name=ring]", "1");
    await page.click("form.person.add details.more summary");
    await page.selectOption("form.person.add select[name=contact]", "weekly");
    await page.fill("form.person.add input[name=travel-minutes]", "15");
    await page.check("form.person.add input[name=support][value=emotional]");
    await page.fill("form.person.add textarea[name=notes]", "Bakt taart op woensdag");
    await page.click("form.person.add button[type=submit]");
    const mapText = await page.textContent("figure.map svg");
    check(mapText.includes("Tante Els") || mapText.includes("Els"), "Tante Els is on the map");
    let c = storedCase(db, "2026-014");
    const els = person(c, "Tante Els");
    check(els && els.ring === 1 && els.contact === "weekly" && els.travel_minutes === 15 &&
          els.support.includes("emotional") && els.notes === "Bakt taart op woensdag",
          "Tante Els is stored with every field the form gave");
    check(person(c, evil) && person(c, evil).role === "friend", "the script-named friend is stored");
    await page.screenshot({ path: path.join(out, "case.png"), fullPage: false });

    // A refused change says why and changes nothing.
    const count = c.people.length;
    await page.fill("form.person.add input[name=name]", "Te Oud");
    await page.selectOption("form.person.add select[name=role]", "neighbour");
    await page.click("form.person.add details.more summary");
    await page.fill("form.person.add input[name=age]", "200");
    await page.click("form.person.add button[type=submit]");
    check((await page.textContent("p.error")).includes("age"), "a bad age is refused with its reason");
    check(await page.inputValue("form.person.add input[name=name]") === "Te Oud",
          "the refused form keeps what was typed");
    check(storedCase(db, "2026-014").people.length === count, "a refused person is not stored");

    // Edit a person: Tante Els moves to the middle circle. Her page is
    // addressed by a number, not by the id made of her name.
    await page.click('table.people a:text-is("Tante Els")');
    check(/\/case\/2026-014\/person\/[1-9][0-9]*$/.test(page.url()),
          "a person's page is addressed by a number: " + page.url());
    await titleWithoutNames(page, c);
    const elsPage = page.url();
    await page.selectOption("form.edit select[name=ring]", "2");
    await page.click("form.edit button[type=submit]");
    c = storedCase(db, "2026-014");
    check(person(c, "Tante Els").ring === 2, "the edit is stored");
    check(person(c, "Tante Els").notes === "Bakt taart op woensdag", "an edit keeps the other fields");
    check(JSON.stringify(person(c, "Oma Ria")) === JSON.stringify(person(before, "Oma Ria")),
          "an edit of one person leaves the others alone");

    // Two browsers open Tante Els's form; the first saves, then the
    // second: refused (409) with kring's message and both values, nothing
    // overwritten; saved again from that page, it is stored.
    const other = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const opage = await other.newPage();
    watch(opage);
    await opage.goto(await server.take());
    await page.goto(elsPage);
    await opage.goto(elsPage);
    await page.selectOption("form.edit select[name=ring]", "3");
    await page.click("form.edit button[type=submit]");
    check(person(storedCase(db, "2026-014"), "Tante Els").ring === 3, "the first save is stored");
    await opage.fill("form.edit textarea[name=notes]", "Bakt taart op vrijdag");
    const [stale] = await Promise.all([
      opage.waitForResponse((r) => r.request().method() === "POST"),
      opage.click("form.edit button[type=submit]"),
    ]);
    check(stale.status() === 409, "a stale save is answered 409, not " + stale.status());
    check((await opage.textContent("p.error")).includes(
      "'Tante Els' has changed since this form was opened; nothing was saved"),
          "the stale save says why");
    const compare = await opage.textContent("table.compare");
    check(/Circle\s*2\s*3/.test(compare) && /Notes\s*Bakt taart op vrijdag\s*Bakt taart op woensdag/
            .test(compare), "both values are shown: " + compare);
    c = storedCase(db, "2026-014");
    check(person(c, "Tante Els").ring === 3 && person(c, "Tante Els").notes === "Bakt taart op woensdag",
          "the stale save overwrote nothing");
    await opage.click("form.edit button[type=submit]");
    c = storedCase(db, "2026-014");
    check(person(c, "Tante Els").ring === 2 && person(c, "Tante Els").notes === "Bakt taart op vrijdag",
          "saved again on purpose, what was sent is stored");
    await other.close();
    cli(db, ["person", "set", "2026-014", els.id, "--notes", "Bakt taart op woensdag"]);
    await page.goto(server.base + "/case/2026-014");

    // A tie through the form, then removed again.
    await page.selectOption("form.add select[name=a]", els.id);
    await page.selectOption("form.add select[name=b]", "oma-ria");
    await page.selectOption("form.add select[name=strength]", "strong");
    await page.click("form.add:has(select[name=a]) button[type=submit]");
    c = storedCase(db, "2026-014");
    check(c.ties.some((t) => [t.a, t.b].sort().join() === [els.id, "oma-ria"].sort().join() &&
                              t.strength === "strong"), "the tie is stored");
    const ties = c.ties.length;
    const row = page.locator("table.ties tr", { hasText: "Tante Els" });
    // Changed in its row: its relation, in its place.
    await row.locator("select[name=quality]").selectOption("mixed");
    await row.locator("form[action$='/tie/change'] button").click();
    c = storedCase(db, "2026-014");
    check(c.ties.length === ties && c.ties.some((t) => [t.a, t.b].includes(els.id) &&
                                                     t.quality === "mixed" && t.strength === "strong"),
          "the tie's relation is changed in its row");
    await page.locator("table.ties tr", { hasText: "Tante Els" })
      .locator("form[action$='/tie/remove'] button").click();
    check(storedCase(db, "2026-014").ties.length === ties - 1, "the tie is removed");

    // No change without the form's CSRF token, or from another site.
    const forged = await ask(ctx, server, "/case/2026-014/person", {
      method: "POST",
      form: { name: "Indringer", role: "friend", ring: "1" },
    });
    check(forged.status() === 403, "a change without the CSRF token is refused");
    const csrf = await page.inputValue("form.add input[name=csrf]");
    const foreign = await ask(ctx, server, "/case/2026-014/person", {
      method: "POST",
      form: { csrf, name: "Indringer", role: "friend", ring: "1" },
      headers: { Origin: "http://evil.example" },
    });
    check(foreign.status() === 403, "a change from another origin is refused");
    const rebound = await ask(ctx, server, "/api/cases", {
      headers: { Host: "evil.example:" + new URL(server.base).port },
    });
    check(rebound.status() === 421, "another Host name is refused");
    check(!storedCase(db, "2026-014").people.some((p) => p.name === "Indringer"),
          "the refused changes stored nothing");

    // The API mirrors the command line's --json.
    const api = await ask(ctx, server, "/api/cases/2026-014/score");
    check(api.status() === 200, "the score API answers");
    check(JSON.stringify(await api.json()) ===
          JSON.stringify(JSON.parse(cli(db, ["--json", "score", "2026-014"]))),
          "the score API is the command line's score --json");
    const missing = await ask(ctx, server, "/api/cases/nope");
    check(missing.status() === 404 && (await missing.json()).error.includes("nope"),
          "the API says which case is missing");

    // The young person's view, on a tablet.
    const tablet = await browser.newContext({
      viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false,
    });
    const ypage = await tablet.newPage();
    watch(ypage);
    // An address at 127.0.0.1 (an old script's) leads on to the run's name.
    const youthAt = new URL(await server.take());
    await ypage.goto(server.loop + "/case/2026-014/youth" + youthAt.search);
    check(ypage.url() === server.base + "/case/2026-014/youth",
          "the youth view opens with the token, under the run's name: " + ypage.url());
    check((await ypage.locator("section.who:visible").count()) === 0, "no panel open at first");
    // First, what the map is; one tap on its button shows the map.
    check(await ypage.locator("section.intro").isVisible(), "the view explains itself first");
    check((await ypage.textContent("section.intro")).includes("A JIM is an adult from your own life"),
          "and says what a JIM is");
    await ypage.screenshot({ path: path.join(out, "youth-intro.png") });
    await ypage.tap("#intro-go");
    check(!(await ypage.locator("section.intro").isVisible()), "its button shows the map");
    check(ypage.url() === server.base + "/case/2026-014/youth", "in place, with no new address");
    await titleWithoutNames(ypage, storedCase(db, "2026-014"));
    const first_exits = await exits(ypage);
    check(first_exits.urls.every((u) => u.startsWith(server.base + "/case/2026-014/youth") ||
                                        u.startsWith(server.base + "/static/")),
          "the youth view leads nowhere else: " + first_exits.urls.join(" "));
    const node = await ypage.getAttribute(`a.who-link:text-is("Tante Els")`, "data-node");
    await ypage.tap(`figure.map svg g#${node}`);
    const panel = ypage.locator(`section.who[data-node=${node}]`);
    check(await panel.isVisible(), "tapping Tante Els on the map opens her panel");
    // The professional's notes are not on the young person's screen (this
    // check said the opposite before issue 17).
    check(!(await panel.textContent()).includes("Bakt taart op woensdag"),
          "the panel shows no professional's notes");
    check((await panel.textContent()).includes("15 minutes"), "the panel says how far away she lives");
    await ypage.screenshot({ path: path.join(out, "youth-panel.png") });
    await panel.locator("button.big").click();
    check(await ypage.locator(`section.who[data-node=${node}] p.asked`).isVisible(),
          "after the choice her panel says so");
    check(storedCase(db, "2026-014").people.find((p) => p.name === "Tante Els").nominated,
          "the choice is stored as her nomination");
    // Opa Henk has died: no button, a warm line. Mama is a parent: her
    // button explains, and nothing is stored.
    const henk = ypage.locator("section.who", { has: ypage.locator('h2:text-is("Opa Henk")') });
    await ypage.tap(`a.who-link:text-is("Opa Henk")`);
    check(await henk.isVisible(), "Opa Henk's panel opens");
    check((await henk.locator("button, form").count()) === 0, "no button for who has died");
    check((await henk.textContent()).includes("still part of your story"), "he is remembered");
    const mama = ypage.locator("section.who", { has: ypage.locator('h2:text-is("Sanne de Vries")') });
    await ypage.tap(`a.who-link:text-is("Sanne de Vries")`);
    await mama.locator("details.cannot-ask summary").click();
    check((await mama.locator("details.cannot-ask p").isVisible()) &&
          (await mama.textContent()).includes("besides your parents"),
          "a parent's button says whom a mentor can be");
    check(!storedCase(db, "2026-014").people.find((p) => p.name === "Sanne de Vries").nominated,
          "a parent is not nominated");
    const youthCsrf = await ypage.getAttribute("section.who form input[name=csrf]", "value");
    const henkAsk = await ask(ctx, server, "/case/2026-014/youth/5/ask",
                              { method: "POST", form: { csrf: youthCsrf, ask: "yes" } });
    check(henkAsk.status() === 422 &&
          !storedCase(db, "2026-014").people.find((p) => p.name === "Opa Henk").nominated,
          "the server refuses to nominate who has died");
    // Someone the young person fears is not in their view, nor named by
    // anything in it, nor on its map.
    cli(db, ["person", "set", "2026-014", "Opa Henk", "--frightens"]);
    cli(db, ["person", "set", "2026-014", "Oma Ria", "--notes", "Opa Henk belde gisteren"]);
    await ypage.goto(server.base + "/case/2026-014/youth");
    check(!/henk/i.test(await ypage.content()),
          "a person the young person fears is left out of their view");
    const youthMap = await ask(ctx, server, "/case/2026-014/map.svg?theme=youth");
    check(!/henk/i.test(await youthMap.text()), "and out of their map");
    cli(db, ["person", "set", "2026-014", "Opa Henk", "--no-frightens"]);
    await ypage.goto(server.base + "/case/2026-014/youth?map=1");
    await ypage.screenshot({ path: path.join(out, "youth-tablet.png") });

    // The team view: scores with reasons, and the print map as PDF.
    await page.goto(server.base + "/case/2026-014/team");
    check((await page.locator("article.candidate").count()) > 0, "the team view ranks candidates");
    check((await page.locator("article.candidate ul.reasons li").count()) > 0, "with reasons");
    check((await page.textContent("body")).includes("Tante Els \u2605"), "her nomination is marked");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a[href$='map.pdf?theme=print']"),
    ]);
    const pdf = fs.readFileSync(await download.path());
    check(pdf.slice(0, 5).toString() === "%PDF-", "the print map downloads as a PDF");
    check(download.suggestedFilename() === "2026-014-print.pdf", "named by the case code");
    await page.selectOption("form.add select[name=person]", els.id);
    await page.selectOption("form.add select[name=status]", "asked");
    await page.click("form.add:has(select[name=status]) button[type=submit]");
    c = storedCase(db, "2026-014");
    check(c.choices.some((x) => x.person === els.id && x.status === "asked"),
          "a step of the choice is recorded from the team view");
    await page.goto(server.base + "/case/2026-014/team");
    await page.screenshot({ path: path.join(out, "team.png"), fullPage: false });

    // The way to the youth view: a tab of its own, with no history to go
    // back to. From it, every link and every form leads only to the youth
    // view of the same case; no key leads elsewhere.
    await page.goto(server.base + "/case/2026-014");
    const [tab] = await Promise.all([
      ctx.waitForEvent("page"),
      page.click("a[href='/case/2026-014/youth']"),
    ]);
    watch(tab);
    await tab.waitForLoadState();
    check(tab.url() === server.base + "/case/2026-014/youth", "the youth view opens in its tab");
    check((await tab.evaluate(() => history.length)) === 1, "with no history behind it");
    check((await tab.goBack()) === null && tab.url() === server.base + "/case/2026-014/youth",
          "going back leaves it where it is");
    await tab.keyboard.press("Alt+ArrowLeft");
    await tab.keyboard.press("Backspace");
    await tab.waitForTimeout(300);
    check(tab.url() === server.base + "/case/2026-014/youth", "no key leads away from it");
    const allowed = (u) => {
      const url = new URL(u);
      return url.origin === server.base &&
        (/^\/case\/2026-014\/youth(\/[1-9][0-9]*\/(ask|suggest)|\/suggest)?$/.test(url.pathname) ||
         /^\/static\/kring\.(css|js)$/.test(url.pathname));
    };
    const seen = new Set();
    const todo = [server.base + "/case/2026-014/youth"];
    let forms = 0;
    while (todo.length > 0) {
      const at = todo.shift();
      if (seen.has(at)) continue;
      seen.add(at);
      await tab.goto(at);
      check(new URL(tab.url()).pathname === "/case/2026-014/youth", "a link stays in the view: " + at);
      const found = await exits(tab);
      check(found.keys === 0, "no keyboard shortcut on " + at);
      for (const u of found.urls) {
        check(allowed(u), at + " leads to " + u);
        if (!/\/(ask|suggest)$/.test(new URL(u).pathname) && !u.includes("/static/"))
          todo.push(u.replace(/#.*$/, ""));
      }
      // Every form, sent as the browser sends it.
      const n = await tab.locator("form").count();
      for (let i = 0; i < n && at === server.base + "/case/2026-014/youth"; i++) {
        await tab.goto(at);
        await Promise.all([
          tab.waitForNavigation(),
          // As a tap on its first button sends it; a name where one is asked.
          tab.evaluate((k) => {
            const f = document.forms[k], name = f.querySelector("input[name=name]");
            if (name && !name.value) name.value = "Ayla";
            f.requestSubmit(f.querySelector("button[type=submit]"));
          }, i),
        ]);
        forms++;
        check(new URL(tab.url()).pathname === "/case/2026-014/youth",
              "a form leads back to the view, not " + tab.url());
        check((await exits(tab)).urls.every(allowed), "and that page leads nowhere else");
      }
    }
    check(seen.size > 5 && forms > 3, "the links and forms were followed: " + seen.size + ", " + forms);
    await tab.close();

    // The same view in Dutch, with Opa Henk's panel open: what he means
    // to Noah in plain Dutch, no button; Sanne's button explains.
    cli(db, ["person", "set", "2026-014", "Opa Henk", "--no-frightens"]);
    const nl = await serve(db, "nl");
    try {
      const npage = await tablet.newPage();
      watch(npage);
      await npage.goto(nl.url.replace("/?", "/case/2026-014/youth?"));
      check((await npage.textContent("section.intro")).includes("Jij kiest wie. Niemand anders."),
            "in Dutch, the first screen says who chooses");
      await npage.screenshot({ path: path.join(out, "youth-intro-nl.png") });
      await npage.goto(nl.base + "/case/2026-014/youth?person=5");
      const open = npage.locator("section.who:visible");
      check((await open.textContent()).includes("Deze persoon is overleden. Die hoort nog steeds bij jouw verhaal."),
            "in Dutch, who has died is remembered");
      check((await npage.textContent("body")).includes("Je mentor is iemand naast je ouders"),
            "in Dutch, a parent's button says whom a JIM can be");
      await titleWithoutNames(npage, storedCase(db, "2026-014"));
      await npage.screenshot({ path: path.join(out, "youth-nl.png") });
      await npage.goto(nl.base + "/case/2026-014/team");
      check(/<span class="score">[01],\d\d<\/span>/.test(await npage.content()),
            "the Dutch team page writes 0,89, not 0.89");
      await npage.close();
      const epage = await tablet.newPage();
      watch(epage);
      await epage.goto(server.base + "/case/2026-014/youth?person=5");
      await epage.screenshot({ path: path.join(out, "youth-en.png") });
      await epage.close();
    } finally {
      nl.child.kill("SIGTERM");
      await nl.ended;
    }

    await phone(server, db, browser, watch);
    await accessible(server, browser, db);

    // The audit log names the changes, as the command line's.
    const audit = cli(db, ["audit", "2026-014"]);
    check(/person add/.test(audit) && /choose/.test(audit), "the changes are in the audit log");

    check(problems.length === 0, "no dialog, console error or CSP violation: " + problems.join("; "));
    await ctx.close();
    await tablet.close();

    // A browser with a profile on disk: its History file keeps the address
    // it opened, token and all; that address lets no one in any more.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kring-profile-"));
    try {
      const kept = await chromium.launchPersistentContext(profile, {
        executablePath: browserPath,
        args: ["--no-sandbox", "--disable-gpu"],
      });
      const kpage = kept.pages()[0] || (await kept.newPage());
      const opened = await kpage.goto(await server.take());
      check(opened.status() === 200 && (await kpage.textContent("body")).includes("Noah"),
            "a browser with a profile gets in");
      await kept.close();
      const stored = execFileSync("sqlite3", [path.join(profile, "Default", "History"),
                                              "SELECT url FROM urls"], { encoding: "utf8" })
        .split("\n").filter((u) => u.includes("token="));
      check(stored.length > 0, "the History file keeps the address opened");
      const later = await browser.newContext();
      const lpage = await later.newPage();
      for (const u of stored) {
        const r = await lpage.goto(u);
        check(r.status() === 403 && !(await lpage.textContent("body")).includes("Noah"),
              "the address in the History file lets no one in: " + u + " " + r.status());
      }
      check((await later.cookies(server.base)).length === 0, "and sets no cookie");
      await later.close();
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
    await browser.close();
    // Stopped, kring serve ends cleanly: exit 0, and (under the
    // sanitizers) no report of a leak or an error.
    server.child.kill("SIGTERM");
    const end = await server.ended;
    check(end.code === 0, "kring serve ends with 0 on SIGTERM, not " + JSON.stringify(end));
    check(!/Sanitizer|runtime error/.test(server.errors), "kring serve reported: " + server.errors);
    check(/kring: stopped/.test(server.errors), "kring serve says it stopped");
  } finally {
    await browser.close().catch(() => {});
    server.child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`web: ${checked()} checks passed in chromium; screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
