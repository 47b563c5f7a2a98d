//! The site index: every URL, page, partner, term and asset that a link may reach, with the
//! checks that two things do not take one URL.

use crate::content::{
    partner::{self},
    Sources,
};
use crate::error::{Diagnostic, Diagnostics};
use crate::links::Resolver;
use crate::util::hash::{FastMap, FastSet};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// URLs the generator makes itself; a content page may not take them.
pub const GENERATED: &[&str] = &["partners/", "gemeenten/", "begrippen/", "zoeken/"];

/// What link resolution knows about the site.
pub struct SiteIndex {
    // Every link of every page asks these: the fast hasher (nothing iterates them for output).
    pub(crate) page_by_file: FastMap<PathBuf, String>,
    pub(crate) partner_urls: FastMap<String, String>,
    pub(crate) terms: FastSet<String>,
    pub(crate) assets: FastMap<PathBuf, String>,
    pub(crate) urls: FastSet<String>,
    pub(crate) unloaded: Unloaded,
}

/// What the index knows of sources that did not load (each has its error already) and of drafts,
/// so links to them give no second, false error.
#[derive(Default)]
pub(crate) struct Unloaded {
    /// Draft pages' files: a link to one says it is a draft.
    pub(crate) drafts: FastSet<PathBuf>,
    /// The glossary could not be read: every `begrip:` is taken as known.
    pub(crate) glossary_failed: bool,
}

impl Resolver for SiteIndex {
    fn page_url(&self, file: &Path) -> Option<String> {
        note(|| Read::PageUrl(file.to_path_buf()));
        self.page_by_file.get(file).cloned()
    }
    fn partner_url(&self, id: &str) -> Option<String> {
        note(|| Read::PartnerUrl(id.to_string()));
        self.partner_urls.get(id).cloned()
    }
    fn has_term(&self, id: &str) -> bool {
        note(|| Read::HasTerm(id.to_string()));
        self.unloaded.glossary_failed || self.terms.contains(id)
    }
    fn asset_url(&self, file: &Path) -> Option<String> {
        note(|| Read::AssetUrl(file.to_path_buf()));
        self.assets.get(file).cloned()
    }
    fn url_exists(&self, url: &str) -> bool {
        note(|| Read::UrlExists(url.to_string()));
        self.urls.contains(url)
    }
    fn partner_ids(&self) -> Vec<String> {
        note(|| Read::PartnerIds);
        self.partner_urls.keys().cloned().collect()
    }
    fn draft_page(&self, file: &Path) -> bool {
        note(|| Read::Draft(file.to_path_buf()));
        self.unloaded.drafts.contains(file)
    }
}

/// One question a page's Markdown asked the index while it was rendered: what it depends on.
/// A page need not be rendered again while every one of its questions gets the same answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// [`Resolver::page_url`].
    PageUrl(PathBuf),
    /// [`Resolver::partner_url`].
    PartnerUrl(String),
    /// [`Resolver::has_term`].
    HasTerm(String),
    /// [`Resolver::asset_url`].
    AssetUrl(PathBuf),
    /// [`Resolver::url_exists`].
    UrlExists(String),
    /// [`Resolver::partner_ids`].
    PartnerIds,
    /// [`Resolver::draft_page`].
    Draft(PathBuf),
}

thread_local! {
    /// The questions asked on this thread while [`recording`] runs.
    static READS: std::cell::RefCell<Option<Vec<Read>>> = const { std::cell::RefCell::new(None) };
}

fn note(read: impl FnOnce() -> Read) {
    READS.with(|r| {
        if let Some(v) = r.borrow_mut().as_mut() {
            v.push(read());
        }
    });
}

/// Run `f` (the Markdown of one page: it runs on one thread) and return what it asked the index.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Read>) {
    let outer = READS.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = f();
    let mut reads = READS
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}

/// What answers differ between two indexes ([`SiteIndex::changes`]).
#[derive(Debug, Default)]
pub struct IndexChanges {
    files: HashSet<PathBuf>,
    partners: HashSet<String>,
    partner_set: bool,
    terms: HashSet<String>,
    all_terms: bool,
    assets: HashSet<PathBuf>,
    urls: HashSet<String>,
    drafts: HashSet<PathBuf>,
}

impl IndexChanges {
    /// Whether no question gets another answer.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.partners.is_empty()
            && !self.partner_set
            && self.terms.is_empty()
            && !self.all_terms
            && self.assets.is_empty()
            && self.urls.is_empty()
            && self.drafts.is_empty()
    }

    /// Whether `read` gets another answer.
    pub fn touches(&self, read: &Read) -> bool {
        match read {
            Read::PageUrl(f) => !self.files.is_empty() && self.files.contains(f),
            Read::PartnerUrl(id) => !self.partners.is_empty() && self.partners.contains(id),
            Read::HasTerm(id) => {
                self.all_terms || (!self.terms.is_empty() && self.terms.contains(id))
            }
            Read::AssetUrl(f) => !self.assets.is_empty() && self.assets.contains(f),
            Read::UrlExists(u) => !self.urls.is_empty() && self.urls.contains(u),
            Read::PartnerIds => self.partner_set,
            Read::Draft(f) => !self.drafts.is_empty() && self.drafts.contains(f),
        }
    }
}

/// The keys whose value differs between two maps.
fn differing<K: std::hash::Hash + Eq + Clone, V: PartialEq, S: std::hash::BuildHasher>(
    a: &HashMap<K, V, S>,
    b: &HashMap<K, V, S>,
) -> HashSet<K> {
    let mut out: HashSet<K> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

fn set_difference<K: std::hash::Hash + Eq + Clone, S: std::hash::BuildHasher>(
    a: &HashSet<K, S>,
    b: &HashSet<K, S>,
) -> HashSet<K> {
    a.symmetric_difference(b).cloned().collect()
}

impl SiteIndex {
    /// Every question whose answer differs between `self` and `other`.
    pub fn changes(&self, other: &SiteIndex) -> IndexChanges {
        let partners = differing(&self.partner_urls, &other.partner_urls);
        IndexChanges {
            files: differing(&self.page_by_file, &other.page_by_file),
            partner_set: self.partner_urls.len() != other.partner_urls.len()
                || partners.iter().any(|k| {
                    self.partner_urls.contains_key(k) != other.partner_urls.contains_key(k)
                }),
            partners,
            terms: set_difference(&self.terms, &other.terms),
            all_terms: self.unloaded.glossary_failed != other.unloaded.glossary_failed,
            assets: differing(&self.assets, &other.assets),
            urls: set_difference(&self.urls, &other.urls),
            drafts: set_difference(&self.unloaded.drafts, &other.unloaded.drafts),
        }
    }
}

/// Make pages and records that failed to load, and drafts, known to the index (see `Unloaded`).
pub(crate) fn index_unloaded(sources: &Sources, idx: &mut SiteIndex) {
    for (file, url) in &sources.unloaded_pages {
        idx.page_by_file
            .entry(file.clone())
            .or_insert_with(|| url.clone());
        idx.urls.insert(url.clone());
    }
    for id in &sources.unloaded_partners {
        let url = format!("partners/{id}/");
        idx.partner_urls.entry(id.clone()).or_insert(url);
    }
    idx.unloaded.drafts = sources.drafts.iter().map(|(f, _)| f.clone()).collect();
    idx.unloaded.glossary_failed = sources.glossary.failed;
}

pub(crate) use crate::content::asset_out;

pub(crate) fn index_site(sources: &Sources, diags: &mut Diagnostics) -> SiteIndex {
    let mut idx = SiteIndex {
        page_by_file: FastMap::default(),
        partner_urls: FastMap::default(),
        terms: sources
            .glossary
            .terms
            .iter()
            .map(|(id, _)| id.clone())
            .collect(),
        assets: FastMap::default(),
        urls: FastSet::default(),
        unloaded: Unloaded::default(),
    };
    // Sized once: a page at 10,000 pages otherwise pays for the maps growing and rehashing.
    let pages = sources.pages.len();
    let mut owner: FastMap<&str, &Path> = FastMap::default();
    owner.reserve(pages);
    idx.page_by_file.reserve(2 * pages);
    idx.urls.reserve(2 * pages + sources.partners.len());
    for url in GENERATED {
        idx.urls.insert(url.to_string());
    }
    let whole_plan = sources.whole_plan_url();
    idx.urls.insert(whole_plan.clone());
    for p in &sources.pages {
        let allowed_generated = p.is_section && (p.url == "partners/" || p.url == "gemeenten/");
        if (GENERATED.contains(&p.url.as_str()) || p.url == whole_plan) && !allowed_generated {
            diags.push(
                Diagnostic::error(
                    &p.file,
                    1,
                    format!("de URL /{} maakt ketenwijzer zelf", p.url),
                )
                .hint("kies een andere bestandsnaam"),
            );
        }
        if let Some(first) = owner.insert(&p.url, &p.file) {
            diags.push(
                Diagnostic::error(&p.file, 1, format!(
                    "twee pagina's krijgen dezelfde URL /{}: ook {}",
                    p.url,
                    first.to_string_lossy()
                ))
                .hint("hernoem een van de twee bestanden (het cijfer vooraan telt niet mee in de URL)"),
            );
        }
        idx.page_by_file.insert(p.file.clone(), p.url.clone());
        idx.urls.insert(p.url.clone());
    }
    // A folder link `_index.md` that does not exist still reaches the generated section page.
    let folders: Vec<(PathBuf, String)> = sources
        .pages
        .iter()
        .filter_map(|p| {
            p.parent.clone().map(|u| {
                (
                    p.file.parent().unwrap_or(Path::new("")).join("_index.md"),
                    u,
                )
            })
        })
        .collect();
    for (file, url) in folders {
        idx.page_by_file.entry(file).or_insert_with(|| url.clone());
        idx.urls.insert(url);
    }
    for p in &sources.partners {
        idx.partner_urls.insert(p.id.clone(), p.url());
        idx.urls.insert(p.url());
    }
    for (file, rel) in &sources.assets {
        idx.assets.insert(file.clone(), asset_out(rel));
    }
    for (_, role) in role_pages() {
        idx.urls.insert(role);
    }
    idx
}

/// `/partners/ROLE/`: the directory filtered by role, one page each (no JavaScript needed).
pub fn role_pages() -> Vec<(&'static str, String)> {
    partner::ROLES
        .iter()
        .map(|(id, _)| (*id, format!("partners/rol/{id}/")))
        .collect()
}
