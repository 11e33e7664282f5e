// The browser test of kring server (docs/server.md, issue 23), in Debian's
// Chromium over HTTPS on loopback (a certificate of this run, its errors
// ignored). On a PostgreSQL schema of its own: two teams, a professional
// of each, a privacy officer and an admin; a case of B and two of A; the
// server's own database role (`kring db grant`). Every account enrols through /enrol (the TOTP
// secret read from the page, the codes made here by node's HMAC-SHA1: a
// second implementation of RFC 6238) and logs in with password and code.
// Then: professional A sees A's cases and not B's, and every route of
// src/web/ (GET and HEAD of each address, POST of each form with A's CSRF
// token) gives a 404 or the documented refusal with nothing of B's case,
// changes nothing and is one `case refused` line; a route word in the C
// source that this list lacks fails the test. A opens B's case by
// break-glass; the privacy officer reads who, which case and why, and the
// access log's lines; neither they nor the admin open any case page.
// A session unused 16 minutes, or begun 13 hours ago (aged in SQL), goes
// to /login;
// logout and logout everywhere end sessions on the server. The intake on
// kring server's case page (kring_test.js's steps, as on kring serve):
// a drag to another circle, a tie, a person added, each undone and read
// back, at 390 px by touch and 1366 px by the mouse. axe-core: no
// serious or critical violation on the door's pages, the case list, the
// privacy officer's and the admin's (in English; the Dutch pages are the
// same HTML). Screenshots in English and Dutch
// (the server's `language`) go into OUT_DIR: server-PAGE-LANG.png.
// PostgreSQL only; on SQLite it says why and passes.
//
// Usage: node tests/web/server_browser_check.js KRING SAMPLES_DIR OUT_DIR
"use strict";

const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { out, browserPath, check, checked, cli, storedCase, onPostgresql, store, copyCase, hand,
        centre, stepMove, stepTie, stepAdd } = require("./kring_test.js");

const top = path.resolve(__dirname, "..", "..");
const A = "Team Noord", B = "Team Zuid";
const caseB = "B-1", casesA = ["A-1", "A-2"];

const { serverRole, sql, startServer, stopServer, axeCheck, submit, enrol, login, onLogin,
        organisationServer } =
  require("./server_test.js");

// --- every route --------------------------------------------------------------

// The words routes are made of in src/web/*.c: each part of an address
// compared with strcmp() (and the admin's forms, compared as `what`).
function routeWords() {
  const words = new Set();
  const dir = path.join(top, "src", "web");
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".c"))) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    for (const m of text.matchAll(/strcmp\((?:part\[[^\]]+\]|what), "([^"]+)"\)/g))
      words.add(m[1]);
  }
  return words;
}

// Every address of case CODE by every method, with the forms a POST
// sends (a real person, tie and suggestion of the case where one is
// named): each must be refused for an account that may not see it.
function caseRoutes(code) {
  const get = [`/case/${code}`, `/case/${code}/intake`, `/case/${code}/person/papa`,
               `/case/${code}/person/1`, `/case/${code}/youth`,
               `/case/${code}/youth?person=papa`, `/case/${code}/youth?said=1`,
               `/case/${code}/youth?map=1`, `/case/${code}/team`, `/case/${code}/map.svg`,
               `/case/${code}/map.svg?theme=team`, `/case/${code}/map.pdf`,
               `/case/${code}/map.pdf?theme=print`, `/case/${code}/sheet.pdf`,
               `/api/cases/${code}`, `/api/cases/${code}/score`,
               `/api/cases/${code}/indicators`, `/api/cases/${code}/history`];
  const tie = { a: "papa", b: "mama" };
  const post = [
    [`/case/${code}`, {}],
    [`/case/${code}/person`, { name: "Indringer", role: "friend", ring: "1" }],
    [`/case/${code}/person/papa`, { name: "Indringer", ring: "3", version: "1" }],
    [`/case/${code}/person/1`, { name: "Indringer" }],
    [`/case/${code}/person/papa/remove`, { version: "1" }],
    [`/case/${code}/tie`, { ...tie, strength: "strong", quality: "conflict" }],
    [`/case/${code}/tie/change`, { ...tie, strength: "weak", quality: "conflict", version: "1" }],
    [`/case/${code}/tie/remove`, { ...tie, version: "1" }],
    [`/case/${code}/youth/papa/ask`, { ask: "yes" }],
    [`/case/${code}/youth/suggest`, { kind: "right" }],
    [`/case/${code}/youth/papa/suggest`, { kind: "closer" }],
    [`/case/${code}/suggestion/1/accept`, { was: "x", role: "mentor" }],
    [`/case/${code}/suggestion/1/decline`, { was: "x" }],
    [`/case/${code}/choose`, { person: "papa", status: "asked" }],
    [`/case/${code}/outcome`, { placement: "averted", satisfaction: "7" }],
    [`/case/${code}/assign`, { team: "A", responsible: "anna" }],
    [`/case/${code}/invite`, {}],
    [`/case/${code}/invite/revoke`, {}],
  ];
  return { get, post };
}

// The routes that name no case, as professional A: [method, address,
// form, the status it must give]. The door's (/login, /enrol,
// /enrol/finish, /logout, /logout-everywhere, /oidc/…) have steps of
// their own.
function otherRoutes(code) {
  return [
    ["GET", "/", null, 200], ["GET", "/api/cases", null, 200], ["GET", "/api/weights", null, 200],
    ["GET", "/static/kring.css", null, 200], ["GET", "/static/kring.js", null, 200],
    ["GET", "/log.csv", null, 404], ["GET", "/admin/user", null, 404],
    ["POST", "/case", { code, name: "Indringer" }, 422],
    ["POST", "/break-glass", { code, reason: "kort", minutes: "60" }, 422],
    ["POST", "/admin/user", { login: "indringer", name: "X", role: "admin" }, 404],
    ["POST", "/admin/team", { name: "Indringers" }, 404],
    ["POST", "/admin/disable", { login: "bram" }, 404],
    ["POST", "/admin/reset", { login: "bram" }, 404],
    ["POST", "/admin/teams", { login: "bram", team: "A" }, 404],
    ["GET", "/account", null, 200],
    // The young person's phone (docs/youth-phone.md): its door is
    // anyone's, its pages need a phone's session, which an account's is
    // not (tests/server/phone_check.py tries them all with one).
    ["GET", "/j", null, 200], ["GET", "/j/0123456789abcdef0123456789abcdef", null, 200],
    ["POST", "/j", { code: "ABCDE-FGHJK", pin: "258036", pin2: "258036" }, 404],
    ["GET", "/y", null, 404], ["GET", "/y/looked", null, 404], ["GET", "/y/map.png", null, 404],
    ["POST", "/y/pin", { pin: "258036" }, 404], ["POST", "/y/logout", {}, 404],
    ["POST", "/y/passkey", { challenge: "x", client_data: "x", auth_data: "x", signature: "x", id: "x" }, 404],
    ["GET", "/static/passkey.js", null, 200],
    ["GET", "/static/phone.webmanifest", null, 200], ["GET", "/static/phone-sw.js", null, 200],
    ["GET", "/static/icon.svg", null, 200], ["GET", "/static/icon-180.png", null, 200],
    ["GET", "/static/icon-192.png", null, 200], ["GET", "/static/icon-512.png", null, 200],
  ];
}
// The login through an identity provider (/oidc/login, /oidc/callback)
// is the door's too, only where one is configured: tests/server/oidc_check.py.
const doorRoutes = ["/login", "/enrol", "/enrol/finish", "/logout", "/logout-everywhere",
                    "/oidc/login", "/oidc/callback"];

// What of case C an answer must not hold: its name, notes, and every
// person's name.
function secrets(c) {
  return [c.case.name, c.case.notes.slice(0, 40), ...c.people.map((p) => p.name)];
}

async function everyRoute(ctx, base, db, schema, csrf) {
  const { get, post } = caseRoutes(caseB);
  const other = otherRoutes(caseB);
  const words = new Set();
  for (const p of [...get, ...post.map((x) => x[0]), ...other.map((x) => x[1]), ...doorRoutes])
    p.split(/[/?=&]/).forEach((w) => words.add(w));
  const forgotten = [...routeWords()].filter((w) => !words.has(w));
  check(forgotten.length === 0, "routes of src/web/ not in this test's list: " + forgotten.join(", "));

  const hidden = secrets(storedCase(db, caseB));
  const before = JSON.stringify(storedCase(db, caseB));
  const users = cli(db, ["--json", "user", "list"]);
  const refusedBefore = Number(sql(`SELECT count(*) FROM ${schema}.audit WHERE outcome = 'refused'`));
  let n = 0, ofCase = 0;
  const clean = async (r, what, status) => {
    const body = (await r.body()).toString("latin1");
    const leaked = hidden.filter((s) => body.includes(s));
    check(status(r.status()), `${what}: ${r.status()}`);
    check(leaked.length === 0, `${what} shows ${leaked.join(", ")}`);
    n++;
  };
  const headers = { Origin: base };
  for (const p of [...get, ...post.map((x) => x[0])]) {
    for (const method of ["get", "head"]) {
      const r = await ctx.request[method](base + p, { maxRedirects: 0 });
      await clean(r, `${method.toUpperCase()} ${p}`, (s) => s === 404);
      ofCase++;
    }
  }
  for (const [p, form] of post) {
    const r = await ctx.request.post(base + p, { form: { ...form, csrf }, headers, maxRedirects: 0 });
    await clean(r, `POST ${p}`, (s) => s === 404);
    ofCase++;
  }
  for (const [method, p, form, want] of other) {
    const r = method === "GET" ? await ctx.request.get(base + p, { maxRedirects: 0 })
      : await ctx.request.post(base + p, { form: { ...form, csrf }, headers, maxRedirects: 0 });
    await clean(r, `${method} ${p}`, (s) => s === want);
    if (p === "/api/cases" || p === "/")
      check(!(await r.text()).includes(caseB), `${p} does not list ${caseB}`);
  }
  check(JSON.stringify(storedCase(db, caseB)) === before, "case B is as it was");
  check(cli(db, ["--json", "user", "list"]) === users, "the accounts are as they were");
  const refused = Number(sql(`SELECT count(*) FROM ${schema}.audit WHERE outcome = 'refused'`)) - refusedBefore;
  check(refused === ofCase, `each refusal of B's case is a line of the access log: ${refused} of ${ofCase}`);
  return `${n} requests: ${get.length} addresses of the case and its ${post.length} forms' by GET and ` +
    `HEAD, the ${post.length} forms by POST, ${other.length} routes that name no case`;
}

// --- the intake on kring server's case page -----------------------------------

async function intake(browser, jar, base, db, code, size) {
  const ctx = await browser.newContext({
    ignoreHTTPSErrors: true, viewport: size.viewport, hasTouch: size.touch,
    isMobile: size.touch && size.viewport.width < 700,
  });
  await ctx.addCookies(jar);
  const page = await ctx.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("dialog", (d) => { problems.push("a dialog: " + d.message()); d.dismiss(); });
  await page.goto(base + "/case/" + code);
  // The header's links and the account's "Log out", each on one line.
  const broken = await page.evaluate(() => [...document.querySelectorAll("header.top :is(a, span, button)")]
    .filter((e) => {
      const r = document.createRange();
      r.selectNodeContents(e);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
    }).map((e) => e.textContent));
  check(broken.length === 0, `the header's words are not broken over lines (${size.name}): ${broken.join(", ")}`);
  const h = hand(page, await ctx.newCDPSession(page), size.touch);
  await h.tap(await centre(page.locator("div.zoom button[data-zoom=all]")));
  const x = { page, h, db, code, edits: 0, what: (s) => `${s} (kring server, ${size.name})` };
  await stepMove(x);
  await stepTie(x);
  await stepAdd(x, path.join(out, `server-intake-${size.viewport.width}.png`));
  check(problems.length === 0, x.what(problems.join("; ")));
  await ctx.close();
}

// --- the run -----------------------------------------------------------------

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const began = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kring-server-browser-"));
  const db = store(tmp, "server");
  const { schema, role, grant } = serverRole(db, "server_browser");

  // The organisation: two teams, a case in each (two in A), the accounts.
  copyCase(db, caseB, "2026-027-jesse.json");
  casesA.forEach((code) => copyCase(db, code));
  cli(db, ["team", "add", A]);
  cli(db, ["team", "add", B]);
  const acct = {};
  const add = (login, kind, team) => {
    const args = ["--json", "user", "add", login, "--name", login[0].toUpperCase() + login.slice(1),
                  "--role", kind];
    if (team) args.push("--team", team);
    acct[login] = { login, password: `kites fly over the dunes ${Object.keys(acct).length}`,
                    code: JSON.parse(cli(db, args)).enrolment };
  };
  add("anna", "professional", A);
  add("bram", "professional", B);
  add("priya", "privacy_officer");
  add("adam", "admin");
  casesA.forEach((code) => cli(db, ["case", "assign", code, "--team", A, "--responsible", "anna"]));
  cli(db, ["case", "assign", caseB, "--team", B, "--responsible", "bram"]);
  grant();

  // Its certificate and configuration, in English first.
  const { port, base, conf, configure } = await organisationServer(tmp, db, role);
  configure("en");
  let server = await startServer(conf, port);

  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
  const axe = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const contexts = {};
  const pageOf = async (login, viewport = { width: 1366, height: 768 }) => {
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport });
    contexts[login] = { ctx, page: await ctx.newPage() };
    return contexts[login];
  };
  const shot = (page, name, lang) => // the privacy officer's log is long: its top
    page.screenshot({ path: path.join(out, `server-${name}-${lang}.png`), fullPage: name !== "privacy" });
  let routes;
  try {
    // 1. Enrolment and login, through the pages.
    const { ctx: actx, page: ap } = await pageOf("anna");
    await ap.goto(base + "/");
    check(onLogin(ap, base), "without a session, / goes to /login");
    await axeCheck(ap, axe, "the login page");
    await shot(ap, "login", "en");
    // The others at once, as people do.
    await Promise.all([
      enrol(ap, base, acct.anna, path.join(out, "server-enrol-en.png"), axe)
        .then(() => login(ap, base, acct.anna)),
      ...["bram", "priya", "adam"].map(async (who) => {
        const { page } = await pageOf(who);
        await enrol(page, base, acct[who]);
        await login(page, base, acct[who]);
      })]);
    const cookies = await actx.cookies();
    const session = cookies.find((k) => k.name === "__Host-kring");
    check(session && session.secure && session.httpOnly && session.sameSite === "Strict",
          "the session's cookie is __Host-, Secure, HttpOnly, SameSite=Strict");

    // 2. The case lists: each professional their team's.
    const listA = await ap.textContent("main");
    check(casesA.every((c) => listA.includes(c)) && !listA.includes(caseB), "anna's list: A's cases, not B's");
    const listB = await contexts.bram.page.textContent("main");
    check(listB.includes(caseB) && !casesA.some((c) => listB.includes(c)), "bram's list: B's case only");
    await axeCheck(ap, axe, "the case list");
    await shot(ap, "cases", "en");

    // 3. Every route of B's case, as anna, with her CSRF token.
    const csrf = await ap.getAttribute("form.glass input[name=csrf]", "value");
    routes = await everyRoute(actx, base, db, schema, csrf);
    await ap.goto(base + "/case/" + caseB);
    check(!(await ap.textContent("body")).includes("Jesse"), "B's case page in the browser: nothing of it");

    // 4. The intake on the case page, by touch on a phone and the mouse.
    await intake(browser, cookies, base, db, casesA[0], { name: "phone", viewport: { width: 390, height: 844 }, touch: true });
    await intake(browser, cookies, base, db, casesA[1], { name: "laptop", viewport: { width: 1366, height: 768 }, touch: false });

    // 5. Break-glass: anna opens B's case with a reason; the privacy
    // officer reads it; neither they nor the admin open a case.
    const reason = "Crisis in the night: the school called about a safety worry";
    await ap.goto(base + "/");
    await ap.fill("#glass-code", caseB);
    await ap.fill("#glass-reason", reason);
    await ap.selectOption("#glass-minutes", "60");
    await ap.locator("form.glass").screenshot({ path: path.join(out, "server-glass-en.png") });
    await submit(ap, "form.glass button");
    check(ap.url() === `${base}/case/${caseB}` && (await ap.textContent("main")).includes("Ruud Verhoeven"),
          "break-glass opens B's case: " + ap.url());
    const number = sql(`SELECT case_key FROM ${schema}.cases WHERE code = '${caseB}'`);
    const pp = contexts.priya.page;
    await pp.goto(base + "/");
    const glass = await pp.locator("table.log").first().locator("tbody tr").allTextContents();
    check(glass.some((r) => r.includes("anna") && r.includes(number) && r.includes(reason)),
          "the privacy officer reads who, which case and why: " + glass.join(" | "));
    await axeCheck(pp, axe, "the privacy officer's page");
    await shot(pp, "privacy", "en");
    await pp.goto(`${base}/?case=${number}`);
    const lines = await pp.locator("table.log").nth(1).locator("tbody tr").allTextContents();
    check(lines.some((r) => r.includes("anna") && r.includes("case opened by break-glass")) &&
          lines.some((r) => r.includes("anna") && r.includes("case refused")) &&
          lines.every((r) => r.includes(number)),
          `the access log of case ${number}: ${lines.length} lines`);
    const pb = contexts.adam.page;
    await pb.goto(base + "/");
    const admin = await pb.textContent("main");
    check(admin.includes("anna") && admin.includes("privacy officer") && !admin.includes("privacy_officer"),
          "the admin's page lists the accounts, their roles in words");
    await axeCheck(pb, axe, "the admin's page");
    await shot(pb, "admin", "en");
    for (const who of ["priya", "adam"])
      for (const code of [caseB, casesA[0]]) {
        const r = await contexts[who].ctx.request.get(`${base}/case/${code}`, { maxRedirects: 0 });
        const body = await r.text();
        check(r.status() === 404 && !body.includes("Ruud") && !body.includes("Oma Ria"),
              `${who} cannot open case ${code}: ${r.status()}`);
      }

    // 6. The same pages in Dutch: the server's language.
    await stopServer(server);
    configure("nl");
    server = await startServer(conf, port);
    add("nina", "professional", A);
    const np = (await pageOf("nina")).page;
    await np.goto(base + "/login");
    check(await np.getAttribute("html", "lang") === "nl" && (await np.textContent("h1")) !== "Log in",
          "in Dutch: " + await np.textContent("h1"));
    await shot(np, "login", "nl");
    await np.goto(base + "/enrol");
    await np.fill("#enrolment", acct.nina.code);
    await submit(np, "form.door button");
    await shot(np, "enrol", "nl");
    const bp = contexts.bram.page;
    await bp.goto(base + "/");
    await shot(bp, "cases", "nl");
    await bp.fill("#glass-code", casesA[0]);
    await bp.fill("#glass-reason", "Een voorbeeld van een reden");
    await bp.locator("form.glass").screenshot({ path: path.join(out, "server-glass-nl.png") });
    for (const [who, name] of [["priya", "privacy"], ["adam", "admin"]]) {
      const p = contexts[who].page;
      await p.goto(base + "/");
      const text = await p.textContent("main");
      check(await p.getAttribute("html", "lang") === "nl" && text.includes("hulpverlener") &&
            !text.includes("professional"), `${who}'s page in Dutch, the roles too`);
      await shot(p, name, "nl");
    }

    // 7. Sessions: idle 16 minutes (bram's), begun 13 hours ago (the
    // admin's): over.
    const aged = (login, set) => sql(`UPDATE ${schema}.sessions SET ${set} WHERE user_id = ` +
                                     `(SELECT id FROM ${schema}.users WHERE login = '${login}')`);
    for (const [who, set] of [["bram", "seen = now() - interval '16 minutes'"],
                              ["adam", "began = now() - interval '13 hours', seen = now()"]]) {
      const p = contexts[who].page;
      await p.goto(base + "/");
      check(p.url() === base + "/", `${who}'s session is alive`);
      aged(who, set);
      await p.goto(base + "/case/" + casesA[0]);
      check(onLogin(p, base), `${who}'s session is over (${set}): ${p.url()}`);
    }

    // 8. Logout: the button ends the session on the server; the old
    // cookie then goes to /login.
    const jar = await actx.cookies();
    await ap.goto(base + "/");
    await submit(ap, "form.account button");
    check(onLogin(ap, base), "the logout button goes to /login");
    await actx.addCookies(jar);
    await ap.goto(base + "/");
    check(onLogin(ap, base), "the old cookie after logout goes to /login");
    check(sql(`SELECT count(*) FROM ${schema}.sessions s JOIN ${schema}.users u ON u.id = s.user_id ` +
              "WHERE u.login = 'anna'") === "0", "anna has no session left");

    // Logout everywhere: the privacy officer in a second browser too
    // (a code of a later step); from one, both end.
    const e2 = await pageOf("priya2");
    await login(e2.page, base, acct.priya);
    const ep = contexts.priya.page;
    await ep.goto(base + "/");
    await Promise.all([ep.waitForNavigation(), ep.evaluate(() => {
      const f = document.querySelector("form.account");
      f.action = "/logout-everywhere";
      f.submit();
    })]);
    check(onLogin(ep, base), "logout everywhere goes to /login");
    await e2.page.goto(base + "/");
    check(onLogin(e2.page, base), "and the other browser's session is over too");
  } finally {
    await browser.close();
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`server_browser: ${checked()} checks passed in chromium (another team's case: ${routes}) ` +
              `in ${((Date.now() - began) / 1000).toFixed(0)} s; screenshots in ${out}`);
}

if (!onPostgresql) {
  console.log("server_browser: kring server is PostgreSQL's (KRING_TEST_DB=postgresql); skipped on SQLite");
} else {
  main().catch((e) => {
    console.error(e.message || e);
    process.exit(1);
  });
}
