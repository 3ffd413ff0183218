//! folio: browse, fuzzy-search and read a blog in the terminal.
//!
//! The library holds everything that can be tested without a terminal: posts and their loading
//! (`content`), Markdown rendering (`markdown`), search, the application state machine (`app`)
//! and drawing (`ui`). The binary adds the command line and the terminal event loop.

pub mod ansi;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod contain;
pub mod content;
pub mod document;
pub mod hyperlink;
pub mod input;
pub mod layout;
pub mod markdown;
pub mod sanitize;
pub mod scroll;
pub mod search;
pub mod serve;
pub mod settings;
pub mod store;
pub mod theme;
pub mod tui;
pub mod ui;
