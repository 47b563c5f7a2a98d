//! Dates and the plan's status: a page's `updated`, and `plan:` of site.yaml (its dates, its
//! municipalities, and an open point for every municipality whose adoption is not recorded).

use crate::config::{self, SiteConfig};
use crate::content::{page::Page, partner, partner::Date, Sources};
use crate::error::{Diagnostic, Diagnostics};
use std::path::Path;

/// `updated:` of a page: a date that has been.
pub(crate) fn check_updated(p: &Page, today: Date, diags: &mut Diagnostics) {
    let Some(u) = &p.meta.updated else {
        return;
    };
    let line = u.referenced.line() as usize + p.yaml_line - 1;
    if let Err(d) = partner::past_date(
        &p.file,
        line,
        0,
        &u.value,
        Some("`updated`"),
        "zet `updated` op de dag waarop je de pagina wijzigde",
        today,
    ) {
        diags.push(d);
    }
}

/// `plan:` of site.yaml: its dates, its municipalities, and an open point for every
/// municipality whose adoption is not recorded.
pub(crate) fn check_plan(
    config: &SiteConfig,
    sources: &Sources,
    today: Date,
    diags: &mut Diagnostics,
) {
    let Some(plan) = &config.plan else {
        return;
    };
    let file = Path::new(config::FILE);
    let date_ok = |v: &crate::yaml::Spanned<String>, what: &str, diags: &mut Diagnostics| {
        let line = v.referenced.line() as usize;
        let hint = "schrijf alleen een datum die al geweest is; een geplande vaststelling is een open punt";
        if let Err(d) = partner::past_date(file, line, 0, &v.value, Some(what), hint, today) {
            diags.push(d);
        }
    };
    if let Some(s) = &plan.value.section {
        let url = sources.plan_url();
        if !sources
            .pages
            .iter()
            .any(|p| p.parent.as_deref() == Some(url.as_str()))
        {
            let folders: Vec<String> = sources
                .pages
                .iter()
                .filter(|p| p.is_section && !p.url.is_empty())
                .map(|p| p.url.trim_end_matches('/').to_string())
                .collect();
            let hint = match crate::error::closest(s.value.trim(), folders.iter().map(String::as_str)) {
                Some(c) => format!("bedoel je `{c}`? Noem de map in content/ met de hoofdstukken van het plan"),
                None => "noem de map in content/ met de hoofdstukken van het plan, bijvoorbeeld `beleidsplan`".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    file,
                    s.referenced.line() as usize,
                    format!(
                        "plan.section noemt \"{}\", maar content/{} heeft geen pagina's",
                        s.value.trim(),
                        s.value.trim().trim_matches('/')
                    ),
                )
                .hint(hint),
            );
        }
    }
    if let Some(d) = &plan.value.date {
        date_ok(d, "plan.date", diags);
    }
    let gemeenten: Vec<&partner::Partner> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .collect();
    let adopted = plan.value.adopted.as_ref();
    if let Some(a) = adopted {
        for (id, adoption) in &a.value {
            date_ok(&adoption.date, &format!("plan.adopted.{id}"), diags);
            if !gemeenten.iter().any(|g| &g.id == id) {
                let ids: Vec<&str> = gemeenten.iter().map(|g| g.id.as_str()).collect();
                let hint = match crate::error::closest(id, ids.iter().copied()) {
                    Some(c) => format!(
                        "bedoel je `{c}`? Gebruik de id (bestandsnaam) van een gemeenterecord"
                    ),
                    None => "gebruik de id (bestandsnaam) van een gemeenterecord in partners/"
                        .to_string(),
                };
                diags.push(
                    Diagnostic::error(
                        file,
                        adoption.date.referenced.line() as usize,
                        format!("plan.adopted noemt \"{id}\", maar er is geen gemeente met die id"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    let line = adopted.map_or(plan.referenced.line(), |a| a.referenced.line()) as usize;
    for g in &gemeenten {
        if !adopted.is_some_and(|a| a.value.contains_key(&g.id)) {
            diags.push_open(crate::open_points::OpenPoint::new(
                file,
                line,
                &format!(
                    "Datum en besluit waarmee {} het plan vaststelt.",
                    g.record.name
                ),
                None,
            ));
        }
    }
}
