// What the browser tests of `kring serve` share (web_check.js,
// intake_check.js, and bench/intake_drag.js, bench/serve_load.js): the
// paths they were given, their checks, the command line, the store a test
// runs on, and kring serve started on a database.
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


module.exports = { kring, samples, out, browserPath, check, checked, cli, storedCase, person, serve,
                   onPostgresql, store };
