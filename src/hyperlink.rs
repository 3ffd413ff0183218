//! Terminal hyperlinks (OSC 8) for the links in the reader.
//!
//! ratatui's cell buffer has no notion of a hyperlink, and pasting an escape sequence into a
//! span would break its width accounting. So folio draws the frame as usual, then re-writes
//! the cells of each web link on screen wrapped in `OSC 8 ; ; URL ST … OSC 8 ; ; ST`: the same
//! symbols in the same styles, so the screen does not change, but the terminal now knows those
//! cells are a link (Ctrl- or Cmd-click opens it). Only links whose cells are new or changed
//! since the last frame are re-sent, so scrolling past a link costs a few bytes, not a repaint.
//!
//! Only `http`, `https` and `mailto` destinations are ever emitted, percent-encoded to printable
//! ASCII, so a hostile URL cannot end the sequence early or smuggle another one in.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use crossterm::cursor::MoveTo;
use crossterm::queue;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use crate::ansi;

/// Longest URL emitted; longer ones stay plain text.
const MAX_URL_BYTES: usize = 2048;

/// The URL as it may go into an OSC 8 sequence, or `None` if it must not.
#[must_use]
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:");
    if !allowed || url.len() > MAX_URL_BYTES {
        return None;
    }
    let mut safe = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
            safe.push(char::from(byte));
        } else {
            let _ = write!(safe, "%{byte:02X}");
        }
    }
    Some(safe)
}

/// Whether the terminal described by these environment variables is known to support OSC 8.
/// Unknown terminals get plain links: a terminal that does not understand the sequence may
/// print it. `get` reads a variable (passed in so tests do not touch the real environment).
pub fn supported(get: impl Fn(&str) -> Option<String>) -> bool {
    let term = get("TERM").unwrap_or_default();
    if term == "dumb" || term == "linux" || term.is_empty() {
        return false;
    }
    if get("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
        // tmux passes hyperlinks through from 3.4 on (with the `hyperlinks` terminal feature);
        // screen does not.
        return get("TERM_PROGRAM").as_deref() == Some("tmux")
            && get("TERM_PROGRAM_VERSION").is_some_and(|v| version_at_least(&v, 3, 4));
    }
    let known_program = get("TERM_PROGRAM").is_some_and(|p| {
        matches!(
            p.as_str(),
            "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "Tabby" | "rio"
        )
    });
    let known_term = [
        "kitty",
        "alacritty",
        "foot",
        "wezterm",
        "ghostty",
        "contour",
    ]
    .iter()
    .any(|name| term.contains(name));
    let vte = get("VTE_VERSION")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| v >= 5000);
    known_program
        || known_term
        || vte
        || get("WT_SESSION").is_some()
        || get("KONSOLE_VERSION").is_some()
        || get("KITTY_WINDOW_ID").is_some()
}

fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse::<u32>().ok());
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    found >= (major, minor)
}

/// Marks link cells after each frame, remembering what it marked so unchanged links are not
/// sent again.
#[derive(Debug, Default)]
pub struct Painter {
    last: Vec<Mark>,
}

/// A link's cells as drawn, ready to be marked.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    rect: Rect,
    url: String,
    cells: Vec<Cell>,
}

impl Mark {
    /// Reads the cells of `rect` from the frame just drawn.
    #[must_use]
    pub fn new(buffer: &Buffer, rect: Rect, url: String) -> Self {
        Self {
            cells: cells_of(buffer, rect),
            rect,
            url,
        }
    }
}

impl Painter {
    /// Writes OSC 8 links over `marks`, skipping those already marked with the same cells.
    ///
    /// # Errors
    /// When writing to the terminal fails.
    pub fn paint(&mut self, out: &mut impl Write, marks: Vec<Mark>) -> io::Result<()> {
        let mut wrote = false;
        for mark in &marks {
            if !self.last.contains(mark) {
                write_link(out, mark.rect, &mark.url, &mark.cells)?;
                wrote = true;
            }
        }
        if wrote {
            write!(out, "\x1b[0m")?;
            out.flush()?;
        }
        self.last = marks;
        Ok(())
    }

    /// Whether anything is marked now (so an empty frame still needs a call to forget it).
    #[must_use]
    pub fn is_idle(&self) -> bool {
        self.last.is_empty()
    }

    /// Forgets what was marked, after the screen was cleared or redrawn in full.
    pub fn reset(&mut self) {
        self.last.clear();
    }

    /// Follows rows the terminal moved itself (see [`crate::scroll`]): a link cell keeps its
    /// hyperlink as it moves, so marks in `rows` move up by `lines` (down when negative), and
    /// those moved out of `rows` are forgotten. Links that come into view are new, and marked.
    pub fn scroll(&mut self, rows: &Range<u16>, lines: i32) {
        self.last.retain_mut(|mark| {
            if !rows.contains(&mark.rect.y) {
                return true;
            }
            let moved = i32::from(mark.rect.y) - lines;
            match u16::try_from(moved) {
                Ok(y) if rows.contains(&y) => {
                    mark.rect.y = y;
                    true
                }
                _ => false,
            }
        });
    }
}

fn cells_of(buffer: &Buffer, rect: Rect) -> Vec<Cell> {
    let area = buffer.area;
    (rect.x..rect.x + rect.width)
        .filter(|&x| x < area.x + area.width && rect.y < area.y + area.height)
        .map(|x| buffer[(x, rect.y)].clone())
        .collect()
}

fn write_link(out: &mut impl Write, rect: Rect, url: &str, cells: &[Cell]) -> io::Result<()> {
    queue!(out, MoveTo(rect.x, rect.y))?;
    write!(out, "\x1b]8;;{url}\x1b\\")?;
    let mut last_style = None;
    for cell in cells {
        // The second cell of a wide character is empty: the terminal already advanced past it.
        if cell.symbol().is_empty() {
            continue;
        }
        let style = cell.style();
        if last_style != Some(style) {
            write!(out, "\x1b[0m{}", ansi::sgr(style))?;
            last_style = Some(style);
        }
        write!(out, "{}", cell.symbol())?;
    }
    write!(out, "\x1b]8;;\x1b\\")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    #[test]
    fn only_web_and_mail_links_are_emitted_and_they_are_encoded() {
        assert_eq!(
            safe_url("https://example.org/a b").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            safe_url("HTTP://x.y/é").as_deref(),
            Some("HTTP://x.y/%C3%A9")
        );
        assert_eq!(safe_url("mailto:me@x.y").as_deref(), Some("mailto:me@x.y"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "other.md",
            "/posts/x",
            "ftp://x",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
        let hostile = safe_url("https://x.y/\u{1b}\\\u{1b}]52;c;AAAA\u{7}").expect("encoded");
        assert!(hostile.bytes().all(|b| b.is_ascii_graphic()), "{hostile}");
    }

    #[test]
    fn detection_is_conservative() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |key: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(supported(env(&[("TERM", "xterm-kitty")])));
        assert!(supported(env(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "7200")
        ])));
        assert!(!supported(env(&[("TERM", "xterm-256color")])));
        assert!(!supported(env(&[("TERM", "linux")])));
        assert!(!supported(env(&[
            ("TERM", "screen-256color"),
            ("TMUX", "/tmp/x")
        ])));
        assert!(supported(env(&[
            ("TERM", "tmux-256color"),
            ("TMUX", "/tmp/x"),
            ("TERM_PROGRAM", "tmux"),
            ("TERM_PROGRAM_VERSION", "3.4")
        ])));
    }

    #[test]
    fn painter_sends_each_link_once_until_its_cells_change() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 2));
        buffer.set_string(0, 0, "link", Style::new());
        let link = |buffer: &Buffer| {
            vec![Mark::new(
                buffer,
                Rect::new(0, 0, 4, 1),
                "https://a.b".to_owned(),
            )]
        };
        let mut painter = Painter::default();
        let mut out = Vec::new();
        painter.paint(&mut out, link(&buffer)).expect("paint");
        let text = String::from_utf8(out.clone()).expect("utf8");
        assert!(text.contains("\x1b]8;;https://a.b\x1b\\"), "{text:?}");
        assert!(text.contains("link\x1b]8;;\x1b\\"), "{text:?}");
        out.clear();
        painter.paint(&mut out, link(&buffer)).expect("paint");
        assert!(out.is_empty(), "unchanged links are not re-sent");
        buffer.set_string(0, 0, "LINK", Style::new());
        painter.paint(&mut out, link(&buffer)).expect("paint");
        assert!(!out.is_empty(), "changed cells are marked again");
    }

    #[test]
    fn painter_follows_rows_the_terminal_scrolled() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 6));
        for y in 0..6 {
            buffer.set_string(0, y, format!("link{y}"), Style::new());
        }
        let marks = |buffer: &Buffer, rows: Range<u16>| {
            rows.map(|y| Mark::new(buffer, Rect::new(0, y, 5, 1), format!("https://a.b/{y}")))
                .collect::<Vec<_>>()
        };
        let mut painter = Painter::default();
        let mut out = Vec::new();
        painter
            .paint(&mut out, marks(&buffer, 0..6))
            .expect("paint");
        // Rows 1..5 scroll up by one: the link on row 1 leaves, rows 2..5 move up, row 4 is new.
        painter.scroll(&(1..5), 1);
        let mut scrolled = buffer.clone();
        for y in 1..4 {
            scrolled.set_string(0, y, format!("link{}", y + 1), Style::new());
        }
        scrolled.set_string(0, 4, "fresh", Style::new());
        let mut moved = marks(&buffer, 0..1);
        moved.extend((1..4).map(|y| {
            Mark::new(
                &scrolled,
                Rect::new(0, y, 5, 1),
                format!("https://a.b/{}", y + 1),
            )
        }));
        moved.push(Mark::new(
            &scrolled,
            Rect::new(0, 4, 5, 1),
            "https://new".to_owned(),
        ));
        moved.extend(marks(&buffer, 5..6));
        out.clear();
        painter.paint(&mut out, moved).expect("paint");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(text.matches("\x1b]8;;https").count(), 1, "{text:?}");
        assert!(
            text.contains("https://new"),
            "only the new link is sent: {text:?}"
        );
    }
}
