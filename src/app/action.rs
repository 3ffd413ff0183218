//! What the user asked for, independent of the key that asked. Key bindings map to these, so
//! the same names serve the keymap, the help overlay and (later) the config file.

/// One thing the application can do. `update` interprets movement by what has focus: `Down`
/// moves the list selection, scrolls the reader or scrolls an overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave folio.
    Quit,
    /// Go back: close an overlay, leave the reader, or clear the list's filter.
    Back,
    /// Move or scroll up one step.
    Up,
    /// Move or scroll down one step.
    Down,
    /// Up one page.
    PageUp,
    /// Down one page.
    PageDown,
    /// Up half a page.
    HalfPageUp,
    /// Down half a page.
    HalfPageDown,
    /// To the first item or the top of the post.
    Top,
    /// To the last item or the end of the post.
    Bottom,
    /// Open the selected post in the reader.
    Open,
    /// Move focus between the list and the reader.
    SwitchPane,
    /// Focus the search bar.
    Search,
    /// Show or hide the list of keys.
    Help,
    /// Show or hide the problems found while loading posts.
    Problems,
    /// Select the next link on screen (reader).
    NextLink,
    /// Select the previous link on screen (reader).
    PreviousLink,
    /// Go back to where the last followed link was followed from (reader).
    GoBack,
    /// Show the open post's table of contents.
    Contents,
    /// Jump to the next heading (reader).
    NextHeading,
    /// Jump to the previous heading (reader).
    PreviousHeading,
    /// Move to the next match of the find bar (reader).
    FindNext,
    /// Move to the previous match of the find bar (reader).
    FindPrevious,
    /// Bookmark the selected or open post, or remove its bookmark.
    Bookmark,
    /// Show only bookmarked posts, or all again.
    BookmarksOnly,
    /// Open the tag picker to filter the list by tags.
    Tags,
    /// Cycle the list's order: newest, oldest, title.
    Sort,
    /// Switch the search bar between titles (fuzzy) and the full text of every post.
    SearchMode,
    /// Open the next post of the list (reader).
    NextPost,
    /// Open the previous post of the list (reader).
    PreviousPost,
    /// Go forward again after going back (reader).
    GoForward,
    /// Show the reader alone at the terminal's full width, or beside the list again: a wide
    /// terminal reads like a narrow one, and scrolling costs the fewest bytes (the terminal
    /// can move whole rows).
    Zoom,
    /// Toggle the item under the cursor in an overlay (a tag in the picker).
    Toggle,
    /// Suspend folio to the shell, as Ctrl-Z does; `fg` resumes it.
    Suspend,
    /// Type a character into the search bar.
    SearchInput(char),
    /// Paste text into the search bar (control characters and line breaks are dropped).
    SearchPaste(String),
    /// Delete the character before the cursor.
    SearchBackspace,
    /// Delete the word before the cursor, as Ctrl-W does in a shell.
    SearchDeleteWord,
    /// Delete everything before the cursor, as Ctrl-U does in a shell.
    SearchDeleteLine,
    /// Clear the query and leave the search bar.
    SearchCancel,
    /// Leave the search bar and open the selected match.
    SearchAccept,
    /// The mouse wheel turned over a cell.
    Wheel {
        /// True when scrolling down (towards the end).
        down: bool,
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
    /// A left click on a cell.
    Click {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
    /// The terminal reported its background colour (the answer to OSC 11).
    TerminalBackground {
        /// Red, 0–255.
        red: u8,
        /// Green, 0–255.
        green: u8,
        /// Blue, 0–255.
        blue: u8,
    },
    /// The terminal changed size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// A post's text, read from its file by the event loop because the last action asked for
    /// it (see [`Requests::read_body`](super::Requests::read_body)). Bound to no key.
    BodyRead(BodyRead),
}

/// A post's text as the event loop read it from its file: reading stays at the edge, and
/// `update` only ever sees text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRead {
    /// Index of the post in the library.
    pub post: usize,
    /// The text and whether the file changed since the post was loaded, or why it could not be
    /// read (for the status line).
    pub text: Result<(std::sync::Arc<str>, bool), String>,
}

impl BodyRead {
    /// Reads the body of post `index` of `library` from its file.
    #[must_use]
    pub fn of(library: &crate::content::Library, index: usize) -> Self {
        let text = match library.posts.get(index) {
            Some(post) => post
                .read_body()
                .map(|read| (std::sync::Arc::from(read.text.as_ref()), read.changed))
                .map_err(|err| err.to_string()),
            None => Err(format!("No post number {index}")),
        };
        Self { post: index, text }
    }
}

/// The actions a key can be bound to, by the names the config file uses.
pub const BINDABLE: &[(&str, Action, &str)] = &[
    ("quit", Action::Quit, "quit"),
    (
        "back",
        Action::Back,
        "back: close, leave the reader, clear a filter",
    ),
    ("up", Action::Up, "up one line or item"),
    ("down", Action::Down, "down one line or item"),
    ("page_up", Action::PageUp, "up a page"),
    ("page_down", Action::PageDown, "down a page"),
    ("half_page_up", Action::HalfPageUp, "up half a page"),
    ("half_page_down", Action::HalfPageDown, "down half a page"),
    ("top", Action::Top, "to the top"),
    ("bottom", Action::Bottom, "to the end"),
    (
        "open",
        Action::Open,
        "open the post, follow the link, choose",
    ),
    (
        "switch_pane",
        Action::SwitchPane,
        "switch between list and reader",
    ),
    (
        "search",
        Action::Search,
        "search posts, or find in the post",
    ),
    ("help", Action::Help, "this help"),
    (
        "problems",
        Action::Problems,
        "problems with posts and config",
    ),
    (
        "next_link",
        Action::NextLink,
        "select the next link on screen",
    ),
    (
        "previous_link",
        Action::PreviousLink,
        "select the previous link on screen",
    ),
    (
        "go_back",
        Action::GoBack,
        "back to where you followed a link",
    ),
    (
        "go_forward",
        Action::GoForward,
        "forward again after going back",
    ),
    ("next_post", Action::NextPost, "next post in the list"),
    (
        "zoom",
        Action::Zoom,
        "the reader alone, full width (again: beside the list)",
    ),
    (
        "previous_post",
        Action::PreviousPost,
        "previous post in the list",
    ),
    (
        "search_mode",
        Action::SearchMode,
        "search titles, or the full text",
    ),
    ("contents", Action::Contents, "table of contents"),
    ("next_heading", Action::NextHeading, "next heading"),
    (
        "previous_heading",
        Action::PreviousHeading,
        "previous heading",
    ),
    ("find_next", Action::FindNext, "next match in the post"),
    (
        "find_previous",
        Action::FindPrevious,
        "previous match in the post",
    ),
    (
        "bookmark",
        Action::Bookmark,
        "bookmark the post (again: remove it)",
    ),
    (
        "bookmarks_only",
        Action::BookmarksOnly,
        "show only bookmarked posts",
    ),
    ("tags", Action::Tags, "filter by tags"),
    ("sort", Action::Sort, "sort: newest, oldest, title"),
    ("toggle", Action::Toggle, "toggle the item (tag picker)"),
    (
        "suspend",
        Action::Suspend,
        "suspend to the shell (fg resumes)",
    ),
    (
        "search_accept",
        Action::SearchAccept,
        "open the match, or keep the find",
    ),
    (
        "search_cancel",
        Action::SearchCancel,
        "clear the query and leave the bar",
    ),
    (
        "search_backspace",
        Action::SearchBackspace,
        "delete a character",
    ),
    (
        "search_delete_word",
        Action::SearchDeleteWord,
        "delete the previous word",
    ),
    (
        "search_delete_line",
        Action::SearchDeleteLine,
        "delete the whole query",
    ),
];

impl Action {
    /// The action a config file names, if it is bindable.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        BINDABLE
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, a, _)| a.clone())
    }

    /// The config name of a bindable action.
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        BINDABLE
            .iter()
            .find(|(_, a, _)| a == self)
            .map(|(n, _, _)| *n)
    }

    /// Whether the action only edits a query as it is typed: in a big library these leave
    /// the ranking to the event loop, which runs it on another thread (see `SearchBar::stale`).
    #[must_use]
    pub fn edits_query(&self) -> bool {
        matches!(
            self,
            Self::SearchInput(_)
                | Self::SearchPaste(_)
                | Self::SearchBackspace
                | Self::SearchDeleteWord
                | Self::SearchDeleteLine
        )
    }

    /// What the action does, for the help overlay.
    #[must_use]
    pub fn describe(&self) -> Option<&'static str> {
        BINDABLE
            .iter()
            .find(|(_, a, _)| a == self)
            .map(|(_, _, d)| *d)
    }
}
