//! Fuzzy ranking of posts, shared by the search bar and `folio search` so both agree.
//!
//! The query is split into words and every word must match the post (in any order), as in
//! fzf. Each word is matched with skim's algorithm (fuzzy-matcher) against the title, the
//! summary and the tags. A match must be *compact*: the matched letters may skip at most a
//! couple of characters, or jump to the start of a word — so `gc` finds "Garbage Collection"
//! but `hash` does not match an `h`, an `a`, an `s` and an `h` strewn across a summary.
//!
//! A title match always outranks a match found only in the summary or tags: posts are ranked
//! first by how many query words matched their title, then by score. Ties keep the list's own
//! order (newest first), so the ranking is stable.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::content::Post;

/// Added to the score per query word that matched the title, so title matches rank above
/// every other match whatever their fuzzy scores.
pub const TITLE_BAND: i64 = 1 << 40;

/// Characters a match may skip between two matched letters unless it jumps to a word start.
const MAX_GAP: usize = 2;

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
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
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
            .filter_map(|(index, post)| self.score(index, post, &words))
            .collect();
        // Stable sort: equal scores keep the list's order.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }

    fn score(&self, index: usize, post: &Post, words: &[&str]) -> Option<Hit> {
        let mut total = 0;
        let mut highlights = Highlights::default();
        for word in words {
            let title = self.compact_match(&post.title, word);
            let summary = self.compact_match(&post.summary, word);
            let tag = post
                .tags
                .iter()
                .filter_map(|tag| self.compact_match(tag, word).map(|(score, _)| score))
                .max();
            total += match (&title, &summary, tag) {
                (Some((score, _)), _, _) => TITLE_BAND + score,
                (None, Some((score, _)), tag) => (*score).max(tag.unwrap_or(i64::MIN)),
                (None, None, Some(score)) => score,
                (None, None, None) => return None,
            };
            if let Some((_, indices)) = title {
                highlights.title.extend(indices);
            }
            if let Some((_, indices)) = summary {
                highlights.summary.extend(indices);
            }
        }
        for positions in [&mut highlights.title, &mut highlights.summary] {
            positions.sort_unstable();
            positions.dedup();
        }
        Some(Hit {
            index,
            score: total,
            highlights,
        })
    }

    /// Skim's best match of `word` in `text`, if it is compact (see the module docs).
    fn compact_match(&self, text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
        let (score, indices) = self.matcher.fuzzy_indices(text, word)?;
        is_compact(text, &indices).then_some((score, indices))
    }
}

/// True when every gap between matched characters is short or ends at the start of a word.
fn is_compact(text: &str, indices: &[usize]) -> bool {
    if indices
        .windows(2)
        .all(|pair| pair[1] - pair[0] - 1 <= MAX_GAP)
    {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    indices
        .windows(2)
        .all(|pair| pair[1] - pair[0] - 1 <= MAX_GAP || starts_word(&chars, pair[1]))
}

/// A word starts after a non-alphanumeric character or at a lower-to-upper case change.
fn starts_word(chars: &[char], i: usize) -> bool {
    let Some(&current) = chars.get(i) else {
        return false;
    };
    match i.checked_sub(1).and_then(|j| chars.get(j)) {
        None => true,
        Some(previous) => {
            !previous.is_alphanumeric() || (previous.is_lowercase() && current.is_uppercase())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_matches_allow_small_gaps_and_word_starts() {
        assert!(is_compact("Consistent Hashing", &[11, 12, 13, 14]));
        assert!(is_compact("Garbage Collection", &[0, 8]));
        assert!(is_compact("cnsistent", &[0, 2]));
        assert!(!is_compact("the matroid is shaped", &[1, 6, 15, 17]));
    }
}
