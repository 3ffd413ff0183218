//! Nothing a post can contain breaks folio or the terminal it runs in: a hostile corpus driven
//! through `folio check`, `list`, `read` and the interactive reader in a pseudo-terminal.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use std::process::{Command, Output};
use std::time::Duration;

use common::hostile::{GOOD_TITLES, forbidden_sequence, write_corpus};
use common::pty::Session;

/// Runs folio on the corpus, failing if it takes longer than a generous bound (a hang). The
/// output is collected on another thread, so a large output cannot fill the pipe and stall it.
fn folio(dir: &std::path::Path, args: &[&str]) -> Output {
    // The folder's index goes to a cache folder next to it, not the user's.
    let child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .env("XDG_CACHE_HOME", cache_home(dir))
        .arg("--posts")
        .arg(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("folio runs");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    receiver
        .recv_timeout(Duration::from_mins(2))
        .unwrap_or_else(|_| panic!("folio {args:?} hung on the hostile corpus"))
        .expect("output")
}

fn assert_clean(what: &str, bytes: &[u8]) {
    if let Some(found) = forbidden_sequence(bytes) {
        panic!("{what} let a control sequence through: {found}");
    }
    assert!(
        !bytes.contains(&0x1b) || what.contains("styled"),
        "{what} printed an ESC byte"
    );
}

#[test]
fn check_reports_every_bad_file_without_crashing_or_leaking() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_corpus(dir.path());
    let output = folio(dir.path(), &["check"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "problems found, no crash: {output:?}"
    );
    assert_clean("check stdout", &output.stdout);
    assert_clean("check stderr", &output.stderr);
    let text = String::from_utf8_lossy(&output.stdout);
    for file in [
        "unterminated.md:1",
        "invalid-toml.md:2",
        "wrong-types.md:2",
        "impossible-date.md:3",
        "no-date.md:1",
        "yaml.md:1",
        "latin1.md",
        "dup-b.md",
        "outside-file.md",
        "dangling.md",
        "no-front-matter.md",
    ] {
        assert!(text.contains(file), "no diagnostic for {file}:\n{text}");
    }
    assert!(
        text.contains("name␛]0;PWNED␇.md"),
        "the hostile file name is shown inertly:\n{text}"
    );
}

#[test]
fn good_posts_load_beside_the_bad_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_corpus(dir.path());
    let output = folio(dir.path(), &["list"]);
    assert!(output.status.success());
    assert_clean("list", &output.stdout);
    let text = String::from_utf8_lossy(&output.stdout);
    for title in GOOD_TITLES {
        assert!(text.contains(title), "{title} is missing:\n{text}");
    }
    assert!(!text.contains("/etc"), "nothing outside the folder is read");
}

#[test]
fn every_post_reads_without_leaking_a_control_sequence() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_corpus(dir.path());
    let list = folio(dir.path(), &["list", "--json"]);
    let posts: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let posts = posts.as_array().expect("array");
    assert!(
        posts.len() >= 15,
        "most of the corpus loads: {}",
        posts.len()
    );
    for post in posts {
        let slug = post["slug"].as_str().expect("slug");
        for width in ["1", "40", "120"] {
            let output = folio(dir.path(), &["read", slug, "--width", width]);
            assert!(
                output.status.success(),
                "read {slug} at {width}: {output:?}"
            );
            assert_clean(&format!("read {slug}"), &output.stdout);
        }
    }
}

#[test]
fn the_reader_survives_every_post_and_the_terminal_is_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_corpus(dir.path());
    let path = dir.path().to_str().expect("utf-8 path");
    // One pane at a time (80 columns), so each pane's title says exactly which one has focus.
    let mut folio = Session::spawn(&["--posts", path], 80, 24);
    folio.wait_for("problems (!)");
    // Open every post in turn, go to its end and back, search it, follow a link and return.
    let count = String::from_utf8_lossy(
        &Command::new(env!("CARGO_BIN_EXE_folio"))
            .env("XDG_CACHE_HOME", cache_home(dir.path()))
            .args(["--posts", path, "list"])
            .output()
            .expect("list")
            .stdout,
    )
    .lines()
    .count();
    for _ in 0..count {
        folio.send("\r");
        folio.wait_for("┌ Reader");
        folio.send("Gg/pwned\rff\r\x7f");
        // Esc on its own, then wait: Esc followed at once by a key reads as Alt+key, in folio
        // as in every terminal program.
        folio.send("\x1b");
        folio.wait_for("┌ Posts");
        folio.send("j");
    }
    folio.send("!");
    folio.wait_for("problems —");
    folio.send("G");
    folio.send("q");
    folio.wait_until("the overlay closed", |screen| {
        !screen.contains("problems —")
    });
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0, "quit normally");
    let bytes = folio.bytes_written();
    assert_clean("the reader (styled)", &bytes);
    assert!(!folio.screen().contains("PWNED") || !folio.alternate_screen());
}

/// A cache folder for runs over `dir`: hidden inside it, so the walk skips it and it goes
/// when the folder does, never the user's own cache.
fn cache_home(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(".cache")
}
