/* Progressive enhancement, no framework: copy-link buttons, citation popovers, search.
   Without this file every citation is a plain link to its passage and every page works. */
(function () {
  "use strict";

  var here = document.currentScript;
  /* The root of the page's edition (`data-root`, a link to its home): the original's is the
     site's root, another edition's its folder (en/); site.js itself sits at the site's root. */
  var siteRoot = new URL(here && here.getAttribute("data-root") ? here.getAttribute("data-root") : ".",
                         here && here.getAttribute("data-root") ? location.href : (here ? here.src : location.href));
  var live; // one polite live region for short announcements

  /* What this script says to readers, in the page's language: the JSON block that base.html
     renders from the interface's catalog (data, not script: the CSP allows no inline script).
     Without it, English. */
  var ENGLISH = {
    copyLink: "Copy the link",
    linkCopied: "Link copied",
    claimLinkCopied: "Link to the claim copied",
    copyFailed: "The link could not be copied",
    readPassage: "Read the passage in the source",
    quoted: "\u201c%(quote)s\u201d",
    searching: "Searching\u2026",
    noResults: "No results for \u201c%(query)s\u201d.",
    results: { one: "%(count)s result for \u201c%(query)s\u201d.", other: "%(count)s results for \u201c%(query)s\u201d." },
    searchFailed: "The search could not be loaded.",
    ourTranslation: "Our translation:"
  };
  var words = (function () {
    var block = document.getElementById("interface-text");
    try {
      var found = block ? JSON.parse(block.textContent) : null;
      return found && typeof found === "object" ? found : {};
    } catch (error) {
      return {};
    }
  })();

  /* A message with its %(name)s placeholders filled in. */
  function say(key, values) {
    var text = typeof words[key] === "string" ? words[key] : ENGLISH[key];
    return fill(text, values);
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s|%%/g, function (match, name) {
      return name ? String(values && name in values ? values[name] : match) : "%";
    });
  }

  /* A message with a count: the form of the count's plural category in the page's language. */
  function sayCount(key, count, values) {
    var forms = words[key] && typeof words[key] === "object" ? words[key] : ENGLISH[key];
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
    } catch (error) { /* an unknown language: "other" */ }
    var text = forms[category] || forms.other || ENGLISH[key].other;
    var all = { count: count };
    for (var name in values) all[name] = values[name];
    return fill(text, all);
  }

  function landmark() { // what we add goes inside <main>, so that all content stays in landmarks
    return document.querySelector("main") || document.body;
  }

  function announce(text) {
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      landmark().appendChild(live);
    }
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }

  /* Copy-link buttons beside each claim's permalink */

  function addCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.querySelectorAll(".claim-tools .permalink").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.textContent = say("copyLink");
      button.addEventListener("click", function () {
        var address = new URL(link.getAttribute("href"), location.href).href;
        navigator.clipboard.writeText(address).then(function () {
          button.textContent = say("linkCopied");
          announce(say("claimLinkCopied"));
          setTimeout(function () { button.textContent = say("copyLink"); }, 2000);
        }, function () { announce(say("copyFailed")); });
      });
      link.parentNode.appendChild(button);
    });
  }

  /* Citation popovers: hover, keyboard focus or tap shows the quote, the outlet and the date */

  var popover, current = null, byTap = false, hideTimer = 0, lastPointer = "mouse";

  function citationOf(node) {
    return node && node.closest ? node.closest("a.citation[data-quote]") : null;
  }

  function makePopover() {
    popover = document.createElement("div");
    popover.id = "citation-popover";
    popover.className = "popover";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", cancelHide);
    popover.addEventListener("mouseleave", scheduleHide);
    landmark().appendChild(popover);
  }

  function show(link, tapped) {
    cancelHide();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    byTap = tapped;
    var quote = document.createElement("blockquote");
    quote.textContent = say("quoted", { quote: link.getAttribute("data-quote") });
    if (link.getAttribute("data-quote-lang")) quote.lang = link.getAttribute("data-quote-lang");
    var where = document.createElement("p");
    where.textContent = "— " + link.textContent.trim();
    popover.replaceChildren(quote);
    var translated = link.getAttribute("data-translation");
    if (translated) { /* a quote in another language than the page's: the site's translation beside it */
      var ours = document.createElement("p");
      ours.className = "quote-translation";
      ours.textContent = say("ourTranslation") + " " + translated;
      popover.appendChild(ours);
    }
    popover.appendChild(where);
    if (tapped) {
      var go = document.createElement("a");
      go.href = link.href;
      go.textContent = say("readPassage");
      var line = document.createElement("p");
      line.appendChild(go);
      popover.appendChild(line);
    }
    popover.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", popover.id);
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = popover.offsetWidth, height = popover.offsetHeight;
    var viewport = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, viewport - width - 8));
    var top = box.bottom + 6;
    if (top + height > window.innerHeight && box.top - height - 6 > 0) top = box.top - height - 6;
    popover.style.left = (left + window.scrollX) + "px";
    popover.style.top = (top + window.scrollY) + "px";
  }

  function hide() {
    cancelHide();
    if (!popover || popover.hidden) return;
    popover.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    byTap = false;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(hide, 250);
  }

  function cancelHide() {
    clearTimeout(hideTimer);
  }

  function setUpPopovers() {
    if (!document.querySelector("a.citation[data-quote]")) return;
    makePopover();
    document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
    document.addEventListener("mouseover", function (event) {
      var link = citationOf(event.target);
      if (link && lastPointer !== "touch" && link !== current) show(link, false);
      else if (link) cancelHide();
    });
    document.addEventListener("mouseout", function (event) {
      if (citationOf(event.target) && !byTap) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var link = citationOf(event.target);
      if (link) show(link, false);
      else if (!popover.contains(event.target)) hide();
    });
    document.addEventListener("focusout", function (event) {
      if (citationOf(event.target) && !byTap) scheduleHide();
    });
    document.addEventListener("click", function (event) {
      var link = citationOf(event.target);
      if (link && lastPointer === "touch" && !(link === current && byTap)) {
        event.preventDefault(); // first tap shows the quote; the popover's link (or a second tap) opens the passage
        show(link, true);
      } else if (!link && !popover.contains(event.target)) {
        hide();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    window.addEventListener("resize", hide);
  }

  /* Search with Pagefind's index (built at build time in pagefind/) */

  function setUpSearch() {
    var results = document.getElementById("resultats");
    var form = document.querySelector("form.search-page");
    if (!results || !form) return;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("resultats-etat");
    var engine = null, asked = 0, timer = 0;

    function load() {
      if (!engine) {
        var bundle = new URL("pagefind/", siteRoot);
        engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
          return Promise.resolve(pagefind.options({ baseUrl: siteRoot.pathname })).then(function () {
            /* A large site's index comes in shards (listed in shards.json), searched together */
            return fetch(new URL("shards.json", bundle)).then(function (response) {
              return response.ok ? response.json() : { shards: [] };
            }).then(function (list) {
              return Promise.all(list.shards.map(function (folder) {
                return pagefind.mergeIndex(new URL(folder, bundle).pathname, { baseUrl: siteRoot.pathname });
              }));
            }).then(function () { return pagefind; });
          });
        });
      }
      return engine;
    }

    /* One entry per place found: each claim of a sheet is its own result (Pagefind's
       sub-result for the claim's heading in the indexed document), linking to the claim's
       anchor, with the sheet it belongs to; a source or a page is one result. */
    function entries(data) {
      var places = data.sub_results && data.sub_results.length ? data.sub_results : [data];
      return places.map(function (place) {
        var entry = document.createElement("li");
        var link = document.createElement("a");
        link.href = place.url;
        var within = place.url !== data.url;
        link.textContent = (within ? place.title : data.meta && data.meta.title) || place.url;
        entry.append(link);
        if (within && data.meta && data.meta.title) {
          var sheet = document.createElement("p");
          sheet.className = "search-page-title";
          sheet.textContent = data.meta.title;
          entry.append(sheet);
        }
        var excerpt = document.createElement("p");
        excerpt.innerHTML = place.excerpt; // Pagefind's excerpt: the indexed text, escaped, with <mark>
        entry.append(excerpt);
        return entry;
      });
    }

    function run(query) {
      var ticket = ++asked;
      if (!query.trim()) {
        results.replaceChildren();
        status.textContent = "";
        return;
      }
      status.textContent = say("searching");
      load().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (pages) {
          if (ticket !== asked) return;
          var shown = [].concat.apply([], pages.map(entries));
          results.replaceChildren.apply(results, shown);
          var count = shown.length;
          status.textContent = count === 0 ? say("noResults", { query: query })
            : sayCount("results", count, { query: query });
        });
      }).catch(function () {
        status.textContent = say("searchFailed");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 250);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  addCopyButtons();
  /* The language switch keeps the reader's place, down to the claim: every edition gives a
     claim the same anchor, so the link to the other edition takes the page's current one. */
  function setUpEditions() {
    document.querySelectorAll("nav.editions a[hreflang]").forEach(function (link) {
      link.addEventListener("click", function () {
        if (location.hash) {
          var target = new URL(link.href);
          target.hash = location.hash;
          link.href = target.href;
        }
      });
    });
  }

  setUpPopovers();
  setUpSearch();
  setUpEditions();
})();
