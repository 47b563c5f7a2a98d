//! A ```` ```mermaid ```` fence on a page: parse, check the click targets, render the figure.

use crate::error::Diagnostic;
use crate::links::{self, Link};
use crate::markdown::{Options, Rendered};
use std::collections::{HashMap, HashSet};

/// `fence_line` is the file line of the opening fence; the chart's own line 1 is the next line.
pub fn render(
    text: &str,
    fence_line: usize,
    chart_no: usize,
    opts: &Options,
    out: &mut Rendered,
    ids: &mut HashSet<String>,
) -> String {
    out.flowcharts += 1;
    let file_line = |l: usize| fence_line + l;
    let chart = match crate::flowchart::parse(text) {
        Ok(c) => c,
        Err(problems) => {
            for p in problems {
                out.diagnostics.push(to_diag(&p, opts, file_line(p.line)));
            }
            return format!(
                "<pre class=\"flowchart-broken\"><code>{}</code></pre>\n",
                crate::markdown::escape(text)
            );
        }
    };
    for w in chart.warnings() {
        out.diagnostics.push(to_diag(w, opts, file_line(w.line)));
    }
    let mut hrefs = HashMap::new();
    for (node, target, line) in chart.click_targets() {
        let line = file_line(line);
        let fail =
            |message: String, hint: &str| Diagnostic::error(opts.file, line, message).hint(hint);
        let href = match links::classify(&target) {
            Link::External(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Some(url)
            }
            Link::External(url) => {
                out.diagnostics.push(fail(
                    format!("onbekend linkdoel \"{url}\""),
                    "gebruik partner:ID, een .md-bestand of een https-adres",
                ));
                None
            }
            Link::Partner(id) => match opts.resolver.partner_url(&id) {
                Some(url) => Some(links::href(opts.root, &url, None)),
                None => {
                    let hint = crate::markdown::resolve::partner_hint(&id, opts.resolver);
                    out.diagnostics.push(fail(
                        format!("onbekende partner \"{id}\" in click {node}"),
                        &hint,
                    ));
                    None
                }
            },
            Link::Term(id) if opts.resolver.has_term(&id) => {
                Some(links::href(opts.root, "begrippen/", Some(&id)))
            }
            Link::Term(id) => {
                out.diagnostics.push(fail(
                    format!("onbekend begrip \"{id}\""),
                    "gebruik de id van een begrip uit content/begrippen.yaml",
                ));
                None
            }
            Link::File { path, anchor } => {
                let file = links::join(opts.link_base, &path);
                match file.as_ref().and_then(|f| opts.resolver.page_url(f)) {
                    Some(url) => {
                        if let Some(a) = &anchor {
                            out.pending.push(crate::markdown::PendingAnchor {
                                target: crate::markdown::AnchorTarget::Url(url.clone()),
                                anchor: a.clone(),
                                line,
                                column: 0,
                            });
                        }
                        Some(links::href(opts.root, &url, anchor.as_deref()))
                    }
                    None if file.as_ref().is_some_and(|f| opts.resolver.draft_page(f)) => {
                        out.diagnostics.push(fail(
                            format!("de pagina \"{path}\" in click {node} is een concept (`draft: true`) en wordt niet gepubliceerd"),
                            "haal `draft: true` weg uit die pagina als ze af is, of haal de click weg tot dan",
                        ));
                        None
                    }
                    None => {
                        out.diagnostics.push(fail(
                            format!("de pagina \"{path}\" in click {node} bestaat niet"),
                            "geef een .md-bestand relatief aan deze pagina, bijvoorbeeld ../signalen/arbeidsuitbuiting.md",
                        ));
                        None
                    }
                }
            }
            Link::SiteAbsolute { url, anchor } if opts.resolver.url_exists(&url) => {
                Some(links::href(opts.root, &url, anchor.as_deref()))
            }
            Link::SiteAbsolute { url, .. } => {
                out.diagnostics.push(fail(
                    format!("de pagina /{url} bestaat niet"),
                    "link liever naar het .md-bestand",
                ));
                None
            }
            Link::Fragment(a) => Some(format!("#{a}")),
        };
        if let Some(h) = href {
            hrefs.insert(node, h);
        }
    }
    out.flowchart_texts.extend(chart.texts());
    let prefix = format!("route{chart_no}");
    let html = crate::flowchart::render(&chart, &prefix, &hrefs, opts.title);
    ids.extend(crate::flowchart::element_ids(&chart, &prefix));
    html
}

fn to_diag(p: &crate::flowchart::Diagnostic, opts: &Options, line: usize) -> Diagnostic {
    let d = if p.warning {
        Diagnostic::warning(opts.file, line, p.message.clone())
    } else {
        Diagnostic::error(opts.file, line, p.message.clone())
    };
    d.col(p.column).hint(p.hint.clone())
}
