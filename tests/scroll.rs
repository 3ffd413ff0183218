//! Scrolling the reader with the terminal's own scrolling (scroll regions) must never change
//! what the screen shows. Every frame is drawn three ways, each into its own in-memory terminal
//! emulator (vt100) fed the bytes written: by folio's drawing path (which scrolls regions), by
//! plain ratatui (which rewrites the rows that changed), and as a full repaint of a fresh
//! screen. After each step the three screens must agree cell for cell: text, colours and
//! attributes.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use std::cell::RefCell;
use std::io::{self, Write};
use std::num::NonZeroU16;
use std::rc::Rc;

use common::{ch, ctrl, feed, key, state, typed};
use crossterm::event::{Event, KeyCode};
use folio::app::{self, AppState};
use folio::content::load_bundled;
use folio::tui::Screen;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Where the bytes go: a buffer the test reads back.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// ratatui's crossterm backend writing to a [`Sink`], with a size set by the test instead of
/// asked of a real terminal: the bytes are exactly those folio sends to a terminal (or an SSH
/// channel).
struct Pipe {
    out: CrosstermBackend<Sink>,
    size: Size,
}

impl Backend for Pipe {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.out.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.out.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.out.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.out.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.out.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.out.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.out)
    }
}

impl Write for Pipe {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.out.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.out)
    }
}

/// A terminal: ratatui over a [`Pipe`], and the emulator that shows what the bytes did.
struct Emulated {
    terminal: Terminal<Pipe>,
    sink: Sink,
    emulator: vt100::Parser,
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("terminal sizes are not zero")
}

impl Emulated {
    fn new(width: u16, height: u16) -> Self {
        let sink = Sink::default();
        let pipe = Pipe {
            out: CrosstermBackend::new(sink.clone()),
            size: Size::new(width, height),
        };
        Self {
            terminal: Terminal::new(pipe).expect("terminal"),
            sink,
            emulator: vt100::Parser::new(nonzero(height), nonzero(width), 0),
        }
    }

    /// The terminal window changes size (ratatui notices on the next frame).
    fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().size = Size::new(width, height);
        self.emulator
            .screen_mut()
            .set_size(nonzero(height), nonzero(width));
    }

    /// Shows what was written since the last call; returns it.
    fn show(&mut self) -> Vec<u8> {
        let bytes = self.sink.take();
        self.emulator.process(&bytes);
        bytes
    }

    /// Every cell: its text, colours and attributes.
    fn cells(&self) -> Vec<Vec<String>> {
        let screen = self.emulator.screen();
        let (rows, cols) = screen.size();
        (0..rows.get())
            .map(|row| {
                (0..cols.get())
                    .map(|col| {
                        let cell = screen.cell(row, col).expect("a cell on screen");
                        // A cell never written and one written with a space look the same.
                        let text = match cell.contents() {
                            "" if !cell.is_wide_continuation() => " ",
                            text => text,
                        };
                        format!(
                            "{text:?} w={} fg={:?} bg={:?} b={} d={} i={} u={} r={}",
                            cell.is_wide(),
                            cell.fgcolor(),
                            cell.bgcolor(),
                            cell.bold(),
                            cell.dim(),
                            cell.italic(),
                            cell.underline(),
                            cell.inverse()
                        )
                    })
                    .collect()
            })
            .collect()
    }
}

/// The same frames drawn three ways.
struct Trio {
    /// folio's drawing path, with hyperlinks marked and scroll regions.
    folio: Emulated,
    screen: Screen,
    /// Plain ratatui: each frame diffed against the last.
    plain: Emulated,
}

impl Trio {
    fn new(state: &AppState) -> Self {
        Self {
            folio: Emulated::new(state.width, state.height),
            screen: Screen::new(true),
            plain: Emulated::new(state.width, state.height),
        }
    }

    /// Draws a frame every way and checks the screens agree; returns the bytes folio wrote.
    fn frame(&mut self, state: &AppState, step: &str) -> Vec<u8> {
        self.screen
            .draw(&mut self.folio.terminal, state)
            .expect("folio draws");
        let bytes = self.folio.show();
        self.plain
            .terminal
            .draw(|frame| folio::ui::draw(frame, state))
            .expect("ratatui draws");
        self.plain.show();
        let mut fresh = Emulated::new(state.width, state.height);
        fresh
            .terminal
            .draw(|frame| folio::ui::draw(frame, state))
            .expect("a full repaint");
        fresh.show();
        let expected = fresh.cells();
        assert_same(
            &self.plain.cells(),
            &expected,
            &format!("{step}: plain ratatui"),
        );
        assert_same(&self.folio.cells(), &expected, &format!("{step}: folio"));
        bytes
    }

    fn resize(&mut self, state: &mut AppState, width: u16, height: u16) {
        app::update(state, app::Action::Resize { width, height });
        self.folio.resize(width, height);
        self.plain.resize(width, height);
    }
}

fn assert_same(actual: &[Vec<String>], expected: &[Vec<String>], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: rows");
    for (row, (got, want)) in actual.iter().zip(expected).enumerate() {
        for (col, (got, want)) in got.iter().zip(want).enumerate() {
            assert_eq!(
                got, want,
                "{what}: the cell at row {row}, column {col} differs from a full repaint"
            );
        }
        assert_eq!(got.len(), want.len(), "{what}: columns in row {row}");
    }
}

fn scrolled_region(bytes: &[u8], function: &str) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("r\x1b[") && text.contains(function) && text.contains("\x1b[r")
}

/// The Consistent Hashing post (long, with headings, lists, code and links) alone on an
/// 80×24 screen.
fn reading(width: u16, height: u16) -> AppState {
    let mut s = state(load_bundled(false), width, height);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("consistent hashing"));
    feed(&mut s, [key(KeyCode::Enter)]);
    assert!(s.reader.is_some(), "the post is open");
    s
}

fn steps(trio: &mut Trio, s: &mut AppState, steps: &[(&str, Vec<Event>)]) {
    for (name, events) in steps {
        feed(s, events.clone());
        trio.frame(s, name);
        // The frame again after the work a key leaves (code highlighting), as the loop does.
        if app::finish_work(s) {
            trio.frame(s, &format!("{name}, highlighted"));
        }
    }
}

/// The end of the post lists its links: they are on screen as OSC 8 hyperlinks. After a
/// scroll the terminal has moved them with their cells, so only links on the rows that came in
/// are sent again.
fn only_new_links_are_sent(trio: &mut Trio, s: &mut AppState) {
    let on_screen = folio::ui::reader::hyperlink_cells(s).len();
    assert!(on_screen > 2, "links on screen at the end of the post");
    feed(s, [ch('k'), ch('k')]);
    let up = trio.frame(s, "up 2 from the end");
    assert!(scrolled_region(&up, "\x1b[2L"), "two lines up");
    let top =
        folio::layout::reader_text_area(s.panes().reader.expect("the reader"), s.body_width).y;
    let new_links = folio::ui::reader::hyperlink_cells(s)
        .iter()
        .filter(|(rect, _)| rect.y < top + 2)
        .count();
    assert_eq!(
        String::from_utf8_lossy(&up).matches("\x1b]8;;http").count(),
        new_links,
        "only the links on the two new rows are sent"
    );
}

#[test]
fn scrolling_regions_leave_the_screen_as_a_full_repaint_would() {
    let mut s = reading(80, 24);
    let mut trio = Trio::new(&s);
    trio.frame(&s, "open");
    app::finish_work(&mut s);
    trio.frame(&s, "open, highlighted");

    let one = trio.frame(&s, "nothing changed");
    assert!(one.len() < 100, "an unchanged frame writes almost nothing");

    feed(&mut s, [ch('j')]);
    let down = trio.frame(&s, "down 1");
    assert!(
        scrolled_region(&down, "\x1b[1M"),
        "a one-line scroll moves rows in the terminal: {:?}",
        String::from_utf8_lossy(&down)
    );
    assert!(
        down.len() < 1024,
        "a one-line scroll writes {} bytes",
        down.len()
    );

    feed(&mut s, [ch('j'), ch('j'), ch('j')]);
    let three = trio.frame(&s, "down 3");
    assert!(scrolled_region(&three, "\x1b[3M"), "three lines at once");

    feed(&mut s, [ch('k')]);
    let up = trio.frame(&s, "up 1");
    assert!(scrolled_region(&up, "\x1b[1L"), "up moves rows down");

    steps(
        &mut trio,
        &mut s,
        &[
            ("a page down", vec![ch(' ')]),
            ("half a page down", vec![ctrl('d')]),
            ("a page up", vec![key(KeyCode::PageUp)]),
            ("select a link", vec![ch('f'), ch('f')]),
            ("down with a link selected", vec![ch('j'), ch('j')]),
            ("find", [vec![ch('/')], typed("node")].concat()),
            ("find, confirmed", vec![key(KeyCode::Enter)]),
            ("next match", vec![ch('n')]),
            ("next match again", vec![ch('n'), ch('n')]),
            ("the end", vec![ch('G')]),
            ("down at the end", vec![ch('j')]),
        ],
    );
    only_new_links_are_sent(&mut trio, &mut s);
    steps(
        &mut trio,
        &mut s,
        &[
            ("down to the end again", vec![ch('j'), ch('j'), ch('j')]),
            ("the top", vec![ch('g')]),
            ("down from the top", vec![ch('j')]),
            ("help over the reader", vec![ch('?')]),
            ("help closed", vec![key(KeyCode::Esc)]),
            ("down after the help", vec![ch('j')]),
        ],
    );

    trio.resize(&mut s, 90, 30);
    trio.frame(&s, "resized to 90x30");
    steps(
        &mut trio,
        &mut s,
        &[
            ("down 1 at 90x30", vec![ch('j')]),
            ("down 2 at 90x30", vec![ch('j'), ch('j')]),
        ],
    );
    trio.resize(&mut s, 60, 16);
    steps(
        &mut trio,
        &mut s,
        &[
            ("up 1 at 60x16", vec![ch('k')]),
            ("a page at 60x16", vec![ch(' ')]),
            ("down 1 at 60x16", vec![ch('j')]),
        ],
    );
    // Wide enough for the list beside the reader: no scroll region, the list must not move.
    trio.resize(&mut s, 120, 40);
    trio.frame(&s, "side by side");
    feed(&mut s, [ch('j')]);
    let beside = trio.frame(&s, "down 1 beside the list");
    assert!(
        !String::from_utf8_lossy(&beside).contains("\x1b[r"),
        "no scroll region beside the list"
    );
    trio.resize(&mut s, 80, 24);
    steps(
        &mut trio,
        &mut s,
        &[
            ("back to 80x24", vec![]),
            ("down 1 at 80x24 again", vec![ch('j')]),
            ("back to the list", vec![ch('q')]),
            ("the search cleared", vec![key(KeyCode::Esc)]),
            ("the list, down", vec![ch('j')]),
            ("another post", vec![key(KeyCode::Enter)]),
            ("down in another post", vec![ch('j')]),
            ("up in another post", vec![ch('k')]),
        ],
    );
}

#[test]
fn a_narrow_centred_column_and_a_suspend_stay_exact() {
    let mut s = reading(80, 24);
    s.body_width = 50;
    app::update(
        &mut s,
        app::Action::Resize {
            width: 80,
            height: 24,
        },
    );
    let mut trio = Trio::new(&s);
    trio.frame(&s, "open, a 50-column body");
    for (name, keys) in [
        ("down 1", vec![ch('j')]),
        ("down 5", vec![ch('j'); 5]),
        ("up 2", vec![ch('k'); 2]),
    ] {
        feed(&mut s, keys);
        let bytes = trio.frame(&s, name);
        assert!(scrolled_region(&bytes, "\x1b[r"), "{name} scrolls a region");
    }
    // A suspend: the shell drew over the screen; folio clears it and forgets what was there.
    let size = trio.folio.terminal.size().expect("size");
    trio.folio
        .terminal
        .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
        .expect("clear");
    trio.folio.emulator.process(b"\x1b[2J\x1b[Hshell output");
    trio.screen.forget();
    trio.folio.show();
    feed(&mut s, [ch('j')]);
    let after = trio.frame(&s, "down 1 after a suspend");
    assert!(
        !String::from_utf8_lossy(&after).contains("\x1b[r"),
        "a cleared screen is redrawn, never scrolled"
    );
    feed(&mut s, [ch('j')]);
    trio.frame(&s, "down 1 again");
}
