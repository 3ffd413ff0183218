//! Fuzzy ranking of posts, shared by the search bar and `folio search` so both agree.
//!
//! Each post is scored against its title, summary and tags with skim's algorithm
//! (fuzzy-matcher). A title match always outranks a match found only in the summary or tags:
//! title matches are ranked in a band above every other match, then by score. Ties keep the
//! list's own order (newest first), so the ranking is stable.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::content::Post;

/// Added to title scores so every title match ranks above every other match.
const TITLE_BAND: i64 = 1 << 40;

/// Where a post matched, for highlighting: character (not byte) positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Matched character positions in the title.
    pub title: Vec<usize>,
    /// Matched character positions in the summary.
    pub summary: Vec<usize>,
}

/// One post that matched a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the post in the library.
    pub index: usize,
    /// Rank: higher is better. Title matches are above [`TITLE_BAND`].
    pub score: i64,
    /// What to highlight.
    pub highlights: Highlights,
}

/// Ranks posts against a query. Shared so a matcher is built once, not per keystroke.
pub struct Searcher {
    matcher: SkimMatcherV2,
}

impl Default for Searcher {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Searcher")
    }
}

impl Searcher {
    /// A smart-case matcher: lowercase queries ignore case, a capital makes the query exact.
    #[must_use]
    pub fn new() -> Self {
        Self {
            matcher: SkimMatcherV2::default().smart_case(),
        }
    }

    /// Every post that matches `query`, best first. An empty query matches every post in
    /// list order with no highlights.
    #[must_use]
    pub fn rank(&self, posts: &[Post], query: &str) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return (0..posts.len())
                .map(|index| Hit {
                    index,
                    score: 0,
                    highlights: Highlights::default(),
                })
                .collect();
        }
        let mut hits: Vec<Hit> = posts
            .iter()
            .enumerate()
            .filter_map(|(index, post)| self.score(index, post, query))
            .collect();
        // Stable sort: equal scores keep the list's order.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }

    fn score(&self, index: usize, post: &Post, query: &str) -> Option<Hit> {
        if let Some((score, title)) = self.matcher.fuzzy_indices(&post.title, query) {
            let summary = self
                .matcher
                .fuzzy_indices(&post.summary, query)
                .map(|(_, i)| i)
                .unwrap_or_default();
            return Some(Hit {
                index,
                score: TITLE_BAND + score,
                highlights: Highlights { title, summary },
            });
        }
        let summary = self.matcher.fuzzy_indices(&post.summary, query);
        let tags = post
            .tags
            .iter()
            .filter_map(|tag| self.matcher.fuzzy_match(tag, query))
            .max();
        let score = summary.as_ref().map(|(s, _)| *s).max(tags)?;
        let summary = summary.map(|(_, i)| i).unwrap_or_default();
        Some(Hit {
            index,
            score,
            highlights: Highlights {
                title: Vec::new(),
                summary,
            },
        })
    }
}
