//! ketenwijzer: a static site generator for a regional plan against human trafficking, its
//! chain partners, signal checklists and referral routes. All logic lives in this library;
//! `main.rs` only calls [`cli::run`].

pub mod checklist;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod flowchart;
pub mod flowchart_page;
pub mod identity;
pub mod init;
pub mod links;
pub mod markdown;
pub mod open_points;
pub mod output;
pub mod page_kinds;
pub mod partial;
pub mod plan_status;
pub mod region;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod search_docs;
pub mod serve;
pub mod site;
pub mod site_links;
pub mod slug;
pub mod theme_export;
pub mod yaml;
