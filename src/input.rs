//! Terminal input bytes to events.
//!
//! folio reads the terminal's bytes itself instead of leaving them to crossterm's reader, for
//! two reasons. First, the terminal's *replies* to folio's questions (the background colour
//! asked with OSC 11, device attributes) arrive on the same stream as keystrokes; crossterm
//! would turn an OSC reply into a burst of Alt+] and digits, which other tools have shipped as
//! stray `^[]11;rgb:…` text in their search bars. Here every OSC, DCS, APC, PM and SOS string is
//! consumed whole and reported as a [`Reply`], never as keys. Second, `folio serve` gets input as
//! bytes from an SSH channel, and the same parser serves both.
//!
//! Key, mouse, focus and paste sequences are decoded by terminput (crossterm's parser, with the
//! Kitty and fixterms protocols) and handed on as crossterm events, which the keymap knows.
//! Bracketed pastes are collected in linear time and cut at [`MAX_PASTE_BYTES`].

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// Largest paste kept; the rest of a longer paste is dropped (a search query needs far less).
pub const MAX_PASTE_BYTES: usize = 64 * 1024;

/// Largest terminal reply (OSC, DCS…) kept; longer ones are consumed and dropped.
const MAX_REPLY_BYTES: usize = 4096;

/// Largest pending escape sequence before it is treated as garbage and dropped.
const MAX_SEQUENCE_BYTES: usize = 256;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// A reply from the terminal to a question folio asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The answer to OSC 11: the terminal's background colour.
    Background {
        /// Red, 0–255.
        red: u8,
        /// Green, 0–255.
        green: u8,
        /// Blue, 0–255.
        blue: u8,
    },
    /// Primary device attributes (the answer to `CSI c`), which every terminal sends: its
    /// arrival means any earlier question has been answered or ignored.
    DeviceAttributes,
    /// Any other string sequence; consumed so it cannot be read as keys.
    Other,
}

/// What a run of input bytes meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A key, mouse, paste, focus or resize event.
    Event(Event),
    /// A terminal reply.
    Reply(Reply),
}

/// Where the parser is in the byte stream.
#[derive(Debug, Default)]
enum Mode {
    /// Between sequences, or inside a short one held in `pending`.
    #[default]
    Normal,
    /// Inside an OSC/DCS/APC/PM/SOS string, until BEL or ST.
    String {
        osc: bool,
        data: Vec<u8>,
        after_esc: bool,
    },
    /// Inside a bracketed paste, until `ESC [ 2 0 1 ~`.
    Paste { data: Vec<u8>, tail: Vec<u8> },
}

/// An incremental parser: feed it bytes as they arrive, in chunks of any size.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
    mode: Mode,
}

impl InputParser {
    /// A parser at the start of a stream.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a chunk of bytes. A lone ESC at the end of a chunk is the Esc key (a sequence's
    /// bytes arrive together), as in crossterm and every terminal program.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Parsed>) {
        for (i, &byte) in bytes.iter().enumerate() {
            let more = i + 1 < bytes.len();
            self.byte(byte, more, out);
        }
    }

    fn byte(&mut self, byte: u8, more: bool, out: &mut Vec<Parsed>) {
        match &mut self.mode {
            Mode::String {
                osc,
                data,
                after_esc,
            } => {
                let done = byte == BEL || (*after_esc && byte == b'\\');
                if done {
                    let reply = if *osc { parse_osc(data) } else { Reply::Other };
                    out.push(Parsed::Reply(reply));
                    self.mode = Mode::Normal;
                    return;
                }
                // ST is ESC \: hold an ESC back until the next byte shows what it was.
                if *after_esc && data.len() < MAX_REPLY_BYTES {
                    data.push(ESC);
                }
                *after_esc = byte == ESC;
                if !*after_esc && data.len() < MAX_REPLY_BYTES {
                    data.push(byte);
                }
            }
            Mode::Paste { data, tail } => {
                tail.push(byte);
                if tail.len() > PASTE_END.len() {
                    let spill = tail.remove(0);
                    if data.len() < MAX_PASTE_BYTES {
                        data.push(spill);
                    }
                }
                if tail.as_slice() == PASTE_END {
                    let text = String::from_utf8_lossy(data).into_owned();
                    out.push(Parsed::Event(Event::Paste(text)));
                    self.mode = Mode::Normal;
                }
            }
            Mode::Normal => self.normal_byte(byte, more, out),
        }
    }

    fn normal_byte(&mut self, byte: u8, more: bool, out: &mut Vec<Parsed>) {
        // An ESC while another sequence is pending ends that one: the pending ESC was a key.
        if byte == ESC && self.pending == [ESC] {
            out.push(Parsed::Event(esc_key()));
            self.pending.clear();
        }
        self.pending.push(byte);
        if let [ESC, introducer] = self.pending[..]
            && matches!(introducer, b']' | b'P' | b'_' | b'^' | b'X')
        {
            self.mode = Mode::String {
                osc: introducer == b']',
                data: Vec::new(),
                after_esc: false,
            };
            self.pending.clear();
            return;
        }
        if self.pending == PASTE_START {
            self.mode = Mode::Paste {
                data: Vec::new(),
                tail: Vec::new(),
            };
            self.pending.clear();
            return;
        }
        if self.pending == [ESC] {
            if !more {
                out.push(Parsed::Event(esc_key()));
                self.pending.clear();
            }
            return;
        }
        if self.pending.starts_with(b"\x1b[?") && byte == b'c' {
            out.push(Parsed::Reply(Reply::DeviceAttributes));
            self.pending.clear();
            return;
        }
        if PASTE_START.starts_with(&self.pending) {
            return;
        }
        match terminput::Event::parse_from(&self.pending) {
            Ok(Some(event)) => {
                if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                    out.push(Parsed::Event(event));
                }
                self.pending.clear();
            }
            Ok(None) if self.pending.len() < MAX_SEQUENCE_BYTES => {}
            // Unparseable or overlong: drop it rather than guess.
            Ok(None) | Err(_) => self.pending.clear(),
        }
    }
}

fn esc_key() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

/// Parses an OSC string: `11;rgb:RRRR/GGGG/BBBB` is the background colour.
fn parse_osc(data: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(data);
    let Some(spec) = text.strip_prefix("11;") else {
        return Reply::Other;
    };
    parse_color(spec).map_or(Reply::Other, |(red, green, blue)| Reply::Background {
        red,
        green,
        blue,
    })
}

/// `rgb:R/G/B` with 1–4 hex digits per channel (X11 colour syntax), or `#RRGGBB`.
fn parse_color(spec: &str) -> Option<(u8, u8, u8)> {
    let spec = spec.trim();
    if let Some(hex) = spec.strip_prefix('#') {
        if hex.len() == 6 {
            let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
            return Some((channel(0)?, channel(2)?, channel(4)?));
        }
        return None;
    }
    let body = spec
        .strip_prefix("rgb:")
        .or_else(|| spec.strip_prefix("rgba:"))?;
    let mut channels = body.split('/').map(scale_channel);
    Some((channels.next()??, channels.next()??, channels.next()??))
}

/// Scales a 1–4 digit hex channel to 0–255.
fn scale_channel(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let value = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    u8::try_from(value * 255 / max).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn parse(chunks: &[&[u8]]) -> Vec<Parsed> {
        let mut parser = InputParser::new();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        out
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Parsed {
        let mut event = KeyEvent::new(code, modifiers);
        event.kind = KeyEventKind::Press;
        Parsed::Event(Event::Key(event))
    }

    #[test]
    fn keys_arrows_and_ctrl() {
        let out = parse(&[b"a\x1b[A\x17"]);
        assert_eq!(
            out,
            [
                key(KeyCode::Char('a'), KeyModifiers::NONE),
                key(KeyCode::Up, KeyModifiers::NONE),
                key(KeyCode::Char('w'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn a_lone_esc_at_the_end_of_a_chunk_is_the_esc_key() {
        assert_eq!(parse(&[b"\x1b"]), [key(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(
            parse(&[b"\x1b", b"j"]),
            [
                key(KeyCode::Esc, KeyModifiers::NONE),
                key(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn osc_11_replies_are_colours_never_keys() {
        let out = parse(&[b"x\x1b]11;rgb:ffff/ffff/ffff\x1b\\y"]);
        assert_eq!(
            out,
            [
                key(KeyCode::Char('x'), KeyModifiers::NONE),
                Parsed::Reply(Reply::Background {
                    red: 255,
                    green: 255,
                    blue: 255
                }),
                key(KeyCode::Char('y'), KeyModifiers::NONE),
            ]
        );
        // Split across reads and terminated by BEL.
        let out = parse(&[b"\x1b]11;rgb:1e", b"1e/2020/2a2a\x07"]);
        assert_eq!(
            out,
            [Parsed::Reply(Reply::Background {
                red: 30,
                green: 32,
                blue: 42
            })]
        );
    }

    #[test]
    fn device_attributes_and_other_strings_are_consumed() {
        let out = parse(&[b"\x1b[?62;22c\x1bP1$r0m\x1b\\\x1b_x\x1b\\q"]);
        assert_eq!(
            out,
            [
                Parsed::Reply(Reply::DeviceAttributes),
                Parsed::Reply(Reply::Other),
                Parsed::Reply(Reply::Other),
                key(KeyCode::Char('q'), KeyModifiers::NONE),
            ]
        );
    }

    #[test]
    fn an_esc_key_right_before_a_reply_stays_a_key() {
        let out = parse(&[b"\x1b\x1b]11;rgb:0/0/0\x07"]);
        assert_eq!(
            out,
            [
                key(KeyCode::Esc, KeyModifiers::NONE),
                Parsed::Reply(Reply::Background {
                    red: 0,
                    green: 0,
                    blue: 0
                })
            ]
        );
    }

    #[test]
    fn bracketed_paste_is_one_event_and_bounded() {
        let out = parse(&[b"\x1b[200~hello ", b"world\x1b[201~"]);
        assert_eq!(out, [Parsed::Event(Event::Paste("hello world".into()))]);
        let mut huge = b"\x1b[200~".to_vec();
        huge.extend(std::iter::repeat_n(b'x', MAX_PASTE_BYTES * 4));
        huge.extend_from_slice(b"\x1b[201~");
        let out = parse(&[&huge]);
        let [Parsed::Event(Event::Paste(text))] = out.as_slice() else {
            panic!("{out:?}")
        };
        assert_eq!(text.len(), MAX_PASTE_BYTES);
    }

    #[test]
    fn utf8_split_across_reads() {
        let bytes = "é".as_bytes();
        assert_eq!(
            parse(&[&bytes[..1], &bytes[1..]]),
            [key(KeyCode::Char('é'), KeyModifiers::NONE)]
        );
    }

    #[test]
    fn colours_in_every_width() {
        assert_eq!(parse_color("rgb:f/8/0"), Some((255, 136, 0)));
        assert_eq!(parse_color("#102030"), Some((16, 32, 48)));
        assert_eq!(parse_color("rgb:zz/0/0"), None);
    }
}
