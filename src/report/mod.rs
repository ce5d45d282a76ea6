//! `report`: the reconciled corpus as a terminal table, Markdown, JSON or
//! an HTML page of timelines ([`html`]).
//!
//! A [`View`] (`view`) is what every format shows: the groups a [`Filter`]
//! keeps, with their stances judged again over the claims kept. Each format
//! is a module of its own (`table`, `markdown`, `json`, [`html`]; [`people`]
//! for the view by speaker); the words they share (a speaker's label, a
//! reversal's note, the verdict lines) are in `labels`.

pub mod html;
mod json;
mod labels;
mod markdown;
pub mod people;
mod table;
mod view;

pub use json::{render_json, write_json};
pub use markdown::render_markdown;
pub(crate) use markdown::{md_escape, md_link};
pub use table::render_table;
pub use view::{Filter, GroupView, Summary, View};
