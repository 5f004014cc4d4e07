// What-if widget (anywidget module): an editable text whose edits are sent to the kernel about 400 ms after the last
// keystroke (the `text` trait); the kernel answers with the prediction and the token attribution of the text (the
// `result` trait, drawn with the TokenHighlight view, embedded). Buttons send anywidget custom messages that the
// kernel handles: {action: "suggest"} (a counterfactual, shown with its changed words marked and an "apply" action:
// {action: "apply"}), {action: "neighbours"} (the nearest training examples), {action: "pin"} / {action: "unpin",
// version} (versions kept side by side) and {action: "dismiss", what}. Without a kernel (`kernel` false: the offline
// page) the text is read-only, with a note; pinned versions, the suggestion and the neighbours still show.
// Traits: text, result, pinned, suggestion, neighbours, busy, error, method, method_label, model_name,
// neighbours_reason, kernel, theme. Nothing is computed here.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { embedTokens } from "./adversarial_view/tokens.js";
import { CSS, STYLE_ID } from "./what_if/styles.js";
import { renderNeighbours, renderPinnedCard, renderSuggestion } from "./what_if/panels.js";

export const DEBOUNCE_MS = 400;

const BUSY = { predict: "computing the prediction\u2026", suggest: "searching for a counterfactual\u2026",
  neighbours: "finding the nearest training examples\u2026" };

const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : null);
const str = (v) => (typeof v === "string" ? v : "");

function render({ model, el }) {
  const { doc, win, cleanup, root } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-wi",
    widget: "what-if", body: false, tooltip: false });
  const kernel = model.get("kernel") !== false;
  const views = { current: null, pinned: [] }; // cleanups of the embedded token views
  let timer = null;

  const theme = () => {
    const t = model.get("theme");
    return t === "light" || t === "dark" ? t : "auto";
  };
  function applyTheme() {
    root.setAttribute("data-theme", theme());
    root.setAttribute("data-resolved-theme", resolveTheme(root, theme()));
  }

  // ---- the skeleton, built once (the editor keeps its caret and focus across updates)
  const title = h(doc, "div", { class: "xw-wi-title", "data-role": "title" }, "What if?");
  const meta = h(doc, "div", { class: "xw-wi-meta", "data-role": "meta" });
  const editor = kernel
    ? h(doc, "textarea", { class: "xw-wi-editor", "data-role": "editor", "aria-label": "text to classify", spellcheck: "false", rows: 3 })
    : h(doc, "div", { class: "xw-wi-readonly", "data-role": "text-readonly", "aria-readonly": "true" });
  const offline = kernel ? null : h(doc, "div", { class: "xw-wi-offline", "data-role": "offline-note", role: "note" },
    "This is a saved page: editing the text and the buttons need a running kernel (open the notebook). The pinned "
    + "versions, the suggestion and the nearest examples below are those of the last state.");
  const status = h(doc, "div", { class: "xw-wi-status", "data-role": "status", "aria-live": "polite" });
  const actions = h(doc, "div", { class: "xw-wi-actions", "data-role": "actions" });
  const current = h(doc, "div", { class: "xw-wi-current", "data-role": "current" });
  const suggestion = h(doc, "div", { "data-role": "suggestion-box" });
  const neighbours = h(doc, "div", { "data-role": "neighbours-box" });
  const pinned = h(doc, "div", { "data-role": "pinned-box" });
  root.append(title, meta, editor, offline || "", status, actions, current, suggestion, neighbours, pinned);

  const text = () => str(model.get("text"));
  const result = () => obj(model.get("result"));
  const pins = () => (Array.isArray(model.get("pinned")) ? model.get("pinned").filter(obj) : []);

  function drawMeta() {
    clear(meta);
    const label = str(model.get("method_label")) || str(model.get("method"));
    if (label) meta.append(h(doc, "span", { "data-role": "method" }, `attribution: ${label}`));
    if (str(model.get("model_name"))) meta.append(h(doc, "span", { "data-role": "model" }, `model ${model.get("model_name")}`));
  }

  function drawText() {
    if (kernel) {
      if (timer === null && editor.value !== text()) editor.value = text(); // a pending edit wins until it is sent
    } else editor.textContent = text();
  }

  function drawStatus() {
    clear(status);
    const busy = str(model.get("busy"));
    const error = str(model.get("error"));
    if (busy) status.append(h(doc, "span", { class: "xw-wi-busy", "data-role": "busy", "data-busy": busy }, BUSY[busy] || `${busy}\u2026`));
    if (error) status.append(h(doc, "span", { class: "xw-wi-error", "data-role": "error", role: "alert" }, error));
  }

  function drawActions() {
    clear(actions);
    const busy = Boolean(str(model.get("busy")));
    const reason = str(model.get("neighbours_reason"));
    const r = result();
    const isPinned = r && pins().some((p) => p.version === r.version);
    const ok = kernel && !busy;
    const noKernel = kernel ? null : "needs a running kernel";
    actions.append(
      h(doc, "button", { type: "button", "data-role": "suggest", disabled: !ok,
        title: noKernel || "search for a few word substitutions (synonyms) that flip the prediction" }, "suggest a counterfactual"),
      h(doc, "button", { type: "button", "data-role": "neighbours", disabled: !ok || Boolean(reason),
        title: noKernel || reason || "the 5 training examples closest to the text in the model's representation" }, "nearest training examples"),
      h(doc, "button", { type: "button", "data-role": "pin", disabled: !ok || !r || isPinned,
        title: noKernel || (isPinned ? "this version is pinned" : "keep this version for comparison") }, isPinned ? "pinned" : "pin"));
    if (reason) actions.append(h(doc, "span", { class: "xw-wi-reason", "data-role": "neighbours-reason" }, `nearest training examples: ${reason}`));
  }

  function drawCurrent() {
    if (views.current) views.current();
    views.current = null;
    clear(current);
    const r = result();
    if (!r || !obj(r.attribution)) {
      current.append(h(doc, "div", { class: "xw-empty-state", "data-role": "no-result" }, "no prediction yet"));
      return;
    }
    const pending = kernel ? editor.value !== str(r.text) : text() !== str(r.text);
    current.setAttribute("data-version", String(r.version ?? ""));
    current.setAttribute("data-stale", String(pending));
    current.append(h(doc, "div", { class: "xw-wi-section-head" },
      h(doc, "strong", { "data-role": "version" }, `version ${r.version ?? "?"}`),
      typeof r.seconds === "number" ? h(doc, "span", { class: "xw-muted" }, `${r.seconds.toFixed(2)} s`) : null,
      pending ? h(doc, "span", { class: "xw-wi-stale", "data-role": "result-stale" }, "for the previous text") : null));
    const mount = h(doc, "div", { class: "xw-wi-mount" });
    current.append(mount);
    views.current = embedTokens(mount, r.attribution, theme());
  }

  function markStale() {
    const r = result();
    const pending = Boolean(r) && (kernel ? editor.value !== str(r.text) : false);
    if (current.getAttribute("data-stale") !== String(pending)) drawCurrent();
  }

  function drawSuggestion() {
    clear(suggestion);
    const s = obj(model.get("suggestion"));
    if (s) suggestion.append(renderSuggestion(doc, s, { text: text(), kernel }));
  }

  function drawNeighbours() {
    clear(neighbours);
    const n = obj(model.get("neighbours"));
    if (n) neighbours.append(renderNeighbours(doc, n, { text: text(), kernel }));
  }

  function drawPinned() {
    views.pinned.forEach((stop) => stop());
    views.pinned = [];
    clear(pinned);
    const list = pins();
    if (!list.length) return;
    const r = result();
    const row = h(doc, "div", { class: "xw-wi-pins" });
    for (const p of list) {
      const { card, mount } = renderPinnedCard(doc, p, { kernel, current: r && r.version === p.version });
      row.append(card);
      if (obj(p.attribution)) views.pinned.push(embedTokens(mount, p.attribution, theme()));
    }
    pinned.append(h(doc, "div", { class: "xw-wi-section", "data-role": "pinned" },
      h(doc, "div", { class: "xw-wi-section-head" }, h(doc, "h4", {}, `Pinned versions (${list.length})`)), row));
  }

  function drawAll() {
    applyTheme();
    drawMeta();
    drawText();
    drawStatus();
    drawActions();
    drawCurrent();
    drawSuggestion();
    drawNeighbours();
    drawPinned();
  }

  // ---- model -> view
  const on = (names, fn) => {
    for (const name of names) {
      const cb = () => fn();
      model.on(`change:${name}`, cb);
      cleanup.add(() => model.off(`change:${name}`, cb));
    }
  };
  on(["text"], () => { drawText(); markStale(); drawSuggestion(); drawNeighbours(); });
  on(["result"], () => { drawCurrent(); drawActions(); drawPinned(); });
  on(["pinned"], () => { drawPinned(); drawActions(); });
  on(["suggestion"], drawSuggestion);
  on(["neighbours"], drawNeighbours);
  on(["busy", "error"], () => { drawStatus(); drawActions(); });
  on(["neighbours_reason"], drawActions);
  on(["method", "method_label", "model_name"], drawMeta);
  on(["theme"], drawAll);
  cleanup.add(followTheme(root, theme, drawAll));

  // ---- view -> model
  function flush() {
    if (timer !== null) win.clearTimeout(timer);
    timer = null;
    if (editor.value !== text()) {
      model.set("text", editor.value);
      model.save_changes();
    }
  }
  if (kernel) {
    cleanup.listen(editor, "input", () => {
      if (timer !== null) win.clearTimeout(timer);
      timer = win.setTimeout(flush, DEBOUNCE_MS);
      markStale();
    });
    cleanup.add(() => {
      if (timer !== null) win.clearTimeout(timer);
      timer = null;
    });
  }
  const send = (msg) => {
    if (kernel && typeof model.send === "function") model.send(msg);
  };
  cleanup.listen(root, "click", (e) => {
    const b = e.target && e.target.closest && e.target.closest("button[data-role]");
    if (!b || !root.contains(b) || b.disabled) return;
    if (b.closest("[data-role=current], [data-role=pinned-version] .xw-wi-mount")) return; // the token views' own
    const role = b.getAttribute("data-role");
    if (role === "suggest" || role === "neighbours" || role === "pin") {
      flush(); // the kernel acts on the text as typed
      send({ action: role });
    } else if (role === "unpin") send({ action: "unpin", version: Number(b.getAttribute("data-version")) });
    else if (role === "apply") {
      if (timer !== null) win.clearTimeout(timer);
      timer = null;
      send({ action: "apply" });
    } else if (role === "dismiss") send({ action: "dismiss", what: b.getAttribute("data-what") });
  });

  drawAll();
  return () => {
    if (views.current) views.current();
    views.pinned.forEach((stop) => stop());
    cleanup.run();
  };
}

export default { render };
