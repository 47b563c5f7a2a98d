//! ketenwijzer: the static site generator of the regional plan "Aanpak mensenhandel
//! West-Friesland". All logic lives in this library; `main.rs` only calls [`cli::run`].

pub mod error;
pub mod links;
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

pub mod scaffold;
pub mod serve;

pub mod cli;
