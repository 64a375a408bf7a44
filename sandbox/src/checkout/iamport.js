/*
 * iamport-sandbox: a fake of i'mport's browser SDK (window.IMP), served by
 * the sandbox at /v1/iamport.js and /js/iamport.payment-{version}.js.
 * A page switches to it by changing the script's host only: the script
 * finds the sandbox from its own src. Plain ES2017, no framework.
 *
 * IMP.request_pay and IMP.certification open a checkout window in the page
 * itself (a DOM overlay, no iframe, no popup):
 *   [data-sandbox-checkout]            the overlay ("payment", "billing_key" or "certification")
 *   [data-sandbox-order=merchant|name|amount|method]   what it shows
 *   input[data-sandbox-field=name|phone|birthday|gender|carrier]   verification form
 *   button[data-sandbox-choice=approve|decline|cancel]  the customer's choice
 *   [data-sandbox-error]               a form error (the window stays open)
 * The result comes back as the real SDK gives it: the callback, or on a
 * phone with m_redirect_url, the browser sent to m_redirect_url. The
 * overlay is removed before either; the document also gets an
 * "iamport-sandbox:result" event with the result as its detail.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var src = script instanceof HTMLScriptElement && script.src ? script.src : window.location.href;
  var sandbox = new URL(src).origin;
  var sdk = /\/js\/iamport\.payment-[^/]*\.js/.test(new URL(src).pathname) ? "legacy" : "v1";
  var state = { merchantCode: null, tierCode: null, open: null };
  var PREFIX = "[iamport-sandbox]";

  function isMobile() {
    return /Android|iPhone|iPad|iPod|Mobile|IEMobile|Opera Mini/i.test(window.navigator.userAgent);
  }

  async function post(action, body) {
    var response = await window.fetch(sandbox + "/_sandbox/checkout" + action, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    var envelope = await response.json();
    if (envelope.code !== 0) {
      throw new Error(envelope.message || "HTTP " + response.status);
    }
    return envelope.response;
  }

  function deliver(result, callback) {
    document.dispatchEvent(new CustomEvent("iamport-sandbox:result", { detail: result }));
    if (result && typeof result.redirect_url === "string") {
      window.location.href = result.redirect_url;
      return;
    }
    if (typeof callback === "function") {
      callback(result);
    }
  }

  // A failure the script itself reports (no IMP.init, the sandbox unreachable).
  function localFailure(params, message) {
    return {
      success: false,
      error_code: "F400",
      error_msg: message,
      imp_uid: null,
      merchant_uid: params && typeof params.merchant_uid === "string" ? params.merchant_uid : "",
    };
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function formatAmount(amount, currency) {
    return Number(amount).toLocaleString("en-US") + " " + (currency || "KRW");
  }

  // English labels: a machine without Korean fonts (CI's) still shows them.
  var METHODS = {
    card: "Card",
    trans: "Bank transfer",
    vbank: "Virtual account",
    phone: "Phone bill",
    kakaopay: "Kakao Pay",
    naverpay: "Naver Pay",
    tosspay: "Toss Pay",
    payco: "PAYCO",
    samsungpay: "Samsung Pay",
  };

  var APPROVE_LABELS = {
    payment: "Approve",
    vbank: "Approve: issue the account",
    billing_key: "Approve: register the card",
    certification: "Approve: verify",
  };

  function orderRows(win) {
    var rows = [["merchant", "Merchant", win.merchant]];
    if (win.purpose === "certification") {
      return rows;
    }
    var method = (METHODS[win.pay_method] || win.pay_method) + " · " + win.pg;
    if (win.purpose === "billing_key") {
      method = "Billing key · " + win.pg + (win.charges ? "" : " (amount shown only)");
    }
    rows.push(["name", "Order", win.name || ""]);
    rows.push(["amount", "Amount", formatAmount(win.amount, win.currency)]);
    rows.push(["method", "Method", method]);
    return rows;
  }

  function openWindow(win, request, action, callback) {
    var overlay = element("div", {
      "data-sandbox-checkout": win.purpose,
      role: "dialog",
      "aria-modal": "true",
      "aria-label": "i'mport sandbox checkout",
      style:
        "position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;background:rgba(0,0,0,0.45);" +
        "display:flex;align-items:center;justify-content:center;font:14px/1.5 sans-serif;color:#222",
    });
    var panel = element("div", {
      style: "background:#fff;border-radius:8px;padding:20px 24px;min-width:280px;max-width:420px;box-shadow:0 8px 32px rgba(0,0,0,0.3)",
    });
    panel.appendChild(element("h2", { style: "margin:0 0 12px;font-size:18px" }, "i'mport sandbox"));
    var list = element("dl", { style: "margin:0 0 12px" });
    orderRows(win).forEach(function (row) {
      list.appendChild(element("dt", { style: "font-size:12px;color:#666" }, row[1]));
      list.appendChild(element("dd", { "data-sandbox-order": row[0], style: "margin:0 0 6px" }, row[2]));
    });
    panel.appendChild(list);
    var inputs = [];
    if (win.purpose === "certification") {
      win.fields.forEach(function (field) {
        var name = field[0];
        var label = element("label", { style: "display:block;margin:0 0 6px" }, name + " ");
        var input = element("input", { "data-sandbox-field": name, name: name, value: field[1] });
        label.appendChild(input);
        panel.appendChild(label);
        inputs.push(input);
      });
    }
    var error = element("p", { "data-sandbox-error": "", role: "alert", style: "color:#c00;margin:6px 0" });
    error.hidden = true;
    panel.appendChild(error);
    var approveLabel = APPROVE_LABELS[win.pay_method === "vbank" && win.purpose === "payment" ? "vbank" : win.purpose];
    var buttons = [
      ["approve", approveLabel],
      ["decline", "Decline"],
      ["cancel", "Cancel (close the window)"],
    ].map(function (choice) {
      var button = element("button", { type: "button", "data-sandbox-choice": choice[0], style: "margin:4px 6px 0 0" }, choice[1]);
      button.addEventListener("click", function () {
        choose(choice[0]);
      });
      panel.appendChild(button);
      return button;
    });
    overlay.appendChild(panel);
    document.body.appendChild(overlay);
    state.open = overlay;
    buttons[0].focus();

    async function choose(choice) {
      buttons.forEach(function (button) {
        button.disabled = true;
      });
      overlay.setAttribute("data-sandbox-busy", "");
      var body = Object.assign({ choice: choice }, request);
      if (inputs.length) {
        body.fields = {};
        inputs.forEach(function (input) {
          body.fields[input.getAttribute("data-sandbox-field")] = input.value;
        });
      }
      var result;
      try {
        result = await post(action, body);
      } catch (failure) {
        error.textContent = failure.message;
        error.hidden = false;
        overlay.removeAttribute("data-sandbox-busy");
        buttons.forEach(function (button) {
          button.disabled = false;
        });
        return;
      }
      closeWindow();
      deliver(result, callback);
    }
  }

  function closeWindow() {
    if (state.open && state.open.parentNode) {
      state.open.parentNode.removeChild(state.open);
    }
    state.open = null;
  }

  async function start(kind, action, params, callback) {
    if (!state.merchantCode) {
      console.error(PREFIX, "IMP.init(merchant_code) must be called first");
      deliver(localFailure(params, "IMP.init()으로 가맹점 식별코드를 먼저 설정해주세요."), callback);
      return;
    }
    if (state.open) {
      console.warn(PREFIX, "a checkout window is already open");
      return;
    }
    params = Object.assign({}, params || {});
    if (typeof params.m_redirect_url === "string") {
      try {
        params.m_redirect_url = new URL(params.m_redirect_url, window.location.href).href;
      } catch (ignored) {
        // Left as given: the sandbox refuses it as the SDK would.
      }
    }
    var request = {
      params: params,
      sdk: sdk,
      mobile: isMobile(),
      merchant_code: state.merchantCode,
    };
    if (state.tierCode) {
      request.tier_code = state.tierCode;
    }
    // Taken while the sandbox is asked, so that a second click opens no second window.
    state.open = document.createElement("div");
    var opened;
    try {
      opened = await post("/open", Object.assign({ kind: kind }, request));
    } catch (failure) {
      state.open = null;
      console.error(PREFIX, "the sandbox at " + sandbox + " did not answer:", failure.message);
      deliver(localFailure(params, "sandbox: " + failure.message), callback);
      return;
    }
    state.open = null;
    if (opened.refused) {
      deliver(opened.refused, callback);
      return;
    }
    openWindow(opened.window, request, action, callback);
  }

  function notImplemented(name) {
    return function () {
      console.warn(PREFIX, "IMP." + name + " is not implemented by the sandbox; it does nothing");
    };
  }

  window.IMP = {
    init: function (merchantCode) {
      if (state.merchantCode && state.merchantCode !== merchantCode) {
        console.warn(PREFIX, "IMP.init was called again with another merchant code");
      }
      state.merchantCode = String(merchantCode);
      state.tierCode = null;
    },
    agency: function (merchantCode, tierCode) {
      state.merchantCode = String(merchantCode);
      state.tierCode = tierCode === undefined || tierCode === null ? null : String(tierCode);
    },
    request_pay: function (params, callback) {
      start("payment", "", params, callback);
    },
    certification: function (params, callback) {
      start("certification", "/certification", params, callback);
    },
    loadUI: notImplemented("loadUI"),
    updateLoadUIRequest: notImplemented("updateLoadUIRequest"),
    loadModule: notImplemented("loadModule"),
    close: notImplemented("close"),
  };
})();
