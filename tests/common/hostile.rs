//! A hostile corpus: every kind of file a downloaded archive of posts might hold, good posts
//! among them. Tests point folio at it and check that nothing breaks folio or the terminal.

use std::fs;
use std::path::Path;

/// Escape sequences that would take over a terminal if they reached it: a title change, a
/// clipboard write, a screen clear, a device-control string, an application command, an 8-bit
/// CSI and a bidirectional override.
pub const ATTACKS: &str = "\u{1b}]0;PWNED\u{7}\u{1b}]2;PWNED\u{1b}\\\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}[?1049l\u{1b}P1$qm\u{1b}\\\u{1b}_apc\u{1b}\\\u{9b}31m\u{202e}evil";

/// The same attacks written as character references, which the Markdown parser decodes into
/// real control characters.
pub const ENTITY_ATTACKS: &str = "&#27;]0;PWNED&#7; &#x1b;]52;c;cHduZWQ=&#x07; &#155;31m &#27;[2J";

/// Titles of the good posts, which must still load beside the bad ones.
pub const GOOD_TITLES: [&str; 3] = ["Good One", "Good Two", "Attack Post"];

fn front(title: &str, date: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"A summary.\"\ntags = [\"ok\"]\n+++\n\n"
    )
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).expect("write a hostile file");
}

/// Writes the corpus into `dir`.
pub fn write_corpus(dir: &Path) {
    write_good_and_attacks(dir);
    write_shapes(dir);
    write_broken_front_matter(dir);
    write_odd_files(dir);
}

fn write_good_and_attacks(dir: &Path) {
    write(
        dir,
        "good-one.md",
        front("Good One", "2024-01-01") + "Plain and fine.\n",
    );
    write(
        dir,
        "good-two.md",
        front("Good Two", "2024-01-02") + "Also fine.\n",
    );

    // Attacks in every field and in every kind of body text.
    let toml_escape = ATTACKS
        .replace('\u{1b}', "\\u001b")
        .replace('\u{7}', "\\u0007")
        .replace('\u{9b}', "\\u009b");
    let attack_post = format!(
        "+++\ntitle = \"Attack Post {toml_escape}\"\ndate = 2024-01-03\nsummary = \"sum {toml_escape}\"\ntags = [\"t{toml_escape}\"]\n+++\n\n# Heading {ATTACKS}\n\nRaw: {ATTACKS}\n\nEntities: {ENTITY_ATTACKS}\n\n`inline {ATTACKS}`\n\n```sh\ncode {ATTACKS}\n```\n\n[link {ATTACKS}](https://example.org/{ATTACKS}) [mail](mailto:x{ATTACKS}@y.z) [js](javascript:alert(1))\n\n| h {ATTACKS} |\n|---|\n| c {ATTACKS} |\n\n<div>{ATTACKS}</div>\n\nFootnote[^x].\n\n[^x]: note {ATTACKS}\n"
    );
    write(dir, "attack.md", attack_post);

    // A file name that is itself an attack.
    write(dir, "name\u{1b}]0;PWNED\u{7}.md", "+++\ntitle = \"x\"\n");
}

/// Encodings and sizes that stress loading and layout.
fn write_shapes(dir: &Path) {
    write(
        dir,
        "bom-crlf.md",
        format!(
            "\u{feff}{}",
            (front("Bom", "2024-02-01") + "Line one.\nLine two.\n").replace('\n', "\r\n")
        ),
    );
    let mut latin1 = front("Latin One", "2024-02-02").into_bytes();
    latin1.extend_from_slice(b"caf\xe9 \xff\xfe\n");
    write(dir, "latin1.md", latin1);
    write(dir, "empty.md", "");
    write(
        dir,
        "long-word.md",
        front("Long Word", "2024-02-03") + &"x".repeat(200_000),
    );
    write(
        dir,
        "long-line.md",
        front("Long Line", "2024-02-04") + &"word ".repeat(100_000),
    );
    write(
        dir,
        "wide.md",
        front("Wide", "2024-02-05") + &"日本語テキスト 😀👍 e\u{301}\u{301}\u{301} ".repeat(2_000),
    );
    write(
        dir,
        "deep-quotes.md",
        front("Deep Quotes", "2024-02-06") + &">".repeat(20_000) + " deep\n",
    );
    // Three thousand levels of list in one line (`- - - x`), and two hundred by indentation.
    let mut deep_list = "- ".repeat(3_000) + "deepest\n\n";
    deep_list.extend((0..200).map(|i| format!("{}- level {i}\n", "  ".repeat(i))));
    write(
        dir,
        "deep-list.md",
        front("Deep List", "2024-02-07") + &deep_list,
    );
    let header = (0..400).fold(String::new(), |row, i| row + &format!("| c{i} ")) + "|\n";
    let rule: String = "|---".repeat(400) + "|\n";
    let rows: String = (0..200).map(|_| header.clone()).collect();
    write(
        dir,
        "huge-table.md",
        front("Huge Table", "2024-02-08") + &header + &rule + &rows,
    );
    write(
        dir,
        "brackets.md",
        front("Brackets", "2024-02-09") + &"[".repeat(50_000) + &"*a".repeat(20_000),
    );
}

fn write_broken_front_matter(dir: &Path) {
    write(dir, "no-front-matter.md", "Just text, no front matter.\n");
    write(
        dir,
        "unterminated.md",
        "+++\ntitle = \"Unterminated\"\ndate = 2024-01-01\n\nbody\n",
    );
    write(
        dir,
        "invalid-toml.md",
        "+++\ntitle = \"Bad\ndate = 2024-01-01\n+++\n",
    );
    write(
        dir,
        "wrong-types.md",
        "+++\ntitle = 42\ndate = true\ntags = \"x\"\n+++\n",
    );
    write(
        dir,
        "impossible-date.md",
        "+++\ntitle = \"Feb 30\"\ndate = 2024-02-30\n+++\n",
    );
    write(dir, "no-date.md", "+++\ntitle = \"No Date\"\n+++\n");
    write(dir, "yaml.md", "---\ntitle: yaml\n---\n");
    write(
        dir,
        "toml-error-echo.md",
        format!("+++\ntitle = \"x\"\ndate = 2024-01-01\n{ATTACKS} = 1\n+++\n"),
    );
}

/// Duplicate slugs, folders named like posts, non-Markdown files, links in and out.
fn write_odd_files(dir: &Path) {
    write(dir, "dup-a.md", front("Same Slug", "2024-03-01"));
    write(dir, "dup-b.md", front("Same Slug", "2024-03-02"));
    fs::create_dir_all(dir.join("folder.md")).expect("mkdir");
    write(dir, "image.png", [0x89, b'P', b'N', b'G', 0, 0, 0x1b, b']']);
    write(dir, "notes.txt", ATTACKS);
    fs::create_dir_all(dir.join("sub")).expect("mkdir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let _ = symlink(dir, dir.join("sub/loop"));
        let _ = symlink("/etc", dir.join("outside"));
        let _ = symlink("/etc/hostname", dir.join("outside-file.md"));
        let _ = symlink(dir.join("nowhere.md"), dir.join("dangling.md"));
        let _ = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo.md"))
            .status();
    }
}

/// Finds bytes that must never appear in what folio writes to a terminal or stdout: the starts
/// of OSC, DCS, APC, PM and SOS sequences, and C1 controls (in UTF-8). folio's own sequences
/// are allowed, exactly: its OSC 11 question and OSC 8 links whose URL is printable ASCII.
pub fn forbidden_sequence(output: &[u8]) -> Option<String> {
    for (i, pair) in output.windows(2).enumerate() {
        let found = match pair {
            [0x1b, b']'] if is_own_osc(&output[i..]) => None,
            [0x1b, b']'] => Some("OSC"),
            [0x1b, b'P'] => Some("DCS"),
            [0x1b, b'_'] => Some("APC"),
            [0x1b, b'^'] => Some("PM"),
            [0x1b, b'X'] => Some("SOS"),
            [0xc2, 0x80..=0x9f] => Some("C1 control"),
            _ => None,
        };
        if let Some(kind) = found {
            let start = i.saturating_sub(20);
            let context =
                String::from_utf8_lossy(&output[start..(i + 20).min(output.len())]).into_owned();
            return Some(format!("{kind} at byte {i}: {context:?}"));
        }
    }
    None
}

/// folio's own OSC sequences: the background question, and a hyperlink (or its end) whose URL
/// is printable ASCII up to the string terminator.
fn is_own_osc(rest: &[u8]) -> bool {
    if rest.starts_with(b"\x1b]11;?\x1b\\") {
        return true;
    }
    let Some(url) = rest.strip_prefix(b"\x1b]8;;") else {
        return false;
    };
    let Some(end) = url.windows(2).position(|w| w == b"\x1b\\") else {
        return false;
    };
    url[..end].iter().all(u8::is_ascii_graphic)
}
