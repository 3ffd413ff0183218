//! What the blog has on a topic: the posts related to a post, and every tag with its count.

use super::Library;

/// Related posts listed at the end of a post.
pub const RELATED_LIMIT: usize = 5;

impl Library {
    /// The posts sharing the most tags with post `index`, at most `limit`: most shared tags
    /// first, then newest first (the library's order). Posts sharing no tag are not related.
    ///
    /// Computed when a post is opened rather than for every post at load: it costs one pass
    /// over the posts, which a library of a hundred thousand posts does in milliseconds, where
    /// relating every pair up front would not finish.
    #[must_use]
    pub fn related(&self, index: usize, limit: usize) -> Vec<usize> {
        let Some(post) = self.posts.get(index) else {
            return Vec::new();
        };
        if post.tags.is_empty() {
            return Vec::new();
        }
        let mut shared: Vec<(usize, usize)> = self
            .posts
            .iter()
            .enumerate()
            .filter(|&(other, _)| other != index)
            .filter_map(|(other, candidate)| {
                let count = candidate
                    .tags
                    .iter()
                    .filter(|tag| post.tags.contains(tag))
                    .count();
                (count > 0).then_some((other, count))
            })
            .collect();
        // Stable: equal counts keep the library's order, newest first.
        shared.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
        shared
            .into_iter()
            .take(limit)
            .map(|(other, _)| other)
            .collect()
    }
}

impl Library {
    /// Every tag with the number of posts carrying it, most used first, ties by name: the tag
    /// view of the reader and `folio tags` both show this.
    #[must_use]
    pub fn tag_counts(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for post in &self.posts {
            for tag in &post.tags {
                *counts.entry(tag).or_default() += 1;
            }
        }
        let mut counts: Vec<(String, usize)> =
            counts.into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }
}
