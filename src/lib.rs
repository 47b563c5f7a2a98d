//! ketenwijzer: a static site generator for a regional plan against human trafficking, its
//! chain partners, signal checklists and referral routes. All logic lives in this library;
//! `main.rs` only calls [`cli::run`].
//!
//! The pipeline ([`site::build`]): **load** ([`load`]: [`config`], [`theme`], [`content`]) →
//! **check** ([`check`]: the site index, colliding paths, records) → **render** ([`render`]:
//! the Markdown of every page through [`markdown`], in parallel) → **check anchors**
//! ([`check::anchors`]) → **templates** ([`templates`]: content and generated pages) →
//! **search index** ([`search`]) → **files** ([`output`]). [`serve`] reuses the pipeline and
//! redoes one page with the same functions. ARCHITECTURE.md says more.
//!
//! Layers: a module may use modules of its own layer or lower ones, never a higher one, and
//! no two modules may use each other (tests/layers.rs reads this table and enforces it).
//!
//! | layer | modules | what they hold |
//! |---|---|---|
//! | 0 | util, error, links, slug, open_points | helpers: HTML escaping, locks, timings, the spill file; diagnostics; link syntax; slugs; open points and their report |
//! | 1 | yaml, flowchart, output | YAML with positions; the flowchart engine; where files go (sinks) |
//! | 2 | content | LOAD the sources: pages, partner records, glossary |
//! | 3 | config, theme | site.yaml; templates and static files of the theme |
//! | 4 | markdown | Markdown of one text → HTML, with checklists, flowcharts and link resolution |
//! | 5 | check, search | CHECK cross-references (site index, paths, anchors); the search index |
//! | 6 | load, render | the load stage as one step; RENDER the Markdown of the whole site |
//! | 7 | templates | TEMPLATES: every page and generated file |
//! | 8 | site | the PIPELINE: build and preview build |
//! | 9 | scaffold, page_kinds, init, theme_export, serve | `new` files and their page kinds; `init`'s starter site; `theme export`; the preview server |
//! | 10 | cli | the command line |

// Every public item is documented.
#![warn(missing_docs)]

pub mod error;
pub mod links;
pub mod open_points;
pub mod slug;
pub mod util;

pub mod flowchart;
pub mod output;
pub mod yaml;

pub mod content;

pub mod config;
pub mod theme;

pub mod markdown;

pub mod check;
pub mod search;

pub mod load;
pub mod render;

pub mod templates;

pub mod site;

pub mod init;
pub mod page_kinds;
pub mod scaffold;
pub mod serve;
pub mod theme_export;

pub mod cli;
