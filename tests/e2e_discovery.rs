//! End to end: full-text search, next post and history in the real binary, in a
//! pseudo-terminal, as a user types them.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::pty::Session;

#[test]
fn full_text_search_opens_at_the_match_and_history_returns() {
    let mut folio = Session::spawn(&[], 120, 40);
    folio.wait_for("System Calls: The Gateway");
    // Tab turns the bar to full text; io_uring is in a body, not in any title.
    folio.send("/");
    folio.send("\t");
    folio.wait_for("full text");
    folio.send("io_uring");
    folio.wait_until("a snippet with the match", |s| {
        s.contains("io_uring") && s.contains("full text 1/24")
    });
    folio.send("\r");
    folio.wait_until("the post open at the match", |s| {
        s.contains("min read") || s.contains("/io_uring")
    });
    folio.wait_until("the find bar counting matches", |s| {
        s.lines().last().is_some_and(|l| l.contains("/io_uring"))
    });
    // > opens the next post of the list (the filtered list has one post: it says so).
    folio.send(">");
    folio.wait_for("last post in the list");
    // Clear the search, open the newest post, step to the next, and come back.
    folio.send("q");
    folio.send("\x1b");
    folio.wait_until("the whole list again", |s| s.contains(" 24/24"));
    folio.send("g\r");
    folio.wait_for("min read");
    folio.send(">");
    folio.wait_for("Next:");
    folio.wait_for("Trusted Execution");
    folio.send("\x7f");
    folio.wait_until("back on the first post", |s| {
        s.contains("System Calls: The Gateway Between User Space and Kernel")
            && !s.contains("Next:")
    });
    folio.send("q");
    folio.send("q");
    assert_eq!(folio.wait_exit(), 0);
}
