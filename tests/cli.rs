//! The command line, run as a user runs it: the real binary, its output and exit status.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

use std::process::{Command, Output};

fn folio(args: &[&str]) -> Output {
    // A cache folder of its own: a posts folder's index must not land in the user's cache.
    let cache = tempfile::tempdir().expect("cache folder");
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .env("XDG_CACHE_HOME", cache.path())
        .args(args)
        .output()
        .expect("folio runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

#[test]
fn list_prints_every_post_newest_first() {
    let output = folio(&["list"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 24);
    assert!(lines[0].starts_with("2021-04-18  system-calls "));
    assert!(lines[0].ends_with("System Calls: The Gateway Between User Space and Kernel"));
    assert!(lines[23].starts_with("2020-01-19  matroid-theory "));
}

#[test]
fn list_json_has_the_documented_fields() {
    let output = folio(&["list", "--json"]);
    assert!(output.status.success());
    let posts: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let posts = posts.as_array().expect("array");
    assert_eq!(posts.len(), 24);
    let first = &posts[0];
    for field in [
        "title",
        "date",
        "slug",
        "summary",
        "tags",
        "reading_minutes",
    ] {
        assert!(first.get(field).is_some(), "missing {field}");
    }
    assert_eq!(first["date"], "2021-04-18");
}

#[test]
fn search_ranks_like_the_tui_and_json_carries_scores() {
    let output = folio(&["search", "hash"]);
    assert!(output.status.success());
    assert!(
        stdout(&output)
            .lines()
            .next()
            .expect("a match")
            .contains("consistent-hashing")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&folio(&["search", "hash", "--json"]).stdout).expect("json");
    assert_eq!(json[0]["slug"], "consistent-hashing");
    assert!(json[0]["score"].is_i64());
}

#[test]
fn read_renders_a_post_as_plain_text_when_piped() {
    let output = folio(&["read", "consistent-hashing", "--width", "60"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("Consistent Hashing: Distributing Data Across Dynamic"));
    assert!(!text.contains('\u{1b}'), "no escape codes when piped");
    assert!(
        text.lines().all(|l| l.chars().count() <= 60),
        "wrapped to 60"
    );
}

#[test]
fn unknown_slugs_and_missing_folders_are_one_line_errors_with_status_2() {
    let output = folio(&["read", "no-such-post"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no-such-post"));

    let output = folio(&["--posts", "/no/such/folder", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/folder"));
}

#[test]
fn check_prints_path_line_message_and_exits_1_on_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ok.md"),
        "+++\ntitle = \"Ok\"\ndate = 2020-01-01\n+++\nfine",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("bad.md"),
        "+++\ntitle = \"Bad\"\ndate = 2020-02-31\n+++\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    let output = folio(&["check", "--posts", path]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("bad.md:3: error: "), "{text}");

    let clean = folio(&["check"]);
    assert_eq!(clean.status.code(), Some(0), "the bundled posts are clean");
}

#[test]
fn global_posts_flag_works_before_or_after_the_command() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/posts");
    for args in [["--posts", fixtures, "list"], ["list", "--posts", fixtures]] {
        let output = folio(&args);
        assert!(output.status.success());
        assert_eq!(stdout(&output).lines().count(), 3);
    }
}

#[test]
fn version_and_help() {
    assert!(stdout(&folio(&["--version"])).starts_with("folio "));
    let help = stdout(&folio(&["--help"]));
    for command in ["list", "read", "search", "check", "--posts"] {
        assert!(help.contains(command), "help mentions {command}");
    }
}

#[test]
fn read_file_renders_any_markdown_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = dir.path().join("notes.md");
    std::fs::write(
        &plain,
        "# Notes\n\nSome *text* and a [link](https://x.org).\n",
    )
    .expect("write");
    let output = folio(&[
        "read",
        "--file",
        plain.to_str().expect("utf-8"),
        "--width",
        "40",
    ]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("Notes") && text.contains("Some text and a link[1]"),
        "{text}"
    );
    assert!(text.contains("[1] https://x.org"), "{text}");

    let post = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/linked/home.md");
    let text = stdout(&folio(&["read", "--file", post, "--width", "50"]));
    assert!(
        text.starts_with("Home\n2024-02-01 · 1 min read #links"),
        "title block: {text}"
    );

    let missing = folio(&["read", "--file", "/no/such/file.md"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/file.md"));
}

#[test]
fn body_width_caps_the_measure_of_read() {
    let output = folio(&["read", "consistent-hashing", "--body-width", "50"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.lines().all(|l| l.chars().count() <= 50));
    assert!(
        text.lines().any(|l| l.chars().count() > 45),
        "it does use the width"
    );
    assert_eq!(
        folio(&["list", "--body-width", "5"]).status.code(),
        Some(2),
        "too narrow is refused"
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let output = folio(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let text = stdout(&output);
        assert!(
            text.contains("folio") && text.contains("search") && text.contains("posts"),
            "{shell}"
        );
    }
    let man = stdout(&folio(&["man"]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH folio 1"),
        "{}",
        &man[..100]
    );
    assert!(man.contains("search"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    for args in [
        &["read", "consistent-hashing"][..],
        &["list"][..],
        &["search", "a"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio runs");
        // Read one line, then close the pipe, as `| head -1` does.
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        let _ = stdout.read(&mut first).expect("read");
        drop(stdout);
        let output = child.wait_with_output().expect("exit");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_dumb_terminal_gets_a_clear_message_instead_of_the_reader() {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .env("TERM", "dumb")
        .output()
        .expect("folio runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("TERM=dumb") && err.contains("folio read"),
        "{err}"
    );
    assert!(output.stdout.is_empty(), "nothing was drawn");
}
