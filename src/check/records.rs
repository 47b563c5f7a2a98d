//! Checks across records: a partner's `area` names known municipalities.

use crate::content::{self, Sources};
use crate::error::{Diagnostic, Diagnostics};
use std::collections::HashSet;

pub(crate) fn check_areas(sources: &Sources, diags: &mut Diagnostics) {
    let gemeenten: HashSet<&str> = sources
        .partners
        .iter()
        .filter(|p| p.is_gemeente())
        .map(|p| p.id.as_str())
        .collect();
    for p in &sources.partners {
        if let content::partner::Area::List(list) = &p.record.area.value {
            for g in list {
                if !gemeenten.contains(g.value.as_str())
                    && !sources.unloaded_partners.contains(&g.value)
                {
                    diags.push(
                        Diagnostic::error(
                            &p.file,
                            g.referenced.line() as usize,
                            format!("onbekende gemeente \"{}\" in area", g.value),
                        )
                        .col(g.referenced.column() as usize)
                        .hint(format!(
                            "gebruik de id van een gemeenterecord: {}",
                            gemeenten
                                .iter()
                                .copied()
                                .collect::<std::collections::BTreeSet<_>>()
                                .into_iter()
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
            }
        }
    }
}
