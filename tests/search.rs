//! Search ranking: a query brings the expected post to the top, as in the TUI and `folio search`.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

use folio::content::load_bundled;
use folio::search::Searcher;

fn top(query: &str) -> String {
    let library = load_bundled(false);
    let hits = Searcher::new(&library.posts).rank(&library.posts, query);
    let first = hits
        .first()
        .unwrap_or_else(|| panic!("no match for {query:?}"));
    library.posts[first.index].slug.clone()
}

#[test]
fn queries_bring_the_expected_post_to_the_top() {
    assert_eq!(top("hash"), "consistent-hashing");
    assert_eq!(top("raft"), "raft-fast-commit-and-prevote-in-practice");
    assert_eq!(top("sgx"), "trusted-execution");
    assert_eq!(top("cheri"), "capability-based-security");
    assert_eq!(top("matroid"), "matroid-theory");
    assert_eq!(
        top("rollback"),
        "safe-rollback-strategies-for-distributed-databases"
    );
    assert_eq!(top("wasm"), "wasm-runtime-internals");
}

#[test]
fn a_title_match_outranks_a_summary_match() {
    let library = load_bundled(false);
    let searcher = Searcher::new(&library.posts);
    let hits = searcher.rank(&library.posts, "kernel");
    let in_title = |h: &folio::search::Hit| {
        !searcher
            .highlights(&library.posts[h.index], "kernel")
            .title
            .is_empty()
    };
    let slugs: Vec<&str> = hits
        .iter()
        .map(|h| library.posts[h.index].slug.as_str())
        .collect();
    // "System Calls: … User Space and Kernel" has it in the title; others only in summaries.
    let title_matches = hits.iter().take_while(|h| in_title(h)).count();
    assert!(title_matches >= 1, "{slugs:?}");
    assert!(
        slugs[..title_matches].contains(&"system-calls"),
        "{slugs:?}"
    );
    assert!(hits[title_matches..].iter().all(|h| !in_title(h)));
}

#[test]
fn highlights_are_character_positions_in_the_title() {
    let library = load_bundled(false);
    let searcher = Searcher::new(&library.posts);
    let hits = searcher.rank(&library.posts, "hash");
    let post = &library.posts[hits[0].index];
    let chars: Vec<char> = post.title.chars().collect();
    let highlights = searcher.highlights(post, "hash");
    let matched: String = highlights.title.iter().map(|&i| chars[i]).collect();
    assert_eq!(matched.to_lowercase(), "hash");
}

#[test]
fn an_empty_query_keeps_list_order_and_nonsense_matches_nothing() {
    let library = load_bundled(false);
    let searcher = Searcher::new(&library.posts);
    let all = searcher.rank(&library.posts, "  ");
    assert_eq!(
        all.iter().map(|h| h.index).collect::<Vec<_>>(),
        (0..24).collect::<Vec<_>>()
    );
    assert!(searcher.rank(&library.posts, "zzqxj").is_empty());
}
