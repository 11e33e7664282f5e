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
const { samples, out, browserPath, check, checked, cli, storedCase, person, serve, store } =
  require("./kring_test.js");

const sizes = [
  { name: "phone", viewport: { width: 390, height: 844 }, touch: true },
  { name: "tablet", viewport: { width: 820, height: 1180 }, touch: true },
  { name: "laptop", viewport: { width: 1366, height: 768 }, touch: false },
];

// Noah's case under another code, one for each size and language.
function copyCase(db, code) {
  const c = JSON.parse(fs.readFileSync(path.join(samples, "2026-014-noah.json"), "utf8"));
  c.case.code = code;
  const file = path.join(os.tmpdir(), "kring-intake-" + code + ".json");
  fs.writeFileSync(file, JSON.stringify(c));
  cli(db, ["import", file]);
  fs.unlinkSync(file);
}

function tieOf(c, a, b) {
  return c.ties.find((t) => (t.a === a && t.b === b) || (t.a === b && t.b === a));
}

// The screen point of the map in PAGE at circle RING (its middle) of the
// wedge of SECTOR, at FRACTION of its angle: computed here from the
// wedges and rings the page gives, as the script must place them.
async function pointAt(page, ring, sector, fraction = 0.5) {
  return page.evaluate(([ring, sector, fraction]) => {
    const box = document.getElementById("intake");
    const r = box.getAttribute("data-rings").split(" ").map(Number);
    const w = box.getAttribute("data-wedges").split(",").map((t) => t.split(" "))
      .find((t) => t[0] === sector);
    const a = (Number(w[1]) + (Number(w[2]) - Number(w[1])) * fraction) / 1000;
    const d = (r[ring - 1] + r[ring]) / 2;
    const svg = document.querySelector("figure.map svg");
    const yp = svg.querySelector("g.node#yp ellipse");
    const p = svg.createSVGPoint();
    p.x = Number(yp.getAttribute("cx")) + d * Math.sin(a);
    p.y = Number(yp.getAttribute("cy")) - d * Math.cos(a);
    const s = p.matrixTransform(svg.querySelector("g.graph").getScreenCTM());
    return { x: s.x, y: s.y };
  }, [ring, sector, fraction]);
}

async function nodeOf(page, name) {
  const node = await page.evaluate((n) => {
    const li = [...document.querySelectorAll("#intake ul.intake-people li")]
      .find((x) => x.textContent === n);
    return li ? li.getAttribute("data-node") : "";
  }, name);
  check(node !== "", name + " is on the map");
  return page.locator(`figure.map svg g.node#${node}`);
}

async function centre(locator) {
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

// How the user's hand works: a finger (touch, through Chromium's own
// touch events: a person is picked up by holding them) or the mouse.
function hand(page, cdp, touch) {
  const touchAt = (type, p) => cdp.send("Input.dispatchTouchEvent", {
    type, touchPoints: type === "touchEnd" ? [] : [{ x: p.x, y: p.y }],
  });
  return {
    async tap(p) {
      if (touch) await page.touchscreen.tap(p.x, p.y);
      else await page.mouse.click(p.x, p.y);
    },
    async drag(from, to) {
      const steps = 12;
      if (touch) {
        await touchAt("touchStart", from);
        await page.waitForTimeout(650);
        for (let i = 1; i <= steps; i++)
          await touchAt("touchMove", { x: from.x + (to.x - from.x) * i / steps,
                                       y: from.y + (to.y - from.y) * i / steps });
        await touchAt("touchEnd", to);
        // A hand takes a moment to come back; Chromium makes no click of
        // a tap that follows a long press at once (measured: none within
        // 0.3 s, one after 0.8 s).
        await page.waitForTimeout(500);
      } else {
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(to.x, to.y, { steps });
        await page.mouse.up();
      }
    },
  };
}

// Waits for the Nth change (or its refusal) to be shown: the script
// measures each as "kring-edit".
async function shown(page, n) {
  try {
    await page.waitForFunction((k) => performance.getEntriesByName("kring-edit").length >= k, n,
                               { timeout: 10000 });
  } catch (e) {
    const bar = await page.textContent("figure.map .edit-bar").catch(() => "");
    throw new Error(`change ${n} was not shown in 10 s; the page says: ${bar}`);
  }
}

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
  let edits = 0;
  // The whole map in view, so that every wedge can be reached.
  await h.tap(await centre(page.locator("div.zoom button[data-zoom=all]")));

  // 1. Opa Henk (middle, family) dragged into the close circle of school.
  await h.drag(await centre(await nodeOf(page, "Opa Henk")), await pointAt(page, 1, "school"));
  await shown(page, ++edits);
  let c = storedCase(db, code);
  check(person(c, "Opa Henk").ring === 1 && person(c, "Opa Henk").sector === "school",
        what("a drag moves Opa Henk to close, school: " + JSON.stringify(person(c, "Opa Henk"))));
  check(await page.isVisible("figure.map [data-act=undo]"), what("the move can be undone"));
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++edits);
  c = storedCase(db, code);
  check(person(c, "Opa Henk").ring === 2 && person(c, "Opa Henk").sector === "family",
        what("undone, Opa Henk is back in the middle circle of family"));

  // 2. A tie drawn by dragging Daan onto Meneer Bakker: the panel sets it.
  await h.drag(await centre(await nodeOf(page, "Daan")), await centre(await nodeOf(page, "Meneer Bakker")));
  const tiePanel = page.locator("#panel-tie");
  check(await tiePanel.isVisible(), what("dropping Daan on Meneer Bakker opens the tie's panel"));
  await tiePanel.locator("select[name=strength]").selectOption("strong");
  await h.tap(await centre(tiePanel.locator("[data-act=tie-save]")));
  await shown(page, ++edits);
  c = storedCase(db, code);
  let t = tieOf(c, "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "positive", what("the tie is stored strong"));
  check(person(c, "Daan").ring === 1 && person(c, "Daan").sector === "friends",
        what("and Daan did not move"));

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
  await shown(page, ++edits);
  t = tieOf(storedCase(db, code), "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "mixed", what("the tie is changed to mixed"));

  // 4. Removed from its panel, without a question; then undone.
  await h.tap(await page.locator(`figure.map svg g.edge#${tieId} path.hit`).evaluate((p) => {
    const q = p.getPointAtLength(p.getTotalLength() / 2);
    const s = new DOMPoint(q.x, q.y).matrixTransform(p.getScreenCTM());
    return { x: s.x, y: s.y };
  }));
  await h.tap(await centre(tiePanel.locator("[data-act=tie-remove]")));
  await shown(page, ++edits);
  check(!tieOf(storedCase(db, code), "daan", "meneer-bakker"), what("the tie is removed"));
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++edits);
  t = tieOf(storedCase(db, code), "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "mixed", what("undone, the tie is back as it was"));

  // 5. Someone new by tapping an empty place of the far circle.
  // (A place with no person and no line within a finger's width: a tap
  // on a line opens the tie, and Chromium moves a tap near a person onto
  // them, as a phone does.)
  let empty = null, where = null;
  for (const sector of ["leisure", "school", "friends", "family", "neighbourhood"])
  for (let f = 0.1; f < 0.95 && !empty; f += 0.05) {
    const p = await pointAt(page, 3, sector, f);
    const free = await page.evaluate((q) => {
      for (let a = 0; a < 16; a++)
        for (const r of [0, 10, 20]) {
          const e = document.elementFromPoint(q.x + r * Math.cos(a * Math.PI / 8),
                                              q.y + r * Math.sin(a * Math.PI / 8));
          if (!e || !e.closest("figure.map svg") || e.closest("g.node, g.edge, .map-panel, .edit-bar, .zoom"))
            return false;
        }
      return true;
    }, p);
    if (free) { empty = p; where = sector; }
  }
  check(empty, what("the far circle has an empty place"));
  await h.tap(empty);
  const addPanel = page.locator("#panel-add");
  check(await addPanel.isVisible(), what("a tap on an empty place opens the new person's panel"));
  await addPanel.locator("input[name=name]").fill("Yusuf");
  await addPanel.locator("select[name=role]").selectOption("coach");
  await h.tap(await centre(addPanel.locator("[data-act=add]")));
  await shown(page, ++edits);
  c = storedCase(db, code);
  const yusuf = person(c, "Yusuf");
  check(yusuf && yusuf.ring === 3 && yusuf.sector === where && yusuf.role === "coach",
        what("Yusuf is added in the far circle of " + where + ": " + JSON.stringify(yusuf)));
  await page.screenshot({ path: path.join(out, `intake-${lang}-${size.viewport.width}.png`) });
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++edits);
  check(!person(storedCase(db, code), "Yusuf"), what("undone, Yusuf is not in the case"));

  // 6. Tapping both: Kees, "connect", then Fatima.
  await h.tap(await centre(await nodeOf(page, "Kees van Dijk")));
  const personPanel = page.locator("#panel-person");
  check(await personPanel.isVisible(), what("a tap on Kees opens his panel"));
  await h.tap(await centre(personPanel.locator("[data-act=connect]")));
  await h.tap(await centre(await nodeOf(page, "Fatima El Amrani")));
  check(await tiePanel.isVisible(), what("then a tap on Fatima opens the tie's panel"));
  await h.tap(await centre(tiePanel.locator("[data-act=tie-save]")));
  await shown(page, ++edits);
  t = tieOf(storedCase(db, code), "kees", "fatima");
  check(t && t.strength === "weak" && t.quality === "positive", what("Kees and Fatima know each other"));

  // 7. A person changed since the page was read: the drag is refused,
  // nothing is lost, the map shows them as stored.
  cli(db, ["person", "set", code, "tante-sandra", "--age", "47"]);
  await h.drag(await centre(await nodeOf(page, "Tante Sandra")), await pointAt(page, 3, "family", 0.3));
  await shown(page, ++edits);
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
    await shown(page, ++edits);
    check(person(storedCase(db, code), "Kees van Dijk").ring === 2, what("the keyboard moves Kees"));
    check(await page.evaluate(() => document.activeElement.getAttribute("data-act")) === "undo",
          what("and the focus is on Undo"));
    await page.keyboard.press("Enter");
    await shown(page, ++edits);
    check(person(storedCase(db, code), "Kees van Dijk").ring === 3, what("Enter undoes it"));
    await (await nodeOf(page, "Daan")).focus();
    await page.keyboard.press("Enter");
    await personPanel.locator("select[name=other]").selectOption("inge");
    await personPanel.locator("[data-act=tie]").focus();
    await page.keyboard.press("Enter");
    await shown(page, ++edits);
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
