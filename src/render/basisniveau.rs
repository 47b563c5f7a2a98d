//! The basisniveau table: each municipality's status on the six goals (a `<!-- tabel:basisniveau -->`
//! placeholder in content, and the municipalities page).

use crate::content::partner::Partner;
use crate::content::Sources;
use crate::links::href;
use crate::util::html::escape;

/// The table of each municipality's status on the goals of the site (`goals` in site.yaml).
pub fn basisniveau_table(
    sources: &Sources,
    goals: &[crate::config::region::Goal],
    root: &str,
) -> String {
    let gemeenten: Vec<&Partner> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .collect();
    if gemeenten.is_empty() {
        return "<p>Er zijn nog geen gemeenterecords.</p>\n".into();
    }
    let mut s = String::from("<div class=\"table-scroll\" role=\"region\" aria-label=\"Stand per gemeente\" tabindex=\"0\">\n<table class=\"basisniveau\">\n<caption>Stand van het basisniveau per gemeente</caption>\n<thead><tr><th scope=\"col\">Gemeente</th>");
    for goal in goals {
        s.push_str(&format!("<th scope=\"col\">{}</th>", escape(&goal.title)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for g in gemeenten {
        s.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>",
            href(root, &g.url(), None),
            escape(&g.record.name)
        ));
        for goal in goals {
            let cell = g
                .record
                .basisniveau
                .as_ref()
                .and_then(|b| b.value.get(&goal.id))
                .map(|st| {
                    let title = if st.note.is_empty() {
                        String::new()
                    } else {
                        format!("<span class=\"status-note\">{}</span>", escape(&st.note))
                    };
                    format!(
                        "<span class=\"status status-{}\">{}</span>{title}",
                        st.status.class(),
                        st.status.label()
                    )
                })
                .unwrap_or_else(|| "<span class=\"status status-onbekend\">Onbekend</span>".into());
            s.push_str(&format!("<td>{cell}</td>"));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</div>\n");
    s
}
