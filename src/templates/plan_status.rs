//! The plan's status for the templates: title, version, status, date, adoption per
//! municipality and evaluation, from `plan:` in site.yaml.

use crate::config::SiteConfig;
use crate::content::partner::Date;
use crate::content::Sources;

/// `YYYY-MM-DD` as "1 december 2026", or the text as written when it is no date.
fn dutch(date: &str) -> String {
    Date::parse(date).map_or_else(|| date.trim().to_string(), |d| d.dutch())
}

/// The `plan` value every template gets (`null` when site.yaml has no `plan:`).
pub fn context(config: &SiteConfig, sources: &Sources) -> serde_json::Value {
    let Some(plan) = &config.plan else {
        return serde_json::Value::Null;
    };
    let p = &plan.value;
    let title = p.title.clone().unwrap_or_else(|| config.title.clone());
    let date = p
        .date
        .as_ref()
        .map(|d| serde_json::json!({"date": dutch(&d.value), "iso": d.value.trim()}));
    let adopted: Vec<serde_json::Value> = sources
        .partners
        .iter()
        .filter(|g| g.is_gemeente())
        .filter_map(|g| {
            let a = p.adopted.as_ref()?.value.get(&g.id)?;
            Some(serde_json::json!({
                "name": g.record.name,
                "date": dutch(&a.date.value),
                "iso": a.date.value.trim(),
                "decision": a.decision,
            }))
        })
        .collect();
    // One line for the home page and the chapters' footer.
    let mut line = vec![title.clone()];
    if let Some(v) = &p.version {
        line.push(format!("versie {v}"));
    }
    if let Some(s) = p.status {
        line.push(s.label().to_lowercase());
    }
    if let Some(d) = &p.date {
        line.push(dutch(&d.value));
    }
    serde_json::json!({
        "title": title,
        "version": p.version,
        "status": p.status.map(|s| s.label()),
        "date": date,
        "adopted": adopted,
        "evaluation": p.evaluation,
        "line": line.join(" · "),
    })
}
