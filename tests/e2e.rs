//! End to end: the real binary in a pseudo-terminal, driven by keys, read off the screen.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::pty::Session;

#[test]
fn search_hash_and_enter_opens_consistent_hashing_in_the_reader() {
    let mut folio = Session::spawn(&[], 120, 40);
    folio.wait_for("System Calls: The Gateway");
    folio.send("/hash");
    folio.wait_until("the filtered list", |screen| screen.contains("/ hash"));
    folio.send("\r");
    folio.wait_for("min read");
    let screen = folio.screen();
    assert!(
        screen.contains("min read"),
        "the reader's title block shows:\n{screen}"
    );
    assert!(
        screen.contains("Consistent Hashing: Distributing Data Across Dynamic"),
        "{screen}"
    );
    // q goes back to the list, q again quits and the terminal is restored.
    folio.send("q");
    folio.wait_until("focus back on the list", |s| s.contains("q quit"));
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
    assert!(!folio.alternate_screen(), "left the alternate screen");
}

#[test]
fn works_at_80x24_one_pane_at_a_time() {
    let mut folio = Session::spawn(&[], 80, 24);
    folio.wait_for("System Calls");
    assert!(
        !folio.screen().contains("Reader"),
        "one pane below 100 columns"
    );
    folio.send("\r");
    folio.wait_for("min read");
    assert!(
        !folio.screen().contains("Posts"),
        "the reader replaces the list"
    );
    folio.send("\x1b");
    folio.wait_for("Posts");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

#[test]
fn the_layout_follows_a_resize() {
    let mut folio = Session::spawn(&[], 80, 24);
    folio.wait_for("System Calls");
    folio.resize(120, 40);
    folio.wait_for("Reader");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut folio = Session::spawn(&[], 100, 30);
    folio.wait_for("System Calls");
    assert!(folio.alternate_screen());
    folio.signal("TERM");
    folio.wait_exit();
    assert!(
        !folio.alternate_screen(),
        "left the alternate screen on SIGTERM"
    );
    let bytes = folio.bytes_written();
    assert!(
        bytes.windows(8).any(|w| w == b"\x1b[?1049l"),
        "sent the leave-alternate-screen sequence"
    );
}

#[test]
fn nothing_is_written_while_idle() {
    let mut folio = Session::spawn(&[], 120, 40);
    folio.wait_for("System Calls");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = folio.bytes_written().len();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        folio.bytes_written().len(),
        before,
        "no busy redraw while idle"
    );
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

#[test]
fn a_late_background_reply_switches_the_theme_and_never_reaches_the_search_bar() {
    let mut folio = Session::spawn_with_env(&[], 100, 30, &[("COLORFGBG", "")]);
    folio.wait_for("System Calls");
    folio.wait_for_bytes(b"\x1b]11;?");
    let status_row = 29;
    assert_eq!(
        folio.background_at(status_row, 5),
        Some(vt100::Color::Idx(236)),
        "dark theme first"
    );
    // The user starts searching; only then does the terminal's answer arrive (as over SSH).
    folio.send("/");
    folio.wait_for("Enter open");
    folio.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\");
    folio.send("hash");
    folio.wait_for("/ hash");
    let screen = folio.screen();
    assert!(
        !screen.contains("11;rgb") && !screen.contains("rgb:"),
        "the reply leaked:\n{screen}"
    );
    folio.wait_until("the light theme", |_| {
        folio.background_at(status_row, 5) == Some(vt100::Color::Idx(253))
    });
    folio.send("\x1b");
    folio.wait_for("q quit");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

#[test]
fn sighup_a_dropped_ssh_link_restores_the_terminal() {
    let mut folio = Session::spawn(&[], 100, 30);
    folio.wait_for("System Calls");
    folio.signal("HUP");
    folio.wait_exit();
    assert!(
        !folio.alternate_screen(),
        "left the alternate screen on SIGHUP"
    );
}

#[test]
fn resizing_mid_search_and_with_overlays_open_keeps_everything() {
    let mut folio = Session::spawn(&[], 120, 40);
    folio.wait_for("System Calls");
    folio.send("/cons");
    folio.wait_for("/ cons");
    folio.resize(80, 24);
    folio.wait_until("the narrow layout", |s| {
        !s.contains("Reader") && s.contains("/ cons")
    });
    folio.send("\x1b");
    folio.wait_for("q quit");
    folio.send("?");
    folio.wait_for("Keys");
    folio.resize(40, 10);
    folio.wait_for("Keys");
    folio.resize(30, 8);
    folio.wait_for("Terminal too small");
    folio.resize(120, 40);
    folio.wait_until("the help again, full size", |s| {
        s.contains("Keys") && s.contains("Reader")
    });
    folio.send("\x1b");
    folio.wait_for("24/24");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

#[test]
fn a_bracketed_paste_goes_into_the_search_bar() {
    let mut folio = Session::spawn(&[], 120, 40);
    folio.wait_for("System Calls");
    folio.send("/");
    folio.wait_for("Enter open");
    folio.send("\x1b[200~consistent\thash\x1b[201~");
    folio.wait_for("/ consistent hash");
    folio.wait_for("1/24");
    folio.send("\x1b");
    folio.wait_for("q quit");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

/// Waits until folio has written nothing for a while; returns how much it wrote in all.
fn quiet(folio: &Session) -> usize {
    let mut written = folio.bytes_written().len();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = folio.bytes_written().len();
        if now == written {
            return written;
        }
        written = now;
    }
}

#[test]
fn a_one_line_scroll_in_a_lone_reader_writes_under_a_kilobyte() {
    let mut folio = Session::spawn(&[], 80, 24);
    folio.wait_for("System Calls");
    folio.send("/hash");
    folio.wait_for("/ hash");
    folio.send("\r");
    folio.wait_for("min read");
    let before = quiet(&folio);
    let rows_before: Vec<String> = folio.screen().lines().map(str::to_owned).collect();
    folio.send("j");
    folio.wait_until("the reader to scroll", |screen| {
        screen.lines().nth(1) == rows_before.get(2).map(String::as_str)
    });
    let written = folio.bytes_written()[before..].to_vec();
    let after = quiet(&folio);
    let rows_after: Vec<String> = folio.screen().lines().map(str::to_owned).collect();
    // The terminal moved the text rows itself (rows 2 to 22 of 24: inside the borders).
    let region = b"\x1b[2;22r";
    assert!(
        written.windows(region.len()).any(|w| w == region),
        "a scroll region: {:?}",
        String::from_utf8_lossy(&written)
    );
    assert!(
        after - before < 1024,
        "a one-line scroll wrote {} bytes",
        after - before
    );
    assert_eq!(
        rows_after[1..21],
        rows_before[2..22],
        "every text row moved up by one"
    );
    assert_ne!(rows_after[21], rows_before[21], "a new line came in");
    folio.send("q");
    folio.wait_for("Posts");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}

/// In a library big enough for search to be ranked after the frame, the loop still ranks it:
/// typed keys show at once, and the list follows without another key.
#[test]
fn in_a_big_folder_the_list_follows_typing_without_another_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..2_100 {
        let text = format!(
            "+++\ntitle = \"Post number {i}\"\ndate = 2024-01-01\nsummary = \"Filler.\"\n+++\n\nBody.\n"
        );
        std::fs::write(dir.path().join(format!("post-{i}.md")), text).expect("write a post");
    }
    std::fs::write(
        dir.path().join("zebra.md"),
        "+++\ntitle = \"Zebra crossings\"\ndate = 2023-01-01\nsummary = \"Stripes.\"\n+++\n\nBody.\n",
    )
    .expect("write a post");
    let path = dir.path().to_str().expect("utf-8 path");
    let mut folio = Session::spawn(&["--posts", path], 120, 40);
    folio.wait_for("2101/2101");
    folio.send("/zebra");
    folio.wait_for("titles 1/2101");
    assert!(
        folio.screen().contains("Zebra crossings"),
        "{}",
        folio.screen()
    );
    folio.send("\r");
    folio.wait_for("Stripes.");
}
