// The browser test of the intake on the map (docs/web.md, "The intake on
// the map"): on the case page, in Chromium, at 390x844 and 820x1180 with
// touch only and at 1366x768 with a mouse and the keyboard, in English and
// in Dutch. Every change is read back with `kring case show --json`:
// a person dragged to another circle and part of life, and undone; a tie
// drawn by dragging one person onto another, and by tapping both; a tie
// tapped and changed, removed and the removal undone; a person added by
// tapping an empty place, and undone; the same by the keyboard; an edit
// of a person changed since the page was read is refused and nothing is
// lost. axe-core finds no serious or critical violation with a panel
// open. The young person's view at the same sizes: the first screen, a
// person's panel from their mark, closer, asking, "this is right" and
// "someone is missing"; and a person dragged a circle out on their map.
// Screenshots go into OUT_DIR (intake-LANG-WIDTH.png, youth-LANG-WIDTH.png).
//
// Usage: node tests/web/intake_check.js KRING SAMPLES_DIR OUT_DIR
"use strict";

const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { out, browserPath, check, checked, cli, storedCase, person, serve, store, copyCase, tieOf,
        pointAt, nodeOf, centre, hand, shown, stepMove, stepTie, stepAdd } = require("./kring_test.js");

const sizes = [
  { name: "phone", viewport: { width: 390, height: 844 }, touch: true },
  { name: "tablet", viewport: { width: 820, height: 1180 }, touch: true },
  { name: "laptop", viewport: { width: 1366, height: 768 }, touch: false },
];

async function intake(server, browser, db, size, lang, code, axe) {
  const ctx = await browser.newContext({
    viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch && size.viewport.width < 700,
  });
  const page = await ctx.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("dialog", (d) => { problems.push("a dialog: " + d.message()); d.dismiss(); });
  const at = new URL(await server.take());
  await page.goto(server.base + "/" + at.search);
  await page.goto(server.base + "/case/" + code);
  const cdp = await ctx.newCDPSession(page);
  const h = hand(page, cdp, size.touch);
  const what = (s) => `${s} (${lang}, ${size.name})`;
  // The whole map in view, so that every wedge can be reached.
  await h.tap(await centre(page.locator("div.zoom button[data-zoom=all]")));

  const x = { page, h, db, code, what, edits: 0 };
  // 1. Opa Henk dragged to another circle, and undone.
  await stepMove(x);
  // 2. A tie drawn by dragging Daan onto Meneer Bakker.
  await stepTie(x);
  const tiePanel = page.locator("#panel-tie");
  let c, t;

  // 3. The tie tapped on the map: changed to mixed.
  const edge = page.locator("figure.map svg g.edge.tappable", {
    has: page.locator("title"),
  });
  const tieId = await page.evaluate(([a, b]) => {
    const nodeOfId = (id) => document.querySelector(`#intake li[data-id="${id}"]`).getAttribute("data-node");
    const x = nodeOfId(a).slice(1), y = nodeOfId(b).slice(1);
    return document.getElementById(`t${x}-${y}`) ? `t${x}-${y}` : `t${y}-${x}`;
  }, ["daan", "meneer-bakker"]);
  check((await edge.count()) > 0, what("the ties are tappable"));
  const line = page.locator(`figure.map svg g.edge#${tieId} path.hit`);
  const mid = await line.evaluate((p) => {
    const l = p.getTotalLength(), q = p.getPointAtLength(l / 2);
    const s = new DOMPoint(q.x, q.y).matrixTransform(p.getScreenCTM());
    return { x: s.x, y: s.y };
  });
  await h.tap(mid);
  check(await tiePanel.isVisible(), what("a tap on the tie opens its panel"));
  await tiePanel.locator("select[name=quality]").selectOption("mixed");
  await h.tap(await centre(tiePanel.locator("[data-act=tie-save]")));
  await shown(page, ++x.edits);
  t = tieOf(storedCase(db, code), "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "mixed", what("the tie is changed to mixed"));

  // 4. Removed from its panel, without a question; then undone.
  await h.tap(await page.locator(`figure.map svg g.edge#${tieId} path.hit`).evaluate((p) => {
    const q = p.getPointAtLength(p.getTotalLength() / 2);
    const s = new DOMPoint(q.x, q.y).matrixTransform(p.getScreenCTM());
    return { x: s.x, y: s.y };
  }));
  await h.tap(await centre(tiePanel.locator("[data-act=tie-remove]")));
  await shown(page, ++x.edits);
  check(!tieOf(storedCase(db, code), "daan", "meneer-bakker"), what("the tie is removed"));
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++x.edits);
  t = tieOf(storedCase(db, code), "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "mixed", what("undone, the tie is back as it was"));

  // 5. Someone new by tapping an empty place of the far circle, and undone.
  await stepAdd(x, path.join(out, `intake-${lang}-${size.viewport.width}.png`));

  // 6. Tapping both: Kees, "connect", then Fatima.
  await h.tap(await centre(await nodeOf(page, "Kees van Dijk")));
  const personPanel = page.locator("#panel-person");
  check(await personPanel.isVisible(), what("a tap on Kees opens his panel"));
  await h.tap(await centre(personPanel.locator("[data-act=connect]")));
  await h.tap(await centre(await nodeOf(page, "Fatima El Amrani")));
  check(await tiePanel.isVisible(), what("then a tap on Fatima opens the tie's panel"));
  await h.tap(await centre(tiePanel.locator("[data-act=tie-save]")));
  await shown(page, ++x.edits);
  t = tieOf(storedCase(db, code), "kees", "fatima");
  check(t && t.strength === "weak" && t.quality === "positive", what("Kees and Fatima know each other"));

  // 7. A person changed since the page was read: the drag is refused,
  // nothing is lost, the map shows them as stored.
  cli(db, ["person", "set", code, "tante-sandra", "--age", "47"]);
  await h.drag(await centre(await nodeOf(page, "Tante Sandra")), await pointAt(page, 3, "family", 0.3));
  await shown(page, ++x.edits);
  c = storedCase(db, code);
  check(person(c, "Tante Sandra").ring === 2 && person(c, "Tante Sandra").age === 47,
        what("a stale drag is refused and the other change kept"));
  const said = await page.textContent("figure.map .edit-bar span");
  check(/Tante Sandra/.test(said) && !(await page.isVisible("figure.map [data-act=undo]")),
        what("and the page says why: " + said));

  // 8. The keyboard: Tab to a person, Enter, the panel's controls.
  if (!size.touch) {
    const kees = await nodeOf(page, "Kees van Dijk");
    await kees.focus();
    await page.keyboard.press("Enter");
    check(await personPanel.isVisible(), what("Enter on Kees opens his panel"));
    await personPanel.locator("select[name=ring]").selectOption("2");
    await personPanel.locator("[data-act=move]").focus();
    await page.keyboard.press("Enter");
    await shown(page, ++x.edits);
    check(person(storedCase(db, code), "Kees van Dijk").ring === 2, what("the keyboard moves Kees"));
    check(await page.evaluate(() => document.activeElement.getAttribute("data-act")) === "undo",
          what("and the focus is on Undo"));
    await page.keyboard.press("Enter");
    await shown(page, ++x.edits);
    check(person(storedCase(db, code), "Kees van Dijk").ring === 3, what("Enter undoes it"));
    await (await nodeOf(page, "Daan")).focus();
    await page.keyboard.press("Enter");
    await personPanel.locator("select[name=other]").selectOption("inge");
    await personPanel.locator("[data-act=tie]").focus();
    await page.keyboard.press("Enter");
    await shown(page, ++x.edits);
    check(tieOf(storedCase(db, code), "daan", "inge"), what("the keyboard draws a tie"));
    await (await nodeOf(page, "Daan")).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    check(!(await personPanel.isVisible()), what("Escape closes the panel"));
    check(await page.evaluate(() => document.activeElement.closest("g.node") !== null),
          what("and the focus goes back to the person"));
  }

  // Accessibility with a panel open.
  await h.tap(await centre(await nodeOf(page, "Oma Ria")));
  await page.evaluate(axe); /* as the test's, not the page's: its policy stands */
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
  });
  check(found.length === 0, what("axe: no serious or critical violation with a panel open: " + found.join("; ")));
  await page.screenshot({ path: path.join(out, `intake-panel-${lang}-${size.viewport.width}.png`) });
  check(problems.length === 0, what(problems.join("; ")));
  await ctx.close();
}

// The young person's map: a person dragged one circle further out is
// their suggestion "further away", kept as a suggestion; the network
// stays as it was.
async function youthDrag(server, browser, db, size, code) {
  const ctx = await browser.newContext({
    viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch && size.viewport.width < 700,
  });
  const page = await ctx.newPage();
  const at = new URL(await server.take());
  await page.goto(server.base + "/" + at.search);
  await page.goto(server.base + "/case/" + code + "/youth?map=1");
  const h = hand(page, await ctx.newCDPSession(page), size.touch);
  // The whole map in view: a person let go off the map goes back.
  await h.tap(await centre(page.locator("div.zoom button[data-zoom=all]")));
  const node = await page.getAttribute(`a.who-link:text-is("Oma Ria")`, "data-node");
  const g = page.locator(`figure.map svg g.node#${node}`);
  const from = await centre(g);
  // Along the line from the young person through her, in the middle of
  // the next circle out.
  const to = await page.evaluate(([id, p]) => {
    const r = document.querySelector("aside.people").getAttribute("data-rings").split(" ").map(Number);
    const svg = document.querySelector("figure.map svg");
    const m = svg.querySelector("g.graph").getScreenCTM();
    const yp = svg.querySelector("g.node#yp ellipse");
    const c = new DOMPoint(Number(yp.getAttribute("cx")), Number(yp.getAttribute("cy"))).matrixTransform(m);
    const d = Math.hypot(p.x - c.x, p.y - c.y), want = (r[1] + r[2]) / 2 * m.a;
    return { x: c.x + (p.x - c.x) * want / d, y: c.y + (p.y - c.y) * want / d };
  }, [node, from]);
  const before = storedCase(db, code);
  await Promise.all([page.waitForURL(/said=1/), h.drag(from, to)]);
  check((await page.textContent("body")).includes(size.lang === "nl" ? "Dank je" : "Thank you"),
        `the young person is thanked (${size.name})`);
  const said = JSON.parse(cli(db, ["--json", "suggestions", code]));
  check(said.suggestions.some((x) => x.kind === "further" && x.person === "oma-ria"),
        `dragging Oma Ria a circle out is the suggestion "further" (${size.name})`);
  const after = storedCase(db, code);
  check(JSON.stringify(after.people) === JSON.stringify(before.people),
        `and the network is as it was (${size.name})`);
  await page.screenshot({ path: path.join(out, `youth-drag-${size.viewport.width}.png`) });
  await ctx.close();
}

// The young person's view on the same screen, in the same language, by
// touch or the mouse: the first screen, then the map; a tap on a person's
// name or mark opens their panel; "closer to me", "I would like to ask this
// person", "yes, this is right" and "someone is missing", each read back.
async function youthView(server, browser, db, size, lang, code, axe) {
  const ctx = await browser.newContext({
    viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch && size.viewport.width < 700,
  });
  const page = await ctx.newPage();
  const what = (s) => `${s} (${lang}, ${size.name}, the young person's view)`;
  const at = new URL(await server.take());
  await page.goto(server.base + "/case/" + code + "/youth" + at.search);
  const h = hand(page, await ctx.newCDPSession(page), size.touch);
  const tapOn = async (locator) => {
    await locator.scrollIntoViewIfNeeded();
    await h.tap(await centre(locator));
  };
  check(await page.isVisible("#intro"), what("the first screen comes first"));
  await tapOn(page.locator("#intro-go"));
  check(!(await page.isVisible("#intro")), what("and its button shows the map"));
  // His name in the list opens her panel and brings her mark into view;
  // then a tap on the mark opens it again.
  const link = page.locator(`a.who-link:text-is("Tante Sandra")`);
  const node = await link.getAttribute("data-node");
  await tapOn(link);
  const panel = page.locator("section.who:visible");
  check((await panel.locator("h2").textContent()) === "Tante Sandra", what("a tap on her name opens Tante Sandra's panel"));
  await tapOn(panel.locator("a.close"));
  await page.locator("figure.map").scrollIntoViewIfNeeded();
  await tapOn(page.locator(`figure.map svg g#${node}`));
  check(await panel.count() === 1 && (await panel.locator("h2").textContent()) === "Tante Sandra",
        what("a tap on her mark opens it too"));
  await page.evaluate(axe);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  });
  check(found.length === 0, what("axe: nothing serious with her panel open: " + found.join(", ")));
  await page.screenshot({ path: path.join(out, `youth-${lang}-${size.viewport.width}.png`) });
  await Promise.all([page.waitForURL(/said=1/), tapOn(panel.locator("button[value=closer]"))]);
  let said = JSON.parse(cli(db, ["--json", "suggestions", code])).suggestions;
  check(said.some((x) => x.kind === "closer" && x.person === "tante-sandra"), what("closer to me is kept"));
  const ask = page.locator("section.who:visible form button.big");
  await Promise.all([page.waitForNavigation(), tapOn(ask)]);
  check(person(storedCase(db, code), "Tante Sandra").nominated, what("I would like to ask Tante Sandra is her nomination"));
  await page.goto(server.base + "/case/" + code + "/youth?map=1");
  const right = page.locator("#your-say button[value=right]");
  await Promise.all([page.waitForNavigation(), tapOn(right)]);
  const name = page.locator("form.missing input[name=name]");
  await tapOn(name);
  await page.keyboard.type("Yara");
  await tapOn(page.locator("form.missing label.ring:has(input[value='3'])"));
  await Promise.all([page.waitForNavigation(), tapOn(page.locator("form.missing button[type=submit]"))]);
  said = JSON.parse(cli(db, ["--json", "suggestions", code])).suggestions;
  check(said.some((x) => x.kind === "right") && said.some((x) => x.kind === "missing" && x.name === "Yara" && x.ring === 3),
        what("this is right and someone missing are kept: " + JSON.stringify(said)));
  check(!person(storedCase(db, code), "Yara"), what("and nobody is added by them"));
  await ctx.close();
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kring-intake-"));
  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  try {
    for (const lang of ["en", "nl"]) {
      const db = store(dir, lang + ".db");
      // Under the sanitizers (KRING_WEB_QUICK, make sanitize) each route
      // once is what counts: the phone in English, the laptop in Dutch.
      const here = process.env.KRING_WEB_QUICK
        ? sizes.filter((s) => s.name === (lang === "en" ? "phone" : "laptop")) : sizes;
      const codes = sizes.map((s, i) => `2026-${lang === "en" ? 1 : 2}0${i}`);
      codes.forEach((code) => copyCase(db, code));
      const server = await serve(db, lang);
      try {
        for (let i = 0; i < sizes.length; i++) {
          if (!here.includes(sizes[i])) continue;
          await intake(server, browser, db, sizes[i], lang, codes[i], axe);
          await youthView(server, browser, db, sizes[i], lang, codes[i], axe);
        }
        // The young person's drag: by touch on a phone, by the mouse.
        await youthDrag(server, browser, db, { ...sizes[lang === "en" ? 0 : 2], lang }, codes[0]);
      } finally {
        server.child.kill("SIGTERM");
        await server.ended;
      }
      check(!/Sanitizer|runtime error/.test(server.errors), "kring serve reported: " + server.errors);
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`intake: ${checked()} checks passed in chromium; screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
