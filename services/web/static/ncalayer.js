/* One-click signing with NCALayer, the signing application Kazakhstan's officials run on their
   own computer: the page asks it, over its local WebSocket, for a detached CMS signature of the
   exact bytes shown (base64), puts the signature in the form and sends the form. Pasting a
   signature by hand stays the fallback. The words come from the page (data-* attributes), in
   the reader's language. Protocol: module kz.gov.pki.knca.commonUtils, getActiveTokens, then
   createCAdESFromBase64(storage, "SIGNATURE", base64, false); answers {"code": "200",
   "responseObject": ...} or {"code": "500", "message": "action.canceled" | ...}. */
(function () {
  "use strict";
  var MODULE = "kz.gov.pki.knca.commonUtils";

  function start(box) {
    var form = box.closest("form");
    var status = box.querySelector("[role=status]");
    var button = box.querySelector("button");
    var say = function (text, bad) {
      status.textContent = text;
      status.className = bad ? "error" : "hint";
    };
    var socket;
    try {
      socket = new WebSocket(box.dataset.ncalayer);
    } catch (e) {
      say(box.dataset.absent, true);
      return;
    }
    var step = "tokens";
    var done = false;
    button.disabled = true;
    say(box.dataset.connecting, false);
    var finish = function () {
      done = true;
      button.disabled = false;
      try { socket.close(); } catch (e) { /* closed already */ }
    };
    socket.onopen = function () {
      socket.send(JSON.stringify({ module: MODULE, method: "getActiveTokens" }));
    };
    socket.onerror = function () {
      if (!done) { say(box.dataset.absent, true); finish(); }
    };
    socket.onclose = function () {
      if (!done) { say(box.dataset.absent, true); finish(); }
    };
    socket.onmessage = function (event) {
      var answer;
      try { answer = JSON.parse(event.data); } catch (e) { return; }
      if (answer.result && answer.result.version) { return; }  // NCALayer's greeting
      if (answer.code !== "200") {
        if (answer.message === "action.canceled") {
          say(box.dataset.canceled, true);
        } else {
          say(box.dataset.refused + " " + (answer.message || answer.code), true);
        }
        finish();
        return;
      }
      if (step === "tokens") {
        // A hardware token (Kaztoken, an ID card) if one is plugged in; else a key file.
        var tokens = answer.responseObject || [];
        step = "sign";
        socket.send(JSON.stringify({
          module: MODULE, method: "createCAdESFromBase64",
          args: [tokens.length ? tokens[0] : "PKCS12", "SIGNATURE", box.dataset.content, false]
        }));
        return;
      }
      form.querySelector("textarea[name=signature]").value = answer.responseObject;
      say(box.dataset.signed, false);
      finish();
      form.requestSubmit();
    };
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".ncalayer-sign");
    if (button) { start(button.closest("[data-ncalayer]")); }
  });
})();
