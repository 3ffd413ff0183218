//! Finding posts and moving between them: the search language, full-text search, next and
//! previous post, related posts, the tag view and the reader's history — through the library
//! functions and through keys, as a user drives them.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::{ch, draw, feed, key, screen, state, typed};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use folio::app::{AppState, Focus, Overlay};
use folio::content::{Library, parse_post};
use folio::search::{Query, Searcher, TermKind};

/// A post as its file would be written.
fn post(slug: &str, title: &str, date: &str, tags: &[&str], body: &str) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    format!(
        "+++\ntitle = {title:?}\ndate = {date}\nsummary = \"About {slug}.\"\ntags = [{}]\nslug = {slug:?}\n+++\n\n{body}\n",
        tags.join(", ")
    )
}

/// A small blog whose posts differ in exactly the ways the filters look at.
fn blog() -> Library {
    let files = [
        post(
            "parser",
            "Writing a Parser in Rust",
            "2024-03-10",
            &["rust", "parsing", "compilers"],
            "Recursive descent with a borrow checker that helps.\n\nThe lexer is a state machine.",
        ),
        post(
            "async-rust",
            "Async Rust Without Tears",
            "2024-07-02",
            &["rust", "async"],
            "Futures are state machines too. Pinning explained.",
        ),
        post(
            "gc",
            "Garbage Collection Basics",
            "2023-11-20",
            &["memory", "compilers"],
            "Mark and sweep; the write barrier.\n\n日本語のテキスト needle 日本語のテキスト",
        ),
        post(
            "old-parser",
            "Parsing in 2022",
            "2022-05-01",
            &["parsing"],
            "An older parser post. The needle is here twice: needle.",
        ),
        post(
            "unrelated",
            "Gardening Notes",
            "2023-06-15",
            &["garden"],
            "Tomatoes. \u{1b}]52;c;ZXZpbA==\u{7} escape bytes in the body, then needle.",
        ),
    ];
    let posts = files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (post, problems) = parse_post(&format!("posts/{i}.md"), text, None);
            assert!(problems.is_empty(), "{problems:?}");
            post.expect("valid post")
        })
        .collect();
    Library::new(posts, Vec::new(), false)
}

fn slugs(library: &Library, hits: &[folio::search::Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| library.posts[h.index].slug.clone())
        .collect()
}

fn ranked(query: &str) -> Vec<String> {
    let library = blog();
    let hits = Searcher::new(&library.posts).rank(&library.posts, query);
    slugs(&library, &hits)
}

fn full_text(query: &str) -> Vec<String> {
    let library = blog();
    let hits = Searcher::new(&library.posts).full_text(&library.posts, query);
    slugs(&library, &hits)
}

fn alt(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::ALT))
}

// ----- the search language -----

#[test]
fn tag_filters_keep_only_posts_with_the_tag() {
    assert_eq!(ranked("#rust"), ["async-rust", "parser"]);
    assert_eq!(ranked("tag:rust"), ["async-rust", "parser"]);
    assert_eq!(
        ranked("#RUST"),
        ["async-rust", "parser"],
        "tags ignore case"
    );
    assert!(ranked("#nosuchtag").is_empty());
}

#[test]
fn exact_and_excluded_text() {
    assert_eq!(ranked("'parsing"), ["parser", "old-parser"]);
    assert_eq!(
        ranked("!rust"),
        ["gc", "unrelated", "old-parser"],
        "newest first"
    );
    assert_eq!(ranked("'parsing !rust"), ["old-parser"]);
}

#[test]
fn date_filters() {
    assert_eq!(ranked("year:2023"), ["gc", "unrelated"]);
    assert_eq!(
        ranked("after:2023-11"),
        ["async-rust", "parser", "gc"],
        "November included"
    );
    assert_eq!(
        ranked("before:2023-11"),
        ["unrelated", "old-parser"],
        "November excluded"
    );
    assert_eq!(
        ranked("after:2023 before:2024-04-01"),
        ["parser", "gc", "unrelated"]
    );
    assert_eq!(
        ranked("after:2024-07-02"),
        ["async-rust"],
        "a day includes itself"
    );
}

#[test]
fn filters_and_fuzzy_words_combine() {
    assert_eq!(ranked("#compilers year:2024 parser"), ["parser"]);
    assert_eq!(ranked("#parsing !rust pars"), ["old-parser"]);
    // Every fuzzy word must match, in any order.
    assert_eq!(ranked("rust async"), ["async-rust"]);
    assert_eq!(ranked("async rust"), ["async-rust"]);
}

#[test]
fn malformed_and_unknown_terms_are_reported_not_applied() {
    let query = Query::parse("year:20x colour:red #  ' ! after:2024-13 parser");
    let kinds: Vec<&TermKind> = query.terms.iter().map(|t| &t.kind).collect();
    assert!(matches!(kinds[0], TermKind::Malformed(_)), "{kinds:?}");
    assert!(matches!(kinds[1], TermKind::Unknown(_)), "{kinds:?}");
    assert!(matches!(kinds[2], TermKind::Malformed(_)), "{kinds:?}");
    assert!(matches!(kinds[5], TermKind::Malformed(_)), "{kinds:?}");
    assert!(matches!(kinds[6], TermKind::Fuzzy(_)), "{kinds:?}");
    let mistakes = query.mistakes();
    assert_eq!(mistakes.len(), 6, "{mistakes:?}");
    assert!(mistakes[0].contains("year:20x"), "{mistakes:?}");
    assert!(mistakes[1].starts_with("colour:"), "{mistakes:?}");
    // The mistakes filter nothing: the fuzzy word alone ranks.
    assert_eq!(
        ranked("year:20x colour:red parser"),
        ranked("parser"),
        "mistakes are not filters"
    );
    // A colon inside a word is text.
    assert!(matches!(
        Query::parse("std::vec").terms[0].kind,
        TermKind::Fuzzy(_)
    ));
}

#[test]
fn the_bar_shows_what_each_term_does_and_what_is_wrong() {
    let mut s = state(blog(), 120, 30);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("#rust year:20x"));
    let terminal = draw(&s);
    let rows = screen(&terminal);
    let all = rows.join("\n");
    assert!(all.contains("/ #rust year:20x"), "{all}");
    assert!(
        all.contains("is not a year"),
        "the mistake is explained:\n{all}"
    );
    assert!(all.contains("titles"), "the mode is shown:\n{all}");
    // The filter and the mistake are styled differently from plain text.
    let buffer = terminal.backend().buffer();
    let y = rows
        .iter()
        .position(|r| r.contains("/ #rust"))
        .expect("bar row");
    let x = rows[y].find("#rust").expect("term");
    let x_bad = rows[y].find("year:20x").expect("term");
    let y = u16::try_from(y).expect("row");
    let tag_cell = &buffer[(u16::try_from(x).expect("x"), y)];
    let bad_cell = &buffer[(u16::try_from(x_bad).expect("x"), y)];
    assert_eq!(tag_cell.fg, s.theme.tag.fg.expect("tag colour"));
    assert!(
        bad_cell
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    // The match count counts what the filters kept.
    assert!(all.contains("2/5"), "{all}");
}

#[test]
fn help_lists_the_search_syntax() {
    let mut s = state(blog(), 120, 60);
    feed(&mut s, [ch('?'), ch('G')]);
    let all = screen(&draw(&s)).join("\n");
    for syntax in [
        "Search syntax",
        "#tag",
        "'text",
        "!text",
        "year:2024",
        "after:",
        "before:",
    ] {
        assert!(all.contains(syntax), "{syntax} in help:\n{all}");
    }
}

// ----- full text -----

#[test]
fn full_text_finds_words_in_bodies_with_a_snippet_around_the_match() {
    let library = blog();
    let mut hits = Searcher::new(&library.posts).full_text(&library.posts, "barrier");
    assert_eq!(slugs(&library, &hits), ["gc"]);
    assert!(hits[0].snippet.is_none(), "read only for the hits shown");
    folio::search::fulltext::add_snippets(&library.posts, "barrier", &mut hits);
    let snippet = hits[0].snippet.as_ref().expect("snippet");
    assert!(!snippet.text.contains('\n'));
    let marked: String = snippet
        .highlights
        .iter()
        .map(|&i| snippet.text.chars().nth(i).expect("in range"))
        .collect();
    assert_eq!(marked, "barrier");
    assert_eq!(snippet.word, "barrier");
    // Every word must occur; case does not matter.
    assert_eq!(full_text("STATE machine"), ["async-rust", "parser"]);
    assert!(full_text("state gardening").is_empty());
    // Filters still apply.
    assert_eq!(full_text("machine !pinning"), ["parser"]);
    assert_eq!(full_text("needle year:2022"), ["old-parser"]);
}

#[test]
fn full_text_ranks_more_occurrences_higher() {
    let hits = full_text("needle");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("old-parser"),
        "{hits:?}"
    );
    assert_eq!(hits.len(), 3);
}

#[test]
fn snippets_cut_multibyte_text_cleanly_and_never_carry_control_bytes() {
    let library = blog();
    let searcher = Searcher::new(&library.posts);
    let mut hits = searcher.full_text(&library.posts, "needle");
    folio::search::fulltext::add_snippets(&library.posts, "needle", &mut hits);
    for hit in hits {
        let snippet = hit.snippet.expect("snippet");
        let marked: String = snippet
            .highlights
            .iter()
            .map(|&i| snippet.text.chars().nth(i).expect("in range"))
            .collect();
        assert_eq!(marked, "needle", "{}", snippet.text);
        assert!(
            !snippet.text.chars().any(char::is_control),
            "{:?}",
            snippet.text
        );
        if library.posts[hit.index].slug == "gc" {
            assert!(
                snippet.text.contains("日本語のテキスト needle"),
                "{}",
                snippet.text
            );
        }
    }
}

#[test]
fn tab_switches_the_bar_to_full_text_and_enter_opens_at_the_match() {
    let mut s = state(blog(), 120, 30);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("lexer"));
    assert!(s.search.hits.is_empty(), "no title or summary has it");
    feed(&mut s, [key(KeyCode::Tab)]);
    assert!(s.search.full_text);
    assert_eq!(s.search.hits.len(), 1);
    let all = screen(&draw(&s)).join("\n");
    assert!(all.contains("full text"), "the bar says so:\n{all}");
    assert!(
        all.contains("The lexer is a"),
        "the snippet replaces the summary:\n{all}"
    );
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Reader);
    assert_eq!(s.open_post().map(|p| p.slug.as_str()), Some("parser"));
    let reader = s.reader.as_ref().expect("open");
    assert_eq!(
        reader.find.query, "lexer",
        "the match is found as / finds it"
    );
    assert!(!reader.find.matches.is_empty());
    let line = reader.find.matches[reader.find.current].line;
    assert!(
        (reader.scroll..reader.scroll + s.reader_height()).contains(&line),
        "the match is on screen"
    );
    // n moves on from there (one match: it stays, with the count shown).
    feed(&mut s, [ch('n')]);
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| !r.find.matches.is_empty())
    );
}

#[test]
fn n_moves_between_full_text_matches_in_the_opened_post() {
    let mut s = state(blog(), 120, 30);
    feed(&mut s, [ch('/'), key(KeyCode::Tab)]);
    feed(&mut s, typed("needle"));
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.open_post().map(|p| p.slug.as_str()), Some("old-parser"));
    let reader = s.reader.as_ref().expect("open");
    assert_eq!(reader.find.matches.len(), 2, "{:?}", reader.find.matches);
    assert_eq!(reader.find.current, 0);
    feed(&mut s, [ch('n')]);
    assert_eq!(s.reader.as_ref().map(|r| r.find.current), Some(1));
}

// ----- moving between posts -----

fn open_by_slug(s: &mut AppState, slug: &str) {
    let position = s
        .search
        .hits
        .iter()
        .position(|h| s.library.posts[h.index].slug == slug)
        .expect("listed");
    for _ in 0..s.search.hits.len() {
        feed(s, [key(KeyCode::Up)]);
    }
    for _ in 0..position {
        feed(s, [key(KeyCode::Down)]);
    }
    feed(s, [key(KeyCode::Enter)]);
    assert_eq!(s.open_post().map(|p| p.slug.as_str()), Some(slug));
}

fn open_slug(s: &AppState) -> String {
    s.open_post().map(|p| p.slug.clone()).unwrap_or_default()
}

#[test]
fn next_and_previous_post_follow_the_list_and_stop_at_its_ends() {
    let mut s = state(blog(), 120, 30);
    open_by_slug(&mut s, "async-rust");
    feed(&mut s, [ch('<')]);
    assert_eq!(
        open_slug(&s),
        "async-rust",
        "the first post has no previous"
    );
    assert!(s.message.as_deref().is_some_and(|m| m.contains("first")));
    feed(&mut s, [ch('>')]);
    assert_eq!(open_slug(&s), "parser");
    feed(&mut s, [ch('>'), ch('>'), ch('>')]);
    assert_eq!(open_slug(&s), "old-parser");
    feed(&mut s, [ch('>')]);
    assert_eq!(open_slug(&s), "old-parser", "the last post has no next");
    assert!(s.message.as_deref().is_some_and(|m| m.contains("last")));
    feed(&mut s, [ch('<')]);
    assert_eq!(open_slug(&s), "unrelated");
    // The list's selection follows, so going back to the list lands on the post read.
    feed(&mut s, [ch('q')]);
    let selected = s.search.hits[s.selected].index;
    assert_eq!(s.library.posts[selected].slug, "unrelated");
}

#[test]
fn next_post_follows_the_filtered_list() {
    let mut s = state(blog(), 120, 30);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("#parsing"));
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(open_slug(&s), "parser");
    feed(&mut s, [ch('>')]);
    assert_eq!(open_slug(&s), "old-parser", "skips the posts filtered out");
}

#[test]
fn related_posts_share_the_most_tags_newest_first() {
    let library = blog();
    let index = library.find("parser").expect("post");
    let related: Vec<&str> = library
        .related(index, 5)
        .into_iter()
        .map(|i| library.posts[i].slug.as_str())
        .collect();
    // async-rust shares rust; gc shares compilers; old-parser shares parsing: one tag each, so
    // newest first. Gardening shares nothing.
    assert_eq!(related, ["async-rust", "gc", "old-parser"]);
    let gc = library.find("gc").expect("post");
    let related: Vec<&str> = library
        .related(gc, 5)
        .into_iter()
        .map(|i| library.posts[i].slug.as_str())
        .collect();
    assert_eq!(related, ["parser"]);
    assert!(
        library
            .related(library.find("unrelated").expect("post"), 5)
            .is_empty()
    );
}

#[test]
fn more_shared_tags_rank_first() {
    let mut files = vec![
        post("a", "A", "2024-01-01", &["x", "y", "z"], "a"),
        post("b", "B", "2024-01-02", &["x"], "b"),
        post("c", "C", "2023-01-01", &["x", "y"], "c"),
        post("d", "D", "2022-01-01", &["x", "y", "z"], "d"),
    ];
    files.push(post("e", "E", "2025-01-01", &["w"], "e"));
    let posts = files
        .iter()
        .map(|t| parse_post("p.md", t, None).0.expect("post"))
        .collect();
    let library = Library::new(posts, Vec::new(), false);
    let related: Vec<&str> = library
        .related(library.find("a").expect("a"), 5)
        .into_iter()
        .map(|i| library.posts[i].slug.as_str())
        .collect();
    assert_eq!(related, ["d", "c", "b"]);
}

#[test]
fn the_related_section_ends_the_post_and_its_links_open_posts() {
    let mut s = state(blog(), 120, 60);
    open_by_slug(&mut s, "gc");
    let all = screen(&draw(&s)).join("\n");
    assert!(all.contains("Related"), "{all}");
    assert!(all.contains("Writing a Parser in Rust"), "{all}");
    // The related link is the last link: F selects it, Enter follows it.
    feed(&mut s, [ch('F'), key(KeyCode::Enter)]);
    assert_eq!(open_slug(&s), "parser");
    // It is in the table of contents too.
    feed(&mut s, [ch('t')]);
    let all = screen(&draw(&s)).join("\n");
    assert!(all.contains("Related"), "{all}");
}

#[test]
fn history_goes_back_and_forward_across_related_and_next() {
    let mut s = state(blog(), 120, 60);
    open_by_slug(&mut s, "gc");
    feed(&mut s, [ch('F'), key(KeyCode::Enter)]); // related: parser
    assert_eq!(open_slug(&s), "parser");
    feed(&mut s, [ch('>')]); // next in the list: gc's neighbour after parser
    let after_next = open_slug(&s);
    assert_eq!(after_next, "gc");
    feed(&mut s, [key(KeyCode::Backspace)]);
    assert_eq!(open_slug(&s), "parser");
    feed(&mut s, [key(KeyCode::Backspace)]);
    assert_eq!(open_slug(&s), "gc");
    feed(&mut s, [key(KeyCode::Backspace)]);
    assert!(
        s.message.as_deref().is_some_and(|m| m.contains("back")),
        "{:?}",
        s.message
    );
    feed(&mut s, [alt(KeyCode::Right)]);
    assert_eq!(open_slug(&s), "parser");
    feed(&mut s, [alt(KeyCode::Right)]);
    assert_eq!(open_slug(&s), "gc");
    feed(&mut s, [alt(KeyCode::Right)]);
    assert!(s.message.as_deref().is_some_and(|m| m.contains("forward")));
    // Going somewhere new forgets the way forward, as a browser does.
    feed(&mut s, [alt(KeyCode::Left), ch('<')]);
    assert_eq!(open_slug(&s), "async-rust");
    assert!(s.forward.is_empty());
    feed(&mut s, [alt(KeyCode::Left)]);
    assert_eq!(open_slug(&s), "parser");
}

#[test]
fn enter_in_the_tag_view_filters_by_the_tag_under_the_cursor() {
    let mut s = state(blog(), 120, 30);
    feed(&mut s, [ch('T')]);
    assert!(matches!(s.overlay, Some(Overlay::Tags { .. })));
    let all = screen(&draw(&s)).join("\n");
    // Most used first, with counts.
    assert!(all.contains("compilers") && all.contains('2'), "{all}");
    // The first tag (most used, then by name) is "compilers".
    feed(&mut s, [key(KeyCode::Enter)]);
    assert!(s.overlay.is_none());
    let listed: Vec<&str> = s
        .search
        .hits
        .iter()
        .map(|h| s.library.posts[h.index].slug.as_str())
        .collect();
    assert_eq!(listed, ["parser", "gc"]);
}

#[test]
fn tag_counts_are_most_used_first_then_by_name() {
    let counts = blog().tag_counts();
    let first: Vec<(&str, usize)> = counts
        .iter()
        .take(3)
        .map(|(t, n)| (t.as_str(), *n))
        .collect();
    assert_eq!(first, [("compilers", 2), ("parsing", 2), ("rust", 2)]);
    assert_eq!(counts.len(), 6);
}
