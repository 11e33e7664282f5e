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
  if (shown) {
    shown.scrollIntoView({ block: "nearest" });
    var b = shown.querySelector("button");
    if (b) b.focus({ preventScroll: true });
  }
  return shown !== null;
}

document.addEventListener("DOMContentLoaded", function () {
  var youth = document.body.classList.contains("youth");
  if (youth) {
    document.querySelectorAll(".who-link").forEach(function (a) {
      var node = a.getAttribute("data-node");
      var g = document.querySelector("figure.map svg g.node#" + node);
      a.addEventListener("click", function (e) {
        if (kringShow(node)) e.preventDefault();
      });
      if (!g) return;
      /* The map's nodes answer a tap, and carry the name, not an id. */
      var title = g.querySelector("title");
      if (title) title.textContent = a.textContent;
      g.setAttribute("role", "button");
      g.setAttribute("tabindex", "0");
      g.setAttribute("aria-label", a.textContent);
      g.classList.add("tappable");
      g.addEventListener("click", function () { kringShow(node); });
      g.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          kringShow(node);
        }
      });
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
