//! Everything the interface shows, as plain data with no terminal in it.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::Keymap;
use crate::config::Sort;
use crate::content::{Library, Post};
use crate::layout::{self, Panes, SinglePane};
use crate::markdown::Rendered;
use crate::search::{Hit, Searcher};
use crate::store::Marks;
use crate::theme::Theme;

/// Which pane receives keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list of posts (and its search bar).
    List,
    /// The reader.
    Reader,
}

/// A window drawn over the panes; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, grouped by pane.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// The problems found while loading posts.
    Problems {
        /// First line shown.
        scroll: usize,
    },
    /// The open post's headings; Enter jumps to the selected one.
    Contents {
        /// Index of the selected heading.
        selected: usize,
    },
    /// Every tag with its count; Space chooses tags, Enter filters the list by them.
    Tags {
        /// Index of the tag under the cursor.
        selected: usize,
    },
}

/// A text match of the reader's find bar: where it is on screen, in rendered coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindMatch {
    /// Rendered line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Columns covered.
    pub width: usize,
}

/// Searching the text of the open post (`/` in the reader, then `n` and `N`).
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// What the user typed.
    pub query: String,
    /// Whether keys go to the find bar.
    pub editing: bool,
    /// Every match, in reading order.
    pub matches: Vec<FindMatch>,
    /// Index of the current match in `matches`.
    pub current: usize,
}

/// A place in a post, for going back after following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the post in the library.
    pub post: usize,
    /// First line shown.
    pub scroll: usize,
}

/// The search bar above the list.
#[derive(Debug, Clone, Default)]
pub struct SearchBar {
    /// What the user typed.
    pub query: String,
    /// Whether keys go to the bar.
    pub editing: bool,
    /// The posts that match `query`, best first (every post when it is empty).
    pub hits: Vec<Hit>,
    /// How many of `hits` are in their final order. A title search orders the first screens
    /// of its matches and leaves the rest by title band until the list scrolls near them
    /// (see [`crate::search::Searcher::rank_top`]).
    pub ordered: usize,
    /// Search the full text of every post instead of titles, summaries and tags.
    pub full_text: bool,
    /// The query changed since `hits` were ranked. In a big library typing only edits the
    /// query; the event loop draws the bar at once and ranks on another thread (see
    /// [`crate::app::take_rank_job`]), going on reading and drawing keys meanwhile, so typing
    /// never waits for search. Any other action ranks first.
    pub stale: bool,
}

/// The post open in the reader, rendered for the current width.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index of the post in the library.
    pub post: usize,
    /// The post's Markdown body, read when it was opened (a folder's posts do not hold
    /// theirs), kept for laying it out again at another width.
    pub body: std::sync::Arc<str>,
    /// The rendered post; recomputed only when the width changes.
    pub doc: Rendered,
    /// The width `doc` was rendered for.
    pub width: usize,
    /// First line shown.
    pub scroll: usize,
    /// The link chosen with `f`/`F`, which Enter follows (index into `doc.links`).
    pub selected_link: Option<usize>,
    /// The find bar and its matches.
    pub find: Find,
    /// False while `doc` holds only the opening of a long post, drawn for the first frame;
    /// the rest is laid out right after that frame, before any key is handled.
    pub complete: bool,
}

/// Which posts the list shows, beyond the search, and in which order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// The order when no search is active.
    pub sort: Sort,
    /// Only bookmarked posts.
    pub bookmarks_only: bool,
    /// Only posts with all of these tags.
    pub tags: BTreeSet<String>,
}

/// Effects the app asks of the event loop, which owns the terminal and the disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // Independent requests, each one the loop checks.
pub struct Requests {
    /// Leave folio.
    pub quit: bool,
    /// Suspend to the shell (Ctrl-Z); `fg` resumes.
    pub suspend: bool,
    /// The marks changed and should be saved.
    pub save_marks: bool,
    /// The action needs the text of this post, which is in its file: the loop reads it and
    /// hands it over as [`Action::BodyRead`](super::Action::BodyRead); applied again, the
    /// action finds the text in [`AppState::fetched`].
    pub read_body: Option<usize>,
    /// Full-text search needs every post's text from its file: the loop reads them into the
    /// search index ([`Searcher::load_bodies`](crate::search::Searcher::load_bodies)). The
    /// list stays stale until then.
    pub load_bodies: bool,
    /// The action waited for what is asked above and changed nothing else: the loop applies it
    /// again once it is there.
    pub apply_again: bool,
}

/// The library size from which search is ranked off the event loop rather than in it: below
/// it a keystroke's search costs under a few milliseconds.
pub const DEFER_SEARCH_FROM: usize = 2_000;

/// The whole state of the interface.
#[derive(Debug)]
pub struct AppState {
    /// The posts and the problems found loading them; shared, read-only, by every session of
    /// `folio serve`.
    pub library: Arc<Library>,
    /// Styles to draw with.
    pub theme: Theme,
    /// Terminal columns.
    pub width: u16,
    /// Terminal rows.
    pub height: u16,
    /// Which pane has the keys.
    pub focus: Focus,
    /// The reader takes the whole width even where the list would fit beside it; kept from
    /// post to post until toggled off or the list takes the keys.
    pub zoomed: bool,
    /// The search bar and its results, which are the list's contents.
    pub search: SearchBar,
    /// Position of the selection in `search.hits`.
    pub selected: usize,
    /// First hit shown at the top of the list.
    pub list_offset: usize,
    /// The open post, if any.
    pub reader: Option<Reader>,
    /// An overlay drawn above the panes.
    pub overlay: Option<Overlay>,
    /// Places to go back to, most recent last (Backspace in the reader).
    pub history: Vec<Place>,
    /// Places gone back from, to go forward to again, most recent last.
    pub forward: Vec<Place>,
    /// A one-line message for the status line, shown until the next key.
    pub message: Option<String>,
    /// Whether the theme follows the terminal's background (the `auto` theme): a reply to OSC
    /// 11 then picks the dark or the light theme.
    pub follow_background: bool,
    /// Widest the reader's text gets; wider panes centre it.
    pub body_width: u16,
    /// Which keys do what, in each pane (from the config).
    pub keymap: Keymap,
    /// What is remembered per post: read, bookmarked, where reading stopped.
    pub marks: Marks,
    /// The time of the input being handled, in ms since the epoch, for stamping marks (the
    /// event loop sets it; tests may leave it 0).
    pub now: u64,
    /// What the list shows and in which order.
    pub filter: ListFilter,
    /// The tags chosen in the tag picker while it is open.
    pub tags_chosen: BTreeSet<String>,
    /// What the app asks the event loop to do, at the edge, after this input.
    pub requests: Requests,
    /// A post's text the loop read for the action being applied (see
    /// [`Requests::read_body`]); taken by the post opening.
    pub fetched: Option<super::BodyRead>,
    /// Libraries with at least this many posts rank a search after drawing the typed key
    /// (see [`SearchBar::stale`]); smaller ones rank at once, in well under a millisecond.
    pub defer_search_from: usize,
    pub(crate) searcher: Arc<Searcher>,
}

impl AppState {
    /// A fresh interface over `library` for a terminal of `width` × `height`.
    #[must_use]
    pub fn new(library: Library, theme: Theme, width: u16, height: u16) -> Self {
        let searcher = Arc::new(Searcher::new(&library.posts));
        Self::shared(Arc::new(library), searcher, theme, width, height)
    }

    /// An interface over a library and search index shared with other sessions (`folio
    /// serve`): what one reader does never changes another's posts, and the posts and their
    /// index exist once however many readers there are.
    #[must_use]
    pub fn shared(
        library: Arc<Library>,
        searcher: Arc<Searcher>,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> Self {
        let hits = searcher.rank(&library.posts, "");
        Self {
            library,
            theme,
            width,
            height,
            focus: Focus::List,
            zoomed: false,
            search: SearchBar {
                query: String::new(),
                editing: false,
                ordered: hits.len(),
                hits,
                full_text: false,
                stale: false,
            },
            selected: 0,
            list_offset: 0,
            reader: None,
            overlay: None,
            history: Vec::new(),
            forward: Vec::new(),
            message: None,
            follow_background: false,
            keymap: Keymap::default(),
            marks: Marks::default(),
            now: 0,
            filter: ListFilter::default(),
            tags_chosen: BTreeSet::new(),
            body_width: layout::DEFAULT_BODY_WIDTH,
            requests: Requests::default(),
            fetched: None,
            defer_search_from: DEFER_SEARCH_FROM,
            searcher,
        }
    }

    /// The panes of the current frame.
    #[must_use]
    pub fn panes(&self) -> Panes {
        let single = match self.focus {
            Focus::Reader if self.reader.is_some() => SinglePane::Reader,
            _ => SinglePane::List,
        };
        if self.zoomed && single == SinglePane::Reader {
            return Panes::single(self.width, self.height, single);
        }
        Panes::compute(self.width, self.height, single)
    }

    /// The selected post, if the list is not empty.
    #[must_use]
    pub fn selected_post(&self) -> Option<&Post> {
        let hit = self.search.hits.get(self.selected)?;
        self.library.posts.get(hit.index)
    }

    /// The post open in the reader.
    #[must_use]
    pub fn open_post(&self) -> Option<&Post> {
        self.library.posts.get(self.reader.as_ref()?.post)
    }

    /// Rows of text the reader shows at once.
    #[must_use]
    pub fn reader_height(&self) -> usize {
        self.panes().reader.map_or(0, |pane| {
            usize::from(layout::reader_text_area(pane, self.body_width).height)
        })
    }

    /// Columns the reader wraps its text to.
    #[must_use]
    pub fn reader_width(&self) -> usize {
        // Zoomed only while the reader has the keys, as in `panes`.
        let pane = if self.zoomed && self.focus == Focus::Reader {
            Panes::single(self.width, self.height, SinglePane::Reader)
        } else {
            Panes::compute(self.width, self.height, SinglePane::Reader)
        }
        .reader;
        pane.map_or(1, |pane| {
            usize::from(layout::reader_text_area(pane, self.body_width).width)
        })
    }

    /// The reader's position as a percentage: 100 at the end (or when all of it fits).
    #[must_use]
    pub fn reader_percent(&self) -> Option<usize> {
        let reader = self.reader.as_ref()?;
        let max = reader.doc.lines.len().saturating_sub(self.reader_height());
        Some(
            (reader.scroll.min(max) * 100)
                .checked_div(max)
                .unwrap_or(100),
        )
    }

    /// Every tag with the number of posts that carry it, most used first.
    #[must_use]
    pub fn tag_counts(&self) -> Vec<(String, usize)> {
        self.library.tag_counts()
    }

    /// The heading of the section at the top of the reader, for the status line.
    #[must_use]
    pub fn reader_section(&self) -> Option<&str> {
        let reader = self.reader.as_ref()?;
        reader
            .doc
            .headings
            .iter()
            .take_while(|h| h.line <= reader.scroll + 1)
            .last()
            .map(|h| h.text.as_str())
    }

    /// Furthest the reader can scroll: the last line at the bottom of the pane.
    #[must_use]
    pub fn reader_max_scroll(&self) -> usize {
        self.reader.as_ref().map_or(0, |r| {
            r.doc.lines.len().saturating_sub(self.reader_height())
        })
    }
}
