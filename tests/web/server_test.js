// What the browser tests of kring server share (server_browser_check.js,
// phone_browser_check.js): TOTP codes made here (node's HMAC-SHA1, a
// second implementation of RFC 6238), enrolment and login through the
// pages, a kring server on loopback over HTTPS with a certificate of the
// run, and axe-core.
"use strict";

const { spawn, execFileSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const net = require("net");
const path = require("path");
const { kring, check, cli } = require("./kring_test.js");

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// --- RFC 6238, as an authenticator app makes it ---------------------------

function base32(text) {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = [];
  let bits = 0, value = 0;
  for (const ch of text) {
    value = ((value << 5) | abc.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac("sha1", base32(secret)).update(counter).digest();
  const at = mac[19] & 15;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 30000);

// --- the organisation ------------------------------------------------------

function sql(query) {
  return execFileSync("psql", ["-XAtq", "-v", "ON_ERROR_STOP=1", "-c", query],
                      { encoding: "utf8" }).trim();
}

function freePort() {
  return new Promise((done) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => done(port));
    });
  });
}

// kring server with the configuration CONF; resolves when it answers.
async function startServer(conf, port) {
  const child = spawn(kring, ["server", "--config", conf], { stdio: ["ignore", "ignore", "pipe"] });
  const server = { child, errors: "" };
  child.stderr.on("data", (d) => (server.errors += d));
  server.ended = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((done) => {
      const c = net.connect(port, "127.0.0.1", () => { c.destroy(); done(true); });
      c.on("error", () => done(false));
    });
    if (up) return server;
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error("kring server did not start: " + server.errors);
}

async function stopServer(server) {
  server.child.kill("SIGTERM");
  await server.ended;
  check(!/Sanitizer|runtime error/.test(server.errors), "kring server reported: " + server.errors);
}

// --- the door ----------------------------------------------------------------

async function axeCheck(page, axe, what) {
  await page.evaluate(axe); /* as the test's, not the page's: its policy stands */
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
  });
  check(found.length === 0, "axe on " + what + ": " + found.join("; "));
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// Enrols ACCT (its login, password and one-time code) in PAGE; the
// secret page is screenshot into SHOT when given.
async function enrol(page, base, acct, shot, axe) {
  await page.goto(base + "/enrol");
  if (axe) await axeCheck(page, axe, "the enrolment's first page");
  await page.fill("#enrolment", acct.code);
  await submit(page, "form.door button");
  const secret = ((await page.textContent("figure.qr figcaption code")) || "").replace(/\s/g, "");
  check(/^[A-Z2-7]{32}$/.test(secret), `${acct.login}: the secret is shown as text: ${secret}`);
  check(await page.locator("figure.qr svg").count() === 1, `${acct.login}: and as a QR code`);
  if (axe) await axeCheck(page, axe, "the enrolment's secret page");
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  await page.fill("#password", acct.password);
  await page.fill("#password2", acct.password);
  const step = stepNow();
  await page.fill("#code", totp(secret, step));
  await submit(page, "form.door button");
  check(await page.locator("form[action='/login']").count() === 1 &&
        await page.locator("p.note").count() === 1,
        `${acct.login} is enrolled: ${await page.textContent("main")}`);
  Object.assign(acct, { secret, last: step });
}

// Logs ACCT in with the next code it may use: one of a step after the
// last taken (a code is taken once), no more than a step ahead of now.
async function login(page, base, acct) {
  const step = Math.max(acct.last + 1, stepNow());
  if (step > stepNow() + 1) await sleep((step - 1) * 30000 - Date.now() + 300);
  await page.goto(base + "/login");
  await page.fill("#login", acct.login);
  await page.fill("#password", acct.password);
  await page.fill("#code", totp(acct.secret, step));
  await submit(page, "form.door button");
  acct.last = step;
  check(page.url() === base + "/", `${acct.login} logs in: ${page.url()} ${await page.textContent("main")}`);
}

const onLogin = (page, base) => page.url() === base + "/login";

// The server's certificate, its role's address and its configuration in
// TMP for store DB (kring server connects as ROLE): the port, the base
// address, the configuration's path and configure(LANG), which writes it
// in that language. HOST: the name in its public address (localhost: a
// host name, as passkeys need; the server listens on 127.0.0.1 still).
async function organisationServer(tmp, db, role, host = "127.0.0.1") {
  const cert = path.join(tmp, "cert.pem"), key = path.join(tmp, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
                           "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
               { stdio: "ignore" });
  fs.chmodSync(key, 0o600);
  const port = await freePort();
  const base = `https://${host}:${port}`;
  const served = db.replace("kring.schema%3D", `role%3D${role}%20-c%20kring.schema%3D`);
  const conf = path.join(tmp, "server.conf");
  const configure = (lang) => fs.writeFileSync(conf,
    `database = ${served}\nlisten = 127.0.0.1\nport = ${port}\ntls_cert = ${cert}\n` +
    `tls_key = ${key}\npublic_url = ${base}\norganisation = Jeugdhulp Voorbeeld\nlanguage = ${lang}\n`);
  return { port, base, conf, configure };
}

// The role kring server connects as for store DB (its schema's name and
// _srv), made and granted (`kring db grant`), and dropped when the test
// ends (WHO names the test in a failure): { schema, role }.
function serverRole(db, who) {
  const schema = db.match(/kring\.schema%3D(\w+)/)[1];
  const role = `${schema}_srv`.slice(0, 63);
  process.on("exit", () => {
    try {
      execFileSync("psql", ["-Xq", "-c", `DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`],
                   { stdio: ["ignore", "ignore", "inherit"] });
    } catch (e) {
      console.error(`${who}: the role was not dropped: ` + e.message);
    }
  });
  return { schema, role, grant: () => {
    sql(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') ` +
        `THEN CREATE ROLE ${role}; END IF; END $$`);
    cli(db, ["db", "grant", role]);
  } };
}

module.exports = { serverRole, totp, stepNow, sql, freePort, startServer, stopServer, axeCheck, submit, enrol, login,
                   onLogin, sleep, organisationServer };
