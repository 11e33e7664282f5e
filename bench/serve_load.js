// Load test of `kring serve` (issues 8 and 21): CLIENTS clients at once
// for SECONDS seconds on loopback, on one case of 40 people. Each client
// owns one person of the case and loops: fetch the map (SVG), and every
// EDIT_EVERY-th turn save an edit of its person through the edit form --
// the person moves between the middle and the outer circle, so the map
// changes and is drawn again, and the notes record the edit's number.
// Afterwards: no request may have failed, every client's last edit must
// be what is stored, and the audit log must hold exactly the edits made.
// Targets (issue 21): the median map response under 20 ms and the 99th
// percentile under 80 ms (printed and recorded: they depend on the
// machine), no error, no lost edit (held). For reference, measured in
// the same run first: the same clients for REF_SECONDS fetching the
// stylesheet, which takes no work at all -- the floor of HTTP and of this
// client on the machine.
//
// With KRING_TEST_DB=postgresql the case is stored in a schema of its own
// on the server PGHOST and the others name (tests/web/kring_test.js), and
// dropped afterwards: make check-postgresql runs a short load as a test.
//
// Usage: node bench/serve_load.js [--strict] [SECONDS] [CLIENTS]
// Needs ./kring, ./kring-http.so, ./kring-graphviz.so, build/bench/kring-gen.
"use strict";

const http = require("http");
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { onPostgresql, store } = require("../tests/web/kring_test.js");

const args = process.argv.slice(2);
// --strict is accepted (make bench passes it) and changes nothing: what
// this script holds, it holds always.
const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
const seconds = nums[0] || 30;
const clients = nums[1] || 20;
const EDIT_EVERY = 4;
const REF_SECONDS = 5;
const kring = path.resolve(process.env.KRING || "./kring");
const gen = path.resolve(process.env.KRING_GEN || "build/bench/kring-gen");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kring-load-"));
const db = store(dir, "load.db");
// The audit log of a run holds a line for every map read: more than
// Node's default buffer of 1 MB.
const cli = (a) =>
  execFileSync(kring, ["--db", db, ...a], { encoding: "utf8", maxBuffer: 1 << 30 });

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function pct(a, p) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
// The address printed is under the run's own name (k....localhost), which
// Node does not resolve: requests go to 127.0.0.1 with that name as Host.
// The token is sent as a bearer token, which does not use it up.
let base, loop, token;

function request(method, p, body, tailOnly) {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: "Bearer " + token, Host: new URL(base).host };
    if (body) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = Buffer.byteLength(body);
      headers.Origin = base;
    }
    const started = process.hrtime.bigint();
    const req = http.request(loop + p, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      // A map is only looked at for its end: decoding some 80 KB of SVG
      // for each would cost this client CPU that the server needs, on a
      // machine they share.
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const data = Buffer.concat(chunks);
        resolve({
          status: res.statusCode,
          body: tailOnly ? data.subarray(-64).toString() : data.toString(),
          ms,
        });
      });
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

async function main() {
  execFileSync(gen, [db, "1", "40"]);
  const code = JSON.parse(cli(["--json", "case", "list"])).cases[0].code;
  const server = spawn(kring, ["--db", db, "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let text = "";
    server.stdout.on("data", (d) => {
      text += d;
      const m = text.match(/^(http:\/\/[^/]+)\/\?token=([0-9a-f]+)$/m);
      if (m) resolve(m);
    });
    server.on("exit", () => reject(new Error("kring serve ended")));
  });
  base = url[1];
  loop = "http://127.0.0.1:" + new URL(base).port;
  token = url[2];
  try {
    const page = await request("GET", `/case/${code}`);
    const csrf = page.body.match(/name="csrf" value="([0-9a-f]+)"/)[1];
    const people = JSON.parse((await request("GET", `/api/cases/${code}`)).body).people;
    const owned = people.slice(0, clients).map((p) => p.id);
    // Pages address people by number: their links on the case page, in
    // the case's order (docs/web.md).
    const numbers = [...page.body.matchAll(/href="\/case\/[^/"]+\/person\/([0-9]+)"/g)]
      .map((m) => m[1]);
    const auditBefore = cli(["audit", code, "--changes"]).split("\n").filter((l) => /person set/.test(l)).length;

    // The reference: the stylesheet, as fast as the server can answer.
    const refTimes = [];
    const refUntil = Date.now() + REF_SECONDS * 1000;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (Date.now() < refUntil) {
        const r = await request("GET", "/static/kring.css");
        if (r.status === 200) refTimes.push(r.ms);
      }
    }));

    const mapTimes = [];
    const editTimes = [];
    const lastEdit = new Array(clients).fill(null);
    let errors = 0;
    const until = Date.now() + seconds * 1000;

    async function client(i) {
      for (let turn = 0; Date.now() < until; turn++) {
        if (turn % EDIT_EVERY === EDIT_EVERY - 1) {
          const ring = turn % (2 * EDIT_EVERY) === EDIT_EVERY - 1 ? 3 : 2;
          const notes = `client ${i} edit ${turn}`;
          const body = new URLSearchParams({ csrf, ring: String(ring), notes }).toString();
          const r = await request("POST", `/case/${code}/person/${numbers[i]}`, body);
          if (r.status !== 303) {
            errors++;
            console.error(`edit failed: ${r.status} ${r.body.slice(0, 200)}`);
          } else {
            lastEdit[i] = { ring, notes };
            editTimes.push(r.ms);
          }
        } else {
          const r = await request("GET", `/case/${code}/map.svg`, null, true);
          if (r.status !== 200 || !r.body.includes("</svg>")) {
            errors++;
            console.error(`map failed: ${r.status}`);
          } else {
            mapTimes.push(r.ms);
          }
        }
      }
    }
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));

    // Nothing lost: each client's last edit is stored, and the audit log
    // holds one line per edit.
    const stored = JSON.parse(cli(["--json", "case", "show", code]));
    let lost = 0;
    owned.forEach((id, i) => {
      const p = stored.people.find((q) => q.id === id);
      if (lastEdit[i] && (p.ring !== lastEdit[i].ring || p.notes !== lastEdit[i].notes)) lost++;
    });
    const auditAfter = cli(["audit", code, "--changes"]).split("\n").filter((l) => /person set/.test(l)).length;
    const audited = auditAfter - auditBefore;
    const made = editTimes.length;
    const med = median(mapTimes);
    const line =
      `serve${onPostgresql ? " (PostgreSQL)" : ""}: ${clients} clients, ${seconds} s, ` +
      `a ${people.length}-person case: ` +
      `${mapTimes.length} maps (median ${med.toFixed(1)} ms, p90 ${pct(mapTimes, 90).toFixed(1)} ms, ` +
      `p99 ${pct(mapTimes, 99).toFixed(1)} ms), ${made} edits (median ${median(editTimes).toFixed(1)} ms), ` +
      `${errors} errors, ${lost} lost edits, ${audited} edits in the audit log; ` +
      `reference: the stylesheet, median ${median(refTimes).toFixed(2)} ms ` +
      `(${refTimes.length} in ${REF_SECONDS} s): maps ${(med / median(refTimes)).toFixed(1)}x`;
    console.log(line);
    const bad = errors > 0 || lost > 0 || audited !== made;
    const p99 = pct(mapTimes, 99);
    if (bad) {
      console.error("serve: requests failed or edits were lost");
      process.exitCode = 1;
    } else if (med >= 20 || p99 >= 80) {
      // Times in ms depend on the machine's speed and load: issue 21 has
      // them printed and recorded, not held.
      console.error(
        `serve: the map responses' median ${med.toFixed(1)} ms and p99 ${p99.toFixed(1)} ms ` +
          "are not under 20 ms and 80 ms (recorded, not held: they depend on the machine)"
      );
    }
  } finally {
    server.kill("SIGTERM");
    agent.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
