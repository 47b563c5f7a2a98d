//! The pages the generator makes itself: partner directory and role pages, partner and
//! municipality pages with vCards, the glossary, the search page, the whole plan, 404.

use super::context::{LinkCtx, PageCtx};
use super::files::{base_path, sitemap, vcard, with_slash};
use super::{Emitted, Emitter, Templates};
use crate::check::index::role_pages;
use crate::config::SiteConfig;
use crate::content::partner::{self, Partner, ROLES};
use crate::content::Sources;
use crate::error::Diagnostic;
use crate::links::{href, root_of};
use crate::render::basisniveau::basisniveau_table;
use crate::render::Model;
use crate::util::html::escape;

/// The generated pages (partner directory, partners, municipalities, glossary, search page,
/// whole plan, 404), the theme's files, the search index, sitemap and robots.txt. The content
/// pages went to `out` while their Markdown was rendered. Section texts parked in `spill` are
/// read back from it for the search index.
pub fn write_generated(
    templates: &Templates,
    model: &Model,
    sections: Option<Vec<Vec<crate::markdown::TextSection>>>,
    spill: Option<&crate::util::spill::Spill>,
    out: &Emitter,
) -> Result<Emitted, Vec<Diagnostic>> {
    write_generated_pages(templates, model, out)?;
    write_site_files(templates, sections, spill, out)
}

/// The generated pages of [`write_generated`]: all it needs of the rendered Markdown.
pub fn write_generated_pages(
    templates: &Templates,
    model: &Model,
    out: &Emitter,
) -> Result<(), Vec<Diagnostic>> {
    let Templates {
        common,
        sources,
        theme,
    } = templates;
    let (sources, theme) = (*sources, *theme);
    let config = common.config;
    let intro_of = |url: &str| sources.pages.iter().position(|p| p.url == url);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let t = std::time::Instant::now();

    let push = |problems: &mut Vec<Diagnostic>, name: &str, url: String, ctx: tera::Context| {
        if let Err(d) = theme
            .render(name, &ctx)
            .and_then(|html| out.put(format!("{url}index.html"), html.into_bytes()))
        {
            problems.push(d);
        }
    };

    crate::util::timing::phase("generated", t);
    // Partner directory: all, and one page per role.
    let directory = directory_ctx(sources);
    for (role, url) in std::iter::once((None, "partners/".to_string()))
        .chain(role_pages().into_iter().map(|(id, u)| (Some(id), u)))
    {
        // The intro was rendered for /partners/; role pages sit deeper and get their own line.
        let intro = match role {
            None => intro_of("partners/").map(|i| model.pages[i].rendered.html.clone()).unwrap_or_default(),
            Some(r) => format!(
                "<p>Ketenpartners met de rol <strong>{}</strong>. <a href=\"../../index.html\">Alle ketenpartners</a>.</p>",
                escape(&partner::role_label(r).unwrap_or(r).to_lowercase())
            ),
        };
        let title = common.titles.get(&url).cloned().unwrap_or_default();
        let root = root_of(&url);
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: if role.is_some() {
                    format!("Ketenpartners: {}", title.to_lowercase())
                } else {
                    title
                },
                summary: String::new(),
                url: url.clone(),
                kind: "partners",
                content: intro,
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        ctx.insert("roles", &roles_ctx(&directory, &root, role));
        ctx.insert("role_links", &role_links(&root, role));
        ctx.insert("all_partners", &all_partners(&directory, &root));
        ctx.insert(
            "current_role",
            &role.map(|r| partner::role_label(r).unwrap_or(r)),
        );
        push(&mut problems, "partners.html", url, ctx);
    }
    for (i, p) in sources.partners.iter().enumerate() {
        let url = p.url();
        let root = root_of(&url);
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: p.record.name.clone(),
                summary: p.record.summary.clone(),
                url: url.clone(),
                kind: if p.is_gemeente() {
                    "gemeente"
                } else {
                    "partner"
                },
                content: String::new(),
                toc: Vec::new(),
                keywords: p.record.aliases.clone(),
            },
        );
        ctx.insert(
            "partner",
            &partner_ctx(config, p, &model.partners[i], sources, &root),
        );
        push(&mut problems, "partner.html", url.clone(), ctx);
        if let Err(d) = out.put(format!("{url}{}.vcf", p.id), vcard(p).into_bytes()) {
            problems.push(d);
        }
    }
    // Municipalities.
    {
        let url = "gemeenten/".to_string();
        let root = root_of(&url);
        let intro = intro_of("gemeenten/")
            .map(|i| model.pages[i].rendered.html.clone())
            .unwrap_or_default();
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: common.titles.get(&url).cloned().unwrap_or_default(),
                summary: String::new(),
                url: url.clone(),
                kind: "gemeenten",
                content: intro,
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        let list: Vec<LinkCtx> = sources
            .partners
            .iter()
            .filter(|p| p.is_gemeente())
            .map(|p| LinkCtx {
                title: p.record.name.clone(),
                href: href(&root, &p.url(), None),
                summary: Some(p.record.summary.clone()),
                current: false,
            })
            .collect();
        ctx.insert("gemeenten", &list);
        ctx.insert(
            "basisniveau",
            &basisniveau_table(sources, &config.goals, &root),
        );
        push(&mut problems, "gemeenten.html", url, ctx);
    }
    // Glossary.
    {
        let url = "begrippen/".to_string();
        let mut ctx = common.context(
            &url,
            PageCtx {
                title: "Begrippen".into(),
                summary: "Wat de woorden in het plan betekenen.".into(),
                url: url.clone(),
                kind: "glossary",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        let terms: Vec<serde_json::Value> = sources
            .glossary
            .terms
            .iter()
            .zip(&model.terms)
            .map(|((id, t), html)| serde_json::json!({"id": id, "term": t.term.value, "aliases": t.aliases, "definition": html}))
            .collect();
        let mut letters: Vec<(String, String)> = Vec::new();
        for (id, t) in &sources.glossary.terms {
            let l = crate::slug::fold(&t.term.value)
                .chars()
                .next()
                .unwrap_or('#')
                .to_uppercase()
                .to_string();
            if letters.last().map(|x| &x.0) != Some(&l) {
                letters.push((l, id.clone()));
            }
        }
        ctx.insert("terms", &terms);
        ctx.insert(
            "letters",
            &letters
                .iter()
                .map(|(l, id)| serde_json::json!({"letter": l, "id": id}))
                .collect::<Vec<_>>(),
        );
        push(&mut problems, "glossary.html", url, ctx);
    }
    // Search page.
    {
        let url = "zoeken/".to_string();
        let ctx = common.context(
            &url,
            PageCtx {
                title: "Zoeken".into(),
                summary: String::new(),
                url: url.clone(),
                kind: "search",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        push(&mut problems, "search.html", url, ctx);
    }
    // The whole plan on one page.
    if let Err(d) = templates
        .whole_plan(model)
        .and_then(|f| out.put(f.path, f.bytes))
    {
        problems.push(d);
    }
    // 404: served at any depth, so its links start from the site's base path.
    {
        let base_path = base_path(&config.base_url);
        let mut ctx = common.context(
            "",
            PageCtx {
                title: "Pagina niet gevonden".into(),
                summary: String::new(),
                url: String::new(),
                kind: "404",
                content: String::new(),
                toc: Vec::new(),
                keywords: Vec::new(),
            },
        );
        ctx.insert("root", &base_path);
        ctx.insert("home_href", &format!("{base_path}index.html"));
        ctx.insert("search_href", &format!("{base_path}zoeken/index.html"));
        let nav: Vec<LinkCtx> = common
            .menu
            .iter()
            .map(|(t, u)| LinkCtx {
                title: t.clone(),
                href: href(&base_path, u, None),
                summary: None,
                current: false,
            })
            .collect();
        ctx.insert("nav", &nav);
        if let Err(d) = theme
            .render("404.html", &ctx)
            .and_then(|html| out.put("404.html".into(), html.into_bytes()))
        {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(())
}

/// The rest of [`write_generated`], which needs nothing of the rendered Markdown but the
/// pages' plain text: the theme's files, the search index, sitemap and robots.txt; and the
/// counts of everything written.
pub fn write_site_files(
    templates: &Templates,
    sections: Option<Vec<Vec<crate::markdown::TextSection>>>,
    spill: Option<&crate::util::spill::Spill>,
    out: &Emitter,
) -> Result<Emitted, Vec<Diagnostic>> {
    let (sources, theme, config) = (templates.sources, templates.theme, templates.common.config);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut put = |path: String, bytes: Vec<u8>| {
        if let Err(d) = out.put(path, bytes) {
            problems.push(d);
        }
    };
    // Static files of the theme and of content/.
    for (name, bytes) in &theme.statics {
        put(name.clone(), bytes.clone());
    }
    // Without sections (the preview's partial update) the search index follows later.
    // Each search file goes out as soon as it is made (the index is never held whole).
    let failed = std::sync::Mutex::new(Vec::new());
    if let Some(sections) = sections {
        let t = std::time::Instant::now();
        let docs = crate::search::docs::documents(sources, sections);
        let synonyms = crate::search::docs::synonyms(sources);
        crate::search::write(docs, &synonyms, spill, &|f| {
            if let Err(d) = out.put(f.path, f.contents.into_bytes()) {
                crate::util::sync::lock(&failed).push(d);
            }
        });
        if spill.is_some_and(|s| s.failed()) {
            // No page is at fault: the temporary file the texts were parked in.
            let d = Diagnostic::error(
                "zoeken/",
                0,
                "kan de tijdelijk opgeslagen tekst voor de zoekindex niet teruglezen",
            )
            .hint("kijk of de map voor tijdelijke bestanden (TMPDIR) schrijfbaar is en niet vol, en bouw opnieuw");
            crate::util::sync::lock(&failed).push(d);
        }
        crate::util::timing::phase("search", t);
    }
    let paths = std::mem::take(&mut *crate::util::sync::lock(&out.paths));
    put("sitemap.xml".into(), sitemap(config, &paths).into_bytes());
    put(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            with_slash(&config.base_url)
        )
        .into_bytes(),
    );
    problems.extend(failed.into_inner().unwrap_or_else(|e| e.into_inner()));
    if !problems.is_empty() {
        return Err(problems);
    }
    let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    // sitemap.xml and robots.txt were recorded after `paths` was taken.
    let after = crate::util::sync::lock(&out.paths).len();
    Ok(Emitted {
        files: paths.len() + after,
        pages,
    })
}

/// Directory data: partners grouped by role.
pub(crate) struct DirEntry {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) summary: String,
    pub(crate) kind: &'static str,
    pub(crate) roles: Vec<String>,
    pub(crate) gemeente: bool,
}

pub(crate) fn directory_ctx(sources: &Sources) -> Vec<DirEntry> {
    let mut v: Vec<DirEntry> = sources
        .partners
        .iter()
        .map(|p| DirEntry {
            name: p.record.name.clone(),
            url: p.url(),
            summary: p.record.summary.clone(),
            kind: match p.record.kind {
                partner::Kind::Landelijk => "Landelijk",
                partner::Kind::Regionaal => "Regionaal",
                partner::Kind::Gemeente => "Gemeente",
            },
            roles: p.record.roles.iter().map(|r| r.value.clone()).collect(),
            gemeente: p.is_gemeente(),
        })
        .collect();
    v.sort_by_key(|a| crate::slug::fold(&a.name));
    v
}

pub(crate) fn roles_ctx(
    dir: &[DirEntry],
    root: &str,
    only: Option<&str>,
) -> Vec<serde_json::Value> {
    ROLES
        .iter()
        .filter(|(id, _)| only.is_none_or(|o| o == *id))
        .map(|(id, label)| {
            let has_role = |d: &&DirEntry| d.roles.iter().any(|r| r == id);
            let members: Vec<serde_json::Value> = dir
                .iter()
                .filter(|d| !d.gemeente)
                .filter(has_role)
                .map(|d| serde_json::json!({"name": d.name, "href": href(root, &d.url, None), "summary": d.summary, "kind": d.kind}))
                .collect();
            // Municipalities are listed by name only: their cards are on /gemeenten/.
            let gemeenten: Vec<serde_json::Value> = dir
                .iter()
                .filter(|d| d.gemeente)
                .filter(has_role)
                .map(|d| serde_json::json!({"name": d.name, "href": href(root, &d.url, None)}))
                .collect();
            serde_json::json!({"id": id, "label": label, "partners": members, "gemeenten": gemeenten,
                "gemeenten_href": href(root, "gemeenten/", None), "href": href(root, &format!("partners/rol/{id}/"), None)})
        })
        .collect()
}

pub(crate) fn role_links(root: &str, current: Option<&str>) -> Vec<LinkCtx> {
    std::iter::once(LinkCtx {
        title: "Alle rollen".into(),
        href: href(root, "partners/", None),
        summary: None,
        current: current.is_none(),
    })
    .chain(ROLES.iter().map(|(id, label)| LinkCtx {
        title: label.to_string(),
        href: href(root, &format!("partners/rol/{id}/"), None),
        summary: None,
        current: current == Some(*id),
    }))
    .collect()
}

pub(crate) fn all_partners(dir: &[DirEntry], root: &str) -> Vec<serde_json::Value> {
    dir.iter()
        .filter(|d| !d.gemeente)
        .map(|d| serde_json::json!({"name": d.name, "href": href(root, &d.url, None), "summary": d.summary, "kind": d.kind,
            "roles": d.roles.iter().filter_map(|r| partner::role_label(r)).collect::<Vec<_>>()}))
        .collect()
}

pub(crate) fn partner_ctx(
    config: &SiteConfig,
    p: &Partner,
    out: &crate::render::PartnerOut,
    sources: &Sources,
    root: &str,
) -> serde_json::Value {
    let r = &p.record;
    let area: Vec<serde_json::Value> = match p.area_ids() {
        None => vec![
            serde_json::json!({"name": crate::config::region::all_municipalities(&config.region, sources.partners.iter().filter(|g| g.is_gemeente()).count()), "href": href(root, "gemeenten/", None)}),
        ],
        Some(ids) => ids
            .iter()
            .filter_map(|id| sources.partners.iter().find(|g| &g.id == id))
            .map(|g| serde_json::json!({"name": g.record.name, "href": href(root, &g.url(), None)}))
            .collect(),
    };
    // For a municipality: the partners that serve it.
    let serving: Vec<serde_json::Value> = if p.is_gemeente() {
        sources
            .partners
            .iter()
            .filter(|o| !o.is_gemeente() && o.area_ids().is_none_or(|ids| ids.contains(&p.id)))
            .map(|o| serde_json::json!({"name": o.record.name, "href": href(root, &o.url(), None), "summary": o.record.summary}))
            .collect()
    } else {
        Vec::new()
    };
    let goals: Vec<serde_json::Value> = r
        .basisniveau
        .as_ref()
        .map(|b| {
            config.goals
                .iter()
                .filter_map(|goal| b.value.get(&goal.id).map(|g| serde_json::json!({"label": goal.title, "status": g.status.label(), "class": g.status.class(), "note": g.note})))
                .collect()
        })
        .unwrap_or_default();
    let dutch = |v: &str| partner::Date::parse(v).map_or_else(|| v.to_string(), |d| d.dutch());
    let confirmed = r.confirmed.as_ref().map(|c| {
        serde_json::json!({"by": c.by, "date": dutch(&c.date.value), "iso": c.date.value.trim()})
    });
    let tel = |n: &Option<String>| {
        n.as_ref().map(|n| {
            n.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        })
    };
    serde_json::json!({
        "id": p.id,
        "name": r.name,
        "aliases": r.aliases,
        "kind": match r.kind { partner::Kind::Landelijk => "Landelijk", partner::Kind::Regionaal => "Regionaal", partner::Kind::Gemeente => "Gemeente" },
        "roles": r.roles.iter().filter_map(|x| partner::role_label(&x.value).map(|l| serde_json::json!({"label": l, "href": href(root, &format!("partners/rol/{}/", x.value), None)}))).collect::<Vec<_>>(),
        "forms": if r.forms.is_empty() { vec!["Alle vormen".to_string()] } else { r.forms.iter().filter_map(|f| partner::form_label(&f.value).map(String::from)).collect() },
        "area": area,
        "summary": out.summary,
        "description": out.description,
        "when_to_contact": out.when_to_contact,
        "contact": r.contact,
        "website_text": r.contact.website.as_ref().map(|w| crate::markdown::tables::breakable(&w.value)),
        "phone_tel": tel(&r.contact.phone),
        "phone_extra_tel": tel(&r.contact.phone_extra),
        "note": out.note,
        // What `new partner` left to fill in is an open point, never shown as a source or date.
        "sources": r.source.value.urls().into_iter().filter(|u| !partner::is_placeholder(u)).collect::<Vec<_>>(),
        // The same, as link text that breaks after slashes, never inside a word (at 320 px).
        "source_links": r.source.value.urls().into_iter().filter(|u| !partner::is_placeholder(u))
            .map(|u| serde_json::json!({"href": u, "text": crate::markdown::tables::breakable(&u)})).collect::<Vec<_>>(),
        "consulted": (!partner::is_placeholder(&r.consulted.value)).then(|| dutch(&r.consulted.value)),
        "consulted_iso": r.consulted.value.trim(),
        "confirmed": confirmed,
        "open": out.open,
        "vcard": format!("{}.vcf", p.id),
        "meldpunt": out.meldpunt,
        "aandachtsfunctionaris": out.aandachtsfunctionaris,
        "goals": goals,
        "serving": serving,
        "is_gemeente": p.is_gemeente(),
    })
}
