// The village field: search by name, or choose level by level; either fills in the 12-digit code the form posts.
// Without this script the code field alone still works.
(function () {
  "use strict";
  const levels = ["province", "city", "county", "township", "village"];

  function option(value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  async function json(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  function init(root) {
    const code = root.querySelector("#divisionCode");
    const search = root.querySelector("#divisionSearch");
    const results = root.querySelector("#divisionResults");
    const chosen = root.querySelector(".picker-chosen");
    const selects = Object.fromEntries(levels.map((l) => [l, root.querySelector(`select[data-level="${l}"]`)]));
    root.querySelector(".picker").hidden = false;

    function show(text) { chosen.textContent = text ? root.dataset.chosen + text : ""; }

    function clearBelow(level) {
      for (const l of levels.slice(levels.indexOf(level) + 1)) {
        const s = selects[l];
        s.replaceChildren(option("", root.dataset.choose));
        s.disabled = true;
      }
    }

    async function fill(level, parentCode) {
      const s = selects[level];
      const children = await json(`/api/divisions/${encodeURIComponent(parentCode)}/children`);
      s.replaceChildren(option("", root.dataset.choose), ...children.map((c) => option(c.code, c.name)));
      s.disabled = children.length === 0;
    }

    function path() {
      return levels.map((l) => selects[l]).filter((s) => s.value).map((s) => s.selectedOptions[0].textContent).join(" ");
    }

    for (const level of levels) {
      selects[level].addEventListener("change", async () => {
        clearBelow(level);
        const value = selects[level].value;
        if (level === "village") {
          code.value = value;
          show(value ? `${path()}（${value}）` : "");
          return;
        }
        code.value = "";
        show("");
        if (value) {
          try { await fill(levels[levels.indexOf(level) + 1], value); } catch { show(""); chosen.textContent = root.dataset.failed; }
        }
      });
    }

    let pending = 0;
    search.addEventListener("input", () => {
      const term = search.value.trim();
      const ticket = ++pending;
      if (!term) { results.replaceChildren(); return; }
      setTimeout(async () => {
        if (ticket !== pending) return;
        try {
          const page = await json(`/api/divisions?q=${encodeURIComponent(term)}&level=village&pageSize=20`);
          if (ticket !== pending) return;
          if (page.items.length === 0) {
            const li = document.createElement("li");
            li.textContent = root.dataset.none;
            results.replaceChildren(li);
            return;
          }
          results.replaceChildren(...page.items.map((d) => {
            const li = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "link";
            button.textContent = `${d.place} ${d.name}`;
            button.addEventListener("click", () => {
              code.value = d.code;
              show(`${d.place} ${d.name}（${d.code}）`);
              results.replaceChildren();
              search.value = "";
              code.dispatchEvent(new Event("change"));
            });
            li.append(button);
            return li;
          }));
        } catch {
          const li = document.createElement("li");
          li.textContent = root.dataset.failed;
          results.replaceChildren(li);
        }
      }, 250);
    });
  }

  document.querySelectorAll("[data-division-picker]").forEach(init);
})();
