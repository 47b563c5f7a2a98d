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
    none: function (q) { return "Geen resultaten voor ‘" + q + "’"; },
    loading: "Zoeken…",
    unavailable: "Zoeken is nu niet beschikbaar. Gebruik het menu of de lijsten van ketenpartners en begrippen.",
    empty: "Typ een zoekterm.",
    alsoSearched: "Ook gezocht op: ",
    didYouMean: "Bedoelde u ",
    didYouMeanEnd: "?",
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
        else if (RE_APOS.test(c) && cur !== "" && i + 1 < chars.length && RE_WORD.test(chars[i + 1])) { i++; }
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
    if (!isVowel(last) && last !== "w" && last !== "j" && "aou".indexOf(v) >= 0 && !isVowel(before)) {
      return w.slice(0, n - 1) + v + w.slice(n - 1);
    }
    return w;
  }

  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    var w = word, n = w.length;
    if (ends(w, "heden") && n >= 8) return w.slice(0, n - 5) + "heid";
    if (ends(w, "dt") && n >= 5) return w.slice(0, -1);
    w = stripPluralS(w);
    n = w.length;
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
  var cache = { entries: {}, words: {}, postings: new Map(), facetIds: null, valsOf: null };

  function register(kind, n, payload) {
    if (kind === "meta") {
      store = { meta: payload, t: {}, w: {}, d: {} };
      cache = { entries: {}, words: {}, postings: new Map(), facetIds: null, valsOf: null };
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

  function dequantize(q) {
    return Math.exp(q / store.meta.iq * Math.log(1 + store.meta.im)) - 1;
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

  function entryFor(ctx, key) {
    var map = store.meta.t;
    if (!map.length) return null;
    var n = partIndex(map, key);
    if (!need(ctx, "t", n)) return null;
    var idx = cache.entries[n];
    if (!idx) {
      idx = new Map();
      var part = store.t[n];
      for (var i = 0; i < part.length; i++) idx.set(part[i][0], part[i]);
      cache.entries[n] = idx;
    }
    return idx.get(key) || null;
  }

  /* variants of an entry: [{term, list}] */
  function variantsOf(e) {
    var out = [], v = e[1];
    for (var i = 0; i < v.length; i += 2) out.push({ term: v[i] === "" ? e[0] : v[i], list: v[i + 1] });
    return out;
  }

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

  function docInfo(ctx, id) {
    var map = store.meta.d;
    var lo = 0, hi = map.length - 1, n = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (map[mid][0] <= id) { n = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (!need(ctx, "d", n)) return null;
    return store.d[n][id - map[n][0]] || null;
  }

  function facetData() {
    if (cache.facetIds) return cache;
    var meta = store.meta;
    cache.facetIds = meta.facets.map(function (f) {
      return f.values.map(function (v) { return decodeIds(v[2]); });
    });
    cache.valsOf = cache.facetIds.map(function (lists) {
      var arr = new Array(meta.n);
      lists.forEach(function (ids, vi) {
        for (var i = 0; i < ids.length; i++) {
          var d = ids[i];
          if (arr[d] === undefined) arr[d] = [vi]; else arr[d].push(vi);
        }
      });
      return arr;
    });
    return cache;
  }

  /* ---------- query (mirror of query.rs) ---------- */
  var CLASS = { exact: 0, stem: 1, compound: 2, synonym: 3, prefix: 4, typo: 5 };
  var CLASS_NAME = ["exact", "stem", "compound", "synonym", "prefix", "typo"];
  var CLASS_W = [1.0, 0.9, 0.7, 0.7, 0.6, 0.5];
  var STOP_WEIGHT = 0.3, MAX_PREFIX = 12, MAX_TYPO = 3, RERANK = 10;

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  /* Score the lists that matched one query word: [[list, cls, extra]].
     The idf belongs to the word (documents matched in any way), so the class
     weights decide between a rare compound and a common exact form. */
  function scoreLists(lists) {
    var out = new Map();
    var n = store.meta.n, df = 0;
    var dec = lists.map(function (l) { var p = decodePostings(l[0]); df += p.docs.length; return p; });
    var wIdf = idf(n, Math.min(n, df));
    lists.forEach(function (l, li) {
      var p = dec[li];
      var w = CLASS_W[l[1]] * wIdf * l[2];
      for (var i = 0; i < p.docs.length; i++) {
        var s = w * dequantize(p.imps[i]);
        var e = out.get(p.docs[i]);
        if (!e) out.set(p.docs[i], { s: s, c: l[1] });
        else if (s > e.s) { e.s = s; e.c = l[1]; }
      }
    });
    return out;
  }

  function editDistance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push(new Array(b.length + 1).fill(0)); d[i][0] = i; }
    for (var j = 0; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
    }
    return d[a.length][b.length];
  }

  function byLenThenAlpha(a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); }

  /* Scores of one query word: Map doc -> {s, c}; plus highlight info. */
  function termScores(ctx, t, prefixOk) {
    var lists = [];
    var key = stem(t.text);
    var e = entryFor(ctx, key);
    if (e) {
      variantsOf(e).forEach(function (v) {
        if (v.term === t.text) { lists.push([v.list, CLASS.exact, 1]); ctx.hl[v.term] = true; }
        else if (!t.stop) { lists.push([v.list, CLASS.stem, 1]); ctx.hl[v.term] = true; }
      });
      if (!t.stop && e[2]) { lists.push([e[2], CLASS.compound, 1]); ctx.parts.push(t.text, key); }
    }
    if (t.stop) return { scores: scoreLists(lists), fix: null };
    if (prefixOk) {
      var pre = t.text;
      var cands = wordsInRange(ctx, pre, function (w) { return w.slice(0, pre.length) === pre; })
        .filter(function (w) { return w !== pre && stem(w) !== key; });
      cands.sort(byLenThenAlpha);
      cands.slice(0, MAX_PREFIX).forEach(function (w) {
        var list = variantList(ctx, w);
        if (list) { lists.push([list, CLASS.prefix, 1]); ctx.hl[w] = true; }
      });
    }
    var len = Array.from(t.text).length;
    if (lists.length === 0 && len >= 5 && Object.keys(ctx.missing).length === 0) {
      var maxd = len <= 8 ? 1 : 2;
      var first = Array.from(t.text)[0];
      var words = wordsInRange(ctx, first, function (w) { return Array.from(w)[0] === first; });
      var found = [];
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        var wl = Array.from(w).length;
        if (Math.abs(wl - len) > maxd) continue;
        var d = editDistance(t.text, w);
        if (d > maxd) continue;
        var list = variantList(ctx, w);
        var df = list ? decodePostings(list).docs.length : 0;
        if (df > 0) found.push({ d: d, df: df, w: w, list: list });
      }
      found.sort(function (a, b) { return a.d - b.d || b.df - a.df || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0); });
      found.slice(0, MAX_TYPO).forEach(function (f) { lists.push([f.list, CLASS.typo, 1]); ctx.hl[f.w] = true; });
      return { scores: scoreLists(lists), fix: found.length ? found[0].w : null };
    }
    return { scores: scoreLists(lists), fix: null };
  }

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
      var s = scoreLists(lists);
      if (total === null) total = s;
      else {
        var next = new Map();
        total.forEach(function (a, d) {
          var b = s.get(d);
          if (b) next.set(d, { s: a.s + b.s, c: a.c });
        });
        total = next;
      }
    });
    return total || new Map();
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

    var docScore = new Map();
    var synDocs = new Map();
    var corrections = [];
    var required = 0, phraseClauses = 0;
    clauses.forEach(function (c) {
      if (c.required) required++;
      if (c.phrase) phraseClauses++;
      var cs = new Map();
      c.own.forEach(function (ti) {
        var t = toks[ti];
        var tlen = Array.from(t.text).length;
        var prefixOk = !c.phrase && (tlen >= 3 || (options.typing && ti + 1 === nTok && tlen >= 2));
        var r = termScores(ctx, t, prefixOk);
        if (r.fix) corrections.push([ti, r.fix]);
        var w = t.stop ? STOP_WEIGHT : 1;
        r.scores.forEach(function (v, d) {
          var e = cs.get(d);
          if (!e) cs.set(d, { s: v.s * w, c: v.c, syn: null });
          else { e.s += v.s * w; e.c = Math.min(e.c, v.c); }
        });
      });
      c.alts.forEach(function (alt) {
        // a member of m words stands in for the k words of the query
        var scale = c.own.length / Math.max(1, alt.words.length);
        memberScores(ctx, alt.words).forEach(function (v, d) {
          var s = v.s * scale;
          var e = cs.get(d);
          if (!e) cs.set(d, { s: s, c: CLASS.synonym, syn: alt.display });
          else if (s > e.s) { e.s = s; e.c = CLASS.synonym; e.syn = alt.display; }
        });
      });
      cs.forEach(function (v, d) {
        var e = docScore.get(d);
        if (!e) { e = { s: 0, c: v.c, req: 0, ph: 0 }; docScore.set(d, e); }
        e.s += v.s;
        e.c = Math.min(e.c, v.c);
        if (c.required) e.req++;
        if (c.phrase) e.ph++;
        if (v.syn) {
          var l = synDocs.get(d);
          if (!l) synDocs.set(d, [v.syn]); else l.push(v.syn);
        }
      });
    });

    // facets: filters and counts
    var fd = facetData();
    var filters = options.filters || {};
    var sel = meta.facets.map(function (f) {
      var want = filters[f.name];
      if (!want || !want.length) return null;
      var set = {};
      f.values.forEach(function (v, vi) { if (want.indexOf(v[0]) >= 0) set[vi] = true; });
      return set;
    });
    function passes(d, fi) {
      var s = sel[fi];
      if (!s) return true;
      var vs = fd.valsOf[fi][d];
      if (!vs) return false;
      for (var x = 0; x < vs.length; x++) if (s[vs[x]]) return true;
      return false;
    }
    var counts = meta.facets.map(function (f) { return new Array(f.values.length).fill(0); });
    var hits = [];
    docScore.forEach(function (v, d) {
      if (v.ph !== phraseClauses) return;
      var coord = required === 0 ? 1 : Math.pow(v.req / required, 2);
      var pass = meta.facets.map(function (f, fi) { return passes(d, fi); });
      var all = pass.every(Boolean);
      meta.facets.forEach(function (f, fi) {
        for (var x = 0; x < pass.length; x++) if (x !== fi && !pass[x]) return;
        var vs = fd.valsOf[fi][d];
        if (vs) vs.forEach(function (vi) { counts[fi][vi]++; });
      });
      if (all) hits.push({ id: d, score: v.s * coord, cls: v.c });
    });
    function cmp(a, b) { return b.score - a.score || a.id - b.id; }
    hits.sort(cmp);

    // bonuses on the top results
    var nq = normalise(result.query.replace(/"/g, " "));
    var top = Math.min(hits.length, RERANK);
    var infos = [];
    for (i = 0; i < top; i++) {
      var info = docInfo(ctx, hits[i].id);
      infos.push(info);
      if (!info) continue;
      var title = normalise(info[1]);
      if (nTok >= 2) {
        if ((" " + title + " ").indexOf(" " + nq + " ") >= 0) hits[i].score *= 1.5;
        else if ((" " + normalise(info[4]) + " ").indexOf(" " + nq + " ") >= 0) hits[i].score *= 1.2;
      }
      if (title === nq) hits[i].score *= 1.3;
    }
    var head = hits.slice(0, top).sort(cmp);
    hits = head.concat(hits.slice(top));

    var syns = [];
    head.forEach(function (h) {
      (synDocs.get(h.id) || []).forEach(function (s) { if (syns.indexOf(s) < 0) syns.push(s); });
    });
    if (corrections.length) {
      var words = toks.map(function (t) { return t.text; });
      corrections.forEach(function (c) { words[c[0]] = c[1]; });
      result.didYouMean = words.join(" ");
    }

    var limit = options.limit === undefined ? 10 : options.limit;
    var shown = hits.slice(0, limit);
    var terms = Object.keys(ctx.hl);
    result.terms = terms;
    result.total = hits.length;
    result.synonyms = syns;
    result.results = shown.map(function (h) {
      var inf = docInfo(ctx, h.id);
      var r = { id: h.id, score: h.score, match: CLASS_NAME[h.cls], url: "", title: "", pageTitle: "", kind: "", kindLabel: "", excerpt: [] };
      if (inf) {
        r.url = inf[0]; r.title = inf[1]; r.pageTitle = inf[2];
        r.kind = meta.kinds[inf[3]][0]; r.kindLabel = meta.kinds[inf[3]][1];
        r.excerpt = excerpt(inf[4], ctx);
      }
      return r;
    });
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
      if (p.length >= 4 && f.length > p.length && (f.slice(0, p.length) === p || f.slice(-p.length) === p)) return true;
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
  function loadFile(name) {
    if (loading[name]) return loading[name];
    var p = new Promise(function (resolve, reject) {
      var s = DOC.createElement("script");
      s.src = rootPath() + "zoeken/" + name;
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

  /* Load what a query needs, then return its result. */
  function search(q, options) {
    return ensureMeta().then(function () {
      var rounds = 0;
      function step() {
        var r = query(q, options);
        if (!r.missing.length || rounds++ > 6) return r;
        return Promise.all(r.missing.map(loadFile)).then(step);
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
      if (r.synonyms.length) {
        resultsEl.appendChild(el("p", { "class": "kw-also" }, T.alsoSearched + r.synonyms.join(", ")));
      }
      if (r.didYouMean && r.didYouMean !== normalise(q)) {
        var p = el("p", { "class": "kw-didyoumean" }, T.didYouMean);
        p.appendChild(el("a", { href: "index.html?q=" + encodeURIComponent(r.didYouMean) }, r.didYouMean));
        p.appendChild(DOC.createTextNode(T.didYouMeanEnd));
        resultsEl.appendChild(p);
      }
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
    version: 1
  };

  if (DOC && DOC.documentElement && typeof DOC.addEventListener === "function") {
    if (DOC.readyState === "loading") DOC.addEventListener("DOMContentLoaded", init);
    else init();
  }
})();
