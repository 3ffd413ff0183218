//! Syntax highlighting of code blocks, with syntect on the Oniguruma regex engine (the engine
//! the grammars were written for) and bat's curated syntax and theme sets (the
//! `two-face` crate), so TOML and x86 assembly highlight too. Oniguruma rather than syntect's
//! pure-Rust `fancy-regex`: rendering all 24 bundled posts takes 17 MB and 0.22 s with it,
//! 115 MB and 1.3 s with fancy-regex, whose compiled automata and their caches are large.
//!
//! The syntax set (about a megabyte of definitions) and the theme are deserialised once per
//! process, the first time a code block asks for a language, never at start-up, so a post
//! without code, and `folio list`, pay nothing. Each grammar's regexes are then compiled on its
//! first use, which is the larger cost (tens of milliseconds in a release build).
//! Only foreground colours and font styles are taken from the syntect theme: the caller keeps
//! its own background so every code block is set off the same way, highlighted or not.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use ratatui::style::{Color, Modifier, Style};
use syntect::easy::HighlightLines;
use syntect::highlighting::{self, FontStyle, Theme};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use two_face::theme::EmbeddedThemeName;

use crate::theme::CodeTheme;

/// The syntect theme code is coloured with. Monokai Extended (bat's default dark theme) is drawn
/// for a `#222222` background, almost exactly the block's `Indexed(235)` (`#262626`), so its
/// colours keep the contrast their author chose; its palette is bright and clearly separated.
pub const THEME: EmbeddedThemeName = EmbeddedThemeName::MonokaiExtended;

/// The syntect theme for light code blocks: GitHub's, drawn for a white background like the
/// light theme's `Indexed(255)`.
pub const LIGHT_THEME: EmbeddedThemeName = EmbeddedThemeName::Github;

/// A piece of a highlighted line in one style (foreground and font style only, no background).
pub type Segment = (String, Style);

/// The syntax definitions and the theme, loaded together on first use.
struct Assets {
    syntaxes: SyntaxSet,
    dark: Theme,
    light: Theme,
}

impl Assets {
    fn theme(&self, code_theme: CodeTheme) -> &Theme {
        match code_theme {
            CodeTheme::Dark => &self.dark,
            CodeTheme::Light => &self.light,
        }
    }
}

/// Loaded at most once per process, and only when a code block asks for it.
static ASSETS: OnceLock<Assets> = OnceLock::new();

/// The loaded assets, loading them on the first call (from any thread; later calls wait for it).
fn assets() -> &'static Assets {
    ASSETS.get_or_init(|| {
        let themes = two_face::theme::extra();
        Assets {
            syntaxes: two_face::syntax::extra_newlines(),
            dark: themes.get(THEME).clone(),
            light: themes.get(LIGHT_THEME).clone(),
        }
    })
}

/// How a code block's language label is treated, before anything is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language<'a> {
    /// Explicitly plain text (or no label): never highlighted, nothing loaded.
    Plain,
    /// A token to look up in the syntax set by file extension, then by name.
    Token(&'a str),
}

/// Maps the labels people write after a fence to a token syntect knows. Labels not listed are
/// looked up as written (lowercased), which already covers most extensions and syntax names.
fn language(lang: &str) -> Language<'_> {
    let token = match lang {
        "" | "text" | "plain" | "plaintext" | "txt" | "none" | "nohighlight" | "output" => {
            return Language::Plain;
        }
        "rs" | "rust" => "rs",
        "c" | "h" => "c",
        "c++" | "cpp" | "cc" | "cxx" | "hpp" | "hh" => "cpp",
        "go" | "golang" => "go",
        "py" | "python" | "python3" | "py3" => "py",
        "java" => "java",
        "js" | "javascript" | "mjs" | "cjs" | "node" => "js",
        "ts" | "typescript" => "ts",
        "toml" => "toml",
        "json" | "jsonc" => "json",
        "yml" | "yaml" => "yaml",
        "sh" | "bash" | "shell" | "console" | "zsh" | "shell-session" | "shellsession" => "bash",
        "sql" => "sql",
        "asm" | "x86asm" | "x86" | "x86_64" | "x86-64" | "nasm" | "gas" | "att" | "s" => "asm",
        "ocaml" | "ml" => "ml",
        "llvm" | "ll" | "llvm-ir" => "ll",
        "wat" | "wast" | "wasm" => "wat",
        other => other,
    };
    Language::Token(token)
}

/// The syntax for a label, or `None` for plain text and languages the set does not have.
fn syntax<'s>(syntaxes: &'s SyntaxSet, token: &str) -> Option<&'s SyntaxReference> {
    syntaxes
        .find_syntax_by_token(token)
        .filter(|syntax| syntax.name != "Plain Text")
}

/// Highlights `code` as the language named by a fence's info string (`rust`, `py`, `c++`…).
///
/// Returns one list of segments per `\n`-separated line of `code` (so exactly
/// `code.split('\n').count()` lists), whose texts concatenate to that line; or `None` when the
/// language is plain text, unknown, or the grammar fails, so the caller shows the code plain
/// rather than half-coloured. Segments carry a foreground colour only where the theme gives a
/// token a colour other than its default text colour: ordinary text keeps the caller's code
/// colour, and no segment ever has a background. Results are remembered per block, so
/// rendering a post again (at another width) costs no highlighting.
pub fn highlight(lang: &str, code: &str, code_theme: CodeTheme) -> Option<Vec<Vec<Segment>>> {
    let lang = lang.trim().to_lowercase();
    let Language::Token(token) = language(&lang) else {
        return None;
    };
    let key = (lang.clone(), code.to_owned(), code_theme);
    let mut cache = lock_cache();
    loop {
        match cache.get(&key) {
            Some(Entry::Ready(hit)) => return hit.clone(),
            // Another thread (another reader of `folio serve`) is highlighting this very block:
            // wait for its result rather than doing the same work again beside it. Fifty
            // readers opening a new post at once highlight each block once, not fifty times.
            Some(Entry::Pending) => cache = wait_for_cache(cache),
            None => break,
        }
    }
    if cache.len() >= CACHE_BLOCKS {
        cache.retain(|_, entry| matches!(entry, Entry::Pending));
    }
    cache.insert(key.clone(), Entry::Pending);
    drop(cache);
    // Not holding the lock meanwhile: other blocks are highlighted in parallel.
    let pending = PendingGuard { key: Some(key) };
    let lines = highlight_uncached(token, code, code_theme);
    pending.complete(lines.clone());
    lines
}

/// A block being highlighted, or its result.
#[derive(Debug)]
enum Entry {
    /// A thread is highlighting it now.
    Pending,
    /// Highlighted lines, or `None` when the block stays plain.
    Ready(Option<Vec<Vec<Segment>>>),
}

/// Marks a block as pending; if its thread panics before completing, the mark is removed and
/// the waiters woken, so they highlight it themselves instead of waiting forever.
struct PendingGuard {
    key: Option<CacheKey>,
}

impl PendingGuard {
    fn complete(mut self, lines: Option<Vec<Vec<Segment>>>) {
        if let Some(key) = self.key.take() {
            lock_cache().insert(key, Entry::Ready(lines));
            cache_ready().notify_all();
        }
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            lock_cache().remove(&key);
            cache_ready().notify_all();
        }
    }
}

/// Blocks remembered before the cache starts over: far more than a post has, so a resize
/// (which renders the post again at the new width) never highlights twice, while a huge
/// folder of posts cannot grow the cache without bound.
const CACHE_BLOCKS: usize = 512;

/// Highlighted blocks by (lowercased language label, code, palette). Highlighting is the slow part of
/// rendering (a fraction of a millisecond a line for some grammars),
/// and it does not depend on the width, so it is done once per block and process.
type Cache = HashMap<CacheKey, Entry>;

/// A block's identity: lowercased language label, code, palette.
type CacheKey = (String, String, CodeTheme);

static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();

/// The cache, locked; a panic elsewhere while it was held leaves it usable (it is only ever
/// cleared or added to whole entries).
fn lock_cache() -> MutexGuard<'static, Cache> {
    CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

/// Signalled whenever a pending block is completed or abandoned.
fn cache_ready() -> &'static Condvar {
    static READY: Condvar = Condvar::new();
    &READY
}

/// Waits for a pending block to change, giving the lock back meanwhile.
fn wait_for_cache(cache: MutexGuard<'static, Cache>) -> MutexGuard<'static, Cache> {
    cache_ready()
        .wait(cache)
        .unwrap_or_else(PoisonError::into_inner)
}

/// [`highlight`] without the cache, for a language label already mapped to a token.
fn highlight_uncached(token: &str, code: &str, code_theme: CodeTheme) -> Option<Vec<Vec<Segment>>> {
    let assets = assets();
    let syntax = syntax(&assets.syntaxes, token)?;
    let theme = assets.theme(code_theme);
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut lines = Vec::new();
    let mut buffer = String::new();
    for line in code.split('\n') {
        // The set is compiled for lines that end in a newline; it is cut off again below.
        buffer.clear();
        buffer.push_str(line);
        buffer.push('\n');
        let ranges = highlighter.highlight_line(&buffer, &assets.syntaxes).ok()?;
        let mut segments: Vec<Segment> = Vec::with_capacity(ranges.len());
        for (style, text) in ranges {
            let text = text.strip_suffix('\n').unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            let style = convert(style, theme);
            match segments.last_mut() {
                Some((last, last_style)) if *last_style == style => last.push_str(text),
                _ => segments.push((text.to_owned(), style)),
            }
        }
        lines.push(segments);
    }
    Some(lines)
}

/// A syntect style as a ratatui one: the foreground (blended over the theme's background when
/// translucent, dropped when it is the theme's plain text colour) and bold, italic, underline.
fn convert(style: highlighting::Style, theme: &Theme) -> Style {
    let mut out = Style::new();
    let fg = style.foreground;
    if theme.settings.foreground != Some(fg) && fg.a > 0 {
        let bg = theme
            .settings
            .background
            .unwrap_or(highlighting::Color::BLACK);
        out = out.fg(blend(fg, bg));
    }
    let font = style.font_style;
    if font.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if font.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    if font.contains(FontStyle::UNDERLINE) {
        out = out.add_modifier(Modifier::UNDERLINED);
    }
    out
}

/// A colour with alpha as the opaque colour it shows over `bg`.
fn blend(fg: highlighting::Color, bg: highlighting::Color) -> Color {
    let alpha = u16::from(fg.a);
    let mix = |f: u8, b: u8| {
        let mixed = (u16::from(f) * alpha + u16::from(b) * (255 - alpha)) / 255;
        u8::try_from(mixed).unwrap_or(f)
    };
    Color::Rgb(mix(fg.r, bg.r), mix(fg.g, bg.g), mix(fg.b, bg.b))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn readers_highlighting_one_block_at_once_all_get_its_colours() {
        let code = "fn shared_by_many_readers() -> u32 {\n    let x = 40;\n    x + 2\n}";
        let alone = highlight_uncached("rs", code, CodeTheme::Dark);
        assert!(alone.is_some());
        let threads: Vec<_> = (0..8)
            .map(|_| std::thread::spawn(move || highlight("rust", code, CodeTheme::Dark)))
            .collect();
        for thread in threads {
            assert_eq!(thread.join().expect("no panic"), alone);
        }
        let key = ("rust".to_owned(), code.to_owned(), CodeTheme::Dark);
        assert!(matches!(
            lock_cache().get(&key),
            Some(Entry::Ready(Some(_)))
        ));
    }

    /// Distinct foreground colours the theme gives a highlighted snippet (not counting the
    /// block's own text colour, which shows where a segment has none).
    fn colours(lang: &str, code: &str) -> HashSet<Color> {
        let lines = highlight(lang, code, CodeTheme::Dark)
            .unwrap_or_else(|| panic!("{lang} is not highlighted"));
        lines
            .iter()
            .flatten()
            .filter(|(text, _)| !text.trim().is_empty())
            .filter_map(|(_, style)| style.fg)
            .collect()
    }

    const SNIPPETS: &[(&str, &str)] = &[
        (
            "rust",
            "fn main() {\n    let x: u32 = 42; // answer\n    println!(\"{x}\");\n}",
        ),
        (
            "c",
            "#include <stdio.h>\nint main(void) {\n    return printf(\"hi\\n\");\n}",
        ),
        (
            "cpp",
            "template <typename T>\nstd::vector<T> v; // c++\nint f() { return 1; }",
        ),
        (
            "go",
            "package main\n\nfunc main() {\n\tx := 1 // go\n\treturn\n}",
        ),
        (
            "python",
            "def f(x):\n    # comment\n    return \"s\" + str(x)",
        ),
        (
            "java",
            "public class A {\n    static int f() { return 1; }\n}",
        ),
        (
            "javascript",
            "const x = 1; // js\nfunction f() { return \"s\"; }",
        ),
        ("toml", "[package]\nname = \"folio\"\nversion = 1 # comment"),
        ("json", "{\"key\": [1, true, null, \"s\"]}"),
        (
            "sh",
            "#!/bin/sh\nfor f in *.md; do echo \"$f\"; done # loop",
        ),
        ("bash", "if [ -n \"$x\" ]; then echo hi; fi"),
        ("shell", "export PATH=\"$HOME/bin:$PATH\" # path"),
        ("console", "cargo build --release # build\necho \"done\""),
        ("sql", "SELECT name, 1 FROM users WHERE id = 'x'; -- q"),
        (
            "asm",
            "div10:\n\tmovl\t%edi, %eax\n\tmovl\t$3435973837, %edx # magic\n\tret",
        ),
        ("x86asm", "mov eax, 1 ; comment\nsyscall"),
        (
            "nasm",
            "section .text\nglobal _start\n_start: mov rax, 60 ; exit",
        ),
        ("gas", "\t.globl _start\n_start:\n\tmov $1, %eax # write"),
        ("s", "\taddq\t$32, %rax\n\tjne\t.L55 # loop"),
    ];

    #[test]
    fn every_required_language_gets_at_least_two_colours() {
        for (lang, code) in SNIPPETS {
            let found = colours(lang, code);
            assert!(found.len() >= 2, "{lang}: only {found:?}");
        }
    }

    #[test]
    fn aliases_resolve_to_their_language() {
        let syntaxes = &assets().syntaxes;
        let name = |lang: &str| match language(lang) {
            Language::Token(token) => syntax(syntaxes, token).map(|s| s.name.clone()),
            Language::Plain => None,
        };
        let expected = [
            ("js", "JavaScript (Babel)"),
            ("py", "Python"),
            ("rs", "Rust"),
            ("c++", "C++"),
            ("cpp", "C++"),
            ("cc", "C++"),
            ("c", "C"),
            ("golang", "Go"),
            ("yml", "YAML"),
            ("ocaml", "OCaml"),
            ("ml", "OCaml"),
            ("llvm", "LLVM"),
            ("toml", "TOML"),
            ("json", "JSON"),
            ("sql", "SQL"),
            ("java", "Java"),
            ("sh", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("shell", "Bourne Again Shell (bash)"),
            ("console", "Bourne Again Shell (bash)"),
            ("asm", "x86_64 Assembly"),
            ("x86asm", "x86_64 Assembly"),
            ("nasm", "x86_64 Assembly"),
            ("gas", "x86_64 Assembly"),
            ("s", "x86_64 Assembly"),
        ];
        for (alias, syntax_name) in expected {
            assert_eq!(name(alias).as_deref(), Some(syntax_name), "{alias}");
        }
        // Case and stray spaces in the label do not matter.
        assert!(highlight(" Rust ", "fn f() {}", CodeTheme::Dark).is_some());
    }

    #[test]
    fn plain_and_unknown_languages_are_not_highlighted() {
        for lang in ["", "text", "plain", "txt", "no-such-language"] {
            assert!(
                highlight(lang, "fn main() {}", CodeTheme::Dark).is_none(),
                "{lang:?}"
            );
        }
    }

    #[test]
    fn segments_keep_every_character_and_never_set_a_background() {
        let code = "fn main() {\n\n    let s = \"日本語 é\"; // ↪ not a marker\n}\n";
        let lines = highlight("rust", code, CodeTheme::Dark).expect("rust highlights");
        assert_eq!(lines.len(), code.split('\n').count());
        for (line, source) in lines.iter().zip(code.split('\n')) {
            let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(text, source);
            assert!(line.iter().all(|(_, style)| style.bg.is_none()));
        }
    }

    #[test]
    fn a_second_call_gives_the_same_answer_from_the_cache() {
        let code = "SELECT 1; -- cached";
        let first = highlight("sql", code, CodeTheme::Dark);
        assert!(first.is_some());
        assert_eq!(highlight("SQL", code, CodeTheme::Dark), first);
        assert_eq!(highlight_uncached("sql", code, CodeTheme::Dark), first);
    }

    #[test]
    fn keeps_font_styles() {
        let italic = highlighting::Style {
            font_style: FontStyle::ITALIC | FontStyle::BOLD,
            ..highlighting::Style::default()
        };
        let style = convert(italic, &Theme::default());
        assert!(
            style
                .add_modifier
                .contains(Modifier::ITALIC | Modifier::BOLD)
        );
    }

    #[test]
    fn translucent_colours_blend_over_the_background() {
        let half = highlighting::Color {
            r: 255,
            g: 255,
            b: 255,
            a: 128,
        };
        assert_eq!(
            blend(half, highlighting::Color::BLACK),
            Color::Rgb(128, 128, 128)
        );
    }

    /// Not a check: prints how long the first load takes. Run it alone, in a fresh process:
    /// `cargo test --release --lib report_load_time -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints timings only"]
    fn report_load_time() {
        let start = std::time::Instant::now();
        let syntaxes = two_face::syntax::extra_newlines();
        let loaded = start.elapsed();
        let theme = two_face::theme::extra().get(THEME).clone();
        let themed = start.elapsed();
        let rust = syntaxes.find_syntax_by_token("rs").map(|s| s.name.clone());
        let mut lines = HighlightLines::new(
            syntaxes
                .find_syntax_by_token("rs")
                .unwrap_or_else(|| syntaxes.find_syntax_plain_text()),
            &theme,
        );
        let _ = lines.highlight_line("fn main() {}\n", &syntaxes);
        let first_line = start.elapsed();
        println!(
            "syntax set {loaded:?}, + theme {themed:?}, + first Rust line {first_line:?} ({rust:?})"
        );
    }

    #[test]
    fn light_blocks_get_the_light_palette() {
        let code = "fn main() { let x = \"s\"; }";
        let dark = highlight("rust", code, CodeTheme::Dark);
        let light = highlight("rust", code, CodeTheme::Light);
        assert!(dark.is_some() && light.is_some());
        assert_ne!(dark, light, "the palettes differ");
    }
}
