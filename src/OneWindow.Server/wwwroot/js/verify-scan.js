// 扫码核验: shows the camera, sends a frame every half second to the server, which reads the certificate's QR code,
// and opens the verdict as soon as one is read. Without a camera (or this script) the typed number and code still work.
(function () {
  "use strict";
  const root = document.querySelector("[data-scan]");
  if (!root || !navigator.mediaDevices?.getUserMedia) return;
  root.hidden = false;
  const start = root.querySelector("button");
  const video = root.querySelector("video");
  const status = root.querySelector("[role=status]");
  const canvas = document.createElement("canvas");
  let stream = null;
  let busy = false;

  function say(text) { status.textContent = text; }

  function stop() {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
  }

  async function frame() {
    if (!stream || busy || video.videoWidth === 0) return;
    busy = true;
    document.dispatchEvent(new Event("kiosk-activity"));
    try {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
      const response = await fetch("/api/certificates/verify/scan", { method: "POST", headers: { "Content-Type": "image/png", Accept: "application/json" }, body: blob, credentials: "same-origin" });
      if (response.ok) {
        const found = await response.json();
        stop();
        say(root.dataset.found);
        location.assign(found.link);
      }
    } catch {
      say(root.dataset.failed);
    } finally {
      busy = false;
    }
  }

  start.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      say(root.dataset.looking);
      const timer = window.setInterval(() => { if (!stream) window.clearInterval(timer); else frame(); }, 500);
    } catch {
      say(root.dataset.noCamera);
    }
  });
  window.addEventListener("pagehide", stop);
})();
