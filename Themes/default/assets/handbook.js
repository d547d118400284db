// handbook client script: theme toggle, table-of-contents highlight and offline search.
// Plain ES2017, no libraries. Every page works without it: it only adds to what is there.
(function () {
  "use strict";

  var doc = document;
  var html = doc.documentElement;
  var ROOT = (doc.body && doc.body.getAttribute("data-root")) || "";
  var THEME_KEY = "handbook-theme";

  // ---------------------------------------------------------------- theme toggle

  function readSavedTheme() {
    try {
      var saved = localStorage.getItem(THEME_KEY);
      return saved === "dark" || saved === "light" ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function setupThemeToggle() {
    var button = doc.querySelector(".theme-toggle");
    if (!button) return;
    var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

    function effectiveTheme() {
      var chosen = html.getAttribute("data-theme");
      if (chosen === "dark" || chosen === "light") return chosen;
      return media && media.matches ? "dark" : "light";
    }
    function updateLabel() {
      var label = effectiveTheme() === "dark" ? "Use light theme" : "Use dark theme";
      button.setAttribute("aria-label", label);
      button.title = label;
    }
    function apply(theme) {
      if (theme) html.setAttribute("data-theme", theme);
      else html.removeAttribute("data-theme");
      updateLabel();
    }

    button.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      apply(next);
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch (e) { /* private mode or file:// without storage: the choice lasts for this page */ }
    });
    if (media) {
      if (media.addEventListener) media.addEventListener("change", updateLabel);
      else if (media.addListener) media.addListener(updateLabel);
    }
    // Another tab changed the theme, or this page came back from the back/forward cache.
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY || event.key === null) apply(readSavedTheme());
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) apply(readSavedTheme());
    });
    updateLabel();
    button.hidden = false;
  }

  // ---------------------------------------------------------------- anchors in any case

  // GitHub finds `#Heading` for a heading whose id is `heading`; a browser needs the exact id.
  // The build warns about such links (check anchor-case); this keeps the click working meanwhile.
  function followAnchorInAnyCase() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    if (!id || doc.getElementById(id)) return;
    var target = doc.getElementById(id.toLowerCase());
    if (target) target.scrollIntoView();
  }

  // ---------------------------------------------------------------- table of contents

  function setupTocHighlight() {
    var links = doc.querySelectorAll('.toc a[href^="#"]');
    var items = [];
    for (var i = 0; i < links.length; i++) {
      var id = links[i].getAttribute("href").slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
      var heading = doc.getElementById(id);
      if (heading) items.push({ link: links[i], heading: heading, id: id });
    }
    if (!items.length) return;

    var active = null;
    var pinned = null; // a heading the reader jumped to, kept while it is on screen
    var queued = false;

    function setActive(item) {
      if (item === active) return;
      if (active) {
        active.link.classList.remove("active");
        active.link.removeAttribute("aria-current");
      }
      active = item;
      if (item) {
        item.link.classList.add("active");
        item.link.setAttribute("aria-current", "true");
      }
    }

    function update() {
      queued = false;
      var viewport = window.innerHeight || html.clientHeight;
      if (pinned) {
        var top = pinned.heading.getBoundingClientRect().top;
        if (top >= 0 && top < viewport) { setActive(pinned); return; }
        pinned = null;
      }
      var header = doc.querySelector(".site-header");
      var headerBottom = header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0;
      var line = Math.max(0, headerBottom) + Math.min(120, viewport * 0.2);
      var current = null;
      for (var i = 0; i < items.length; i++) {
        if (items[i].heading.getBoundingClientRect().top <= line) current = items[i];
        else break;
      }
      // At the very bottom, the last sections may never reach the line: show the last one.
      var atBottom = window.scrollY > 0 && window.scrollY + viewport >= html.scrollHeight - 2;
      if (atBottom) {
        var last = items[items.length - 1];
        if (last.heading.getBoundingClientRect().top < viewport) current = last;
      }
      setActive(current);
    }
    function schedule() {
      if (!queued) {
        queued = true;
        window.requestAnimationFrame(update);
      }
    }
    function pinTarget() {
      var id = location.hash.slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
      pinned = null;
      for (var i = 0; i < items.length; i++) if (items[i].id === id) pinned = items[i];
      schedule();
    }
    function unpin() { pinned = null; }

    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule, { passive: true });
    window.addEventListener("hashchange", pinTarget);
    window.addEventListener("wheel", unpin, { passive: true });
    window.addEventListener("touchstart", unpin, { passive: true });
    window.addEventListener("keydown", unpin);
    if (location.hash) pinTarget();
    else schedule();
  }

  // ---------------------------------------------------------------- search: data

  var STOP_WORDS = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
    "on", "or", "that", "the", "to", "with"]);
  var MAX_RESULTS = 10;
  var SNIPPET_LENGTH = 160;

  var loads = Object.create(null);   // file name -> promise of its data
  var waiting = Object.create(null); // file name -> resolve function while its script runs

  // The index files call this global when they run; see SearchIndex.swift.
  window.handbookSearchLoaded = function (name, data) {
    var resolve = waiting[name];
    if (resolve) {
      delete waiting[name];
      resolve(data);
    }
  };

  // Loads search/NAME.js once with a <script> element (fetch is blocked on file://).
  function loadIndexFile(name) {
    if (loads[name]) return loads[name];
    var promise = new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      waiting[name] = resolve;
      script.async = true;
      script.src = ROOT + "search/" + name + ".js";
      script.onload = function () {
        script.remove();
        if (waiting[name]) {
          delete waiting[name];
          delete loads[name];
          reject(new Error("search file " + name + " did not hand over its data"));
        }
      };
      script.onerror = function () {
        script.remove();
        delete waiting[name];
        delete loads[name]; // let a later query try again
        reject(new Error("could not load " + script.src));
      };
      doc.head.appendChild(script);
    });
    loads[name] = promise;
    return promise;
  }

  var meta = null;      // {pages, shards, textChunk, shardSet}
  var metaPromise = null;
  var shardData = Object.create(null); // key -> {terms, sorted keys (lazy)}
  var titleTerms = [];  // doc -> lower-cased title words, filled on demand

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = loadIndexFile("meta").then(function (data) {
        data.shardSet = new Set(data.shards || []);
        data.textChunk = data.textChunk || 50;
        meta = data;
        return data;
      }, function (error) {
        metaPromise = null;
        throw error;
      });
    }
    return metaPromise;
  }

  function loadShard(key) {
    if (shardData[key]) return Promise.resolve(shardData[key]);
    return loadIndexFile("terms/" + key).then(function (terms) {
      if (!shardData[key]) shardData[key] = { terms: terms, sorted: null };
      return shardData[key];
    });
  }

  function loadText(chunk) {
    return loadIndexFile("text/" + chunk);
  }

  // ---------------------------------------------------------------- search: words

  function isWordChar(c) {
    return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c >= 128;
  }

  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdfff) n += 2; // each half of a surrogate pair: 4 bytes in all
      else n += 3;
    }
    return n;
  }

  // Calls fn(word, start, end) for each run of ASCII letters/digits and non-ASCII characters,
  // lower-cased, as the Swift tokenizer splits them (without dropping any).
  function eachWord(text, fn) {
    var start = -1;
    for (var i = 0, n = text.length; i <= n; i++) {
      if (i < n && isWordChar(text.charCodeAt(i))) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        fn(text.slice(start, i).toLowerCase(), start, i);
        start = -1;
      }
    }
  }

  function isIndexable(term) {
    var bytes = utf8Length(term);
    return bytes >= 2 && bytes <= 40 && !STOP_WORDS.has(term);
  }

  function shardKey(term) {
    if (term.length >= 2) {
      var a = term.charCodeAt(0), b = term.charCodeAt(1);
      if (((a >= 97 && a <= 122) || (a >= 48 && a <= 57)) && ((b >= 97 && b <= 122) || (b >= 48 && b <= 57))) {
        return term.slice(0, 2);
      }
    }
    return "_";
  }

  // The words of a query. Each matches the terms it starts ("prod" finds "product"); a term
  // equal to the word counts in full, longer ones at half weight (see rank).
  function parseQuery(query) {
    var raw = [];
    eachWord(query, function (word, start, end) { raw.push({ term: word, end: end }); });
    var words = [];
    var seen = new Set();
    for (var i = 0; i < raw.length; i++) {
      var typing = i === raw.length - 1 && raw[i].end === query.length;
      var term = raw[i].term;
      var bytes = utf8Length(term);
      if (bytes < 2 || bytes > 40) continue;
      // A stop word is dropped once finished; while typed it may be the start of a longer word.
      if (STOP_WORDS.has(term) && !typing) continue;
      if (seen.has(term)) continue;
      seen.add(term);
      words.push({ term: term });
    }
    if (words.length > 8) words = words.slice(0, 8);
    return words;
  }

  function termsWithPrefix(shard, prefix) {
    if (!shard.sorted) shard.sorted = Object.keys(shard.terms).sort();
    var keys = shard.sorted;
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    var out = [];
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(prefix, 0) === 0; i++) out.push(keys[i]);
    return out;
  }

  function getTitleTerms(docIndex) {
    var terms = titleTerms[docIndex];
    if (!terms) {
      terms = [];
      eachWord(meta.pages[docIndex][0], function (word) { terms.push(word); });
      titleTerms[docIndex] = terms;
    }
    return terms;
  }

  function wordMatches(word, term) {
    return term.lastIndexOf(word.term, 0) === 0;
  }

  // Runs a parsed query against loaded shards: every word must match; returns the best docs.
  function rank(words) {
    var count = meta.pages.length;
    var total = null, least = null, candidates = null;
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      var key = shardKey(word.term);
      var shard = shardData[key];
      if (!shard) return [];
      var terms = termsWithPrefix(shard, word.term);
      if (!terms.length) return [];
      var scores = new Float64Array(count);
      var hits = [];
      for (var t = 0; t < terms.length; t++) {
        var postings = shard.terms[terms[t]];
        var weight = terms[t] === word.term ? 1 : 0.5;
        for (var p = 0; p + 1 < postings.length; p += 2) {
          var d = postings[p];
          if (d >= count) continue;
          if (scores[d] === 0) hits.push(d);
          scores[d] += postings[p + 1] * weight;
        }
      }
      if (total === null) {
        total = scores;
        least = new Float64Array(scores);
        candidates = hits;
      } else {
        var kept = [];
        for (var c = 0; c < candidates.length; c++) {
          var doc = candidates[c];
          var s = scores[doc];
          if (s > 0) {
            total[doc] += s;
            if (s < least[doc]) least[doc] = s;
            kept.push(doc);
          }
        }
        candidates = kept;
      }
      if (!candidates.length) return [];
    }

    // Pages whose title has every word come first. A title word weighs 50 (25 when the title
    // has a longer word), so a page where some word scored less needs no title check.
    var best = [];
    for (var i = 0; i < candidates.length; i++) {
      var docIndex = candidates[i];
      var inTitle = false;
      if (least[docIndex] >= 25) {
        var title = getTitleTerms(docIndex);
        inTitle = words.every(function (word) {
          return title.some(function (term) { return wordMatches(word, term); });
        });
      }
      var entry = { doc: docIndex, inTitle: inTitle, score: total[docIndex] };
      if (best.length < MAX_RESULTS || better(entry, best[best.length - 1])) {
        var at = best.length;
        while (at > 0 && better(entry, best[at - 1])) at--;
        best.splice(at, 0, entry);
        if (best.length > MAX_RESULTS) best.pop();
      }
    }
    return best;
  }

  function better(a, b) {
    if (a.inTitle !== b.inTitle) return a.inTitle;
    if (a.score !== b.score) return a.score > b.score;
    return a.doc < b.doc;
  }

  // ---------------------------------------------------------------- search: text

  // Appends text to parent with the words that match the query wrapped in <mark>.
  function appendMarked(parent, text, words) {
    var last = 0;
    eachWord(text, function (term, start, end) {
      for (var i = 0; i < words.length; i++) {
        if (wordMatches(words[i], term)) {
          if (start > last) parent.appendChild(doc.createTextNode(text.slice(last, start)));
          var mark = doc.createElement("mark");
          mark.textContent = text.slice(start, end);
          parent.appendChild(mark);
          last = end;
          return;
        }
      }
    });
    if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
  }

  // About SNIPPET_LENGTH characters of text around the first place where the most query
  // words come close together.
  function snippetOf(text, words) {
    if (!text) return "";
    if (text.length <= SNIPPET_LENGTH) return text;
    var matches = [];
    eachWord(text, function (term, start) {
      if (matches.length >= 200) return;
      for (var i = 0; i < words.length; i++) {
        if (wordMatches(words[i], term)) { matches.push({ start: start, word: i }); return; }
      }
    });
    var first = -1, bestCount = 0;
    for (var a = 0; a < matches.length && bestCount < words.length; a++) {
      var seen = 0, count = 0;
      for (var b = a; b < matches.length && matches[b].start < matches[a].start + SNIPPET_LENGTH - 60; b++) {
        var bit = 1 << matches[b].word;
        if (!(seen & bit)) { seen |= bit; count++; }
      }
      if (count > bestCount) { bestCount = count; first = matches[a].start; }
    }
    var limit = text.length;
    var start = first < 0 ? 0 : Math.max(0, first - 50);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(limit, start + SNIPPET_LENGTH);
    if (end < limit) {
      var back = text.lastIndexOf(" ", end);
      if (back > start + SNIPPET_LENGTH / 2 && back > first) end = back;
    }
    return (start > 0 ? "\u2026" : "") + text.slice(start, end).trim() + (end < limit ? "\u2026" : "");
  }

  // ---------------------------------------------------------------- search: interface

  function setupSearch() {
    var box = doc.querySelector(".search");
    var input = doc.getElementById("SearchInput");
    var list = doc.getElementById("SearchResults");
    if (!box || !input || !list) return;

    var status = doc.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    box.hidden = false;

    var options = [];   // result elements
    var selected = -1;
    var sequence = 0;   // bumps on every new query so late answers are dropped
    var timer = 0;
    var shownQuery = null;
    var openWhenReady = false;

    function open() {
      if (list.hidden && list.firstChild) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      select(-1);
    }
    function clearResults() {
      while (list.firstChild) list.removeChild(list.firstChild);
      options = [];
      selected = -1;
      input.removeAttribute("aria-activedescendant");
      shownQuery = null;
    }
    function select(index, byPointer) {
      if (selected >= 0 && options[selected]) options[selected].setAttribute("aria-selected", "false");
      selected = index;
      if (index >= 0 && options[index]) {
        options[index].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[index].id);
        if (!byPointer) options[index].scrollIntoView({ block: "nearest" });
      } else {
        selected = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }
    function announce(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function render(query, words, best) {
      clearResults();
      shownQuery = query;
      if (!best.length) {
        var empty = doc.createElement("p");
        empty.className = "search-empty";
        empty.setAttribute("role", "option");
        empty.setAttribute("aria-disabled", "true");
        empty.setAttribute("aria-selected", "false");
        empty.textContent = "No results for \u201c" + query.trim() + "\u201d";
        list.appendChild(empty);
        announce("No results");
      } else {
        var fragment = doc.createDocumentFragment();
        for (var i = 0; i < best.length; i++) {
          var page = meta.pages[best[i].doc];
          var link = doc.createElement("a");
          link.className = "search-result";
          link.id = "SearchResult-" + i;
          link.setAttribute("role", "option");
          link.setAttribute("aria-selected", "false");
          link.tabIndex = -1;
          // From the root ROOT is empty: "./" keeps a page at "javascript:x/" a path, not a scheme.
          link.href = (ROOT || "./") + page[1] + "index.html";
          var title = doc.createElement("span");
          title.className = "search-result-title";
          appendMarked(title, page[0], words);
          link.appendChild(title);
          if (page[2]) {
            var section = doc.createElement("span");
            section.className = "search-result-section";
            section.textContent = page[2];
            link.appendChild(section);
          }
          fragment.appendChild(link);
          options.push(link);
        }
        list.appendChild(fragment);
        announce(best.length === 1 ? "1 result" : best.length + " results");
      }
      if (doc.activeElement === input) open();
      if (openWhenReady) {
        openWhenReady = false;
        if (options.length) go(options[0]);
      }
    }

    function fillSnippets(seq, words, best) {
      var chunkSize = meta.textChunk;
      var chunks = [];
      best.forEach(function (entry) {
        var chunk = Math.floor(entry.doc / chunkSize);
        if (chunks.indexOf(chunk) < 0) chunks.push(chunk);
      });
      chunks.forEach(function (chunk) {
        loadText(chunk).then(function (texts) {
          if (seq !== sequence) return;
          best.forEach(function (entry, i) {
            if (Math.floor(entry.doc / chunkSize) !== chunk || !options[i]) return;
            var text = snippetOf(texts[entry.doc - chunk * chunkSize] || "", words);
            if (!text) return;
            var snippet = doc.createElement("span");
            snippet.className = "search-result-snippet";
            appendMarked(snippet, text, words);
            options[i].appendChild(snippet);
          });
        }, function () { /* snippets are optional; the browser has logged the failed load */ });
      });
    }

    function run() {
      timer = 0;
      var query = input.value;
      var seq = ++sequence;
      var words = parseQuery(query);
      if (!words.length) {
        clearResults();
        close();
        announce("");
        openWhenReady = false;
        return;
      }
      loadMeta().then(function () {
        if (seq !== sequence) return null;
        var keys = [];
        words.forEach(function (word) {
          var key = shardKey(word.term);
          if (keys.indexOf(key) < 0) keys.push(key);
        });
        // Only shards that exist are requested; a missing one means no page has the word.
        var missing = keys.some(function (key) { return !meta.shardSet.has(key); });
        if (missing) return [];
        return Promise.all(keys.map(loadShard)).then(function () { return null; });
      }).then(function (early) {
        if (seq !== sequence) return;
        var best = early || rank(words);
        render(query, words, best);
        if (best.length) fillSnippets(seq, words, best);
      }).catch(function (error) {
        if (seq !== sequence) return;
        clearResults();
        var failed = doc.createElement("p");
        failed.className = "search-empty";
        failed.setAttribute("role", "option");
        failed.setAttribute("aria-disabled", "true");
        failed.setAttribute("aria-selected", "false");
        failed.textContent = "Search is not available here.";
        list.appendChild(failed);
        announce("Search is not available");
        if (doc.activeElement === input) open();
        if (window.console) console.warn("handbook search:", error);
      });
    }

    // The first key of a burst searches at once; keys that follow within 50 ms (fast typing,
    // key repeat) wait until the burst pauses for 30 ms.
    var lastInput = -Infinity;
    function schedule() {
      var now = Date.now();
      var burst = now - lastInput < 50;
      lastInput = now;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, burst ? 30 : 0);
    }

    function go(option) {
      if (!option || !option.href) return;
      close();
      window.location.href = option.href;
    }

    function startLoading() {
      loadMeta().catch(function () { /* reported when a query runs */ });
    }

    input.addEventListener("focus", function () {
      startLoading();
      if (input.value && shownQuery === input.value) open();
      else if (input.value) schedule();
    });
    box.addEventListener("pointerenter", startLoading);
    input.addEventListener("input", function () {
      openWhenReady = false;
      schedule();
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        open();
        var step = key === "ArrowDown" ? 1 : -1;
        var next = selected < 0 ? (step > 0 ? 0 : options.length - 1) : selected + step;
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        select(next);
      } else if (key === "Enter") {
        event.preventDefault();
        if (timer || shownQuery !== input.value) {
          // Results for what was just typed are on their way: open the first when they come.
          openWhenReady = true;
          if (!timer) schedule();
        } else if (selected >= 0) {
          go(options[selected]);
        } else if (options.length) {
          go(options[0]);
        }
      } else if (key === "Escape") {
        event.preventDefault();
        if (input.value || !list.hidden) {
          if (timer) { clearTimeout(timer); timer = 0; }
          sequence++;
          input.value = "";
          clearResults();
          close();
          announce("");
        } else {
          input.blur();
        }
      }
    });

    list.addEventListener("mousemove", function (event) {
      var option = event.target.closest ? event.target.closest(".search-result") : null;
      if (option) {
        var index = options.indexOf(option);
        if (index >= 0 && index !== selected) select(index, true);
      }
    });

    // Close the list when focus or a click goes elsewhere.
    box.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !box.contains(event.relatedTarget)) {
        setTimeout(function () {
          if (!box.contains(doc.activeElement)) close();
        }, 0);
      }
    });
    doc.addEventListener("pointerdown", function (event) {
      if (!box.contains(event.target)) close();
    });

    // "/" focuses the search box unless the reader is typing somewhere.
    doc.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      startLoading();
      input.focus();
      input.select();
    });

    // Coming back from the back/forward cache: start with a closed list.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) close();
    });
  }

  setupThemeToggle();
  followAnchorInAnyCase();
  window.addEventListener("hashchange", followAnchorInAnyCase);
  setupTocHighlight();
  setupSearch();
})();
