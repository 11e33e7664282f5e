/* kring server: a passkey on the young person's phone (docs/youth-phone.md,
 * src/web/web_passkey.c). On the invitation's page (data-passkey="create")
 * it offers the phone's screen lock instead of a PIN; on the page that
 * unlocks the map (data-passkey="get") it asks the phone to sign. Either
 * way the browser's answer goes into the form's hidden fields, base64url,
 * and the form is sent: the server checks it. Shown only where the phone
 * has a screen lock to use (a platform authenticator that verifies the
 * user); elsewhere the page is as it would be without this script. */
"use strict";

(function () {
  const box = document.querySelector("[data-passkey]");
  if (!box || !window.PublicKeyCredential || !navigator.credentials) return;
  const form = box.closest("form");
  const d = box.dataset;

  function b64(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64(text) {
    let t = text.replace(/-/g, "+").replace(/_/g, "/");
    while (t.length % 4) t += "=";
    const raw = atob(t), bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function set(name, value) { form.elements[name].value = value; }

  function failed() { box.querySelector(".passkey-failed").hidden = false; }

  /* The invitation: a new passkey of this phone, for this server only,
   * naming nobody (the phone lists it as "My map"). */
  function create() {
    const code = form.elements.code;
    if (code && !code.reportValidity()) return;
    const user = new Uint8Array(16);
    crypto.getRandomValues(user);
    navigator.credentials.create({ publicKey: {
      challenge: unb64(d.challenge),
      rp: { id: d.rp, name: "kring" },
      user: { id: user, name: d.name, displayName: d.name },
      pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -8 },
                         { type: "public-key", alg: -257 }],
      authenticatorSelection: { authenticatorAttachment: "platform", userVerification: "required",
                                residentKey: "discouraged" },
      attestation: "none",
      timeout: 120000,
    } }).then(function (c) {
      set("client_data", b64(c.response.clientDataJSON));
      set("attestation", b64(c.response.attestationObject));
      set("id", b64(c.rawId));
      /* No PIN then: its fields are not sent. */
      form.querySelectorAll("input[name^=pin]").forEach(function (i) { i.disabled = true; });
      const said = document.createElement("input");
      said.type = "hidden";
      said.name = "passkey";
      said.value = "1";
      form.appendChild(said);
      form.submit();
    }, failed);
  }

  /* Unlocking: the phone signs the server's question with that passkey. */
  function get() {
    navigator.credentials.get({ publicKey: {
      challenge: unb64(d.challenge),
      rpId: d.rp,
      allowCredentials: [{ type: "public-key", id: unb64(d.id) }],
      userVerification: "required",
      timeout: 120000,
    } }).then(function (c) {
      set("client_data", b64(c.response.clientDataJSON));
      set("auth_data", b64(c.response.authenticatorData));
      set("signature", b64(c.response.signature));
      set("id", b64(c.rawId));
      form.submit();
    }, failed);
  }

  PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(function (ok) {
    if (!ok) return;
    box.hidden = false;
    const none = document.querySelector(".passkey-none");
    if (none) none.hidden = true;
    box.querySelector("button").addEventListener("click", d.passkey === "create" ? create : get);
  }, function () { /* no screen lock to use: the PIN, as before */ });
})();
