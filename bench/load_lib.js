// What the load benchmarks of kring server share (server_load.js,
// youth_phone.js): a browser of its own over HTTPS (one kept connection
// from its own loopback address, its cookies), a pool of workers, and the
// median and percentiles of the times.
"use strict";

const https = require("https");
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

async function pool(n, items, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function pct(a, p) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// A browser: one kept connection from its own address, its cookies.
class Browser {
  constructor(port, i) {
    this.port = port;
    this.origin = `https://127.0.0.1:${port}`;
    this.cookies = {};
    this.agent = new https.Agent({
      keepAlive: true, maxSockets: 1, rejectUnauthorized: false,
      localAddress: `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    });
    this.reconnects = 0;
  }
  // A kept connection the server closed (a connection is given 10 s,
  // `request_timeout`) is found closed only when used: a GET goes again
  // once, on a new one, as a browser does, and is counted apart (the
  // server may have answered and logged the first: its line may be
  // there twice); a POST is not sent again: an error.
  async request(method, p, form, opts = {}) {
    try {
      return await this.once(method, p, form, opts);
    } catch (e) {
      if (!e.reused || method !== "GET") throw e;
      this.reconnects++;
      return this.once(method, p, form, opts);
    }
  }
  once(method, p, form, opts) {
    return new Promise((resolve, reject) => {
      const headers = {};
      const names = Object.keys(this.cookies);
      if (names.length) headers.Cookie = names.map((k) => `${k}=${this.cookies[k]}`).join("; ");
      let body = null;
      if (form) {
        body = new URLSearchParams(form).toString();
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        headers["Content-Length"] = Buffer.byteLength(body);
        headers.Origin = this.origin;
      }
      const started = process.hrtime.bigint(), sent = Date.now();
      const req = https.request({ host: "127.0.0.1", port: this.port, path: p, method,
                                  agent: this.agent, headers }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          for (const c of res.headers["set-cookie"] || []) {
            const [pair] = c.split(";");
            const eq = pair.indexOf("=");
            if (/Max-Age=0/.test(c)) delete this.cookies[pair.slice(0, eq)];
            else this.cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
          }
          const data = Buffer.concat(chunks);
          resolve({ status: res.statusCode, headers: res.headers, ms, sent,
                    body: opts.tailOnly ? data.subarray(-64).toString() : data.toString() });
        });
      });
      req.on("error", (e) => {
        e.reused = req.reusedSocket && (e.code === "ECONNRESET" || /hang up/.test(e.message));
        e.message += ` (${method} ${p}, ${req.reusedSocket ? "a kept connection" : "a new connection"})`;
        reject(e);
      });
      if (body) req.write(body);
      req.end();
    });
  }
}

// kring server (KRING) on a loopback port over HTTPS, in English, for
// store DB as role ROLE (made and granted here; SQL runs a statement as
// the owner), its certificate, configuration and standard error in DIR:
// { server, port, gone() } once it answers at PROBE.
async function serveLoopback(kring, dir, db, role, sql, probe) {
  sql(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') ` +
      `THEN CREATE ROLE ${role}; END IF; END $$`);
  execFileSync(kring, ["--db", db, "db", "grant", role], { stdio: "ignore" });
  const cert = path.join(dir, "cert.pem"), key = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                           "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                           "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  fs.chmodSync(key, 0o600);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const served = db.replace("kring.schema%3D", `role%3D${role}%20-c%20kring.schema%3D`);
  const conf = path.join(dir, "server.conf");
  fs.writeFileSync(conf, `database = ${served}\nlisten = 127.0.0.1\nport = ${port}\n` +
                   `tls_cert = ${cert}\ntls_key = ${key}\npublic_url = https://127.0.0.1:${port}\n` +
                   "language = en\n");
  const errLog = fs.openSync(path.join(dir, "server.err"), "w");
  const server = spawn(kring, ["server", "--config", conf], { stdio: ["ignore", "ignore", errLog] });
  let gone = false;
  server.on("exit", () => { gone = true; });
  for (let i = 0; i < 100; i++) {
    try {
      await new Browser(port, 0).request("GET", probe);
      break;
    } catch (e) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { server, port, gone: () => gone };
}

module.exports = { Browser, pool, median, pct, serveLoopback };
