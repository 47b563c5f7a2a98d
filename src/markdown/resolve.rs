//! Link targets written in content, resolved against the site index.

use crate::links::Resolver;

/// "bedoel je comensha?" or how partner ids are made.
pub fn partner_hint(id: &str, idx: &dyn Resolver) -> String {
    let ids = idx.partner_ids();
    match crate::error::closest(id, ids.iter().map(String::as_str)) {
        Some(best) => format!("bedoel je partner:{best}?"),
        None => "de id is de bestandsnaam in partners/ zonder .yaml, bijvoorbeeld partner:comensha"
            .into(),
    }
}
