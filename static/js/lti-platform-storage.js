// LTI platform storage: the tool's side of 1EdTech's "LTI Client Side postMessages", "LTI postMessage
// Storage" and "LTI OIDC Login with LTI Client Side postMessages". Browsers that block cookies inside the
// LMS frame drop the tool's state cookie; the platform then keeps the login's state and nonce instead.
//
//   Login page  (data-lti-storage-login):  lti.put_data state_<state> and nonce_<nonce>, then go on to the
//       platform's authentication URL; also when the storage fails, as the cookie may still come back.
//   Launch page (data-lti-storage-launch): lti.get_data of both keys; only when both values match does it
//       post the continuation form (the server accepts it from this page only); otherwise it says so.
//
// The platform is the parent window (or the opener). lti.capabilities tells which messages it answers and
// in which named frame; lti_storage_target names that frame too ("_parent": the parent itself). Answers
// count only from the platform's registered origins (data-platform-origins, the OIDC authentication URL's
// origin first), with our message_id and the subject "<request subject>.response".
// A file rather than an inline script: the site's Content Security Policy allows no inline script.
"use strict";

(() => {
  const TIMEOUT_MS = 2000;

  function messageId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  class PlatformStorage {
    constructor({ origins, storageTarget, timeoutMs = TIMEOUT_MS }) {
      this.origins = origins;
      this.storageTarget = storageTarget || "";
      this.timeoutMs = timeoutMs;
      this.platformWindow = window.parent !== window ? window.parent : window.opener;
      this.capabilities = null;
    }

    // Posts the request to `target` once per target origin (a window receives it only when its origin is
    // that one) and resolves with the first proper answer: {answer, origin}.
    send(target, targetOrigins, data) {
      const request = { ...data, message_id: messageId() };
      return new Promise((resolve, reject) => {
        const finish = (settle, value) => {
          window.removeEventListener("message", listen);
          clearTimeout(timer);
          settle(value);
        };
        const listen = (event) => {
          const answer = event.data;
          if (!this.origins.includes(event.origin)) return; // never trust another origin, whatever it says
          if (!answer || typeof answer !== "object" || answer.message_id !== request.message_id) return;
          if (answer.subject !== `${request.subject}.response`) return;
          if (answer.error) {
            const { code, message } = answer.error;
            finish(reject, new Error(`${request.subject}: ${code || "error"} ${message || ""}`.trim()));
          } else {
            finish(resolve, { answer, origin: event.origin });
          }
        };
        const timer = setTimeout(() => finish(reject, new Error(`${request.subject}: no answer`)), this.timeoutMs);
        window.addEventListener("message", listen);
        for (const origin of targetOrigins) {
          target.postMessage(request, origin);
        }
      });
    }

    // lti.capabilities carries nothing secret, so it may go to any origin ("*"); the answer may not.
    supported() {
      if (!this.platformWindow) {
        return Promise.reject(new Error("not opened by a learning platform"));
      }
      if (!this.capabilities) {
        this.capabilities = this.send(this.platformWindow, ["*"], { subject: "lti.capabilities" }).then(
          ({ answer }) => (Array.isArray(answer.supported_messages) ? answer.supported_messages : []),
        );
      }
      return this.capabilities;
    }

    async targetFor(subject) {
      const message = (await this.supported()).find((supported) => supported && supported.subject === subject);
      if (!message) {
        throw new Error(`the platform does not offer ${subject}`);
      }
      const target = this.storageTarget === "_parent" ? "" : this.storageTarget;
      const name = typeof message.frame === "string" && message.frame ? message.frame : target;
      if (!name) {
        return this.platformWindow;
      }
      const frame = this.platformWindow.frames[name];
      if (!frame) {
        throw new Error(`the platform has no frame named ${name}`);
      }
      return frame;
    }

    async putData(key, value) {
      const target = await this.targetFor("lti.put_data");
      const { answer } = await this.send(target, this.origins, { subject: "lti.put_data", key, value });
      if (answer.key !== undefined && answer.key !== key) {
        throw new Error("lti.put_data: the answer names another key");
      }
    }

    async getData(key) {
      const target = await this.targetFor("lti.get_data");
      const { answer } = await this.send(target, this.origins, { subject: "lti.get_data", key });
      if (answer.key !== undefined && answer.key !== key) {
        throw new Error("lti.get_data: the answer names another key");
      }
      return answer.value;
    }
  }

  function storageFor(main) {
    return new PlatformStorage({
      origins: (main.dataset.platformOrigins || "").split(" ").filter(Boolean),
      storageTarget: main.dataset.storageTarget,
    });
  }

  async function login(main) {
    const { state, nonce, authUrl } = main.dataset;
    try {
      const storage = storageFor(main);
      await storage.putData(`state_${state}`, state);
      await storage.putData(`nonce_${nonce}`, nonce);
    } catch (error) {
      console.warn("LTI platform storage unavailable; relying on the cookie:", error.message);
    }
    window.location.assign(authUrl);
  }

  async function launch(main) {
    const { state, nonce } = main.dataset;
    let confirmed = false;
    try {
      const storage = storageFor(main);
      confirmed =
        (await storage.getData(`state_${state}`)) === state && (await storage.getData(`nonce_${nonce}`)) === nonce;
    } catch (error) {
      console.warn("LTI platform storage could not confirm the launch:", error.message);
    }
    if (confirmed) {
      main.querySelector("form[data-lti-storage-continue]").submit();
      return;
    }
    main.querySelector("[data-lti-storage-checking]").hidden = true;
    main.querySelector("[data-lti-storage-failed]").hidden = false;
  }

  window.LtiPlatformStorage = PlatformStorage;
  const loginPage = document.querySelector("[data-lti-storage-login]");
  const launchPage = document.querySelector("[data-lti-storage-launch]");
  if (loginPage) {
    login(loginPage);
  } else if (launchPage) {
    launch(launchPage);
  }
})();
