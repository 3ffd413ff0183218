//! Terminal safety: every string that comes from a post passes through here before it can be
//! drawn or printed, so no byte of a post ever reaches the terminal as a control sequence.
//!
//! C0 controls and DEL become their Unicode *control pictures* (`␛` for ESC), which are visible,
//! one column wide and inert. C1 controls (U+0080–U+009F, which some terminals still obey as
//! 8-bit CSI/OSC introducers) and bidirectional overrides and isolates (the "Trojan Source"
//! characters) become U+FFFD. Because the ESC byte itself is replaced, no CSI, OSC, DCS or APC
//! sequence can survive, whatever follows it.

use std::borrow::Cow;

/// The glyph shown in place of a character that must not reach the terminal and has no picture.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Returns the visible stand-in for `c` if `c` must not reach the terminal, else `None`.
///
/// Newline and tab are not handled here: whether they are layout or content depends on the
/// caller (see [`body`] and [`line()`]).
#[must_use]
pub fn stand_in(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some(REPLACEMENT),
        // Bidirectional embeddings, overrides and isolates, and the line/paragraph separators
        // that some terminals treat as line breaks.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => {
            Some(REPLACEMENT)
        }
        _ => None,
    }
}

/// Makes multi-line text safe while keeping its layout: newlines and tabs are kept, every
/// other control character is replaced.
#[must_use]
pub fn body(text: &str) -> Cow<'_, str> {
    replace_where(text, |c| c != '\n' && c != '\t')
}

/// Makes single-line text (a title, a tag, a file name, a message) safe: newlines and tabs
/// become spaces, every other control character is replaced.
#[must_use]
pub fn line(text: &str) -> Cow<'_, str> {
    if is_printable_ascii(text) {
        return Cow::Borrowed(text);
    }
    let needs_work = text
        .chars()
        .any(|c| matches!(c, '\n' | '\t') || stand_in(c).is_some());
    if !needs_work {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                // A newline or tab in a one-line field is layout, not content.
                '\n' | '\t' => ' ',
                _ => stand_in(c).unwrap_or(c),
            })
            .collect(),
    )
}

/// Printable ASCII needs nothing done: the common case, checked a word at a time.
fn is_printable_ascii(text: &str) -> bool {
    all_bytes(text, |b| (0x20..0x7f).contains(&b))
}

/// Whether `good` holds for every byte: a block at a time without stopping early inside a
/// block, which the compiler vectorises (a post body is checked whole at start-up).
fn all_bytes(text: &str, good: impl Fn(u8) -> bool) -> bool {
    text.as_bytes()
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, &b| ok & good(b)))
}

#[allow(clippy::needless_bitwise_bool)] // Branch-free on purpose: it vectorises.
fn replace_where(text: &str, applies: impl Fn(char) -> bool) -> Cow<'_, str> {
    if all_bytes(text, |b| {
        (0x20..0x7f).contains(&b) | (b == b'\n') | (b == b'\t')
    }) {
        return Cow::Borrowed(text);
    }
    if !text.chars().any(|c| applies(c) && stand_in(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if applies(c) {
                    stand_in(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_lose_their_escape() {
        let hostile = "a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2Jc";
        let safe = body(hostile);
        assert!(!safe.contains('\u{1b}'));
        assert!(!safe.contains('\u{7}'));
        assert_eq!(safe, "a\u{241b}]52;c;ZXZpbA==\u{2407}b\u{241b}[2Jc");
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_replaced() {
        assert_eq!(body("x\u{9b}31m\u{202e}y"), "x\u{fffd}31m\u{fffd}y");
    }

    #[test]
    fn body_keeps_layout_and_line_flattens_it() {
        assert_eq!(body("a\n\tb\r"), "a\n\tb\u{240d}");
        assert_eq!(line("a\n\tb"), "a  b");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(body("plain — text ‑ ok"), Cow::Borrowed(_)));
    }
}
