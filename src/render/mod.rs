//! RENDER: the Markdown of the whole site (pages, record fields, glossary definitions) into a
//! [`Model`]: HTML per page, the ids on each URL, and the anchors still to be checked.

pub mod basisniveau;
pub mod deps;
pub mod page;
pub mod records;

use crate::markdown::{self, Rendered};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// A page after Markdown rendering.
pub struct PageOut {
    /// Its Markdown rendered; `html` is kept only for pages other pages take in.
    pub rendered: Rendered,
}

/// Rendered record fields of one partner.
pub struct PartnerOut {
    /// The record's open points as one block (empty when none, or hidden).
    pub open: String,
    /// `description` as HTML.
    pub description: String,
    /// `when_to_contact` as HTML.
    pub when_to_contact: String,
    /// `contact.note` as HTML (empty without one).
    pub note: String,
    /// `meldpunt` as HTML (empty without one).
    pub meldpunt: String,
    /// `aandachtsfunctionaris` as HTML (empty without one).
    pub aandachtsfunctionaris: String,
    /// `summary`, escaped.
    pub summary: String,
}

/// The Markdown of the whole site, rendered.
#[derive(Default)]
pub struct Model {
    /// Per page, in the order of `Sources::pages`.
    pub pages: Vec<PageOut>,
    /// Per partner, in the order of `Sources::partners`.
    pub partners: Vec<PartnerOut>,
    /// Glossary definitions as HTML, in glossary order.
    pub terms: Vec<String>,
    /// ids on each URL, for anchor checks.
    pub ids: HashMap<String, HashSet<String>>,
    /// URL of the page each pending anchor was found on, with the file.
    pub pending: Vec<(String, PathBuf, markdown::PendingAnchor)>,
}
