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

function kringZoom(figure) {
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
  /* Fingers and the mouse. */
  var pts = {}, moved = false, last = null, pinch = null;
  function count() { return Object.keys(pts).length; }
  svg.addEventListener("pointerdown", function (e) {
    pts[e.pointerId] = { x: e.clientX, y: e.clientY };
    moved = false;
    last = { x: e.clientX, y: e.clientY };
    pinch = null;
  });
  svg.addEventListener("pointermove", function (e) {
    if (!(e.pointerId in pts)) return;
    /* A button let go outside the map: the drag ended there. */
    if (e.pointerType === "mouse" && e.buttons === 0) { up(e); return; }
    pts[e.pointerId] = { x: e.clientX, y: e.clientY };
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
    if (moved) { e.stopPropagation(); e.preventDefault(); moved = false; }
  }, true);
  svg.addEventListener("wheel", function (e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? 1.2 : 1 / 1.2, at(e.clientX, e.clientY));
  }, { passive: false });
  window.addEventListener("resize", function () { var c = centre(); show(view.w, c.x, c.y); });
  start();
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

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.map").forEach(kringZoom);
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
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.form.addEventListener("submit", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
});
