//! The theme: templates (Tera) and static files, the embedded default overlaid by the site's
//! own `themes/default/` and `templates/`.

use crate::error::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// Templates and static files of the theme: the embedded default, then the site's own
/// `themes/default/` (so theme edits show without recompiling), then `templates/` overrides.
pub struct Theme {
    tera: tera::Tera,
    /// Files under `static/` of the theme, by path, copied to the output as they are.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The most a page's template has added around the text it was given (see
    /// [`Theme::render_around`]), to size the next page's buffer.
    frame_len: AtomicUsize,
}

impl Theme {
    /// The embedded theme overlaid by the site's `themes/default/` and `templates/`.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(Some(root))
    }

    /// The embedded default theme alone: used to go on checking a site whose own theme or
    /// templates are broken (the build still fails on their errors).
    pub fn embedded() -> Result<Theme, Vec<Diagnostic>> {
        Theme::load_from(None)
    }

    fn load_from(root: Option<&Path>) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, (PathBuf, Vec<u8>)> = BTreeMap::new();
        for (rel, bytes) in embedded::EMBEDDED {
            files.insert(
                rel.to_string(),
                (Path::new("themes/default").join(rel), bytes.to_vec()),
            );
        }
        let mut problems = Vec::new();
        if let Some(root) = root {
            read_tree(
                root,
                Path::new("themes/default"),
                "",
                &mut files,
                &mut problems,
            );
            read_tree(
                root,
                Path::new("templates"),
                "templates/",
                &mut files,
                &mut problems,
            );
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("safe", safe);
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        for (rel, (file, bytes)) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string(), text, file)),
                    Err(_) => problems.push(
                        Diagnostic::error(file, 0, "sjabloon is geen UTF-8")
                            .hint("sla het op als UTF-8"),
                    ),
                }
            } else if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_string(), bytes);
            }
        }
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            let text = e.to_string();
            let file = templates
                .iter()
                .find(|(n, _, _)| text.contains(n.as_str()))
                .map_or_else(|| PathBuf::from("templates"), |t| t.2.clone());
            problems.push(
                Diagnostic::error(
                    file,
                    0,
                    format!("sjabloon klopt niet: {}", first_lines(&text)),
                )
                .hint("controleer {{ }} en {% %} in het sjabloon"),
            );
        }
        if problems.is_empty() {
            Ok(Theme {
                tera,
                statics,
                frame_len: AtomicUsize::new(0),
            })
        } else {
            Err(problems)
        }
    }

    pub(crate) fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| failed(name, &e))
    }

    /// [`Theme::render`] of a template around a text of `text_len` bytes (a page's HTML), as
    /// the file's bytes: the buffer is sized at once for the text and the most any page's
    /// template added so far, instead of growing (and copying) from the template's own size,
    /// and the bytes, all written from text, need no second check that they are UTF-8.
    pub(crate) fn render_around(
        &self,
        name: &str,
        ctx: &tera::Context,
        text_len: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let frame = self.frame_len.load(Ordering::Relaxed);
        let mut out = Vec::with_capacity(text_len + frame.max(4096) + 256);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| failed(name, &e))?;
        self.frame_len
            .fetch_max(out.len().saturating_sub(text_len), Ordering::Relaxed);
        Ok(out)
    }
}

/// The error of a template that fails on a page's data.
fn failed(name: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(
        Path::new("templates").join(name),
        0,
        format!("sjabloon faalt: {}", first_lines(&e.to_string())),
    )
    .hint("een sjabloon van de site gebruikt een veld dat hier niet bestaat")
}

/// Tera's `safe` filter without its copy: tera's own copies the text into a new string, and
/// `{{ page.content | safe }}` is every page's whole HTML. A text stays the same value marked
/// safe (its storage is shared); anything else is written out, as tera's filter does.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// Tera's HTML escaping (`&`, `<`, `>`, `"` and `'`, the same entities), written a run at a time
/// instead of a byte at a time: every `{{ value }}` of every page goes through it.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let Some(entity) = crate::util::html::entity(b) else {
            continue;
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity.as_bytes())?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

pub(crate) fn first_lines(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The files under `dir` (relative to the site root) into `files`, keyed `prefix` + path.
/// Symlinks are followed only inside the site root (see `content::walk_tree`).
pub(crate) fn read_tree(
    root: &Path,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, (PathBuf, Vec<u8>)>,
    problems: &mut Vec<Diagnostic>,
) {
    for e in crate::content::walk_tree(root, dir, false, problems) {
        let name = e
            .rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if e.is_dir || e.refused || crate::content::is_temp_file(&name) {
            continue;
        }
        let key = format!("{prefix}{}", e.rel.to_string_lossy().replace('\\', "/"));
        let shown = dir.join(&e.rel);
        match std::fs::read(root.join(&shown)) {
            Ok(bytes) => {
                files.insert(key, (shown, bytes));
            }
            Err(err) => problems.push(
                Diagnostic::error(shown, 0, format!("kan niet lezen: {err}"))
                    .hint("kijk of het bestand bestaat en leesbaar is"),
            ),
        }
    }
}

#[cfg(test)]
mod escape_tests {
    use super::escape_html;

    fn both(text: &str) -> (Vec<u8>, Vec<u8>) {
        let (mut ours, mut tera) = (Vec::new(), Vec::new());
        escape_html(text, &mut ours).unwrap();
        tera::escape_html(text, &mut tera).unwrap();
        (ours, tera)
    }

    #[test]
    fn escapes_as_tera_does() {
        for text in [
            "",
            "a",
            "<a href=\"x\">'&'</a>",
            "&&",
            "é<ü>",
            "x&",
            "&x",
            "\"'",
        ] {
            let (ours, tera) = both(text);
            assert_eq!(ours, tera, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escapes_any_text_as_tera_does(text in "[a&<>\"'é ;#]{0,24}|\\PC{0,24}") {
            let (ours, tera) = both(&text);
            proptest::prop_assert_eq!(ours, tera);
        }
    }
}

#[cfg(test)]
mod tests {
    /// Our `safe` filter writes exactly what tera's own writes, for every kind of value.
    #[test]
    fn safe_filter_matches_teras() {
        let template = "[{{ v | safe }}][{{ v | safe | upper }}][{% if v | safe %}j{% endif %}]";
        let render = |ours: bool, v: &serde_json::Value| {
            let mut tera = tera::Tera::new();
            tera.autoescape_on([".html"]);
            if ours {
                tera.register_filter("safe", super::safe);
            }
            tera.add_raw_template("t.html", template).expect("template");
            let mut ctx = tera::Context::new();
            ctx.insert("v", v);
            tera.render("t.html", &ctx).map_err(|e| e.to_string())
        };
        let long = "<p>een & ander</p>".repeat(40);
        for v in [
            serde_json::json!("<b>kort</b> & \"zo\""),
            serde_json::json!(long),
            serde_json::json!(""),
            serde_json::json!(42),
            serde_json::json!(1.5),
            serde_json::json!(true),
            serde_json::json!(null),
            serde_json::json!(["<a>", 1]),
            serde_json::json!({"k": "<v>"}),
        ] {
            assert_eq!(render(true, &v), render(false, &v), "{v}");
        }
    }
}
