//! Where each pane goes for a terminal size. A pure function of (size, what is open), used by
//! `update` (page sizes, the reader's wrap width) and by `draw`, so they always agree.

use ratatui::layout::Rect;

/// Narrowest terminal that shows the list and the reader side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// Widest the reader's text gets by default, for a readable measure; wider panes centre it.
pub const DEFAULT_BODY_WIDTH: u16 = 100;

/// Smallest terminal folio draws its interface in; below it, a message asks for more room.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Which pane is shown when only one fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinglePane {
    /// The list of posts.
    List,
    /// The reader.
    Reader,
}

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The list pane, with its border, if shown.
    pub list: Option<Rect>,
    /// The reader pane, with its border, if shown.
    pub reader: Option<Rect>,
    /// The one-line status bar at the bottom.
    pub status: Rect,
}

impl Panes {
    /// Lays out a `width` × `height` terminal; `single` picks the pane when only one fits.
    #[must_use]
    pub fn compute(width: u16, height: u16, single: SinglePane) -> Self {
        let main_height = height.saturating_sub(1);
        let status = Rect::new(0, main_height, width, height.min(1));
        if width >= SIDE_BY_SIDE_MIN_WIDTH {
            let list_width = (width * 2 / 5).clamp(36, 60);
            let list = Rect::new(0, 0, list_width, main_height);
            let reader = Rect::new(list_width, 0, width - list_width, main_height);
            return Self {
                list: Some(list),
                reader: Some(reader),
                status,
            };
        }
        Self::single(width, height, single)
    }

    /// Lays out one pane over the whole terminal, however wide (a zoomed reader).
    #[must_use]
    pub fn single(width: u16, height: u16, single: SinglePane) -> Self {
        let main_height = height.saturating_sub(1);
        let status = Rect::new(0, main_height, width, height.min(1));
        let main = Rect::new(0, 0, width, main_height);
        match single {
            SinglePane::List => Self {
                list: Some(main),
                reader: None,
                status,
            },
            SinglePane::Reader => Self {
                list: None,
                reader: Some(main),
                status,
            },
        }
    }
}

/// Inside of a bordered pane.
#[must_use]
pub fn inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x + 1,
        rect.y + 1,
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}

/// The reader's text column inside its pane: one column of margin each side, at most
/// `body_width` wide (see [`DEFAULT_BODY_WIDTH`]), centred.
#[must_use]
pub fn reader_text_area(pane: Rect, body_width: u16) -> Rect {
    let inner = inner(pane);
    let available = inner.width.saturating_sub(2);
    let width = available.clamp(1, body_width.max(1));
    let x = inner.x + 1 + (available.saturating_sub(width)) / 2;
    Rect::new(x, inner.y, width, inner.height)
}

/// The list pane's search bar: the first line inside its border.
#[must_use]
pub fn search_bar_area(pane: Rect) -> Rect {
    let inner = inner(pane);
    Rect::new(inner.x, inner.y, inner.width, inner.height.min(1))
}

/// Where the list pane draws its items: inside the border, below the search bar and the
/// blank line under it.
#[must_use]
pub fn list_items_area(pane: Rect) -> Rect {
    let inner = inner(pane);
    let top = inner.height.min(2);
    Rect::new(inner.x, inner.y + top, inner.width, inner.height - top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let panes = Panes::compute(120, 40, SinglePane::List);
        let (list, reader) = (panes.list.expect("list"), panes.reader.expect("reader"));
        assert_eq!(list.width + reader.width, 120);
        assert_eq!(panes.status.y, 39);
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let panes = Panes::compute(80, 24, SinglePane::Reader);
        assert!(panes.list.is_none());
        assert_eq!(panes.reader.expect("reader").width, 80);
    }

    #[test]
    fn reader_text_is_capped_and_centred() {
        let area = reader_text_area(Rect::new(0, 0, 200, 50), DEFAULT_BODY_WIDTH);
        assert_eq!(area.width, DEFAULT_BODY_WIDTH);
        assert_eq!(area.x, 1 + 1 + (196 - 100) / 2);
    }
}
