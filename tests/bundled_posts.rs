//! Every bundled post is a complete article: valid front matter that matches the blog's
//! listing, 1,500–3,000 words of prose, at least one code block, and relative links that all
//! resolve to bundled posts.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

use folio::content::{load_bundled, post_link_target};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Words of prose: everything outside fenced and indented code blocks.
fn prose_words(body: &str) -> usize {
    let mut in_code = false;
    let mut words = 0;
    for event in Parser::new_ext(body, folio::markdown::options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) | Event::Code(text) if !in_code => {
                words += text.split_whitespace().count();
            }
            _ => {}
        }
    }
    words
}

#[test]
fn every_post_is_a_full_article() {
    let library = load_bundled(false);
    assert_eq!(library.posts.len(), 24);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    for post in &library.posts {
        let body = post.body.held().expect("bundled posts hold their bodies");
        let words = prose_words(body);
        assert!(
            (1500..=3000).contains(&words),
            "{} has {words} words of prose",
            post.slug
        );
        let code_blocks = Parser::new_ext(body, folio::markdown::options())
            .filter(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
            .count();
        assert!(code_blocks >= 1, "{} has no code block", post.slug);
        let has_h1 = Parser::new_ext(body, folio::markdown::options()).any(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H1,
                    ..
                })
            )
        });
        assert!(
            !has_h1,
            "{} has an H1 in its body (the title block is the H1)",
            post.slug
        );
    }
}

#[test]
fn every_relative_link_resolves_to_a_bundled_post() {
    let library = load_bundled(false);
    let mut links = 0;
    for post in &library.posts {
        let body = post.body.held().expect("bundled posts hold their bodies");
        for event in Parser::new_ext(body, folio::markdown::options()) {
            if let Event::Start(Tag::Link { dest_url, .. }) = event
                && let Some(target) = post_link_target(&dest_url)
            {
                links += 1;
                assert!(
                    library.find(target).is_some(),
                    "{} links to missing post {dest_url}",
                    post.slug
                );
            }
        }
    }
    assert!(links >= 10, "the posts link to each other ({links} links)");
}

#[test]
fn related_posts_link_to_each_other() {
    let library = load_bundled(false);
    let links_of = |slug: &str| -> Vec<String> {
        let post = &library.posts[library.find(slug).expect("post exists")];
        let body = post.body.held().expect("bundled posts hold their bodies");
        Parser::new_ext(body, folio::markdown::options())
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => post_link_target(&dest_url)
                    .and_then(|t| library.find(t))
                    .map(|i| library.posts[i].slug.clone()),
                _ => None,
            })
            .collect()
    };
    let groups: [&[&str]; 3] = [
        &[
            "raft-fast-commit-and-prevote-in-practice",
            "safe-rollback-strategies-for-distributed-databases",
        ],
        &[
            "exokernels-and-library-os",
            "unikernels",
            "microkernel-vs-monolithic",
        ],
        &[
            "integer-programming",
            "convex-optimization",
            "submodular-optimization",
            "matroid-theory",
        ],
    ];
    for group in groups {
        for from in group {
            let links = links_of(from);
            for to in group.iter().filter(|to| *to != from) {
                assert!(links.iter().any(|l| l == to), "{from} should link to {to}");
            }
        }
    }
}
