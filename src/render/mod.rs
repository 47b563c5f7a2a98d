//! RENDER: the Markdown of the whole site (pages, record fields, glossary definitions) into a
//! [`Model`]: HTML per page, the ids on each URL, and the anchors still to be checked.

pub mod basisniveau;
pub mod page;
pub mod records;

use crate::markdown::{self, Rendered};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// A page after Markdown rendering.
pub struct PageOut {
    pub rendered: Rendered,
}

/// Rendered record fields of one partner.
pub struct PartnerOut {
    pub description: String,
    pub when_to_contact: String,
    pub note: String,
    pub meldpunt: String,
    pub aandachtsfunctionaris: String,
    pub summary: String,
}

pub struct Model {
    pub pages: Vec<PageOut>,
    pub partners: Vec<PartnerOut>,
    /// Glossary definitions as HTML, in glossary order.
    pub terms: Vec<String>,
    /// ids on each URL, for anchor checks.
    pub ids: HashMap<String, HashSet<String>>,
    /// URL of the page each pending anchor was found on, with the file.
    pub pending: Vec<(String, PathBuf, markdown::PendingAnchor)>,
}
