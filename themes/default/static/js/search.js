/* ketenwijzer search client.
 *
 * One classic script: no modules, no fetch, no WebAssembly, no storage.
 * The index (built by src/search/) ships as script files in zoeken/ that call
 * window.__kwSearch.register(kind, n, data); they are loaded lazily with
 * <script src>, so search works from file:// and over HTTP alike.
 *
 * window.__kwSearch.query(q, options) is pure: it ranks with whatever data is
 * loaded and lists the files it still needs in result.missing.
 * window.__kwSearch.search(q, options) loads what is needed, then queries.
 *
 * fold/tokenize/stem and the ranking mirror src/search/{fold,stem}.rs and
 * src/search/query.rs: keep them in step.
 */
(function () {
  "use strict";

  var W = typeof window !== "undefined" ? window : this;
  var DOC = typeof document !== "undefined" ? document : null;

  /* ---------- texts (Dutch interface) ---------- */
  var T = {
    results: function (n, q) {
      return (n === 1 ? "1 resultaat" : n + " resultaten") + " voor ‘" + q + "’";
    },
    none: function (q) { return "Niets gevonden voor ‘" + q + "’."; },
    loading: "Zoeken…",
    unavailable: "Zoeken is nu niet beschikbaar. Gebruik het menu of de lijsten van ketenpartners en begrippen.",
    empty: "Typ een zoekterm.",
    alsoSearched: "Ook gezocht op: ",
    didYouMean: "Bedoelde je ",
    didYouMeanEnd: "?",
    or: " of ",
    helpPages: "Misschien helpt een van deze routes of signalenlijsten:",
    wayOut: ["Zoek een woord op in de ", "begrippenlijst", " of kijk bij ", "Wie bel ik?", "."],
    subs: function (n) { return n === 1 ? "Ook in 1 ander deel van deze pagina" : "Ook in " + n + " andere delen van deze pagina"; },
    more: "Meer resultaten",
    allResults: function (q) { return "Alle resultaten voor ‘" + q + "’"; },
    suggestions: function (n) {
      return n === 0 ? "Geen suggesties" : n === 1 ? "1 suggestie" : n + " suggesties";
    },
    listbox: "Zoeksuggesties",
    filters: "Filters",
    hint: "Pijltjes omhoog en omlaag kiezen een suggestie, Enter opent hem, Escape sluit de lijst."
  };

  /* ---------- folding, tokenising, stop words (mirror of fold.rs) ---------- */
  var FOLD = {};
  [
    ["àáâãäåāăą", "a"], ["çćčĉċ", "c"], ["ďđð", "d"], ["èéêëēėęěĕ", "e"], ["ĝğġģ", "g"],
    ["ĥħ", "h"], ["ìíîïīĭįıĩ", "i"], ["ĵ", "j"], ["ķ", "k"], ["ĺļľŀł", "l"], ["ñńņň", "n"],
    ["òóôõöøōŏő", "o"], ["ŕŗř", "r"], ["śŝşšș", "s"], ["ţťŧț", "t"], ["ùúûüũūŭůűų", "u"],
    ["ŵ", "w"], ["ýÿŷ", "y"], ["źżž", "z"], ["ß", "ss"], ["æ", "ae"], ["œ", "oe"], ["ĳ", "ij"],
    ["þ", "th"]
  ].forEach(function (g) {
    for (var i = 0; i < g[0].length; i++) FOLD[g[0][i]] = g[1];
  });
  var RE_MARK = /[\u0300-\u036f]/;
  var RE_WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]/u;
  var RE_ALPHA = /\p{Alphabetic}/u;
  var RE_UPPER = /\p{Uppercase}/u;
  var RE_APOS = /['’‘ʼ]/;
  var RE_JOIN = /[-\u2010\u2011\u00ad]/;
  var MAX_TOKEN = 40;

  function fold(s) {
    var out = "";
    for (var ch of s) {
      var c = ch.charCodeAt(0) < 128 ? ch.toLowerCase() : null;
      if (c !== null) { out += c; continue; }
      var low = ch.toLowerCase();
      for (var l of low) {
        if (RE_MARK.test(l)) continue;
        var f = FOLD[l];
        out += f === undefined ? l : f;
      }
    }
    return out;
  }

  var STOP = {};
  ("aan af al alle alleen als altijd ben bent bij daar dan dat de der des deze die dit doe doen " +
   "doet door dus een eens en er ga gaan gaat geen had heb hebben hebt heeft het hier hij hoe hun " +
   "ik in is ja je jij jou jouw jullie kan kun kunt kunnen maar me mee men met mij mijn moet moeten " +
   "na naar nee niet niets nog nu of om omdat ons onze ook op over te tot u uit uw van veel voor " +
   "waar wanneer waarom was wat we wel welk welke werd wie wij wil wordt worden zal ze zei zelf " +
   "zich zij zijn zo zou zonder").split(" ").forEach(function (w) { STOP[w] = true; });
  function isStop(w) { return STOP[w] === true; }

  function makeToken(raw, part) {
    var text = fold(raw);
    var n = Array.from(text).length;
    if (n < 2 || n > MAX_TOKEN) return null;
    var letters = 0, upper = 0;
    for (var c of raw) {
      if (RE_ALPHA.test(c)) { letters++; if (RE_UPPER.test(c)) upper++; }
    }
    return { text: text, upper: letters >= 2 && upper === letters, part: part };
  }

  function tokenize(s) {
    var out = [];
    var chars = Array.from(s);
    var i = 0;
    while (i < chars.length) {
      if (!RE_WORD.test(chars[i])) { i++; continue; }
      var pieces = [];
      var cur = "";
      while (i < chars.length) {
        var c = chars[i];
        if (RE_WORD.test(c)) { cur += c; i++; }
        else if (RE_APOS.test(c) && cur !== "" && i + 1 < chars.length && RE_WORD.test(chars[i + 1])) {
          // zo'n, m'n, z'n: the clitic ends the word ("zo'n" is not "zon")
          if (/^[ntNT]$/.test(chars[i + 1]) && (i + 2 >= chars.length || !RE_WORD.test(chars[i + 2]))) { i += 2; break; }
          i++;
        }
        else if (RE_JOIN.test(c) && cur !== "" && i + 1 < chars.length && RE_WORD.test(chars[i + 1])) {
          pieces.push(cur); cur = ""; i++;
        } else break;
      }
      if (cur !== "") pieces.push(cur);
      var t;
      if (pieces.length === 1) {
        t = makeToken(pieces[0], false);
        if (t) out.push(t);
      } else if (pieces.length > 1) {
        t = makeToken(pieces.join(""), false);
        if (t) out.push(t);
        for (var p = 0; p < pieces.length; p++) {
          t = makeToken(pieces[p], true);
          if (t) out.push(t);
        }
      }
    }
    return out;
  }

  /* ---------- stemmer (mirror of stem.rs) ---------- */
  function isVowel(c) { return "aeiouy".indexOf(c) >= 0; }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  var ES_KEEP = ["proces", "adres", "interes", "ambtenares"];

  function stripPluralS(w) {
    var n = w.length;
    if (n < 5 || w[n - 1] !== "s") return w;
    var strip;
    if (ends(w, "ers") || ends(w, "els") || ends(w, "ems")) strip = true;
    else if (ends(w, "ens")) strip = n >= 6;
    else if (ends(w, "ys") || ends(w, "os")) strip = true;
    else if (ends(w, "es")) {
      strip = (n >= 6 && !isVowel(w[n - 3]) && !ES_KEEP.some(function (k) { return ends(w, k); })) ||
        ends(w, "ies");
    } else strip = ends(w, "aars") || ends(w, "eurs") || ends(w, "ors");
    return strip ? w.slice(0, -1) : w;
  }

  function repair(w, eOnly) {
    var n = w.length;
    if (n < 3) return w;
    var last = w[n - 1];
    if (last === w[n - 2] && !isVowel(last)) return w.slice(0, -1);
    if (last === "v") w = w.slice(0, -1) + "f";
    else if (last === "z") w = w.slice(0, -1) + "s";
    if (eOnly && ends(w, "el") && n >= 5) return w.slice(0, n - 1) + "e" + w.slice(n - 1);
    last = w[n - 1];
    var v = w[n - 2], before = w[n - 3];
    var latinTor = ends(w, "tor") && n >= 4 && (isVowel(w[n - 4]) || w[n - 4] === "c");
    if (!latinTor && !isVowel(last) && last !== "w" && last !== "j" && "aou".indexOf(v) >= 0 && !isVowel(before)) {
      return w.slice(0, n - 1) + v + w.slice(n - 1);
    }
    return w;
  }

  var ING_KEEP = ["handeling"];
  function agentSterBefore(c) { return "kgdpbrfl".indexOf(c) >= 0; }

  /* -ing → verb stem, -elaar → -el, female -ster → -er; null if none. */
  function stripDerivation(w) {
    var n = w.length;
    if (ends(w, "ing") && n >= 7 && !isVowel(w[n - 4]) && ING_KEEP.indexOf(w) < 0) return repair(w.slice(0, n - 3), false);
    if (ends(w, "elaar") && n >= 8) return w.slice(0, n - 3);
    if (ends(w, "ster") && n >= 8 && agentSterBefore(w[n - 5])) return w.slice(0, n - 4) + "er";
    return null;
  }

  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word, n = w.length;
    if (ends(w, "heden") && n >= 8) return w.slice(0, n - 5) + "heid";
    if (ends(w, "dt") && n >= 5) return w.slice(0, -1);
    w = stripPluralS(w);
    n = w.length;
    if (ends(w, "elaren") && n >= 9) return w.slice(0, n - 4);
    var dv;
    if (ends(w, "ingen") && (dv = stripDerivation(w.slice(0, n - 2))) !== null) return dv;
    if ((dv = stripDerivation(w)) !== null) return dv;
    if (ends(w, "tje") && n >= 6) return w.slice(0, n - 3);
    if (ends(w, "je") && n >= 6 && w[n - 3] !== "i" && w[n - 3] !== "j") return w.slice(0, n - 2);
    if (ends(w, "en") && n >= 5 && w[n - 3] !== "i") return repair(w.slice(0, n - 2), false);
    if (ends(w, "e") && n >= 5 && !isVowel(w[n - 2])) return repair(w.slice(0, n - 1), true);
    return w;
  }

  /* ---------- data registry ---------- */
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  for (var ai = 0; ai < 64; ai++) DIGIT[ALPHABET[ai]] = ai;

  var store = { meta: null, t: {}, w: {}, d: {} };
  var cache = { entries: {}, words: {}, docs: {}, postings: new Map(), facetIds: null, units: null, rel: null, rules: null, pageOf: null };

  function register(kind, n, payload) {
    if (kind === "meta") {
      // a new meta part (first load, or a reload after a rebuild): parts
      // loaded before belong to the old index
      for (var k in loading) if (k !== "index-0.js") delete loading[k];
      store = { meta: payload, t: {}, w: {}, d: {} };
      cache = { entries: {}, words: {}, docs: {}, postings: new Map(), facetIds: null, units: null, rel: null, rules: null, pageOf: null };
    } else if (kind === "t" || kind === "w" || kind === "d") {
      store[kind][n] = payload;
    }
  }

  function decodePostings(s) {
    var hit = cache.postings.get(s);
    if (hit) return hit;
    var docs = [], imps = [];
    var i = 0, doc = 0;
    while (i < s.length) {
      var v = 0, shift = 0, d;
      for (;;) {
        d = DIGIT[s[i++]];
        if (d >= 32) { v += (d - 32) * Math.pow(2, shift); shift += 5; }
        else { v += d * Math.pow(2, shift); break; }
      }
      doc += v;
      docs.push(doc);
      imps.push(DIGIT[s[i++]]);
    }
    var r = { docs: docs, imps: imps };
    cache.postings.set(s, r);
    return r;
  }

  function decodeIds(s) {
    var out = [], i = 0, doc = 0;
    while (i < s.length) {
      var v = 0, shift = 0, d;
      for (;;) {
        d = DIGIT[s[i++]];
        if (d >= 32) { v += (d - 32) * Math.pow(2, shift); shift += 5; }
        else { v += d * Math.pow(2, shift); break; }
      }
      doc += v;
      out.push(doc);
    }
    return out;
  }

  /* Which part of a sorted range map holds key? (last part whose first <= key) */
  function partIndex(map, key) {
    var lo = 0, hi = map.length - 1, ans = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (map[mid][0] <= key) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  function fileOf(kind, n) { return store.meta.files[store.meta[kind][n][1]]; }

  /* A lookup context collects the files that were needed but not loaded. */
  function need(ctx, kind, n) {
    if (store[kind][n] !== undefined) return true;
    ctx.missing[fileOf(kind, n)] = true;
    return false;
  }

  /* Read a front-coded word at s[i]: [word, next index]. Stops at A-Z ! + */
  function readWord(s, i, base) {
    var shared = s.charCodeAt(i) - 65;
    var j = i + 1;
    while (j < s.length) {
      var c = s.charCodeAt(j);
      if ((c >= 65 && c <= 90) || c === 33 || c === 43) break;
      j++;
    }
    return [base.slice(0, shared) + s.slice(i + 1, j), j];
  }

  /* Parse a term shard {k, p} (see emit.rs: shard_json) into entries
     {key, vars: [{term, list}], comp}. */
  function parseShard(part) {
    var k = part.k, lists = part.p === "" ? [] : part.p.split(" ");
    var out = [];
    var i = 0, prev = "";
    while (i < k.length) {
      var r = readWord(k, i, prev);
      var key = r[0];
      i = r[1];
      var terms = [];
      if (k[i] === "!") i++; else terms.push(key);
      while (k[i] === "+") {
        r = readWord(k, i + 1, key);
        terms.push(r[0]);
        i = r[1];
      }
      var spec = lists[out.length] || "";
      var tilde = spec.indexOf("~");
      var vars = tilde >= 0 ? spec.slice(0, tilde) : spec;
      var comp = tilde >= 0 ? spec.slice(tilde + 1) : "";
      var vl = vars === "" ? [] : vars.split(",");
      var vs = [];
      for (var t = 0; t < terms.length; t++) vs.push({ term: terms[t], list: vl[t] || "" });
      out.push({ key: key, vars: vs, comp: comp });
      prev = key;
    }
    return out;
  }

  function entryFor(ctx, key) {
    var map = store.meta.t;
    if (!map.length) return null;
    var n = partIndex(map, key);
    if (!need(ctx, "t", n)) return null;
    var idx = cache.entries[n];
    if (!idx) {
      idx = new Map();
      parseShard(store.t[n]).forEach(function (e) { idx.set(e.key, e); });
      cache.entries[n] = idx;
    }
    return idx.get(key) || null;
  }

  /* variants of an entry: [{term, list}] */
  function variantsOf(e) { return e.vars; }

  function variantList(ctx, word) {
    var e = entryFor(ctx, stem(word));
    if (!e) return null;
    var vs = variantsOf(e);
    for (var i = 0; i < vs.length; i++) if (vs[i].term === word) return vs[i].list;
    return null;
  }

  function wordsOf(n) {
    var w = cache.words[n];
    if (w) return w;
    var s = store.w[n];
    w = [];
    var prev = "", i = 0;
    while (i < s.length) {
      var shared = s.charCodeAt(i) - 65;
      var j = i + 1;
      while (j < s.length && !(s.charCodeAt(j) >= 65 && s.charCodeAt(j) <= 90)) j++;
      prev = prev.slice(0, shared) + s.slice(i + 1, j);
      w.push(prev);
      i = j;
    }
    cache.words[n] = w;
    return w;
  }

  /* All words in [lo, hi) (hi may be null = no bound) across word parts. */
  function wordsInRange(ctx, lo, test) {
    var map = store.meta.w;
    var out = [];
    if (!map.length) return out;
    for (var n = partIndex(map, lo); n < map.length; n++) {
      if (n > partIndex(map, lo) && !test(map[n][0])) break;
      if (!need(ctx, "w", n)) continue;
      var ws = wordsOf(n);
      var a = 0, b = ws.length;
      while (a < b) { var m = (a + b) >> 1; if (ws[m] < lo) a = m + 1; else b = m; }
      for (var k = a; k < ws.length; k++) {
        if (!test(ws[k])) return out;
        out.push(ws[k]);
      }
    }
    return out;
  }

  /* ---------- compound splitting of a query word (mirror of compound.rs) ---------- */
  /* Is w one of the index's words? true, false, or null when its word list is
     not loaded yet (it is then listed in ctx.missing). */
  function wordListHas(ctx, w, prefix) {
    var map = store.meta.w;
    if (!map.length) return false;
    var n = partIndex(map, w);
    if (!need(ctx, "w", n)) return null;
    var ws = wordsOf(n);
    var a = 0, b = ws.length;
    while (a < b) { var m = (a + b) >> 1; if (ws[m] < w) a = m + 1; else b = m; }
    var next = a < ws.length ? ws[a] : (n + 1 < map.length ? map[n + 1][0] : null);
    if (next === null) return false;
    return prefix ? next.slice(0, w.length) === w : next === w;
  }

  function rules() {
    if (cache.rules) return cache.rules;
    var cs = store.meta.cs || { min: 1e9, part: 1e9, link: [], head: [], mod: [], no: [], dom: [] };
    var set = function (l) { var o = {}; l.forEach(function (x) { o[x] = true; }); return o; };
    cache.rules = {
      min: cs.min, part: cs.part, link: cs.link, head: set(cs.head), mod: set(cs.mod), no: set(cs.no),
      dom: set(cs.dom), domList: cs.dom.slice().sort()
    };
    return cache.rules;
  }

  /* A word of the splitter's lexicon: an indexed word or a domain word, at
     least `part` letters, a-z only, no stop word. */
  function lexHas(ctx, w, R) {
    if (w.length < R.part || !/^[a-z]+$/.test(w) || isStop(w)) return false;
    if (R.dom[w]) return true;
    return wordListHas(ctx, w, false) === true;
  }
  /* Could a lexicon word start with w? (only prunes; unknown counts as yes) */
  function lexPrefix(ctx, w, R) {
    for (var i = 0; i < R.domList.length; i++) if (R.domList[i].slice(0, w.length) === w) return true;
    return wordListHas(ctx, w, true) !== false;
  }

  function segBetter(c, cur) {
    if (!cur) return true;
    if (c.parts !== cur.parts) return c.parts < cur.parts;
    if (c.links !== cur.links) return c.links < cur.links;
    return c.head > cur.head;
  }

  /* The parts of a query word (fewest parts, one level), or []. */
  function splitQuery(ctx, word) {
    var R = rules();
    var n = word.length;
    if (n < R.min || !/^[a-z]+$/.test(word) || R.no[word]) return [];
    var best = new Array(n + 1);
    var memo = {};
    function ok(part, last) {
      var k = (last ? "1" : "0") + part;
      if (memo[k] === undefined) memo[k] = lexHas(ctx, part, R) && !(last ? R.head[part] : R.mod[part]);
      return memo[k];
    }
    // Only the positions a segmentation can reach from the start matter (the
    // same best[0] as compound.rs, which fills every position): look words
    // up there only, so only their word lists are loaded.
    var reach = new Uint8Array(n + 1);
    reach[0] = 1;
    for (var f = 0; f < n; f++) {
      if (!reach[f]) continue;
      for (var g = f + R.part; g < n; g++) {
        var piece = word.slice(f, g);
        if (!lexPrefix(ctx, piece, R)) break;
        if (!ok(piece, false)) continue;
        for (var lk = 0; lk < R.link.length; lk++) {
          var to = g + R.link[lk].length;
          if (to < n && word.slice(g, to) === R.link[lk]) reach[to] = 1;
        }
      }
    }
    for (var i = n - 1; i >= 0; i--) {
      if (!reach[i]) continue;
      var cand = null;
      for (var j = i + R.part; j <= n; j++) {
        var part = word.slice(i, j);
        if (!lexPrefix(ctx, part, R)) break;
        if (j === n) {
          if (i > 0 && ok(part, true)) {
            var c = { parts: 1, links: 0, head: part.length, end: j, rest: n };
            if (segBetter(c, cand)) cand = c;
          }
          continue;
        }
        if (!ok(part, false)) continue;
        for (var li = 0; li < R.link.length; li++) {
          var link = R.link[li], k2 = j + link.length;
          if (k2 >= n || word.slice(j, k2) !== link) continue;
          var r = best[k2];
          if (r) {
            var c2 = { parts: r.parts + 1, links: r.links + link.length, head: r.head, end: j, rest: k2 };
            if (segBetter(c2, cand)) cand = c2;
          }
        }
      }
      best[i] = cand;
    }
    if (!best[0]) return [];
    var raw = [], at = 0;
    while (best[at]) {
      raw.push(word.slice(at, best[at].end));
      if (best[at].rest >= n) break;
      at = best[at].rest;
    }
    var out = [];
    raw.forEach(function (p, pi) {
      if (pi < raw.length - 1 && p.charAt(p.length - 1) === "s" && lexHas(ctx, p.slice(0, -1), R)) p = p.slice(0, -1);
      if (out.indexOf(p) < 0) out.push(p);
    });
    return out;
  }

  function slug(s) {
    var f = fold(s), out = "", dash = false;
    for (var i = 0; i < f.length; i++) {
      var c = f[i];
      if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9")) {
        if (dash && out !== "") out += "-";
        dash = false;
        out += c;
      } else dash = true;
    }
    return out;
  }

  /* Decode a document chunk (see emit.rs: doc_json): each document may be
     written relative to the previous one. */
  function docsOf(n) {
    var docs = cache.docs[n];
    if (docs) return docs;
    docs = [];
    var prev = null;
    store.d[n].forEach(function (r) {
      var url = r[0], pt = r[2];
      if (prev) {
        var page = prev[0].split("#")[0];
        if (url === "") url = page + "#" + slug(r[1]);
        else if (url.charAt(0) === "#") url = page + url;
        if (pt === 1) pt = prev[2];
      }
      prev = [url, r[1], pt, r[3], r[4]];
      docs.push(prev);
    });
    cache.docs[n] = docs;
    return docs;
  }

  function docInfo(ctx, id) {
    var map = store.meta.d;
    var lo = 0, hi = map.length - 1, n = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (map[mid][0] <= id) { n = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (!need(ctx, "d", n)) return null;
    return docsOf(n)[id - map[n][0]] || null;
  }

  function facetData() {
    if (cache.facetIds) return cache;
    cache.facetIds = store.meta.facets.map(function (f) {
      return f.values.map(function (v) { return decodeIds(v[2]); });
    });
    return cache;
  }

  /* ---------- query (mirror of query.rs) ---------- */
  var CLASS = { exact: 0, stem: 1, compound: 2, synonym: 3, prefix: 4, typo: 5 };
  var CLASS_NAME = ["exact", "stem", "compound", "synonym", "prefix", "typo"];
  var CLASS_W = [1.0, 0.9, 0.7, 0.7, 0.6, 0.5];
  var STOP_WEIGHT = 0.3, MAX_PREFIX = 12, MAX_TYPO = 3, RERANK = 10;

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  /* Per-document unit impacts and the relative steps (see index.rs). */
  function impactTables() {
    if (cache.units) return cache;
    var m = store.meta;
    var u = new Float64Array(m.n);
    for (var d = 0; d < m.n; d++) u[d] = m.um * Math.exp(DIGIT[m.u[d]] * m.us);
    var rel = new Float64Array(64);
    for (var q = 0; q < 64; q++) rel[q] = Math.exp((q - m.ro) * m.rs);
    cache.units = u;
    cache.rel = rel;
    return cache;
  }

  /* A sparse accumulator over documents: s (score), c (class, 255 = none),
     ids (the documents touched, in order of first touch). */
  function Acc(n) {
    this.s = new Float64Array(n);
    this.c = new Uint8Array(n).fill(255);
    this.ids = [];
  }

  /* Score the lists that matched one query word: [[list, cls, extra]].
     The idf belongs to the word (documents matched in any way), so the class
     weights decide between a rare compound and a common exact form. */
  function scoreLists(lists) {
    var n = store.meta.n, df = 0;
    var t = impactTables(), units = t.units, rel = t.rel;
    var acc = new Acc(n);
    var dec = lists.map(function (l) { var p = decodePostings(l[0]); df += p.docs.length; return p; });
    var wIdf = idf(n, Math.min(n, df));
    for (var li = 0; li < lists.length; li++) {
      var p = dec[li], cls = lists[li][1];
      var w = CLASS_W[cls] * wIdf * lists[li][2];
      var docs = p.docs, imps = p.imps;
      for (var i = 0; i < docs.length; i++) {
        var d = docs[i];
        var v = w * units[d] * rel[imps[i]];
        if (acc.c[d] === 255) { acc.ids.push(d); acc.s[d] = v; acc.c[d] = cls; }
        else if (v > acc.s[d]) { acc.s[d] = v; acc.c[d] = cls; }
      }
    }
    return acc;
  }

  /* Bounded Damerau-Levenshtein (optimal string alignment): the distance, or
     max + 1 once it is certain to exceed max. */
  function editDistance(a, b, max) {
    if (max === undefined) max = 1e9;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > max) return max + 1;
    var prev2 = new Array(lb + 1), prev = new Array(lb + 1), cur = new Array(lb + 1);
    for (var j = 0; j <= lb; j++) prev[j] = j;
    for (var i = 1; i <= la; i++) {
      cur[0] = i;
      var rowMin = i;
      var ai = a.charCodeAt(i - 1);
      for (j = 1; j <= lb; j++) {
        var bj = b.charCodeAt(j - 1);
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      var tmp = prev2; prev2 = prev; prev = cur; cur = tmp;
    }
    return prev[lb];
  }

  function byLenThenAlpha(a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); }

  /* Scores of one query word (an Acc), and a typo correction if one was used. */
  function termScores(ctx, t, prefixOk) {
    var lists = [];
    var key = stem(t.text);
    var missingBefore = Object.keys(ctx.missing).length;
    var e = entryFor(ctx, key);
    // not known yet whether the index holds the word (its shard is loading)
    var unsure = Object.keys(ctx.missing).length > missingBefore;
    if (e) {
      variantsOf(e).forEach(function (v) {
        if (v.term === t.text) { lists.push([v.list, CLASS.exact, 1]); ctx.hl[v.term] = true; }
        else if (!t.stop) { lists.push([v.list, CLASS.stem, 1]); ctx.hl[v.term] = true; }
      });
      if (!t.stop && e.comp) { lists.push([e.comp, CLASS.compound, 1]); ctx.parts.push(t.text, key); }
    }
    if (t.stop) return { scores: scoreLists(lists), fix: null };
    // a word the index does not hold: the words it is made of, all of them
    var split = null;
    if (!unsure && !(e && e.vars.length)) {
      var parts = splitQuery(ctx, t.text);
      if (parts.length >= 2) split = partsScores(ctx, parts);
    }
    if (prefixOk) {
      var pre = t.text;
      var cands = wordsInRange(ctx, pre, function (w) { return w.slice(0, pre.length) === pre; })
        .filter(function (w) { return w !== pre && stem(w) !== key && !isStop(w); });
      cands.sort(byLenThenAlpha);
      cands.slice(0, MAX_PREFIX).forEach(function (w) {
        var list = variantList(ctx, w);
        if (list) { lists.push([list, CLASS.prefix, 1]); ctx.hl[w] = true; }
      });
    }
    var len = Array.from(t.text).length;
    if (lists.length === 0 && !(split && split.ids.length) && len >= 5 && Object.keys(ctx.missing).length === 0) {
      var maxd = len <= 8 ? 1 : 2;
      var first = t.text.charAt(0);
      var words = wordsInRange(ctx, first, function (w) { return w.charAt(0) === first; });
      var found = [];
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (Math.abs(w.length - t.text.length) > maxd) continue;
        var d = editDistance(t.text, w, maxd);
        if (d > maxd) continue;
        var list = variantList(ctx, w);
        var df = list ? decodePostings(list).docs.length : 0;
        if (df > 0) found.push({ d: d, df: df, w: w, list: list });
      }
      found.sort(function (a, b) { return a.d - b.d || b.df - a.df || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0); });
      found.slice(0, MAX_TYPO).forEach(function (f) { lists.push([f.list, CLASS.typo, 1]); ctx.hl[f.w] = true; });
      return { scores: scoreLists(lists), fix: found.length ? found[0].w : null };
    }
    return { scores: addSplit(scoreLists(lists), split), fix: null };
  }

  /* The whole word's scores plus the split word's. */
  function addSplit(whole, split) {
    if (!split) return whole;
    for (var i = 0; i < split.ids.length; i++) {
      var d = split.ids[i];
      if (whole.c[d] === 255) { whole.ids.push(d); whole.s[d] = split.s[d]; whole.c[d] = split.c[d]; }
      else { whole.s[d] += split.s[d]; if (split.c[d] < whole.c[d]) whole.c[d] = split.c[d]; }
    }
    return whole;
  }

  var PART_STEM = 0.9, PART_COMPOUND = 0.7;
  /* Documents that hold every part of a split word (the part, an inflection,
     or a compound holding it), the parts' scores summed. */
  function partsScores(ctx, parts) {
    var total = null;
    parts.forEach(function (p) {
      var lists = [];
      var e = entryFor(ctx, stem(p));
      if (e) {
        variantsOf(e).forEach(function (v) {
          lists.push([v.list, CLASS.compound, v.term === p ? 1 : PART_STEM]);
          ctx.hl[v.term] = true;
        });
        if (e.comp) lists.push([e.comp, CLASS.compound, PART_COMPOUND]);
      }
      ctx.parts.push(p);
      total = andScores(total, scoreLists(lists));
    });
    return total || new Acc(store.meta.n);
  }

  /* The documents in both total (null: none yet, all of s) and s, their scores summed; the
     class stays total's (query.rs and_scores). */
  function andScores(total, s) {
    if (total === null) return s;
    var next = new Acc(store.meta.n);
    for (var i = 0; i < total.ids.length; i++) {
      var d = total.ids[i];
      if (s.c[d] !== 255) { next.ids.push(d); next.s[d] = total.s[d] + s.s[d]; next.c[d] = total.c[d]; }
    }
    return next;
  }

  /* Scores of a synonym member: all its words must match (exact or stem). */
  function memberScores(ctx, words) {
    var total = null;
    words.forEach(function (w) {
      var lists = [];
      var e = entryFor(ctx, stem(w));
      if (e) {
        variantsOf(e).forEach(function (v) {
          lists.push([v.list, CLASS.synonym, v.term === w ? 1 : CLASS_W[CLASS.stem]]);
          ctx.hl[v.term] = true;
        });
      }
      total = andScores(total, scoreLists(lists));
    });
    return total || new Acc(store.meta.n);
  }

  function normalise(s) {
    return tokenize(s).filter(function (t) { return !t.part; }).map(function (t) { return t.text; }).join(" ");
  }

  function parseQuery(q) {
    var toks = [];
    var quotes = (q.match(/"/g) || []).length;
    q.split('"').forEach(function (seg, i) {
      var phrase = i % 2 === 1 && quotes >= 2;
      tokenize(seg).forEach(function (t) {
        if (t.part) return;
        toks.push({ text: t.text, stop: isStop(t.text) && !t.upper, phrase: phrase });
      });
    });
    if (toks.every(function (t) { return t.stop; })) toks.forEach(function (t) { t.stop = false; });
    return toks;
  }

  /* Order of results: score descending, then document id. */
  function before(a, b) { return a.score > b.score || (a.score === b.score && a.id < b.id); }
  function cmp(a, b) { return before(a, b) ? -1 : before(b, a) ? 1 : 0; }

  /* The best k hits, sorted (a bounded min-heap for large result sets). */
  function topK(hits, k) {
    if (hits.length <= 4 * k) return hits.slice().sort(cmp).slice(0, k);
    var heap = [];
    function up(i) {
      while (i > 0) {
        var p = (i - 1) >> 1;
        if (before(heap[p], heap[i])) { var t = heap[p]; heap[p] = heap[i]; heap[i] = t; i = p; } else break;
      }
    }
    function down(i) {
      for (;;) {
        var l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap.length && before(heap[m], heap[l])) m = l;
        if (r < heap.length && before(heap[m], heap[r])) m = r;
        if (m === i) return;
        var t = heap[m]; heap[m] = heap[i]; heap[i] = t; i = m;
      }
    }
    for (var i = 0; i < hits.length; i++) {
      if (heap.length < k) { heap.push(hits[i]); up(heap.length - 1); }
      else if (before(hits[i], heap[0])) { heap[0] = hits[i]; down(0); }
    }
    return heap.sort(cmp);
  }

  /* The page of every document (meta.pg: the documents where a page starts). */
  function pagesOf() {
    if (cache.pageOf) return cache.pageOf;
    var n = store.meta.n;
    var starts = decodeIds(store.meta.pg || "");
    var of = new Int32Array(n), page = -1, next = 0;
    for (var d = 0; d < n; d++) {
      if (next < starts.length && starts[next] === d) { page++; next++; }
      of[d] = page < 0 ? 0 : page;
    }
    cache.pageOf = { of: of, count: Math.max(1, page + 1) };
    return cache.pageOf;
  }

  var MAX_SUBS = 3;
  /* Group the hits by page: the top (already re-ranked, sorted) first, then
     the other pages by their best section; the first `limit` groups, each with
     its other sections (those of the top first, in its order, then by score).
     pages: how many pages hold a hit. */
  function groupByPage(hits, top, limit, pageOf) {
    var of = pageOf.of;
    var groupAt = new Int32Array(pageOf.count).fill(-1);
    var list = [];
    var inTop = new Map();
    top.forEach(function (h, i) { inTop.set(h.id, i); });
    top.forEach(function (h) {
      var p = of[h.id];
      if (groupAt[p] < 0) { groupAt[p] = list.length; list.push({ head: h, subs: [] }); }
      else list[groupAt[p]].subs.push(h);
    });
    // the other pages: their best hit
    var bestAt = new Int32Array(pageOf.count).fill(-1);
    var seen = new Uint8Array(pageOf.count), pages = 0;
    var cands = [];
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i], p = of[h.id];
      if (!seen[p]) { seen[p] = 1; pages++; }
      if (groupAt[p] >= 0 || inTop.has(h.id)) continue;
      if (bestAt[p] < 0) { bestAt[p] = cands.length; cands.push(h); }
      else if (before(h, cands[bestAt[p]])) cands[bestAt[p]] = h;
    }
    if (list.length < limit) {
      topK(cands, limit - list.length).forEach(function (h) {
        groupAt[of[h.id]] = list.length;
        list.push({ head: h, subs: [] });
      });
    }
    list = list.slice(0, limit);
    // the other sections of the groups shown
    var keep = new Uint8Array(pageOf.count);
    list.forEach(function (g) { keep[of[g.head.id]] = 1; });
    var rest = list.map(function () { return []; });
    for (var k = 0; k < hits.length; k++) {
      var x = hits[k], px = of[x.id];
      if (!keep[px] || inTop.has(x.id)) continue;
      var g = list[groupAt[px]];
      if (g && g.head !== x) rest[groupAt[px]].push(x);
    }
    list.forEach(function (g, gi) {
      g.subs = g.subs.concat(rest[gi].sort(cmp));
    });
    return { list: list, pages: pages };
  }

  /* The longest indexed word (or an inflection of it: at most two letters
     more) that the word ends with, and the one it starts with, of at least 4
     letters and leaving at least 3: kapsalon → salons. */
  function partWords(ctx, w) {
    var out = [];
    var n = w.length;
    [true, false].forEach(function (suffix) {
      for (var len = n - 3; len >= 4; len--) {
        var piece = suffix ? w.slice(n - len) : w.slice(0, len);
        var cands = wordsInRange(ctx, piece, function (x) { return x.slice(0, piece.length) === piece; })
          .filter(function (x) {
            if (x.length > len + 2 || isStop(x)) return false;
            var list = variantList(ctx, x);
            return !!list && decodePostings(list).docs.length > 0;
          });
        if (cands.length) {
          cands.sort(byLenThenAlpha);
          if (out.indexOf(cands[0]) < 0) out.push(cands[0]);
          return;
        }
      }
    });
    return out;
  }

  var QUESTION = /^(wie|wat|waar|wanneer|hoe|waarom|welk|welke|mag|moet|kan|kun|is|zijn|heb|heeft|wordt)$/;
  var MAX_SUGGEST = 5, MAX_HELP = 4;
  /* Zero results: per unknown word the nearest indexed words (edit distance,
     same first letter), and the routes and checklists the corrected query
     finds. */
  function zeroHelp(ctx, toks) {
    var out = { suggestions: [], pages: [], missing: [] };
    var words = toks.filter(function (t) { return !t.stop; });
    var best = [];
    words.forEach(function (t) {
      var w = t.text, len = Array.from(w).length;
      if (len < 3) return;
      var maxd = len <= 4 ? 1 : len <= 7 ? 2 : 3;
      var first = w.charAt(0);
      var found = [];
      wordsInRange(ctx, first, function (x) { return x.charAt(0) === first; }).forEach(function (x) {
        if (x === w || x.length < 3 || isStop(x) || Math.abs(x.length - w.length) > maxd) return;
        var d = editDistance(w, x, maxd);
        if (d > maxd) return;
        var list = variantList(ctx, x);
        var df = list ? decodePostings(list).docs.length : 0;
        if (df > 0) found.push({ d: d, df: df, w: x });
      });
      found.sort(function (a, b) { return a.d - b.d || b.df - a.df || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0); });
      // a compound with one unknown part: the longest known word it ends or starts with
      partWords(ctx, w).forEach(function (x) {
        if (!found.some(function (f) { return f.w === x; })) found.push({ d: maxd + 1, df: 0, w: x });
      });
      found.slice(0, 3).forEach(function (f) {
        var q = toks.map(function (o) { return o === t ? f.w : o.text; }).join(" ");
        if (out.suggestions.length < MAX_SUGGEST) out.suggestions.push({ word: f.w, query: q });
      });
      // for the routes and checklists: the nearest word, or all known parts
      if (found.length && found[0].d <= maxd) best.push(found[0].w);
      else found.forEach(function (f) { best.push(f.w); });
    });
    var question = toks.length >= 3 || (toks.length && QUESTION.test(toks[0].text));
    var fixed = best.filter(function (b) { return b; });
    if (question && fixed.length) {
      var r = query(fixed.join(" "), { limit: 50, noHelp: true });
      r.missing.forEach(function (f) { out.missing.push(f); });
      r.results.forEach(function (x) {
        if ((x.kind === "route" || x.kind === "signalenlijst") && out.pages.length < MAX_HELP) {
          out.pages.push({ url: x.url.split("#")[0], title: x.pageTitle || x.title, kindLabel: x.kindLabel });
        }
      });
    }
    return out;
  }

  /* The pure query function. options: {filters: {facet: [values]}, typing, limit} */
  function query(q, options) {
    options = options || {};
    var ctx = { missing: {}, hl: {}, parts: [] };
    var result = {
      query: String(q || ""), total: 0, results: [], facets: [], synonyms: [], didYouMean: null,
      missing: [], terms: []
    };
    if (!store.meta) { result.missing = ["index-0.js"]; return result; }
    var meta = store.meta;
    var n = meta.n;
    var toks = parseQuery(result.query);
    var nTok = toks.length;
    if (!nTok) return result;

    // clauses with synonym spans, longest member first
    var clauses = [];
    var i = 0;
    while (i < nTok) {
      var best = null;
      for (var g = 0; g < meta.syn.length; g++) {
        var grp = meta.syn[g];
        for (var m = 0; m < grp.t.length; m++) {
          var mem = grp.t[m], k = mem.length;
          if (i + k > nTok || (best && best.k >= k)) continue;
          if (k === 1 && toks[i].stop) continue;
          var ok = true;
          for (var j = 0; j < k; j++) if (toks[i + j].text !== mem[j]) { ok = false; break; }
          if (ok) best = { k: k, g: g, m: m };
        }
      }
      if (best) {
        var gr = meta.syn[best.g], alts = [];
        for (var a = 0; a < gr.t.length; a++) if (a !== best.m) alts.push({ display: gr.d[a], words: gr.t[a] });
        var own = [];
        for (var o = i; o < i + best.k; o++) own.push(o);
        clauses.push({ own: own, alts: alts, required: true, phrase: toks[i].phrase });
        i += best.k;
      } else {
        clauses.push({ own: [i], alts: [], required: !toks[i].stop, phrase: toks[i].phrase });
        i++;
      }
    }

    var doc = new Acc(n);
    var req = new Uint16Array(n), ph = new Uint16Array(n);
    var synDocs = new Map();
    var corrections = [];
    var required = 0, phraseClauses = 0;
    clauses.forEach(function (c) {
      if (c.required) required++;
      if (c.phrase) phraseClauses++;
      var cs = new Acc(n);
      var csSyn = new Map();
      c.own.forEach(function (ti) {
        var t = toks[ti];
        var tlen = Array.from(t.text).length;
        var prefixOk = !c.phrase && (tlen >= 3 || (options.typing && ti + 1 === nTok && tlen >= 2));
        var r = termScores(ctx, t, prefixOk);
        if (r.fix) corrections.push([ti, r.fix]);
        var w = t.stop ? STOP_WEIGHT : 1;
        var sc = r.scores;
        for (var x = 0; x < sc.ids.length; x++) {
          var d = sc.ids[x];
          if (cs.c[d] === 255) { cs.ids.push(d); cs.s[d] = sc.s[d] * w; cs.c[d] = sc.c[d]; }
          else { cs.s[d] += sc.s[d] * w; if (sc.c[d] < cs.c[d]) cs.c[d] = sc.c[d]; }
        }
      });
      c.alts.forEach(function (alt) {
        // a member of m words stands in for the k words of the query
        var scale = c.own.length / Math.max(1, alt.words.length);
        var ms = memberScores(ctx, alt.words);
        for (var x = 0; x < ms.ids.length; x++) {
          var d = ms.ids[x];
          var v = ms.s[d] * scale;
          if (cs.c[d] === 255) { cs.ids.push(d); cs.s[d] = v; cs.c[d] = CLASS.synonym; csSyn.set(d, alt.display); }
          else if (v > cs.s[d]) { cs.s[d] = v; cs.c[d] = CLASS.synonym; csSyn.set(d, alt.display); }
        }
      });
      for (var x = 0; x < cs.ids.length; x++) {
        var d = cs.ids[x];
        if (doc.c[d] === 255) { doc.ids.push(d); doc.c[d] = cs.c[d]; }
        else if (cs.c[d] < doc.c[d]) doc.c[d] = cs.c[d];
        doc.s[d] += cs.s[d];
        if (c.required) req[d]++;
        if (c.phrase) ph[d]++;
        var sy = csSyn.get(d);
        if (sy !== undefined) {
          var l = synDocs.get(d);
          if (!l) synDocs.set(d, [sy]); else l.push(sy);
        }
      }
    });

    // facets: filters and counts (a facet's counts ignore its own filter)
    var fd = facetData();
    var filters = options.filters || {};
    var nf = meta.facets.length;
    var sel = meta.facets.map(function (f) {
      var want = filters[f.name];
      if (!want || !want.length) return null;
      var set = new Uint8Array(f.values.length);
      f.values.forEach(function (v, vi) { if (want.indexOf(v[0]) >= 0) set[vi] = 1; });
      return set;
    });
    // fails[d]: number of filtered facets that document d does not pass;
    // failedOne[d]: which one, when exactly one
    var fails = new Uint8Array(n), failedOne = new Int8Array(n);
    for (var fi = 0; fi < nf; fi++) {
      if (!sel[fi]) continue;
      var passF = new Uint8Array(n);
      fd.facetIds[fi].forEach(function (ids, vi) {
        if (!sel[fi][vi]) return;
        for (var y = 0; y < ids.length; y++) passF[ids[y]] = 1;
      });
      for (var d0 = 0; d0 < n; d0++) if (!passF[d0]) { fails[d0]++; failedOne[d0] = fi; }
    }
    var isHit = new Uint8Array(n);
    var hits = [];
    for (var x = 0; x < doc.ids.length; x++) {
      var d = doc.ids[x];
      if (ph[d] !== phraseClauses) continue;
      // a document that only holds stop words of the query is no result
      if (required > 0 && req[d] === 0) continue;
      isHit[d] = 1;
      if (fails[d]) continue;
      var coord = required === 0 ? 1 : Math.pow(req[d] / required, 2);
      hits.push({ id: d, score: doc.s[d] * coord, cls: doc.c[d] });
    }
    // facet counts and the total count pages, not sections
    var pageOf = pagesOf();
    var stampOf = new Int32Array(pageOf.count).fill(-1), stamp = 0;
    var counts = meta.facets.map(function (f, fi2) {
      return fd.facetIds[fi2].map(function (ids) {
        var c = 0;
        stamp++;
        for (var y = 0; y < ids.length; y++) {
          var dd = ids[y];
          if (isHit[dd] && (fails[dd] === 0 || (fails[dd] === 1 && failedOne[dd] === fi2))) {
            var pg = pageOf.of[dd];
            if (stampOf[pg] !== stamp) { stampOf[pg] = stamp; c++; }
          }
        }
        return c;
      });
    });

    var limit = options.limit === undefined ? 10 : options.limit;
    var head = topK(hits, RERANK);

    // bonuses on the top results
    var nq = normalise(result.query.replace(/"/g, " "));
    var quoted = [];
    if ((result.query.match(/"/g) || []).length >= 2) {
      result.query.split('"').forEach(function (seg, si) {
        if (si % 2 === 1) { var p = normalise(seg); if (p.indexOf(" ") >= 0) quoted.push(p); }
      });
    }
    var top = Math.min(head.length, RERANK);
    for (i = 0; i < top; i++) {
      var info = docInfo(ctx, head[i].id);
      if (!info) continue;
      var title = " " + normalise(info[1]) + " ";
      var text = " " + normalise(info[4]) + " ";
      if (nTok >= 2) {
        if (title.indexOf(" " + nq + " ") >= 0) head[i].score *= 1.5;
        else if (text.indexOf(" " + nq + " ") >= 0) head[i].score *= 1.2;
      }
      for (var qi = 0; qi < quoted.length; qi++) {
        var pp = " " + quoted[qi] + " ";
        if (title.indexOf(pp) >= 0 || text.indexOf(pp) >= 0) head[i].score *= 2;
      }
      if (title.trim() === nq) head[i].score *= 1.3;
    }
    head = head.slice(0, top).sort(cmp);
    var groups = groupByPage(hits, head, limit, pageOf);

    var syns = [];
    head.slice(0, top).forEach(function (h) {
      (synDocs.get(h.id) || []).forEach(function (s) { if (syns.indexOf(s) < 0) syns.push(s); });
    });
    if (corrections.length) {
      var words = toks.map(function (t) { return t.text; });
      corrections.forEach(function (c) { words[c[0]] = c[1]; });
      result.didYouMean = words.join(" ");
    }

    result.terms = Object.keys(ctx.hl);
    result.total = groups.pages;
    result.sections = hits.length;
    result.synonyms = syns;
    function toResult(h) {
      var inf = docInfo(ctx, h.id);
      var r = { id: h.id, score: h.score, match: CLASS_NAME[h.cls], url: "", title: "", pageTitle: "", kind: "", kindLabel: "", excerpt: [] };
      if (inf) {
        r.url = inf[0]; r.title = inf[1]; r.pageTitle = inf[2];
        r.kind = meta.kinds[inf[3]][0]; r.kindLabel = meta.kinds[inf[3]][1];
        r.excerpt = excerpt(inf[4], ctx);
      }
      return r;
    }
    result.results = groups.list.map(function (g) {
      var r = toResult(g.head);
      r.subs = g.subs.slice(0, MAX_SUBS).map(toResult);
      r.subTotal = g.subs.length;
      return r;
    });
    // nothing at all: the nearest words, and for them the routes and checklists
    // (only once everything the query itself needs is loaded)
    if (!hits.length && !doc.ids.some(function (d) { return isHit[d]; }) && !options.noHelp &&
        Object.keys(ctx.missing).length === 0) {
      var help = zeroHelp(ctx, toks);
      result.suggestions = help.suggestions;
      result.help = help.pages;
      help.missing.forEach(function (f) { ctx.missing[f] = true; });
    } else {
      result.suggestions = [];
      result.help = [];
    }
    result.facets = meta.facets.map(function (f, fi) {
      return {
        name: f.name, label: f.label,
        values: f.values.map(function (v, vi) {
          return { value: v[0], label: v[1], count: counts[fi][vi], selected: !!(sel[fi] && sel[fi][vi]) };
        })
      };
    });
    result.missing = Object.keys(ctx.missing);
    return result;
  }

  /* Excerpt as segments [{text, mark}], around the first matched word. */
  var RE_WORDS = /[\p{Alphabetic}\p{N}\u0300-\u036f]+(?:['’\-\u00ad][\p{Alphabetic}\p{N}]+)*/gu;
  var EXCERPT = 220;
  function isHit(word, ctx) {
    var f = fold(word).replace(/['’\-\u00ad]/g, "");
    if (ctx.hl[f]) return true;
    for (var i = 0; i < ctx.parts.length; i++) {
      var p = ctx.parts[i];
      if (p.length >= 4 && f.length >= p.length + 4 && (f.slice(0, p.length) === p || f.slice(-p.length) === p)) return true;
    }
    return false;
  }
  function excerpt(text, ctx) {
    var marks = [];
    var m;
    RE_WORDS.lastIndex = 0;
    while ((m = RE_WORDS.exec(text)) !== null) {
      if (isHit(m[0], ctx)) marks.push([m.index, m.index + m[0].length]);
    }
    var start = 0;
    if (marks.length && marks[0][0] > 60 && text.length > EXCERPT) {
      start = text.lastIndexOf(" ", marks[0][0] - 40);
      if (start < 0) start = 0;
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var sp = text.lastIndexOf(" ", end);
      if (sp > start + EXCERPT / 2) end = sp;
    }
    var segs = [];
    if (start > 0) segs.push({ text: "…", mark: false });
    var pos = start === 0 ? 0 : start + 1;
    marks.forEach(function (r) {
      if (r[0] < pos || r[1] > end) return;
      if (r[0] > pos) segs.push({ text: text.slice(pos, r[0]), mark: false });
      segs.push({ text: text.slice(r[0], r[1]), mark: true });
      pos = r[1];
    });
    if (pos < end) segs.push({ text: text.slice(pos, end), mark: false });
    if (end < text.length && !/…$/.test(text.slice(0, end))) segs.push({ text: " …", mark: false });
    return segs;
  }

  /* ---------- loading ---------- */
  function rootPath() {
    if (!DOC) return "";
    var r = DOC.documentElement.getAttribute("data-root") || "";
    if (r !== "" && r.charAt(r.length - 1) !== "/") r += "/";
    return r;
  }

  var loading = {};
  function loadFile(name, query) {
    if (loading[name]) return loading[name];
    var p = new Promise(function (resolve, reject) {
      var s = DOC.createElement("script");
      s.src = rootPath() + "zoeken/" + name + (query || "");
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () { delete loading[name]; reject(new Error("niet geladen: " + name)); };
      DOC.head.appendChild(s);
    });
    loading[name] = p;
    return p;
  }

  function ensureMeta() {
    if (store.meta) return Promise.resolve();
    return loadFile("index-0.js");
  }

  /* Load what a query needs, then return its result. If a part fails to
     load (a cached index-0.js from before a rebuild names parts that are
     gone), index-0.js is loaded again, past the cache, once. */
  var healed = false;
  function search(q, options) {
    return ensureMeta().then(function () {
      var rounds = 0;
      function step() {
        var r = query(q, options);
        if (!r.missing.length || rounds++ > 6) return r;
        return Promise.all(r.missing.map(function (f) { return loadFile(f); })).then(step, function (err) {
          if (healed) throw err;
          healed = true;
          delete loading["index-0.js"];
          return loadFile("index-0.js", "?r=" + Date.now()).then(step);
        });
      }
      return step();
    });
  }

  /* ---------- DOM helpers ---------- */
  function el(tag, attrs, text) {
    var e = DOC.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function segmentsInto(parent, segs) {
    segs.forEach(function (s) {
      if (s.mark) parent.appendChild(el("mark", null, s.text));
      else parent.appendChild(DOC.createTextNode(s.text));
    });
  }
  function searchPageHref(q) {
    return rootPath() + "zoeken/index.html?q=" + encodeURIComponent(q);
  }
  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  /* ---------- header combobox (WAI-ARIA APG, list autocomplete) ---------- */
  var comboCount = 0;
  function enhanceCombobox(form) {
    var input = form.querySelector('input[type="search"]');
    if (!input || input.getAttribute("role") === "combobox") return;
    var id = ++comboCount;
    var listId = "kw-search-list-" + id;
    var hintId = "kw-search-hint-" + id;
    form.classList.add("kw-combobox");
    var wrap = el("div", { "class": "kw-combobox__wrap" });
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = el("div", { id: listId, role: "listbox", "class": "kw-listbox", "aria-label": T.listbox, hidden: "" });
    wrap.appendChild(list);
    var hint = el("span", { id: hintId, "class": "kw-visually-hidden" }, T.hint);
    var status = el("div", { role: "status", "aria-live": "polite", "class": "kw-visually-hidden" });
    form.appendChild(hint);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-describedby", hintId);

    var options = [];
    var active = -1;
    var seq = 0;
    var announce = debounce(function (text) { status.textContent = text; }, 600);

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        var o = options[active];
        if (o.offsetTop < list.scrollTop) list.scrollTop = o.offsetTop;
        else if (o.offsetTop + o.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = o.offsetTop + o.offsetHeight - list.clientHeight;
        }
      } else input.removeAttribute("aria-activedescendant");
    }
    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function render(r, q) {
      while (list.firstChild) list.removeChild(list.firstChild);
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      r.results.forEach(function (res, i) {
        if (!res.url) return;
        var a = el("a", { role: "option", id: listId + "-" + i, href: rootPath() + res.url, tabindex: "-1", "aria-selected": "false", "class": "kw-option" });
        a.appendChild(el("span", { "class": "kw-option__title" }, res.title));
        var meta = res.kindLabel + (res.pageTitle ? " · " + res.pageTitle : "");
        a.appendChild(el("span", { "class": "kw-option__meta" }, meta));
        list.appendChild(a);
        options.push(a);
      });
      if (r.total === 0) {
        (r.suggestions || []).forEach(function (sg, i) {
          var o = el("a", { role: "option", id: listId + "-s" + i, href: searchPageHref(sg.query), tabindex: "-1", "aria-selected": "false", "class": "kw-option" });
          o.appendChild(el("span", { "class": "kw-option__title" }, T.didYouMean + sg.word + T.didYouMeanEnd));
          list.appendChild(o);
          options.push(o);
        });
      }
      var all = el("a", { role: "option", id: listId + "-all", href: searchPageHref(q), tabindex: "-1", "aria-selected": "false", "class": "kw-option kw-option--all" }, T.allResults(q));
      list.appendChild(all);
      options.push(all);
      announce(r.total === 0 ? T.none(q) : T.suggestions(options.length - 1));
      open();
    }
    var run = debounce(function () {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { close(); return; }
      search(q, { typing: !/\s$/.test(input.value), limit: 7 }).then(function (r) {
        if (mine !== seq || input.value.trim() !== q) return;
        render(r, q);
      }, function () {
        if (mine !== seq) return;
        announce(T.unavailable);
      });
    }, 120);

    input.addEventListener("focus", function () { ensureMeta().catch(function () {}); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      var isOpen = !list.hidden;
      switch (e.key) {
        case "ArrowDown":
        case "Down":
          e.preventDefault();
          if (!isOpen) { open(); if (options.length) setActive(e.altKey ? -1 : 0); }
          else setActive(active + 1 >= options.length ? 0 : active + 1);
          break;
        case "ArrowUp":
        case "Up":
          e.preventDefault();
          if (!isOpen) { open(); if (options.length) setActive(options.length - 1); }
          else setActive(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          if (isOpen && active >= 0 && options[active]) {
            e.preventDefault();
            W.location.href = options[active].href;
          }
          break;
        case "Escape":
        case "Esc":
          if (isOpen) { e.preventDefault(); close(); }
          else if (input.value) { e.preventDefault(); input.value = ""; seq++; }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (DOC.activeElement !== input) close(); }, 150);
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("mousemove", function (e) {
      var o = e.target.closest ? e.target.closest('[role="option"]') : null;
      if (o) { var i = options.indexOf(o); if (i >= 0 && i !== active) setActive(i); }
    });
  }

  /* ---------- results page ---------- */
  function initResultsPage(page) {
    var statusEl = page.querySelector("[data-search-status]");
    var facetsEl = page.querySelector("[data-search-facets]");
    var resultsEl = page.querySelector("[data-search-results]");
    var input = page.querySelector('input[type="search"]');
    var params;
    try { params = new URLSearchParams(W.location.search); } catch (e) { params = null; }
    var q = params ? (params.get("q") || "") : "";
    if (input) input.value = q;
    var filters = {};
    var limit = 10;
    var facetBoxes = {};
    var built = false;

    function setStatus(text) { if (statusEl) statusEl.textContent = text; }
    // "Ook gezocht op" and "Bedoelde u" go right under the count
    var notesEl = el("div", { "class": "kw-notes" });
    if (statusEl && statusEl.parentNode) statusEl.parentNode.insertBefore(notesEl, statusEl.nextSibling);
    else page.appendChild(notesEl);
    if (!q.trim()) { setStatus(T.empty); return; }
    setStatus(T.loading);

    function buildFacets(r) {
      while (facetsEl.firstChild) facetsEl.removeChild(facetsEl.firstChild);
      facetBoxes = {};
      r.facets.forEach(function (f) {
        var usable = f.values.filter(function (v) { return v.count > 0; });
        if (usable.length < 2 && !usable.some(function (v) { return v.selected; })) return;
        var fs = el("fieldset", { "class": "kw-facet" });
        fs.appendChild(el("legend", null, f.label));
        f.values.forEach(function (v, vi) {
          var id = "kw-f-" + f.name + "-" + vi;
          var row = el("div", { "class": "kw-facet__value" });
          var cb = el("input", { type: "checkbox", id: id, value: v.value });
          var lab = el("label", { "for": id });
          cb.addEventListener("change", function () {
            var cur = filters[f.name] || [];
            if (cb.checked) cur = cur.concat([v.value]);
            else cur = cur.filter(function (x) { return x !== v.value; });
            filters[f.name] = cur;
            limit = 10;
            run(false);
          });
          row.appendChild(cb);
          row.appendChild(lab);
          fs.appendChild(row);
          facetBoxes[f.name + "\u0000" + v.value] = { row: row, cb: cb, label: lab, text: v.label };
        });
        facetsEl.appendChild(fs);
      });
      updateFacets(r);
    }
    function updateFacets(r) {
      r.facets.forEach(function (f) {
        f.values.forEach(function (v) {
          var b = facetBoxes[f.name + "\u0000" + v.value];
          if (!b) return;
          b.label.textContent = b.text + " (" + v.count + ")";
          b.row.hidden = v.count === 0 && !b.cb.checked;
        });
      });
    }
    function renderResults(r) {
      while (resultsEl.firstChild) resultsEl.removeChild(resultsEl.firstChild);
      while (notesEl.firstChild) notesEl.removeChild(notesEl.firstChild);
      if (r.synonyms.length) {
        notesEl.appendChild(el("p", { "class": "kw-also" }, T.alsoSearched + r.synonyms.join(", ")));
      }
      if (r.didYouMean && r.didYouMean !== normalise(q)) {
        var p = el("p", { "class": "kw-didyoumean" }, T.didYouMean);
        p.appendChild(el("a", { href: "index.html?q=" + encodeURIComponent(r.didYouMean) }, r.didYouMean));
        p.appendChild(DOC.createTextNode(T.didYouMeanEnd));
        notesEl.appendChild(p);
      }
      if (r.total === 0) zeroNotes(r);
      var ol = el("ol", { "class": "kw-results" });
      r.results.forEach(function (res) {
        if (!res.url) return;
        var li = el("li", { "class": "kw-result" });
        var h = el("h2", { "class": "kw-result__title" });
        h.appendChild(el("a", { href: rootPath() + res.url }, res.title));
        li.appendChild(h);
        var meta = el("p", { "class": "kw-result__meta" });
        meta.appendChild(el("span", { "class": "kw-result__type" }, res.kindLabel));
        if (res.pageTitle) meta.appendChild(DOC.createTextNode(" · " + res.pageTitle));
        li.appendChild(meta);
        if (res.excerpt.length) {
          var ex = el("p", { "class": "kw-result__excerpt" });
          segmentsInto(ex, res.excerpt);
          li.appendChild(ex);
        }
        // the page's other matching sections, under the best one
        if (res.subs && res.subs.length) {
          var subId = "kw-subs-" + res.id;
          li.appendChild(el("p", { "class": "kw-result__subs-label", id: subId }, T.subs(res.subTotal)));
          var ul = el("ul", { "class": "kw-subs", "aria-labelledby": subId });
          res.subs.forEach(function (sub) {
            if (!sub.url) return;
            var sli = el("li", { "class": "kw-sub" });
            sli.appendChild(el("a", { href: rootPath() + sub.url }, sub.title));
            if (sub.excerpt.length) {
              var sx = el("p", { "class": "kw-sub__excerpt" });
              segmentsInto(sx, sub.excerpt);
              sli.appendChild(sx);
            }
            ul.appendChild(sli);
          });
          li.appendChild(ul);
        }
        ol.appendChild(li);
      });
      if (r.results.length) resultsEl.appendChild(ol);
      if (r.total > r.results.length) {
        var more = el("button", { type: "button", "class": "kw-more" }, T.more);
        more.addEventListener("click", function () {
          limit += 10;
          var firstNew = r.results.length;
          run(false, firstNew);
        });
        resultsEl.appendChild(more);
      }
    }
    /* Zero results: say so, offer the nearest words and, for a question,
       routes and checklists; always the glossary and "Wie bel ik?". */
    function zeroNotes(r) {
      if (r.suggestions && r.suggestions.length) {
        var p = el("p", { "class": "kw-didyoumean" }, T.didYouMean);
        r.suggestions.forEach(function (sg, i) {
          if (i > 0) p.appendChild(DOC.createTextNode(i === r.suggestions.length - 1 ? T.or : ", "));
          p.appendChild(el("a", { href: "index.html?q=" + encodeURIComponent(sg.query) }, sg.word));
        });
        p.appendChild(DOC.createTextNode(T.didYouMeanEnd));
        notesEl.appendChild(p);
      }
      if (r.help && r.help.length) {
        notesEl.appendChild(el("p", { "class": "kw-help" }, T.helpPages));
        var ul = el("ul", { "class": "kw-help-list" });
        r.help.forEach(function (h) {
          var li = el("li");
          li.appendChild(el("a", { href: rootPath() + h.url }, h.title));
          li.appendChild(DOC.createTextNode(" (" + h.kindLabel + ")"));
          ul.appendChild(li);
        });
        notesEl.appendChild(ul);
      }
      var w = T.wayOut;
      var out = el("p", { "class": "kw-wayout" }, w[0]);
      out.appendChild(el("a", { href: rootPath() + "begrippen/index.html" }, w[1]));
      out.appendChild(DOC.createTextNode(w[2]));
      out.appendChild(el("a", { href: rootPath() + "routes/wie-bel-ik/index.html" }, w[3]));
      out.appendChild(DOC.createTextNode(w[4]));
      notesEl.appendChild(out);
    }

    var seq = 0;
    function run(first, focusIndex) {
      var mine = ++seq;
      search(q, { filters: filters, limit: limit }).then(function (r) {
        if (mine !== seq) return;
        setStatus(r.total === 0 ? T.none(q) : T.results(r.total, q));
        if (first || !built) { buildFacets(r); built = true; } else updateFacets(r);
        renderResults(r);
        if (focusIndex !== undefined) {
          var links = resultsEl.querySelectorAll(".kw-result__title a");
          if (links[focusIndex]) links[focusIndex].focus();
        }
      }, function () {
        if (mine === seq) setStatus(T.unavailable);
      });
    }
    run(true);
  }

  /* ---------- wiring ---------- */
  function isTyping(t) {
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || t.isContentEditable;
  }

  function init() {
    var page = DOC.querySelector("[data-search-page]");
    var forms = DOC.querySelectorAll("form.site-search");
    for (var i = 0; i < forms.length; i++) {
      if (page && page.contains(forms[i])) continue;
      enhanceCombobox(forms[i]);
    }
    if (page) initResultsPage(page);
    DOC.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTyping(e.target)) return;
      var box = DOC.getElementById("site-search-input") || DOC.querySelector('input[type="search"]');
      if (!box) return;
      e.preventDefault();
      box.focus();
      if (box.select) box.select();
    });
  }

  W.__kwSearch = {
    register: register,
    query: query,
    search: search,
    fold: fold,
    tokenize: tokenize,
    stem: stem,
    editDistance: editDistance,
    parseShard: parseShard,
    splitQuery: function (w) { return splitQuery({ missing: {}, hl: {}, parts: [] }, w); },
    version: 1
  };

  if (DOC && DOC.documentElement && typeof DOC.addEventListener === "function") {
    if (DOC.readyState === "loading") DOC.addEventListener("DOMContentLoaded", init);
    else init();
  }
})();
