//! ketenwijzer: the static site generator of the regional plan "Aanpak mensenhandel
//! West-Friesland". All logic lives in this library; `main.rs` only calls [`cli::run`].

pub mod checklist;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod flowchart;
pub mod flowchart_page;
pub mod links;
pub mod markdown;
pub mod open_points;
pub mod output;
pub mod partial;
pub mod plan_status;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod search_docs;
pub mod serve;
pub mod site;
pub mod slug;
pub mod yaml;
