//! Slugs: the short names posts are read and linked by.

use std::collections::HashMap;

use super::{Diagnostic, Post};

/// Derives a slug from a title: its lowercase ASCII letters and digits, each run a word, the
/// words joined by hyphens. "Raft Fast‑Commit and `PreVote`" becomes "raft-fast-commit-and-prevote".
#[must_use]
pub fn derive_slug(title: &str) -> String {
    title
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A slug an author may write: lowercase ASCII letters, digits and single inner hyphens.
#[must_use]
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Gives every post a distinct slug. Posts are considered in order of their source path, so
/// the outcome never depends on the order a directory listing happened to return: the first
/// keeps the slug, later ones get `-2`, `-3`… and a warning naming the file that had it first.
pub(super) fn make_unique(posts: &mut [Post], diagnostics: &mut Vec<Diagnostic>) {
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by(|&a, &b| posts[a].source.cmp(&posts[b].source));

    let mut owner: HashMap<String, usize> = HashMap::new();
    for &i in &order {
        if let Some(&first) = owner.get(&posts[i].slug) {
            let taken = posts[i].slug.clone();
            let fresh = (2..=posts.len() + 1)
                .map(|n| format!("{taken}-{n}"))
                .find(|candidate| !owner.contains_key(candidate))
                .unwrap_or_default();
            diagnostics.push(Diagnostic::warning(
                &posts[i].source,
                1,
                format!(
                    "slug \"{taken}\" is already used by {}; this post is \"{fresh}\"",
                    posts[first].source
                ),
            ));
            posts[i].slug.clone_from(&fresh);
            owner.insert(fresh, i);
        } else {
            owner.insert(posts[i].slug.clone(), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_from_ascii_words_only() {
        assert_eq!(
            derive_slug("Raft Fast\u{2011}Commit and PreVote in Practice"),
            "raft-fast-commit-and-prevote-in-practice"
        );
        assert_eq!(
            derive_slug("Exokernels & Library OS: MIT's Radical Vision"),
            "exokernels-library-os-mit-s-radical-vision"
        );
        assert_eq!(derive_slug("日本語"), "");
    }

    #[test]
    fn validates_author_slugs() {
        assert!(is_valid_slug("consistent-hashing"));
        assert!(is_valid_slug("c4"));
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "a/b", "é"] {
            assert!(!is_valid_slug(bad), "{bad:?} should be rejected");
        }
    }
}
