/* kring serve: the little the pages do in the browser. Everything works
 * without it; with it, a tap on a person on the young person's map shows
 * what was recorded, and removing asks first. */
"use strict";

function kringShow(node) {
  var shown = null;
  document.querySelectorAll("section.who").forEach(function (s) {
    var match = s.getAttribute("data-node") === node;
    s.hidden = !match;
    if (match) shown = s;
  });
  document.querySelectorAll(".who-link").forEach(function (a) {
    a.classList.toggle("current", a.getAttribute("data-node") === node);
  });
  var g = node && document.querySelector("figure.map svg g.node#" + node);
  var figure = g && g.closest("figure.map");
  if (figure && figure.kringReveal) figure.kringReveal(g);
  if (shown) {
    shown.scrollIntoView({ block: "nearest" });
    var b = shown.querySelector("button");
    if (b) b.focus({ preventScroll: true });
  }
  return shown !== null;
}

/* Zoom and pan of a map: its viewBox is the window onto the drawing.
 * Buttons zoom; one finger or the mouse drags; two fingers pinch. On a
 * narrow screen (a phone, under 700 CSS px) the map opens close enough that every person is a target
 * of 44 CSS px or more and the smallest label 12 px or more (the map's
 * smallest text is 11 units: 1.1 px a unit), centred on the young
 * person; a drag that moved is not a tap. */
var KRING_PHONE_SCALE = 1.1;

function kringZoom(figure, keep) {
  var svg = figure.querySelector("svg");
  var bar = figure.querySelector("div.zoom");
  if (!svg || !bar || !svg.viewBox || !svg.viewBox.baseVal) return;
  var b = svg.viewBox.baseVal;
  var full = { x: b.x, y: b.y, w: b.width, h: b.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  figure.classList.add("zoomable");
  bar.hidden = false;

  function px() { /* CSS px per unit at the current view */
    var r = svg.getBoundingClientRect();
    return Math.min(r.width / view.w, r.height / view.h);
  }
  function apply() {
    svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
  }
  function aspect() {
    var r = svg.getBoundingClientRect();
    return r.width > 0 ? r.height / r.width : 1;
  }
  /* The view of width W centred on (CX, CY), kept on the drawing. */
  function show(w, cx, cy) {
    var a = aspect(), maxw = Math.max(full.w, full.h / a);
    view.w = Math.min(Math.max(w, full.w / 8), maxw);
    view.h = view.w * a;
    /* Kept on the drawing; centred where the view is the larger. */
    view.x = view.w >= full.w ? full.x + (full.w - view.w) / 2
      : Math.min(Math.max(cx - view.w / 2, full.x), full.x + full.w - view.w);
    view.y = view.h >= full.h ? full.y + (full.h - view.h) / 2
      : Math.min(Math.max(cy - view.h / 2, full.y), full.y + full.h - view.h);
    apply();
  }
  function centre() { return { x: view.x + view.w / 2, y: view.y + view.h / 2 }; }
  /* The drawing's point under the screen point (X, Y). */
  function at(x, y) {
    var r = svg.getBoundingClientRect(), k = px();
    return { x: view.x + (x - r.left - (r.width - view.w * k) / 2) / k,
             y: view.y + (y - r.top - (r.height - view.h * k) / 2) / k };
  }
  function zoomBy(f, p) {
    var c = p || centre();
    var nw = view.w / f;
    var nx = c.x - (c.x - view.x) * (nw / view.w);
    var ny = c.y - (c.y - view.y) * (nw / view.w);
    show(nw, nx + nw / 2, ny + nw * aspect() / 2);
  }
  function all() { show(Math.max(full.w, full.h / aspect()), full.x + full.w / 2, full.y + full.h / 2); }
  function start() {
    var r = svg.getBoundingClientRect();
    /* A phone (as the stylesheet's narrow screen); else the whole map. */
    if (!window.matchMedia("(max-width: 699px)").matches) { all(); return; }
    var yp = svg.querySelector("g.node#yp"), c = { x: full.x + full.w / 2, y: full.y + full.h / 2 };
    if (yp) {
      var q = yp.getBoundingClientRect();
      all();
      q = yp.getBoundingClientRect();
      c = at(q.left + q.width / 2, q.top + q.height / 2);
    }
    show(r.width / KRING_PHONE_SCALE, c.x, c.y);
  }
  bar.addEventListener("click", function (e) {
    var t = e.target.getAttribute("data-zoom");
    if (t === "in") zoomBy(1.5);
    else if (t === "out") zoomBy(1 / 1.5);
    else if (t === "all") all();
  });
  /* Fingers and the mouse. A person can be picked up where the page
   * allows it (figure.kringGrab gives what carries them): with the mouse
   * by dragging them, with a finger by holding them still a moment (a
   * finger that moves at once pans). */
  var pts = {}, moved = false, last = null, pinch = null, pend = null, drag = null;
  function count() { return Object.keys(pts).length; }
  function lift() {
    clearTimeout(pend.timer);
    drag = pend;
    pend = null;
    moved = true;
    try { svg.setPointerCapture(drag.id); } catch (err) { /* gone already */ }
    drag.h.start();
    if (navigator.vibrate) navigator.vibrate(15);
  }
  function drop(e, done) {
    if (pend) { clearTimeout(pend.timer); pend = null; }
    if (!drag || (e && e.pointerId !== drag.id)) return false;
    var d = drag;
    drag = null;
    if (done) d.h.end(e); else d.h.cancel();
    return true;
  }
  svg.addEventListener("pointerdown", function (e) {
    pts[e.pointerId] = { x: e.clientX, y: e.clientY };
    moved = false;
    last = { x: e.clientX, y: e.clientY };
    pinch = null;
    if (drag || pend) { drop(null, false); return; } /* a second finger */
    var h = figure.kringGrab && e.button === 0 && figure.kringGrab(e);
    if (!h) return;
    pend = { h: h, id: e.pointerId, x: e.clientX, y: e.clientY, touch: e.pointerType === "touch", timer: 0 };
    if (pend.touch) pend.timer = setTimeout(lift, 450);
  });
  svg.addEventListener("contextmenu", function (e) { if (figure.kringGrab) e.preventDefault(); });
  svg.addEventListener("pointermove", function (e) {
    if (!(e.pointerId in pts)) return;
    /* A button let go outside the map: the drag ended there. */
    if (e.pointerType === "mouse" && e.buttons === 0) { up(e); return; }
    pts[e.pointerId] = { x: e.clientX, y: e.clientY };
    if (drag && e.pointerId === drag.id) { drag.h.move(e); return; }
    if (pend && e.pointerId === pend.id) {
      if (Math.hypot(e.clientX - pend.x, e.clientY - pend.y) < 6) return;
      if (pend.touch) { clearTimeout(pend.timer); pend = null; }
      else { lift(); drag.h.move(e); return; }
    }
    var ids = Object.keys(pts);
    if (ids.length === 2) {
      var a = pts[ids[0]], c = pts[ids[1]];
      var d = Math.hypot(a.x - c.x, a.y - c.y);
      var mid = at((a.x + c.x) / 2, (a.y + c.y) / 2);
      if (pinch && d > 0) zoomBy(d / pinch, mid);
      pinch = d;
      moved = true;
      return;
    }
    if (ids.length !== 1 || !last) return;
    var dx = e.clientX - last.x, dy = e.clientY - last.y;
    if (!moved && Math.hypot(dx, dy) < 6) return;
    moved = true;
    var k = px(), cc = centre();
    show(view.w, cc.x - dx / k, cc.y - dy / k);
    last = { x: e.clientX, y: e.clientY };
  });
  function up(e) {
    drop(e, e.type !== "pointercancel");
    delete pts[e.pointerId];
    if (count() < 2) pinch = null;
    if (count() === 1) {
      var id = Object.keys(pts)[0];
      last = { x: pts[id].x, y: pts[id].y };
    }
  }
  svg.addEventListener("pointerup", up);
  svg.addEventListener("pointercancel", up);
  /* A drag is not a tap on the person it ended on. */
  svg.addEventListener("click", function (e) {
    if (moved) { e.stopImmediatePropagation(); e.preventDefault(); moved = false; }
  }, true);
  svg.addEventListener("wheel", function (e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? 1.2 : 1 / 1.2, at(e.clientX, e.clientY));
  }, { passive: false });
  /* The page's one listener for a new window size calls this. */
  figure.kringResize = function () { var c = centre(); show(view.w, c.x, c.y); };
  if (keep) show(keep.w, keep.x + keep.w / 2, keep.y + keep.h / 2);
  else start();
  figure.kringView = function () { return { x: view.x, y: view.y, w: view.w, h: view.h }; };
  /* Brings node G into the middle of the view, at the zoom it has. */
  function reveal(g) {
    var q = g.getBoundingClientRect(), r = svg.getBoundingClientRect();
    if (q.left >= r.left && q.right <= r.right && q.top >= r.top && q.bottom <= r.bottom)
      return;
    var c = at(q.left + q.width / 2, q.top + q.height / 2);
    show(view.w, c.x, c.y);
  }
  figure.kringReveal = reveal;
}

/* Where the rings and wedges of a map are (data-rings and data-wedges of
 * EL, written by the server in points and thousandths of a radian). */
function kringGeometry(el) {
  var r = (el.getAttribute("data-rings") || "").split(" ").map(Number);
  var w = (el.getAttribute("data-wedges") || "").split(",").filter(Boolean).map(function (t) {
    var p = t.split(" ");
    return { sector: p[0], from: Number(p[1]) / 1000, to: Number(p[2]) / 1000 };
  });
  return r.length === 4 && w.length ? { rings: r, wedges: w } : null;
}

/* The drawing's point under the screen point (X, Y) of map SVG, in the
 * layout's terms: from the young person in the middle, y upwards; and
 * the circle (1..3; 0 outside them, -1 on the young person) and the
 * part of life there. */
function kringWhere(svg, geo, x, y) {
  var root = svg.querySelector("g.graph"), yp = svg.querySelector("g.node#yp ellipse");
  if (!root || !yp || !root.getScreenCTM()) return null;
  var p = svg.createSVGPoint();
  p.x = x;
  p.y = y;
  p = p.matrixTransform(root.getScreenCTM().inverse());
  var lx = p.x - Number(yp.getAttribute("cx")), ly = Number(yp.getAttribute("cy")) - p.y;
  var r = Math.hypot(lx, ly), a = Math.atan2(lx, ly);
  if (a < 0) a += 2 * Math.PI;
  var ring = r <= geo.rings[0] ? -1 : r <= geo.rings[1] ? 1 : r <= geo.rings[2] ? 2
    : r <= geo.rings[3] * 1.06 ? 3 : 0;
  /* In a wedge, or in the gap at the top: the wedge nearest. */
  var sector = null, near = Infinity;
  geo.wedges.forEach(function (w) {
    if (a >= w.from && a < w.to) { sector = w.sector; near = -1; return; }
    if (near < 0) return;
    [w.from, w.to].forEach(function (b) {
      var d = Math.abs(a - b);
      d = Math.min(d, 2 * Math.PI - d);
      if (d < near) { near = d; sector = w.sector; }
    });
  });
  /* On the young person: the close circle, for a drop. */
  return { ring: ring, sector: sector, close: ring === -1 ? 1 : ring };
}

/* What carries a person G of map SVG when picked up: G follows the
 * pointer; ON.move(where, e) says what letting go there would do,
 * ON.drop(where, e) does it (true: G stays where it was let go, until the
 * new map comes), ON.cancel() when it did not end. */
function kringCarry(svg, geo, g, on) {
  var root = svg.querySelector("g.graph"), from = null, hint = null;
  function here(e) {
    var p = svg.createSVGPoint();
    p.x = e.clientX;
    p.y = e.clientY;
    return p.matrixTransform(root.getScreenCTM().inverse());
  }
  function back() {
    g.removeAttribute("transform");
    g.classList.remove("lifted");
    if (hint) hint.remove();
    hint = null;
  }
  function say(text) {
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "drag-hint";
      hint.setAttribute("role", "status");
      svg.closest("figure.map").appendChild(hint);
    }
    hint.textContent = text || "";
    hint.hidden = !text;
  }
  return {
    start: function () { g.classList.add("lifted"); from = null; },
    move: function (e) {
      var p = here(e);
      if (!from) from = p;
      g.setAttribute("transform", "translate(" + (p.x - from.x) + " " + (p.y - from.y) + ")");
      say(on.move(kringWhere(svg, geo, e.clientX, e.clientY), e));
    },
    end: function (e) {
      var stay = on.drop(kringWhere(svg, geo, e.clientX, e.clientY), e);
      if (hint) hint.remove();
      hint = null;
      if (!stay) back();
    },
    cancel: function () { back(); if (on.cancel) on.cancel(); }
  };
}

/* The person's mark under the screen point (X, Y), not counting G. */
function kringNodeAt(x, y, g) {
  var was = g.style.visibility;
  g.style.visibility = "hidden";
  var el = document.elementFromPoint(x, y);
  g.style.visibility = was;
  var n = el && el.closest ? el.closest("g.node") : null;
  return n && n !== g && n.id !== "yp" ? n : null;
}

/* Whether the screen point (X, Y) is on something over the map (its
 * buttons, a panel, what was done): a person let go there goes back. */
function kringOverlayAt(x, y, g) {
  var was = g.style.visibility;
  g.style.visibility = "hidden";
  var el = document.elementFromPoint(x, y);
  g.style.visibility = was;
  return !el || !el.closest("figure.map svg");
}

/* The young person's map: a person dragged to a circle further in or
 * further out is their "closer" or "further away", sent as the buttons
 * of that person's panel send it. */
function kringYouthDrag(figure) {
  var aside = document.querySelector("aside.people"), svg = figure.querySelector("svg");
  var geo = aside && kringGeometry(aside);
  if (!geo || !svg) return;
  function button(g, kind) {
    return document.querySelector('section.who[data-node="' + g.id + '"] form.suggest button[value="' + kind + '"]');
  }
  figure.kringGrab = function (e) {
    var g = e.target.closest ? e.target.closest("g.node.tappable") : null;
    if (!g) return null;
    var box = g.getBoundingClientRect();
    var was = kringWhere(svg, geo, box.left + box.width / 2, box.top + box.height / 2);
    function kind(w) {
      if (!was || !w || w.close < 1 || w.close === was.close) return null;
      return w.close < was.close ? "closer" : "further";
    }
    return kringCarry(svg, geo, g, {
      move: function (w, e2) {
        var b = !kringOverlayAt(e2.clientX, e2.clientY, g) && kind(w) && button(g, kind(w));
        return b ? b.textContent : "";
      },
      drop: function (w, e2) {
        var b = !kringOverlayAt(e2.clientX, e2.clientY, g) && kind(w) && button(g, kind(w));
        if (!b) return false;
        b.click();
        return true;
      }
    });
  };
}

/* --- The intake on the case page's map (docs/web.md) ------------------ */

function kringFormat(text) {
  var args = Array.prototype.slice.call(arguments, 1);
  return text.replace(/%s/g, function () { return args.length ? args.shift() : ""; });
}

/* The case page's map made the place where the network is built: drag a
 * person to a circle or part of life, or onto someone they know; tap a
 * tie to change or remove it; tap an empty place to add someone there;
 * tap a person (or Enter on them) for the same by buttons. Each change is
 * posted where the page's forms post it, with the version the page read;
 * the page that comes back (the case as stored now) takes this one's
 * place, and the change can be undone. */
var kringUndo = null;

function kringIntake(said) {
  var box = document.getElementById("intake");
  var figure = document.querySelector("div.split figure.map");
  var svg = figure && figure.querySelector("svg");
  var geo = box && kringGeometry(box);
  if (!box || !svg || !geo) return;
  box.hidden = false;
  var code = box.getAttribute("data-code"), csrf = box.getAttribute("data-csrf");
  var bar = box.querySelector(".edit-bar span"), undoButton = box.querySelector('[data-act="undo"]');
  var word = function (k) { return box.getAttribute("data-" + k) || "%s"; };
  var connectFrom = null;
  /* What was done and the panels lie over the map, where the eyes are. */
  figure.appendChild(bar.parentNode);
  Array.prototype.forEach.call(box.querySelectorAll("section.map-panel"), function (x) { figure.appendChild(x); });

  function people() {
    return Array.prototype.map.call(box.querySelectorAll("ul.intake-people li"), function (li) {
      return { node: li.getAttribute("data-node"), number: li.getAttribute("data-number"),
               id: li.getAttribute("data-id"), ring: Number(li.getAttribute("data-ring")),
               sector: li.getAttribute("data-sector"), version: li.getAttribute("data-version"),
               name: li.textContent };
    });
  }
  function ties() {
    return Array.prototype.map.call(box.querySelectorAll("ul.intake-ties li"), function (li) {
      return { a: li.getAttribute("data-a"), b: li.getAttribute("data-b"),
               strength: li.getAttribute("data-strength"), quality: li.getAttribute("data-quality"),
               version: li.getAttribute("data-version") };
    });
  }
  function byNode(node) { return people().filter(function (p) { return p.node === node; })[0]; }
  function tieOf(a, b) {
    return ties().filter(function (t) { return (t.a === a && t.b === b) || (t.a === b && t.b === a); })[0];
  }
  function shown(select, value) {
    var o = Array.prototype.filter.call(select.options, function (x) { return x.value === String(value); })[0];
    return o ? o.textContent : String(value);
  }
  function tell(text, undo) {
    bar.textContent = text || "";
    bar.parentNode.classList.toggle("empty", !text);
    kringUndo = undo || null;
    undoButton.hidden = !undo;
  }
  /* A word that is no change: the last change can still be undone. */
  function note(text) {
    bar.textContent = text;
    bar.parentNode.classList.remove("empty");
  }

  /* Posts FIELDS to PATH. Made (the answer is the forms' redirect), the
   * new map alone takes this one's place at once, with SAID and UNDO (a
   * function of the new page); then the rest of the page follows.
   * Refused, the page as stored now takes this one's place, with why. */
  function edit(path, fields, said, undo) {
    var body = new URLSearchParams();
    body.set("csrf", csrf);
    Object.keys(fields).forEach(function (k) { body.set(k, fields[k]); });
    performance.mark("kring-edit-sent");
    figure.classList.add("busy");
    var view = figure.kringView ? figure.kringView() : null;
    function get(p) {
      return fetch(p, { credentials: "same-origin" }).then(function (r) { return r.text(); });
    }
    return fetch(path, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (res) {
        if (res.type === "opaqueredirect")
          return get("/case/" + code + "/intake").then(function (html) {
            kringReplace(html, view, ["figure.map", "#intake"]);
            return { why: null };
          });
        return res.text().then(function (html) {
          var why = new DOMParser().parseFromString(html, "text/html").querySelector("p.error");
          return get("/case/" + code).then(function (page) {
            kringReplace(page, view, ["div.split"]);
            return { why: why ? why.textContent : String(res.status) };
          });
        });
      }).then(function (r) {
        var next = document.getElementById("intake");
        if (next && next.kringTell) next.kringTell(r.why || said, r.why ? null : undo);
        /* Shown: the frame the new map is painted in. Then the lists. */
        requestAnimationFrame(function () {
          performance.mark("kring-edit-shown");
          performance.measure("kring-edit", "kring-edit-sent", "kring-edit-shown");
          if (!r.why) get("/case/" + code).then(function (page) { kringReplace(page, null, ["div.right"]); });
        });
      }).catch(function () {
        figure.classList.remove("busy");
        svg.querySelectorAll("g.node.lifted").forEach(function (g) {
          g.removeAttribute("transform");
          g.classList.remove("lifted");
        });
        tell(word("offline"));
        performance.mark("kring-edit-shown");
        performance.measure("kring-edit", "kring-edit-sent", "kring-edit-shown");
      });
  }
  function personPath(p) { return "/case/" + code + "/person/" + p.number; }

  function move(p, ring, sector) {
    var ps = figure.querySelector("#panel-person");
    var text = kringFormat(word("moved"), p.name, shown(ps.querySelector('select[name="ring"]'), ring),
                           shown(ps.querySelector('select[name="sector"]'), sector));
    var was = { ring: p.ring, sector: p.sector };
    return edit(personPath(p), { id: p.id, version: p.version, ring: ring, sector: sector }, text, function (again) {
      var now = again.byId(p.id);
      if (now) again.edit(again.personPath(now), { id: now.id, version: now.version, ring: was.ring, sector: was.sector },
                          kringFormat(word("undone"), text));
    });
  }
  function tieSave(a, b, strength, quality) {
    var t = tieOf(a.id, b.id);
    if (t) {
      var text = kringFormat(word("retied"), a.name, b.name);
      return edit("/case/" + code + "/tie/change", { a: t.a, b: t.b, strength: strength, quality: quality, version: t.version },
                  text, function (again) {
        var now = again.tieOf(t.a, t.b);
        if (now) again.edit("/case/" + code + "/tie/change", { a: t.a, b: t.b, strength: t.strength, quality: t.quality, version: now.version },
                            kringFormat(word("undone"), text));
      });
    }
    var added = kringFormat(word("tied"), a.name, b.name);
    return edit("/case/" + code + "/tie", { a: a.id, b: b.id, strength: strength, quality: quality }, added, function (again) {
      var now = again.tieOf(a.id, b.id);
      if (now) again.edit("/case/" + code + "/tie/remove", { a: now.a, b: now.b, version: now.version },
                          kringFormat(word("undone"), added));
    });
  }
  function tieRemove(a, b) {
    var t = tieOf(a.id, b.id);
    if (!t) return null;
    var text = kringFormat(word("untied"), a.name, b.name);
    return edit("/case/" + code + "/tie/remove", { a: t.a, b: t.b, version: t.version }, text, function (again) {
      again.edit("/case/" + code + "/tie", { a: t.a, b: t.b, strength: t.strength, quality: t.quality },
                 kringFormat(word("undone"), text));
    });
  }
  function add(name, role, ring, sector) {
    var before = people().map(function (p) { return p.id; });
    var text = kringFormat(word("added"), name);
    return edit("/case/" + code + "/person", { name: name, role: role, ring: ring, sector: sector }, text, function (again) {
      var now = again.people().filter(function (p) { return before.indexOf(p.id) < 0 && p.name === name; })[0];
      if (now) again.edit(again.personPath(now) + "/remove", { id: now.id, version: now.version },
                          kringFormat(word("undone"), text));
    });
  }

  /* The panels. */
  var panels = figure.querySelectorAll("section.map-panel");
  var opener = null;
  function close() {
    Array.prototype.forEach.call(panels, function (x) { x.hidden = true; });
    if (opener && opener.isConnected) opener.focus({ preventScroll: true });
    opener = null;
  }
  function open(panel, from) {
    close();
    opener = from || document.activeElement;
    panel.hidden = false;
    var first = panel.querySelector("input, select, button");
    if (first) first.focus({ preventScroll: true });
  }
  var pp = figure.querySelector("#panel-person"), pt = figure.querySelector("#panel-tie"), pa = figure.querySelector("#panel-add");
  function openPerson(p, from) {
    pp.querySelector("h3").textContent = p.name;
    pp.querySelector('select[name="ring"]').value = String(p.ring);
    pp.querySelector('select[name="sector"]').value = p.sector;
    var other = pp.querySelector('select[name="other"]');
    other.textContent = "";
    /* Only who is on the map: whom the young person fears is not. */
    people().forEach(function (q) {
      if (q.id === p.id || !q.node) return;
      var o = document.createElement("option");
      o.value = q.id;
      o.textContent = q.name;
      other.appendChild(o);
    });
    var list = pp.querySelector("ul.their-ties");
    list.textContent = "";
    ties().forEach(function (t) {
      if (t.a !== p.id && t.b !== p.id) return;
      var q = people().filter(function (x) { return x.id === (t.a === p.id ? t.b : t.a); })[0];
      if (!q || !q.node) return;
      var li = document.createElement("li"), b = document.createElement("button");
      li.textContent = q.name + " (" + shown(pt.querySelector('select[name="strength"]'), t.strength) + ", " +
        shown(pt.querySelector('select[name="quality"]'), t.quality) + ") ";
      b.type = "button";
      b.className = "quiet small";
      b.textContent = pt.querySelector('[data-act="tie-save"]').getAttribute("data-change");
      b.setAttribute("aria-label", kringFormat(word("both"), p.name, q.name));
      b.addEventListener("click", function () { openTie(p, q, b); });
      li.appendChild(b);
      list.appendChild(li);
    });
    pp.querySelector('[data-act="form"]').setAttribute("href", personPath(p));
    pp.kringWho = p;
    open(pp, from);
  }
  function openTie(a, b, from) {
    var t = tieOf(a.id, b.id), save = pt.querySelector('[data-act="tie-save"]');
    pt.querySelector("h3").textContent = kringFormat(word("both"), a.name, b.name);
    pt.querySelector('select[name="strength"]').value = t ? t.strength : "weak";
    pt.querySelector('select[name="quality"]').value = t ? t.quality : "positive";
    save.textContent = save.getAttribute(t ? "data-save" : "data-add");
    pt.querySelector('[data-act="tie-remove"]').hidden = !t;
    pt.kringPair = [a, b];
    open(pt, from);
  }
  function openAdd(w, from) {
    pa.querySelector("h3").textContent = kringFormat(word("new-at"), shown(pp.querySelector('select[name="ring"]'), w.ring),
                                                     shown(pp.querySelector('select[name="sector"]'), w.sector));
    pa.querySelector('input[name="name"]').value = "";
    pa.kringAt = w;
    open(pa, from);
  }
  figure.addEventListener("click", function (e) {
    var act = e.target.closest && e.target.closest("[data-act]");
    if (!act || act.tagName === "A") return;
    var a = act.getAttribute("data-act");
    if (a === "close") close();
    else if (a === "undo" && kringUndo) { var u = kringUndo; tell(""); u(api); }
    else if (a === "move") {
      var p = pp.kringWho, ring = Number(pp.querySelector('select[name="ring"]').value);
      var sector = pp.querySelector('select[name="sector"]').value;
      if (ring !== p.ring || sector !== p.sector) move(p, ring, sector);
      else close();
    } else if (a === "tie") {
      var q = people().filter(function (x) { return x.id === pp.querySelector('select[name="other"]').value; })[0];
      if (q) tieSave(pp.kringWho, q, pp.querySelector('select[name="strength"]').value,
                     pp.querySelector('select[name="quality"]').value);
    } else if (a === "connect") {
      connectFrom = pp.kringWho;
      close();
      note(kringFormat(word("connect"), connectFrom.name));
    } else if (a === "tie-save") {
      tieSave(pt.kringPair[0], pt.kringPair[1], pt.querySelector('select[name="strength"]').value,
              pt.querySelector('select[name="quality"]').value);
    } else if (a === "tie-remove") tieRemove(pt.kringPair[0], pt.kringPair[1]);
    else if (a === "add") {
      var name = pa.querySelector('input[name="name"]').value.trim();
      if (!name) { note(word("name-needed")); pa.querySelector('input[name="name"]').focus(); return; }
      add(name, pa.querySelector('select[name="role"]').value, pa.kringAt.ring, pa.kringAt.sector);
    }
  });
  figure.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !figure.querySelector("section.map-panel:not([hidden])")) return;
    if (e.key === "Escape") close();
    if (e.key === "Enter" && e.target.name === "name") {
      e.preventDefault();
      pa.querySelector('[data-act="add"]').click();
    }
  });

  /* The map: every person a button of their own; ties a wider line to
   * tap. */
  Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (g) {
    var p = byNode(g.id);
    if (!p) return;
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", p.name);
    g.classList.add("tappable");
    var title = g.querySelector("title");
    if (title) title.textContent = p.name;
    g.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openPerson(p, g); }
    });
  });
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (g) {
    if (!/^t\d+-\d+$/.test(g.id)) return;
    var path = g.querySelector("path");
    if (!path) return;
    var hit = path.cloneNode(false);
    hit.setAttribute("class", "hit");
    hit.removeAttribute("stroke-dasharray");
    g.appendChild(hit);
    g.classList.add("tappable");
  });
  svg.addEventListener("click", function (e) {
    var g = e.target.closest ? e.target.closest("g.node, g.edge") : null;
    if (g && g.classList.contains("node")) {
      var p = byNode(g.id);
      if (!p) return;
      if (connectFrom && connectFrom.id !== p.id) {
        var from = connectFrom;
        connectFrom = null;
        openTie(from, p, g);
      } else openPerson(p, g);
      return;
    }
    if (g && /^t\d+-\d+$/.test(g.id)) {
      var n = g.id.slice(1).split("-"), a = byNode("p" + n[0]), b = byNode("p" + n[1]);
      if (a && b) openTie(a, b, g);
      return;
    }
    connectFrom = null;
    var w = kringWhere(svg, geo, e.clientX, e.clientY);
    if (w && w.ring > 0 && w.sector) openAdd(w, svg);
  });
  figure.kringGrab = function (e) {
    var g = e.target.closest ? e.target.closest("g.node") : null, p = g && byNode(g.id);
    if (!p) return null;
    var over = null;
    function target(e2) {
      if (over) over.classList.remove("target");
      over = kringNodeAt(e2.clientX, e2.clientY, g);
      var q = over && byNode(over.id);
      if (!q) over = null;
      if (over) over.classList.add("target");
      return q;
    }
    return kringCarry(svg, geo, g, {
      move: function (w, e2) {
        var q = target(e2);
        if (q) return kringFormat(word("drop-tie"), p.name, q.name);
        if (!w || w.close < 1 || kringOverlayAt(e2.clientX, e2.clientY, g)) return word("outside");
        return kringFormat(word("drop-move"), shown(pp.querySelector('select[name="ring"]'), w.close),
                           shown(pp.querySelector('select[name="sector"]'), w.sector));
      },
      drop: function (w, e2) {
        var q = target(e2);
        if (over) over.classList.remove("target");
        if (q) { openTie(p, q, g); return false; }
        if (!w || w.close < 1 || kringOverlayAt(e2.clientX, e2.clientY, g)) { note(word("outside")); return false; }
        if (w.close === p.ring && w.sector === p.sector) return false;
        move(p, w.close, w.sector);
        return true;
      },
      cancel: function () { if (over) over.classList.remove("target"); }
    });
  };
  var api = { byId: function (id) { return people().filter(function (p) { return p.id === id; })[0]; },
              tieOf: tieOf, people: people, personPath: personPath, edit: edit };
  box.kringTell = function (text, undo) {
    tell(text, undo);
    if (undo) undoButton.focus({ preventScroll: true });
  };
  if (said) tell(said);
}

/* The parts PARTS (selectors) of the case page HTML come in place of
 * this one's; a new map keeps the view VIEW, a new intake is made. */
function kringReplace(html, view, parts) {
  var doc = new DOMParser().parseFromString(html, "text/html"), made = [];
  parts.forEach(function (sel) {
    var fresh = doc.querySelector(sel), old = document.querySelector(sel);
    if (!fresh || !old) return;
    old.replaceWith(document.adoptNode(fresh));
    made.push(fresh);
  });
  if (made.length !== parts.length) { window.location.reload(); return; }
  if (parts.indexOf("div.right") < 0 || parts.length > 1)
    document.querySelectorAll("main > p.error, main > p.note").forEach(function (p) { p.remove(); });
  var figure = document.querySelector("div.split figure.map");
  if (figure && !figure.kringView) kringZoom(figure, view);
  var intake = document.getElementById("intake");
  if (!intake) { window.location.reload(); return; }
  if (!intake.kringTell) kringIntake();
  made.forEach(kringConfirm);
}

function kringConfirm(root) {
  root.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.form.addEventListener("submit", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.map").forEach(function (f) { kringZoom(f); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("figure.map").forEach(function (f) { if (f.kringResize) f.kringResize(); });
  });
  var youth = document.body.classList.contains("youth");
  /* Many people: a name typed keeps only the buttons that match. */
  var find = document.getElementById("find-who");
  if (find) {
    find.hidden = false;
    find.querySelector("input").addEventListener("input", function (e) {
      var q = e.target.value.trim().toLocaleLowerCase();
      document.querySelectorAll("ul.who-list li").forEach(function (li) {
        li.hidden = q !== "" && li.textContent.toLocaleLowerCase().indexOf(q) < 0;
      });
    });
  }
  if (youth) {
    document.querySelectorAll("figure.map").forEach(kringYouthDrag);
    document.querySelectorAll(".who-link").forEach(function (a) {
      var node = a.getAttribute("data-node");
      var g = document.querySelector("figure.map svg g.node#" + node);
      a.addEventListener("click", function (e) {
        if (kringShow(node)) e.preventDefault();
      });
      if (!g) return;
      /* The map's nodes answer a tap, and carry the name, not an id.
       * The keyboard has the names' list: one tab stop a person. */
      var title = g.querySelector("title");
      if (title) title.textContent = a.textContent;
      g.classList.add("tappable");
      g.addEventListener("click", function () { kringShow(node); });
    });
  }
  /* The first screen closes in place; without the script its button
   * leads to the map. */
  var intro = document.getElementById("intro-go");
  if (intro) {
    intro.focus({ preventScroll: true });
    intro.addEventListener("click", function (e) {
      e.preventDefault();
      document.getElementById("intro").hidden = true;
      var first = document.querySelector(".who-link");
      if (first) first.focus({ preventScroll: true });
    });
  }
  document.querySelectorAll("section.who a.close").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      kringShow(null);
    });
  });
  kringConfirm(document);
  kringIntake();
});

/* The young person's phone (docs/youth-phone.md): its service worker
 * keeps the last map for offline, and sends what was said offline once
 * a page loads online. */
document.addEventListener("DOMContentLoaded", function () {
  if (!document.body.classList.contains("phone") || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/static/phone-sw.js", { scope: "/y" }).then(function (r) {
    var sw = navigator.serviceWorker.controller || r.active;
    if (sw && navigator.onLine) sw.postMessage("flush");
  }).catch(function () { /* no offline copy, nothing else lost */ });
});
