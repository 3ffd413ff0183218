//! The application as plain data: state, the actions that change it, and the keymap from
//! terminal events to actions. Nothing here touches a terminal, so every behaviour is tested by
//! feeding actions and looking at the state.

mod action;
pub use action::BINDABLE;
mod keymap;
mod marks;
mod reader;
mod state;
mod update;

pub use action::{Action, BodyRead};
pub use keymap::{Context, Key, Keymap, action_for_event, action_for_reply, context as context_of};
pub use state::{
    AppState, Find, FindMatch, Focus, ListFilter, Overlay, Place, Reader, Requests, SearchBar,
};
pub use update::{
    FoundSnippets, RANKED_AHEAD, RankJob, RankedList, SnippetJob, apply_ranking, apply_snippets,
    finish_work, rank_stale_search, refresh_list, take_rank_job, take_snippet_job, update,
};
