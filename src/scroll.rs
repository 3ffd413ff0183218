//! The terminal's own scrolling, so a one-line scroll in the reader costs a few hundred bytes
//! rather than a repaint.
//!
//! ratatui draws a frame by comparing it with the previous one and writing the cells that
//! differ. When the reader scrolls by a line every row of text differs from the row that was
//! there, so ratatui rewrites them all (~4 KB at 120×40). A terminal can move rows itself:
//! limit scrolling to the rows of the reader (DECSTBM, `CSI top;bottom r`), delete or insert
//! `k` lines at the top of that region (`CSI k M`, `CSI k L`: the rows below move up, or down,
//! and `k` blank rows come in at the far end) and put the region back (`CSI r`).
//!
//! Then ratatui is told the truth about the screen: its previous buffer is replaced by the
//! previous frame with the same rows moved and the same blank rows in, so its own diff writes
//! only what the move did not already put right: the `k` new lines and whatever else changed
//! (the status line's percentage).
//!
//! Whether to scroll is decided in two steps. The caller describes what each frame shows in
//! rows that can scroll (a [`View`]: the rows, what text, from which line); when the text is the
//! same and only the line changed, the next frame is drawn off screen and priced both ways, in
//! the bytes ratatui's crossterm backend would write: redrawing the rows, or moving them and
//! drawing what is left. Moving whole rows also blanks the borders of the rows that come in, so
//! a page (a screenful of new rows, two kept) costs more to move than to redraw; a few lines
//! cost far less.
//!
//! That the screen ends right never depends on the decision. After a move, ratatui's previous
//! buffer is exactly what the terminal shows, so whatever the new frame holds, the diff makes
//! the screen equal to it. A wrong decision can only cost bytes.
//!
//! Why delete and insert lines rather than `CSI k S` and `CSI k T` (scroll up and down): both
//! move the rows of the region the same way, but deleting and inserting lines are VT102
//! functions every terminal has (the Linux console has no `S` or `T`), at the price of one
//! cursor move (they act at the cursor's row).

use std::io::{self, Write};
use std::ops::Range;

use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};

/// What a frame showed in a region that can scroll.
///
/// The rows are whole terminal rows (a scroll region spans the terminal's width), so a view
/// should be given only where everything in them outside the scrolling text is the same on
/// every row, as in the reader alone on screen (its borders and margins). Elsewhere scrolling
/// is still correct, but moves other things that then have to be drawn again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The screen rows that scroll together: top included, bottom excluded.
    pub rows: Range<u16>,
    /// What the rows show: any value that changes when the text does (a post, say).
    pub content: usize,
    /// The line of that text shown on the top row.
    pub offset: usize,
}

/// Rows moved by the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The scroll region: top included, bottom excluded.
    pub rows: Range<u16>,
    /// How far the rows moved up (down when negative); `lines.unsigned_abs()` is less than
    /// the region's height.
    pub lines: i32,
}

impl Shift {
    /// The move from `before` to `after`, if both show the same text in the same rows and
    /// some of it stays on screen.
    #[must_use]
    pub fn between(before: &View, after: &View) -> Option<Self> {
        if before.rows != after.rows || before.content != after.content {
            return None;
        }
        let height = usize::from(after.rows.end.saturating_sub(after.rows.start));
        let distance = after.offset.abs_diff(before.offset);
        if distance == 0 || distance >= height {
            return None;
        }
        let distance = i32::try_from(distance).ok()?;
        let lines = if after.offset > before.offset {
            distance
        } else {
            -distance
        };
        Some(Self {
            rows: after.rows.clone(),
            lines,
        })
    }

    /// Writes the sequences that make the terminal move the rows: reset the style (the rows
    /// that come in are blank in the current background), set the scroll region, go to its top
    /// row, delete or insert lines there, reset the region.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let top = self.rows.start + 1;
        let bottom = self.rows.end;
        let count = self.lines.unsigned_abs();
        let function = if self.lines > 0 { 'M' } else { 'L' };
        write!(
            out,
            "\x1b[0m\x1b[{top};{bottom}r\x1b[{top}H\x1b[{count}{function}\x1b[r"
        )
    }

    /// Moves the rows of `buffer` as the terminal moves them: whole rows, with blank,
    /// default-styled rows coming in.
    pub fn apply(&self, buffer: &mut Buffer) {
        let width = usize::from(buffer.area.width);
        let start = usize::from(self.rows.start) * width;
        let end = usize::from(self.rows.end) * width;
        let moved = usize::try_from(self.lines.unsigned_abs()).unwrap_or(usize::MAX) * width;
        let Some(region) = buffer.content.get_mut(start..end) else {
            return;
        };
        let moved = moved.min(region.len());
        let blank = if self.lines > 0 {
            region.rotate_left(moved);
            let len = region.len();
            &mut region[len - moved..]
        } else {
            region.rotate_right(moved);
            &mut region[..moved]
        };
        blank.fill(Cell::EMPTY);
    }
}

/// Remembers the last frame and what it showed, and before the next frame moves the rows in
/// the terminal when that pays.
#[derive(Debug, Default)]
pub struct Scroller {
    shown: Option<(Buffer, View)>,
    /// Where a frame is drawn off screen to price it both ways.
    scratch: Option<Terminal<TestBackend>>,
}

impl Scroller {
    /// Gets the terminal ready for a frame that will show `view`: resizes it if its size
    /// changed (as drawing would), and if the last frame showed the same text in the same rows
    /// from another line, and moving those rows in the terminal writes fewer bytes than
    /// redrawing them, moves them and makes ratatui's previous buffer match. `render` draws the
    /// frame (off screen, to price it). Returns the move, so whatever else remembers the screen
    /// can follow it.
    ///
    /// Call [`Scroller::remember`] with the frame drawn next.
    ///
    /// # Errors
    /// When the terminal cannot be resized or written to.
    pub fn prepare<B: Backend + Write>(
        &mut self,
        terminal: &mut Terminal<B>,
        view: Option<&View>,
        render: impl FnOnce(&mut Frame<'_>),
    ) -> io::Result<Option<Shift>>
    where
        io::Error: From<B::Error>,
    {
        terminal.autoresize()?;
        // Taken, so an error before the next `remember` leaves nothing stale behind.
        let Some((mut shown, before)) = self.shown.take() else {
            return Ok(None);
        };
        let Some(shift) = view.and_then(|view| Shift::between(&before, view)) else {
            return Ok(None);
        };
        let area = shown.area;
        // The rows index the screen: a full-screen viewport of the size last drawn.
        if area != terminal.current_buffer_mut().area
            || area.x != 0
            || area.y != 0
            || shift.rows.end > area.height
        {
            return Ok(None);
        }
        let Some(next) = self.render_off_screen(area, render) else {
            return Ok(None);
        };
        let redraw = bytes_to_draw(&shown, next);
        shift.apply(&mut shown);
        let mut sequence = Vec::new();
        shift.write(&mut sequence)?;
        if bytes_to_draw(&shown, next).saturating_add(sequence.len()) >= redraw {
            return Ok(None);
        }
        terminal.backend_mut().write_all(&sequence)?;
        // `swap_buffers` makes the current buffer the previous one (and clears the other to
        // draw into): the moved rows become what ratatui compares the next frame with.
        *terminal.current_buffer_mut() = shown;
        terminal.swap_buffers();
        Ok(Some(shift))
    }

    /// Draws a frame into a buffer of its own.
    fn render_off_screen(
        &mut self,
        area: Rect,
        render: impl FnOnce(&mut Frame<'_>),
    ) -> Option<&Buffer> {
        if self
            .scratch
            .as_mut()
            .is_none_or(|scratch| scratch.current_buffer_mut().area != area)
        {
            let backend = TestBackend::new(area.width, area.height);
            self.scratch = Some(Terminal::new(backend).ok()?);
        }
        let scratch = self.scratch.as_mut()?;
        scratch.current_buffer_mut().reset();
        render(&mut scratch.get_frame());
        Some(scratch.current_buffer_mut())
    }

    /// Remembers the frame just drawn and the view it showed (`None`: nothing that scrolls).
    pub fn remember(&mut self, frame: &Buffer, view: Option<View>) {
        self.shown = view.map(|view| (frame.clone(), view));
    }

    /// Forgets the last frame, after something else changed the screen (a suspend, a clear).
    pub fn forget(&mut self) {
        self.shown = None;
    }
}

/// How many bytes ratatui's crossterm backend writes to turn `before` into `after`.
fn bytes_to_draw(before: &Buffer, after: &Buffer) -> usize {
    let mut counter = Counter(0);
    let mut backend = CrosstermBackend::new(&mut counter);
    match backend.draw(before.diff(after).into_iter()) {
        Ok(()) => counter.0,
        Err(_) => usize::MAX,
    }
}

/// A writer that only counts.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    fn view(rows: Range<u16>, offset: usize) -> View {
        View {
            rows,
            content: 7,
            offset,
        }
    }

    fn rows_of(buffer: &Buffer) -> Vec<String> {
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_shift_needs_the_same_text_in_the_same_rows_and_some_of_it_kept() {
        let shift = Shift::between(&view(1..6, 10), &view(1..6, 12)).expect("a shift");
        assert_eq!(shift.lines, 2);
        let shift = Shift::between(&view(1..6, 10), &view(1..6, 6)).expect("a shift");
        assert_eq!(shift.lines, -4);
        assert_eq!(Shift::between(&view(1..6, 10), &view(1..6, 10)), None);
        assert_eq!(Shift::between(&view(1..6, 10), &view(1..6, 15)), None);
        assert_eq!(Shift::between(&view(1..6, 10), &view(1..7, 11)), None);
        let other = View {
            content: 8,
            ..view(1..6, 11)
        };
        assert_eq!(Shift::between(&view(1..6, 10), &other), None);
    }

    #[test]
    fn the_bytes_set_the_region_move_lines_and_reset() {
        let mut out = Vec::new();
        let up = Shift {
            rows: 1..22,
            lines: 1,
        };
        up.write(&mut out).expect("write");
        assert_eq!(out, b"\x1b[0m\x1b[2;22r\x1b[2H\x1b[1M\x1b[r");
        out.clear();
        let down = Shift {
            rows: 1..22,
            lines: -3,
        };
        down.write(&mut out).expect("write");
        assert_eq!(out, b"\x1b[0m\x1b[2;22r\x1b[2H\x1b[3L\x1b[r");
    }

    /// What a terminal shows after `bytes`: each cell's text and style, as vt100 reads them.
    fn emulate(bytes: &[u8], width: u16, height: u16) -> Vec<String> {
        let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
        let mut terminal = vt100::Parser::new(size(height), size(width), 0);
        terminal.process(bytes);
        let screen = terminal.screen();
        (0..height)
            .flat_map(|row| (0..width).map(move |col| (row, col)))
            .map(|(row, col)| {
                let cell = screen.cell(row, col).expect("a cell");
                let text = if cell.has_contents() {
                    cell.contents()
                } else {
                    " "
                };
                format!(
                    "{text}{:?}{:?}{}",
                    cell.fgcolor(),
                    cell.bgcolor(),
                    cell.bold()
                )
            })
            .collect()
    }

    /// The bytes ratatui writes to draw `after` over `before`.
    fn drawn(before: &Buffer, after: &Buffer) -> Vec<u8> {
        let mut out = Vec::new();
        CrosstermBackend::new(&mut out)
            .draw(before.diff(after).into_iter())
            .expect("draw");
        out
    }

    #[test]
    fn the_terminal_moves_rows_exactly_as_the_buffer_says_for_every_distance() {
        let (width, height) = (12, 9);
        let area = Rect::new(0, 0, width, height);
        let mut screen = Buffer::empty(area);
        for y in 0..height {
            let style = Style::new()
                .fg(Color::Indexed(u8::try_from(y).expect("small")))
                .bg(if y % 2 == 0 {
                    Color::Blue
                } else {
                    Color::Reset
                });
            screen.set_string(0, y, "|", Style::new().fg(Color::Green));
            screen.set_string(2, y, format!("row {y}"), style);
            screen.set_string(width - 1, y, "|", Style::new().fg(Color::Green));
        }
        let painted = drawn(&Buffer::empty(area), &screen);
        let rows = 1..height - 1;
        for lines in -7..=7 {
            if lines == 0 {
                continue;
            }
            let shift = Shift {
                rows: rows.clone(),
                lines,
            };
            let mut bytes = painted.clone();
            shift.write(&mut bytes).expect("write");
            let mut moved = screen.clone();
            shift.apply(&mut moved);
            assert_eq!(
                emulate(&bytes, width, height),
                emulate(&drawn(&Buffer::empty(area), &moved), width, height),
                "moved by {lines}"
            );
        }
    }

    #[test]
    fn a_buffer_moves_as_the_terminal_does() {
        let mut buffer = Buffer::with_lines(["top", "aaa", "bbb", "ccc", "end"]);
        buffer.set_style(Rect::new(0, 2, 3, 1), Style::new().bg(Color::Red));
        let mut up = buffer.clone();
        Shift {
            rows: 1..4,
            lines: 1,
        }
        .apply(&mut up);
        assert_eq!(rows_of(&up), ["top", "bbb", "ccc", "   ", "end"]);
        assert_eq!(up[(0, 1)].bg, Color::Red, "styles move with the text");
        assert_eq!(up[(0, 3)], Cell::EMPTY, "new rows are blank and unstyled");
        let mut down = buffer;
        Shift {
            rows: 1..4,
            lines: -2,
        }
        .apply(&mut down);
        assert_eq!(rows_of(&down), ["top", "   ", "   ", "aaa", "end"]);
    }
}
