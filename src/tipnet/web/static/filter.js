// A filter box over a long select (data-filter-label on the select: "Refer to" and its 50
// organisations): typing keeps the options whose text holds what was typed (any script, any case),
// hides the groups left empty, and says how many remain. Made by this script, so a page without
// scripts keeps the plain select.
"use strict";
(() => {
  for (const select of document.querySelectorAll("select[data-filter-label]")) {
    const id = select.id + "-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = select.dataset.filterLabel;
    const box = document.createElement("input");
    box.type = "search";
    box.id = id;
    box.autocomplete = "off";
    box.setAttribute("aria-controls", select.id);
    const count = document.createElement("span");
    count.className = "muted";
    count.id = id + "-count";
    count.setAttribute("role", "status");
    box.setAttribute("aria-describedby", count.id);
    select.before(label, box, count);
    const options = [...select.options].filter((o) => o.value);
    box.addEventListener("input", () => {
      const wanted = box.value.trim().toLocaleLowerCase();
      let shown = 0;
      for (const option of options) {
        const keep = !wanted || option.text.toLocaleLowerCase().includes(wanted);
        option.hidden = !keep;
        option.disabled = !keep;
        if (keep) shown += 1;
      }
      // A choice the filter hides is no longer the choice: nothing is sent that is not shown.
      if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = "";
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = ![...group.children].some((o) => !o.hidden);
      }
      count.textContent = wanted ? (select.dataset.filterCount || "{n}").replace("{n}", String(shown)) : "";
      const only = options.filter((o) => !o.hidden);
      if (only.length === 1 && !select.value) select.value = only[0].value;
    });
  }
})();
