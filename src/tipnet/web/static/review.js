// Link review shortcuts: A same person, R different persons, S skip (unsure) to the next pair.
// The decision buttons stay the way to decide without a keyboard; nothing is sent but the form.
(function () {
  "use strict";
  function pairs() {
    return Array.prototype.slice.call(document.querySelectorAll("section.review-pair:not(.skipped)"));
  }
  function current() {
    var open = pairs();
    var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("section.review-pair") : null;
    return focused && open.indexOf(focused) >= 0 ? focused : open[0];
  }
  function skip(section) {
    if (!section) { return; }
    section.classList.add("skipped");
    section.hidden = true;
    var next = pairs()[0];
    if (next) { next.focus(); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("link-skip")) {
      skip(target.closest("section.review-pair"));
    }
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.ctrlKey || event.metaKey || event.altKey || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      return;
    }
    var key = event.key.toLowerCase();
    var section = current();
    if (!section) { return; }
    if (key === "a") { section.querySelector("button.link-accept").click(); event.preventDefault(); }
    else if (key === "r") { section.querySelector("button.link-reject").click(); event.preventDefault(); }
    else if (key === "s") { skip(section); event.preventDefault(); }
  });
})();
