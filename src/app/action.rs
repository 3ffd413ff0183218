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
}
