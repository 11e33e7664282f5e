// What the browser tests of `kring serve` and `kring server` share
// (web_check.js, intake_check.js, server_browser_check.js, and
// bench/intake_drag.js, bench/serve_load.js): the paths they were given,
// their checks, the command line, the store a test runs on, kring serve
// started on a database, and the intake on the map: its geometry, the
// hand that works it, and the steps both servers must do the same.
"use strict";

const { spawn, execFileSync } = require("child_process");
const path = require("path");

// The store of a test (as tests/store_db.py gives the Python checks): the
// file DIR/NAME, or with KRING_TEST_DB=postgresql a schema of its own on
// the server that PGHOST, PGPORT, PGUSER and PGDATABASE name, made of the
// script's name, this process, the time it began and NAME; its schemas
// are dropped at exit.
const onPostgresql = process.env.KRING_TEST_DB === "postgresql";
const schemas = [];
const started = Math.floor(Date.now() / 1000).toString(16);
function store(dir, name) {
  if (!onPostgresql) return path.join(dir, name);
  if (schemas.length === 0)
    process.on("exit", () => {
      const sql = schemas.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;\n`).join("");
      try {
        execFileSync("psql", ["-Xq"],
                     { input: "SET client_min_messages = warning;\n" + sql, stdio: ["pipe", "ignore", "inherit"] });
      } catch (e) {
        console.error("kring_test: the schemas were not dropped: " + e.message);
      }
    });
  const script = path.basename(process.argv[1] || "test").split("_")[0].toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const schema = `t_${script}_${process.pid}_${started}_${schemas.length}_${slug}`.slice(0, 63);
  schemas.push(schema);
  return "postgresql:///?options=-c%20kring.schema%3D" + schema;
}

const kring = path.resolve(process.argv[2] || "./kring");
const samples = path.resolve(process.argv[3] || "samples");
const out = path.resolve(process.argv[4] || "build/web");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";

let checks = 0;
const checked = () => checks;
function check(ok, what) {
  checks++;
  if (!ok) throw new Error("web check failed: " + what);
}

function cli(db, args) {
  return execFileSync(kring, ["--db", db, ...args], {
    encoding: "utf8",
    env: { ...process.env, LANG: "C.UTF-8", LANGUAGE: "" },
  });
}

function storedCase(db, code) {
  return JSON.parse(cli(db, ["--json", "case", "show", code]));
}

function person(c, name) {
  return c.people.find((p) => p.name === name);
}

// Starts kring serve and resolves with the printed address. Each visit
// with a token takes it and kring prints the next address: take() waits
// for an address not yet handed out and gives the newest.
// (BIN: another kring than the one given, as the benchmarks pass it.)
function serve(db, lang = "en", bin = kring) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--db", db, "--lang", lang, "serve", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    const server = { child, errors: "", ended: null, addresses: [], handed: 0, waiting: [] };
    const pattern = /^(http:\/\/(k[0-9a-f]{16}\.localhost):(\d+))\/\?token=([0-9a-f]{48})$/;
    server.take = () => new Promise((done, fail) => {
      const give = () => {
        server.handed = server.addresses.length;
        done(server.addresses[server.addresses.length - 1]);
      };
      if (server.addresses.length > server.handed) return give();
      server.waiting.push(give);
      setTimeout(() => fail(new Error("kring serve printed no next address")), 10000);
    });
    child.stdout.on("data", (d) => {
      text += d;
      let at;
      while ((at = text.indexOf("\n")) >= 0) {
        const line = text.slice(0, at);
        text = text.slice(at + 1);
        const m = line.match(pattern);
        if (!m) continue;
        server.addresses.push(line);
        if (!server.url) {
          // Node does not find *.localhost names (browsers do): the test's
          // own requests go to 127.0.0.1 with the run's name as Host.
          Object.assign(server, { url: line, base: m[1], host: m[2] + ":" + m[3],
                                  loop: "http://127.0.0.1:" + m[3], token: m[4] });
          resolve(server);
        }
        server.waiting.splice(0).forEach((give) => give());
      }
    });
    child.stderr.on("data", (d) => (server.errors += d));
    server.ended = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
    child.on("exit", (code) => reject(new Error("kring serve ended (" + code + "): " + server.errors)));
    setTimeout(() => reject(new Error("kring serve printed no address: " + server.errors)), 20000);
  });
}


// A sample (Noah's unless SAMPLE names another) imported under CODE.
function copyCase(db, code, sample = "2026-014-noah.json") {
  cli(db, ["import", path.join(samples, sample), "--code", code]);
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

// The intake's steps that every server runs the same (intake_check.js on
// kring serve, server_browser_check.js on kring server). X holds the
// page, its hand, the store, the case's code, what() naming the run, and
// the count of changes shown so far (each step adds its own).

// Opa Henk (middle, family) dragged into the close circle of school, and
// undone.
async function stepMove(x) {
  const { page, h, db, code, what } = x;
  await h.drag(await centre(await nodeOf(page, "Opa Henk")), await pointAt(page, 1, "school"));
  await shown(page, ++x.edits);
  let c = storedCase(db, code);
  check(person(c, "Opa Henk").ring === 1 && person(c, "Opa Henk").sector === "school",
        what("a drag moves Opa Henk to close, school: " + JSON.stringify(person(c, "Opa Henk"))));
  check(await page.isVisible("figure.map [data-act=undo]"), what("the move can be undone"));
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++x.edits);
  c = storedCase(db, code);
  check(person(c, "Opa Henk").ring === 2 && person(c, "Opa Henk").sector === "family",
        what("undone, Opa Henk is back in the middle circle of family"));
}

// A tie drawn by dragging Daan onto Meneer Bakker: the panel sets it.
async function stepTie(x) {
  const { page, h, db, code, what } = x;
  await h.drag(await centre(await nodeOf(page, "Daan")), await centre(await nodeOf(page, "Meneer Bakker")));
  const tiePanel = page.locator("#panel-tie");
  check(await tiePanel.isVisible(), what("dropping Daan on Meneer Bakker opens the tie's panel"));
  await tiePanel.locator("select[name=strength]").selectOption("strong");
  await h.tap(await centre(tiePanel.locator("[data-act=tie-save]")));
  await shown(page, ++x.edits);
  const c = storedCase(db, code);
  const t = tieOf(c, "daan", "meneer-bakker");
  check(t && t.strength === "strong" && t.quality === "positive", what("the tie is stored strong"));
  check(person(c, "Daan").ring === 1 && person(c, "Daan").sector === "friends",
        what("and Daan did not move"));
}

// Someone new by tapping an empty place of the far circle, the screen
// then taken into SHOT (if given), and undone.
// (A place with no person and no line within a finger's width: a tap
// on a line opens the tie, and Chromium moves a tap near a person onto
// them, as a phone does.)
async function stepAdd(x, shot) {
  const { page, h, db, code, what } = x;
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
  await shown(page, ++x.edits);
  const yusuf = person(storedCase(db, code), "Yusuf");
  check(yusuf && yusuf.ring === 3 && yusuf.sector === where && yusuf.role === "coach",
        what("Yusuf is added in the far circle of " + where + ": " + JSON.stringify(yusuf)));
  if (shot) await page.screenshot({ path: shot });
  await h.tap(await centre(page.locator("figure.map [data-act=undo]")));
  await shown(page, ++x.edits);
  check(!person(storedCase(db, code), "Yusuf"), what("undone, Yusuf is not in the case"));
}

module.exports = { kring, samples, out, browserPath, check, checked, cli, storedCase, person, serve,
                   onPostgresql, store, copyCase, tieOf, pointAt, nodeOf, centre, hand, shown,
                   stepMove, stepTie, stepAdd };
