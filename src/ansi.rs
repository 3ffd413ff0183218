//! Styled lines to a byte stream, for `folio read` on a terminal: each span becomes SGR codes,
//! its text, and a reset. Only folio's own styling is ever emitted; the text was made
//! terminal-safe when the post was loaded and rendered.

use std::io::{self, Write};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// Writes lines as plain text, or with SGR styling when `styled`. Trailing spaces are dropped in
/// plain mode, so piped output has no padding.
///
/// # Errors
/// When writing fails (a closed pipe, for example).
pub fn write_lines(out: &mut impl Write, lines: &[Line<'_>], styled: bool) -> io::Result<()> {
    let mut buffer = String::new();
    for line in lines {
        buffer.clear();
        for span in &line.spans {
            if styled && span.style != Style::default() {
                buffer.push_str(&sgr(span.style));
                buffer.push_str(&span.content);
                buffer.push_str("\x1b[0m");
            } else {
                buffer.push_str(&span.content);
            }
        }
        let text = if styled {
            buffer.as_str()
        } else {
            buffer.trim_end()
        };
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// The SGR escape sequence that sets `style`.
#[must_use]
pub fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_owned());
        }
    }
    if let Some(fg) = style.fg {
        codes.push(color_code(fg, false));
    }
    if let Some(bg) = style.bg {
        codes.push(color_code(bg, true));
    }
    format!("\x1b[{}m", codes.join(";"))
}

fn color_code(color: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let named = |n: u8| (base + u16::from(n)).to_string();
    let bright = |n: u8| (base + 60 + u16::from(n)).to_string();
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    #[test]
    fn plain_output_has_no_escapes_or_padding() {
        let lines = [Line::from(vec![
            Span::styled("hi", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw("   "),
        ])];
        let mut out = Vec::new();
        write_lines(&mut out, &lines, false).expect("writes");
        assert_eq!(out, b"hi\n");
    }

    #[test]
    fn styled_output_wraps_spans_in_sgr() {
        let lines = [Line::from(Span::styled(
            "x",
            Style::new()
                .fg(Color::Indexed(75))
                .add_modifier(Modifier::BOLD),
        ))];
        let mut out = Vec::new();
        write_lines(&mut out, &lines, true).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "\x1b[1;38;5;75mx\x1b[0m\n"
        );
    }
}
