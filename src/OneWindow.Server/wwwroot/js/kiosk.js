// The kiosk profile: after the idle time without a touch or a key, the page is cleared and the person signed out;
// print buttons print. Loaded on every page; it does nothing but print buttons outside the kiosk profile.
(function () {
  "use strict";

  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }

  const setting = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
  const seconds = Number(setting("kiosk-idle-seconds") || 0);
  if (!seconds) return;
  const home = setting("kiosk-home") || "/";
  let timer = 0;

  function clear() {
    for (const form of document.forms) form.reset();
    document.querySelector("main")?.replaceChildren();
    const signout = document.getElementById("signout");
    if (signout) signout.submit();
    else location.replace(home);
  }

  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(clear, seconds * 1000);
  }

  // "kiosk-activity": a page's own sign that someone is there (the camera reading a code held up to it).
  for (const kind of ["pointerdown", "keydown", "input", "touchstart", "wheel", "kiosk-activity"]) {
    document.addEventListener(kind, restart, { passive: true, capture: true });
  }
  restart();
})();
