//! A ```` ```mermaid ```` fence on a page: parse, check the click targets, render the figure.

use super::resolve::{resolve, LinkUse, Target};
use crate::error::Diagnostic;
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
                crate::util::html::escape(text)
            );
        }
    };
    for w in chart.warnings() {
        out.diagnostics.push(to_diag(w, opts, file_line(w.line)));
    }
    let mut hrefs = HashMap::new();
    for (node, target, line) in chart.click_targets() {
        let line = file_line(line);
        let href = resolve(
            &target,
            LinkUse::Click { node: &node },
            &|| (line, 0),
            opts,
            out,
        )
        .map(Target::into_href);
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
