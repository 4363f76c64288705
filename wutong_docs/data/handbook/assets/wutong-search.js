/* 客服部工作手册的检索：输入里有的字，页面上就得有，一字不差。
 *
 * Why our own script: the theme's search matches word prefixes only and misses
 * a fragment inside a word (禁卡 in 门禁卡). The wutong plugin writes
 * search/wutong-index.js (every character and character pair -> the pages
 * that hold it) and search/pN.js (the text of page N, by section). A query's
 * pairs pick the candidate pages; their text is loaded on demand and only the
 * sections containing every word of the query, literally, are shown. Data is
 * loaded with <script> tags, not fetch(), so the site also works from file://.
 * Nothing is requested from outside the site.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var BASE = script ? script.src.replace(/assets\/wutong-search\.js(\?.*)?$/, "") : "";
  var PAGE_BATCH = 4;        // text scripts loaded at a time
  var SHOW_PAGES = 12;       // pages shown before "more"
  var HITS_PER_PAGE = 3;     // sections shown per page
  var RUN = /[\p{L}\p{N}]+/gu;

  var index = null, indexWaiters = [], shards = {}, shardWaiters = {};

  function loadScript(url) {
    var el = document.createElement("script");
    el.src = url;
    el.async = true;
    document.head.appendChild(el);
    return el;
  }

  var api = window.wtSearch = {
    load: function (data) {
      index = data;
      indexWaiters.splice(0).forEach(function (f) { f(data); });
    },
    shard: function (n, sections) {
      shards[n] = sections.map(function (s) { return { anchor: s[0], title: s[1], text: s[2], lower: s[2].toLowerCase() }; });
      (shardWaiters[n] || []).splice(0).forEach(function (f) { f(shards[n]); });
    },
    ready: function () {
      if (index) return Promise.resolve(index);
      return new Promise(function (resolve, reject) {
        if (!indexWaiters.length) {
          var el = loadScript(BASE + "search/wutong-index.js");
          el.onerror = function () { reject(new Error("检索索引加载失败")); };
        }
        indexWaiters.push(resolve);
      });
    },
    query: query,
    grams: gramsOf
  };

  function shard(n) {
    if (shards[n]) return Promise.resolve(shards[n]);
    return new Promise(function (resolve, reject) {
      if (!shardWaiters[n]) {
        shardWaiters[n] = [];
        loadScript(BASE + "search/p" + n + ".js").onerror = function () { reject(new Error("p" + n)); };
      }
      shardWaiters[n].push(resolve);
    });
  }

  /* The keys of one query word, as the plugin cut the text: each run of letters
     and digits gives its pairs, or itself when it is one character long. */
  function gramsOf(word) {
    var keys = [];
    (word.toLowerCase().match(RUN) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) keys.push(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
    });
    return keys;
  }

  function decode(s) {
    var out = [], last = 0;
    if (s.charAt(0) === "~") {           // a bitmap: bit n of byte n >> 3 is page n
      var b64 = s.slice(1);
      while (b64.length % 4) b64 += "=";
      var bytes = atob(b64);
      for (var b = 0; b < bytes.length; b++) {
        var v = bytes.charCodeAt(b);
        for (var bit = 0; bit < 8; bit++) if (v & (1 << bit)) out.push(b * 8 + bit);
      }
      return out;
    }
    s.split(".").forEach(function (gap) { last += parseInt(gap, 36); out.push(last); });
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  function words(q) {
    return q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  }

  /* Candidate pages: those holding every key of every word (page numbers, best first). */
  function candidates(ws) {
    var keys = [];
    ws.forEach(function (w) { keys = keys.concat(gramsOf(w)); });
    if (!keys.length) return [];
    var lists = [];
    for (var k = 0; k < keys.length; k++) {
      var enc = index.grams[keys[k]];
      if (enc === undefined) return [];
      lists.push(enc);
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    var result = decode(lists[0]);
    for (var m = 1; m < lists.length && result.length; m++) result = intersect(result, decode(lists[m]));
    return result;
  }

  /* Pages whose title holds the query come first (钥匙 -> 钥匙借用), the rest keep the index order:
     procedures, then records (a slip before the logs that mention it), the home page last (plugin.rank). */
  function byTitle(cands, ws) {
    var first = [], rest = [];
    cands.forEach(function (n) {
      var title = index.pages[n][1].toLowerCase();
      (ws.every(function (w) { return title.indexOf(w) >= 0; }) ? first : rest).push(n);
    });
    return first.concat(rest);
  }

  /* query(q, {pages: N, from: i}) -> {results: [{page, url, title, hits: [...], more}], next, total}
     Checks candidate pages in order until N pages with a literal match are found. */
  function query(q, opts) {
    opts = opts || {};
    var want = opts.pages === undefined ? SHOW_PAGES : opts.pages;
    var ws = words(q);
    return api.ready().then(function () {
      var cands = byTitle(candidates(ws), ws), results = [], pos = opts.from || 0;
      function step() {
        if (results.length >= want || pos >= cands.length) {
          return { results: results, next: pos < cands.length ? pos : null, candidates: cands.length };
        }
        var batch = cands.slice(pos, pos + PAGE_BATCH);
        pos += batch.length;
        return Promise.all(batch.map(shard)).then(function (texts) {
          batch.forEach(function (n, i) {
            var hits = texts[i].filter(function (s) {
              return ws.every(function (w) { return s.lower.indexOf(w) >= 0; });
            });
            if (hits.length) {
              var page = index.pages[n];
              results.push({ page: n, url: page[0], title: page[1], hits: hits });
            }
          });
          return step();
        });
      }
      return step();
    });
  }

  /* ---- the box in the header ------------------------------------------------ */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function snippet(section, ws) {
    var text = section.text, at = section.lower.indexOf(ws[0]);
    var start = Math.max(0, at - 24), end = Math.min(text.length, Math.max(at, 0) + 72);
    var piece = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var html = escapeHtml(piece);
    ws.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (w) {
      var safe = escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      html = html.replace(new RegExp(safe, "gi"), function (m) { return "<mark>" + m + "</mark>"; });
    });
    return html;
  }

  function href(url, anchor) {
    return BASE + url + (anchor ? "#" + anchor : "");
  }

  function renderResults(list, res, ws, append) {
    var html = res.results.map(function (r) {
      var hits = r.hits.slice(0, HITS_PER_PAGE).map(function (h) {
        return '<li><a class="wt-search__hit" href="' + escapeHtml(href(r.url, h.anchor)) + '">' +
          '<span class="wt-search__hit-title">' + escapeHtml(h.title) + "</span>" +
          '<span class="wt-search__snippet">' + snippet(h, ws) + "</span></a></li>";
      }).join("");
      var more = r.hits.length > HITS_PER_PAGE
        ? '<li class="wt-search__more-hits">本页还有 ' + (r.hits.length - HITS_PER_PAGE) + " 处</li>" : "";
      return '<li class="wt-search-result"><a class="wt-search__page" href="' + escapeHtml(href(r.url, "")) + '">' +
        escapeHtml(r.title) + "</a><ul>" + hits + more + "</ul></li>";
    }).join("");
    if (append) list.insertAdjacentHTML("beforeend", html); else list.innerHTML = html;
  }

  function mount() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".wt-search")) return;
    var box = document.createElement("div");
    box.className = "wt-search";
    box.setAttribute("role", "search");
    box.innerHTML =
      '<input class="wt-search__input" type="search" placeholder="' +
      (window.innerWidth < 720 ? "检索，如 门禁卡" : "检索（输入两个以上的字，如 门禁卡）") + '" ' +
      'aria-label="检索" autocomplete="off" spellcheck="false">' +
      '<div class="wt-search__panel" hidden><p class="wt-search__status"></p>' +
      '<ol class="wt-search__results"></ol><button class="wt-search__more md-button" type="button" hidden>显示更多</button></div>';
    var source = header.querySelector(".md-header__source");
    header.insertBefore(box, source);
    var input = box.querySelector("input"), panel = box.querySelector(".wt-search__panel");
    var status = box.querySelector(".wt-search__status"), list = box.querySelector(".wt-search__results");
    var moreButton = box.querySelector(".wt-search__more");
    var timer = null, serial = 0, current = null;

    function run(append) {
      var q = input.value, ws = words(q), mine = ++serial;
      if (!append) remember(q);
      if (!ws.length) { panel.hidden = true; return; }
      panel.hidden = false;
      status.textContent = "正在检索…";
      moreButton.hidden = true;
      if (!append) list.innerHTML = "";
      query(q, { from: append && current ? current.next : 0 }).then(function (res) {
        if (mine !== serial) return;
        var shown = (append ? list.children.length : 0) + res.results.length;
        renderResults(list, res, ws, append);
        current = res;
        moreButton.hidden = res.next === null;
        if (!shown && res.next === null) {
          status.textContent = "没有找到“" + q.trim() + "”。";
        } else {
          status.textContent = "含“" + q.trim() + "”的页面" + (res.next === null ? "共 " + shown + " 页" : "（已列出 " + shown + " 页）") + "：";
        }
      }, function (err) {
        if (mine === serial) status.textContent = "检索出错：" + err.message;
      });
    }

    /* The query in the address (…?q=漏水): a search can be shared as a link, and opening it shows the results. */
    function remember(q) {
      try {
        var url = new URL(window.location.href);
        if (q.trim()) url.searchParams.set("q", q.trim()); else url.searchParams.delete("q");
        window.history.replaceState(window.history.state, "", url.href);
      } catch (e) { /* an address that cannot change (some file:// pages) keeps the old one */ }
    }

    function schedule() { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 120); }
    input.addEventListener("input", schedule);
    input.addEventListener("keyup", function (e) { if (e.key !== "Enter" && e.key !== "Escape") schedule(); });
    input.addEventListener("focus", function () { api.ready().catch(function () {}); if (input.value.trim()) panel.hidden = false; });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { panel.hidden = true; input.blur(); }
      if (e.key === "Enter") {
        var first = list.querySelector("a.wt-search__hit");
        if (first) window.location.href = first.href;
      }
    });
    moreButton.addEventListener("click", function () { run(true); });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) panel.hidden = true; });
    document.addEventListener("keydown", function (e) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((e.target || {}).tagName || "");
      if (!typing && (e.key === "/" || e.key === "s")) { e.preventDefault(); input.focus(); }
    });
    var shared = new URLSearchParams(window.location.search).get("q");
    if (shared && shared.trim()) { input.value = shared; run(false); }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount); else mount();
})();
