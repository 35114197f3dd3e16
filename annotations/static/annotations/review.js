// Keyboard-first review page: roving focus over sentences, multi-sentence selection,
// shortcuts for the claim panel, and in-place updates after a save. No framework:
// htmx does the requests and swaps; this file only adds what htmx cannot express.
(function () {
  "use strict";

  var review, panel, current = null, anchor = null;

  function articleEl() { return document.querySelector("#article .article-text"); }
  // A sentence's id is its element's id without the "s" (id="s123"): no data-seg to repeat it.
  function segId(el) { return el.id.slice(1); }
  function allSegments() { return Array.prototype.slice.call(articleEl().querySelectorAll(".seg")); }
  function navigable() {
    var art = articleEl();
    // With a filter on, j/k only visit the sentences that match it.
    // A repeated headline is hidden: never a stop for j/k.
    var sel = art.classList.contains("filtering") ? ".seg.hit:not(.repeated)" : ".seg:not(.repeated)";
    return Array.prototype.slice.call(art.querySelectorAll(sel));
  }
  function csrfHeaders() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }
  function announce(text) {
    var region = document.getElementById("announce");
    if (region) { region.textContent = text; }
  }

  // A request that fails changes nothing on the page (htmx swaps no error answer but a 403),
  // so what was typed stays in its form: say so, and how to go on. Signed out (a 401,
  // annotations/signed_out.py): sign in in another tab, then send again; the CSRF token is
  // read from its cookie at every request, so the new sign-in's token goes with it.
  function csrfCookie() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function showProblem(text, link) {
    var box = document.getElementById("request-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "request-problem";
      box.className = "request-problem";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = text + " ";
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = link.text;
      box.appendChild(a);
      box.appendChild(document.createTextNode(link.after));
    }
  }
  function clearProblem() {
    var box = document.getElementById("request-problem");
    if (box) { box.remove(); }
  }
  document.addEventListener("htmx:configRequest", function (ev) {
    var token = csrfCookie();
    if (!token) { return; }
    ev.detail.headers["x-csrftoken"] = token;
    // Django reads a form's own token before the header: both must be the new one.
    var data = ev.detail.formData;
    if (data && data.has("csrfmiddlewaretoken")) { data.set("csrfmiddlewaretoken", token); }
  });
  document.addEventListener("requestProblem", function (ev) { showProblem(ev.detail.message); });
  function wasWriting(ev) {
    return (ev.detail.requestConfig && ev.detail.requestConfig.verb || "get") !== "get";
  }
  document.addEventListener("htmx:responseError", function (ev) {
    var xhr = ev.detail.xhr;
    var writing = wasWriting(ev);
    var what = writing ? "Not saved" : "Not loaded";
    if (xhr.status === 401) {
      var login = document.body.dataset.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
      showProblem(what + ": you are signed out. What you typed is still here:", {
        href: login, text: "sign in in a new tab", after: ", then " + (writing ? "save" : "try") + " again.",
      });
    } else {
      showProblem(what + ": the server answered " + xhr.status + (xhr.statusText ? " " + xhr.statusText : "") +
        ". What you typed is still here; try again in a moment.");
    }
  });
  document.addEventListener("htmx:sendError", function (ev) {
    showProblem((wasWriting(ev) ? "Not saved" : "Not loaded") +
      ": the server could not be reached. What you typed is still here; try again when you are back online.");
  });
  document.addEventListener("htmx:afterRequest", function (ev) {
    if (ev.detail.successful) { clearProblem(); }
  });

  // Only the current sentence is in the tab order; j/k move between the others.
  function initRovingFocus() {
    var segs = allSegments();
    var start = articleEl().querySelector(".seg.selected") || articleEl().querySelector(".seg.hit") || segs[0];
    segs.forEach(function (s) { s.tabIndex = -1; });
    if (start) { start.tabIndex = 0; }
    current = null;
    anchor = null;
  }

  function clearSelection() {
    articleEl().querySelectorAll(".seg.selected").forEach(function (s) { s.classList.remove("selected"); });
  }

  function selectRange(a, b) {
    var segs = allSegments();
    var i = segs.indexOf(a), j = segs.indexOf(b);
    if (i > j) { var t = i; i = j; j = t; }
    clearSelection();
    segs.slice(i, j + 1).forEach(function (s) { s.classList.add("selected"); });
    announce((j - i + 1) + " sentences selected");
  }

  function setCurrent(el, extend) {
    if (!el) { return; }
    if (current && current !== el) { current.tabIndex = -1; }
    allSegments().forEach(function (s) { if (s !== el && s.tabIndex === 0) { s.tabIndex = -1; } });
    if (extend && anchor) {
      selectRange(anchor, el);
    } else {
      anchor = el;
      clearSelection();
      el.classList.add("selected");
    }
    current = el;
    el.tabIndex = 0;
    el.focus({ preventScroll: true });
    keepInView(el);
  }

  // Keep the current sentence whole on screen, with room above it for its reasons:
  // when it would be cut off, bring it to a third of the way down the window.
  function keepInView(el) {
    var rect = el.getBoundingClientRect();
    var bar = document.querySelector(".topbar");
    var top = (bar ? bar.getBoundingClientRect().bottom : 0) + 72;
    var bottom = window.innerHeight - 24;
    if (rect.top >= top && rect.bottom <= bottom) { return; }
    var target = rect.height > bottom - top ? top : window.innerHeight / 3;
    window.scrollBy({ top: rect.top - target, behavior: "auto" });
  }

  // Why a sentence is suggested, or which claim it is: one tooltip for the page, placed
  // above the sentence (the line being read next stays visible) and inside the article's
  // column (never over the claim panel).
  function tipEl() { return document.getElementById("seg-tip"); }

  function showTip(seg) {
    var tip = tipEl();
    if (!tip || !seg || !seg.dataset.tip) { hideTip(); return; }
    tip.textContent = seg.dataset.tip;
    tip.hidden = false;
    seg.setAttribute("aria-describedby", "seg-tip");
    var rects = seg.getClientRects();
    if (!rects.length) { hideTip(); return; }
    var first = rects[0], last = rects[rects.length - 1];
    var column = articleEl().getBoundingClientRect();
    tip.style.maxWidth = Math.min(416, column.width) + "px";
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(column.left, Math.min(first.left, column.right - width));
    var bar = document.querySelector(".topbar");
    var ceiling = bar ? bar.getBoundingClientRect().bottom : 0;
    var top = first.top - height - 8;
    if (top < ceiling + 4) { top = last.bottom + 8; }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function hideTip() {
    var tip = tipEl();
    if (!tip || tip.hidden) { return; }
    tip.hidden = true;
    var described = document.querySelector('[aria-describedby="seg-tip"]');
    if (described) { described.removeAttribute("aria-describedby"); }
  }

  function selection() {
    var chosen = Array.prototype.slice.call(articleEl().querySelectorAll(".seg.selected"));
    return chosen.length ? chosen : (current ? [current] : []);
  }

  function openPanel(els) {
    if (!els.length) { return; }
    var first = els[0], url;
    if (els.length === 1 && first.classList.contains("claim")) {
      url = review.dataset.reviewUrl + "?claim=" + first.dataset.claim;
    } else {
      url = review.dataset.reviewUrl + "?segments=" + els.map(segId).join(",");
    }
    htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML", source: first });
  }

  function closePanel() {
    panel.innerHTML = '<div class="panel-empty"><h2 class="panel-title">Select a sentence</h2>' +
      "<p>Click a sentence, or move with <kbd>j</kbd> / <kbd>k</kbd> and press <kbd>Enter</kbd>.</p></div>";
    if (current) { clearSelection(); current.classList.add("selected"); current.focus(); }
    announce("Panel closed");
  }

  function makeClaim() {
    if (review.dataset.canEdit !== "1") { announce("Read-only access"); return; }
    var els = selection();
    if (!els.length) { return; }
    if (els.some(function (e) { return e.classList.contains("claim"); })) {
      openPanel(els);
      announce("Already a claim");
      return;
    }
    var ids = els.map(segId).join(",");
    var form = document.getElementById("new-claim-form");
    if (form && form.elements.segments.value === ids) { form.requestSubmit(); return; }
    htmx.ajax("POST", review.dataset.createUrl, {
      target: "#panel", swap: "innerHTML", source: els[0],
      values: { segments: ids }, headers: csrfHeaders()
    });
  }

  function chooseRating(n) {
    // A panel member's vote form takes the rating keys; otherwise the claim's own form.
    var form = document.getElementById("vote-form") || document.getElementById("claim-form");
    if (!form) { return; }
    var radios = form.querySelectorAll('input[name="rating"]');
    // The last radio is "Not rated" (key 0); the others follow the scale's order.
    var voting = form.id === "vote-form";
    var radio = n === 0 ? (voting ? null : radios[radios.length - 1])
      : (n <= radios.length - (voting ? 0 : 1) ? radios[n - 1] : null);
    if (!radio) { return; }
    radio.checked = true;
    announce("Rating " + radio.parentNode.textContent.trim().replace(/\d+$/, "") + " chosen; press " +
      (voting ? "v to vote" : "s to save"));
  }

  function move(step, extend) {
    var segs = navigable();
    if (!segs.length) { return; }
    var i = current ? segs.indexOf(current) : -1;
    if (i === -1 && current) {
      // The current sentence is filtered out: continue from the nearest one in reading order.
      var all = allSegments(), pos = all.indexOf(current);
      i = segs.findIndex(function (s) { return all.indexOf(s) > pos; });
      i = step > 0 ? i - 1 : i;
    }
    var next = segs[Math.max(0, Math.min(segs.length - 1, i + step))];
    setCurrent(next, extend);
  }

  function toggleHelp() {
    var dialog = document.getElementById("shortcuts");
    if (dialog.open) { dialog.close(); } else { dialog.showModal(); }
  }

  function markSegment(el, d) {
    var dismissed = d.status === "dismissed";
    el.classList.toggle("claim", !dismissed);
    el.classList.toggle("dismissed", dismissed);
    el.dataset.claim = d.claim;
    el.dataset.status = d.status;
    el.dataset.rating = d.rating;
    el.setAttribute("href", "?claim=" + d.claim + "#panel");
    var state = "Claim " + d.claim + ", " + d.ratingLabel + ", " + d.status.replace("_", " ");
    el.dataset.tip = state;
  }

  function onClaimSaved(ev) {
    var d = ev.detail;
    var marked = articleEl().querySelectorAll('.seg[data-claim="' + d.claim + '"]');
    var els = d.segments.length
      ? d.segments.map(function (id) { return document.getElementById("s" + id); }).filter(Boolean)
      : Array.prototype.slice.call(marked);
    els.forEach(function (el) { markSegment(el, d); });
    if (els.length && (!current || els.indexOf(current) === -1)) { current = els[0]; }
    anchor = current;
    clearSelection();
    if (current) { current.classList.add("selected"); }
  }

  function onKeydown(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    var typing = t.matches && t.matches("input, textarea, select, [contenteditable]");
    if (typing) { hideTip(); }
    var dialog = document.getElementById("shortcuts");
    if (ev.key === "Escape") {
      if (dialog.open) { return; }  // the dialog closes itself
      if (typing) { t.blur(); if (current) { current.focus(); } else { document.body.focus(); } }
      else { closePanel(); }
      ev.preventDefault();
      return;
    }
    if (dialog.open && ev.key === "?") { toggleHelp(); ev.preventDefault(); return; }  // as it opened
    if (typing || dialog.open) { return; }
    var key = ev.key;
    if (key === "j" || key === "J") { move(1, ev.shiftKey); }
    else if (key === "k" || key === "K") { move(-1, ev.shiftKey); }
    else if (key === "Enter") {
      // On a sentence link the browser's own click opens it; elsewhere Enter belongs to the control.
      if (t !== document.body || !current) { return; }
      openPanel(selection());
    }
    else if (key === "c") { makeClaim(); }
    else if (key === "s") {
      var form = document.getElementById("claim-form");
      if (!form) { return; }
      form.requestSubmit();
    }
    else if (key === "v") {
      var vote = document.getElementById("vote-form");
      if (!vote) { return; }
      vote.requestSubmit();
    }
    else if (key === "/") { var q = document.getElementById("q"); q.focus(); q.select(); }
    else if (key === "?") { toggleHelp(); }
    else if (/^[0-9]$/.test(key)) { chooseRating(Number(key)); }
    else { return; }
    ev.preventDefault();
  }

  function onClick(ev) {
    var seg = ev.target.closest ? ev.target.closest(".seg") : null;
    if (seg && articleEl().contains(seg)) {
      if (ev.ctrlKey || ev.metaKey) { return; }  // let "open in new tab" work
      ev.preventDefault();
      setCurrent(seg, ev.shiftKey);
      openPanel(selection());
      return;
    }
    if (ev.target.closest && ev.target.closest("[data-close]")) { ev.preventDefault(); closePanel(); }
    else if (ev.target.closest && ev.target.closest("[data-help]")) { ev.preventDefault(); toggleHelp(); }
  }

  // "Previously checked" badges arrive on a request of their own as <template>s; each goes
  // right after its sentence, again whenever the article is re-rendered.
  function placeBadges() {
    var art = articleEl();
    document.querySelectorAll("#previous-checks template[data-badge-for]").forEach(function (t) {
      var seg = art && art.querySelector("#s" + t.dataset.badgeFor);
      var next = seg && seg.nextElementSibling;
      if (!seg || (next && next.dataset.badge === t.dataset.badgeFor)) { return; }
      var badge = t.content.firstElementChild.cloneNode(true);
      badge.dataset.badge = t.dataset.badgeFor;
      seg.after(badge);
    });
  }

  // On a narrow screen the panel is below the article, out of sight: when a sentence asked
  // for it (a tap, Enter, c), bring it into view and put focus on its heading, or nothing
  // seems to happen. Beside the article (a wide screen) it is in view already: focus stays
  // on the sentence, so j/k go on from there. A page opened on a claim only scrolls to it.
  function panelBelowText() {
    return panel.getBoundingClientRect().left < articleEl().getBoundingClientRect().right;
  }
  var readerMoves = ["wheel", "touchstart", "pointerdown", "keydown"];
  function revealPanel(asked) {
    if (!panelBelowText()) { return; }
    var heading = asked && panel.querySelector("h2, h3");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    var glide = asked && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var stopped = false, lastY = -1, still = 0, frames = 0;
    function aim() { panel.scrollIntoView({ block: "start", behavior: glide ? "smooth" : "auto" }); }
    function inPlace() {
      var margin = parseFloat(getComputedStyle(panel).scrollMarginTop) || 0;
      var atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      return atEnd || Math.abs(panel.getBoundingClientRect().top - margin) <= 2;
    }
    function stop() {
      stopped = true;
      readerMoves.forEach(function (type) { window.removeEventListener(type, stop, true); });
    }
    // Paragraphs are laid out only once scrolled to (content-visibility): one taller than its
    // guess pushes the panel down after the scroll set off. Once the page stands still, aim
    // again until the panel stays in place, unless the reader has taken over.
    function watch() {
      if (stopped) { return; }
      if (window.scrollY !== lastY) { lastY = window.scrollY; still = 0; }
      else if (++still >= 2) {
        if (!inPlace()) { aim(); still = 0; } else if (still >= 4) { stop(); return; }
      }
      if (++frames < 240) { requestAnimationFrame(watch); } else { stop(); }
    }
    if (glide) {
      // From far away, jump to a screen above the panel and glide the rest.
      var top = panel.getBoundingClientRect().top;
      if (Math.abs(top) > 2 * window.innerHeight) { window.scrollBy(0, top - window.innerHeight); }
    }
    readerMoves.forEach(function (type) { window.addEventListener(type, stop, true); });
    aim();
    requestAnimationFrame(watch);
  }
  function onPanelLoaded(ev) {
    var source = ev.detail.requestConfig && ev.detail.requestConfig.elt;
    if (ev.detail.target === panel && source && source.classList && source.classList.contains("seg")) {
      revealPanel(true);
    }
  }

  function navigationType() {
    var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    return nav ? nav.type : "navigate";
  }

  // The filter shows what the address says. After Back or Forward, htmx puts back its copy of
  // the page, whose article is right but whose form has the choices the page was loaded with
  // (a chosen option or typed text is not part of the copy).
  function followAddress() {
    var form = document.querySelector("#review form.filters");
    if (!form) { return; }
    var params = new URLSearchParams(location.search);
    var show = form.elements.show;
    show.value = params.get("show") || "all";
    if (show.selectedIndex === -1) { show.value = "all"; }  // as the server reads an unknown one
    form.elements.q.value = params.get("q") || "";
  }

  function onAfterSwap(ev) {
    var target = ev.detail.target;
    placeBadges();
    if (target && target.id === "article") { initRovingFocus(); }
    var inPanel = target === panel || (target && target.id === "claim-core");
    var lost = !document.activeElement || document.activeElement === document.body ||
      !document.body.contains(document.activeElement);
    if (inPanel && lost && current) {
      // The control that sent the request was replaced: keep keyboard users where they were.
      current.focus({ preventScroll: true });
    }
  }

  // The page's parts, found again when htmx restores a page from its history: it replaces
  // everything in the body, so the elements found before are gone.
  function findParts() {
    review = document.getElementById("review");
    if (!review) { return false; }
    panel = document.getElementById("panel");
    initRovingFocus();
    var selected = articleEl().querySelector(".seg.selected") ||
      (panel.querySelector("[data-claim]") &&
       articleEl().querySelector('.seg[data-claim="' + panel.querySelector("[data-claim]").dataset.claim + '"]'));
    if (selected) { current = selected; anchor = selected; selected.tabIndex = 0; }
    return true;
  }

  function init() {
    if (!findParts()) { return; }
    // A link to a claim (?claim=N) on a phone opens with the panel in view, as #panel would;
    // a reload or Back keeps the place the browser restores.
    if (!location.hash && navigationType() === "navigate" && panel.querySelector(".panel-body")) {
      revealPanel(false);
    }
    document.addEventListener("htmx:historyRestore", function () {
      if (findParts()) { followAddress(); }
    });
    window.addEventListener("pageshow", function (ev) {
      // From the back-forward cache, or reloaded by Back: the browser may put back old choices.
      if (ev.persisted || navigationType() === "back_forward") { followAddress(); }
    });
    document.addEventListener("keydown", onKeydown);
    document.addEventListener("click", onClick);
    var text = document.getElementById("article");
    function segOf(ev) { return ev.target.closest ? ev.target.closest(".seg[data-tip]") : null; }
    document.addEventListener("mouseover", function (ev) {
      var seg = segOf(ev);
      if (seg && articleEl().contains(seg)) { showTip(seg); }
    });
    document.addEventListener("mouseout", function (ev) { if (segOf(ev)) { hideTip(); } });
    document.addEventListener("focusin", function (ev) {
      var seg = segOf(ev);
      if (seg && articleEl().contains(seg)) { showTip(seg); } else { hideTip(); }
    });
    window.addEventListener("resize", hideTip);
    if (text) { text.addEventListener("htmx:beforeSwap", hideTip); }
    document.addEventListener("claimSaved", onClaimSaved);
    document.body.addEventListener("htmx:afterSwap", onAfterSwap);
    document.body.addEventListener("htmx:afterSettle", onAfterSwap);
    document.body.addEventListener("htmx:afterSettle", onPanelLoaded);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
