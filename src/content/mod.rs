//! Posts and where they come from: the set compiled into the binary, or a folder of Markdown
//! files the user points folio at. Loading never aborts on one bad file: each problem becomes a
//! [`Diagnostic`] and the good posts still load.

mod body;
mod diagnostic;
mod front_matter;
mod index;
mod links;
mod load;
mod related;
mod slug;

pub use body::{Body, BodyError, BodyText, Stamp};
pub use diagnostic::{Diagnostic, Severity};
pub use front_matter::{FrontMatter, parse_post};
pub(crate) use index::write_atomically;
pub use index::{index_path, word_stamps};
pub use links::post_link_target;
pub use load::{
    IndexWrite, LoadError, MAX_FILE_BYTES, Source, load_bundled, load_dir, load_dir_cached,
    load_dir_cached_in_background, read_source,
};
pub use related::RELATED_LIMIT;
pub use slug::{derive_slug, is_valid_slug};

use chrono::NaiveDate;

/// Words a minute assumed for reading time; a common figure for technical prose.
pub const WORDS_PER_MINUTE: usize = 220;

/// One post, with every text field already made terminal-safe (see [`crate::sanitize`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Stable identifier used on the command line (`folio read SLUG`) and in links between posts.
    pub slug: String,
    /// Title as written in the front matter.
    pub title: String,
    /// Publication date; the list is ordered by it.
    pub date: NaiveDate,
    /// One-paragraph summary shown in the list.
    pub summary: String,
    /// Lowercase tags, in the order the author gave them.
    pub tags: Vec<String>,
    /// Drafts are hidden unless asked for.
    pub draft: bool,
    /// The Markdown body after the front matter: held for bundled posts, read from its file
    /// when needed for a folder's posts (see [`Body`]), so a big folder is not held in memory.
    pub body: Body,
    /// Where the post came from, as shown in diagnostics (`posts/x.md` for bundled posts).
    pub source: String,
    /// Words in the body, for the reading time.
    pub words: usize,
}

impl Post {
    /// Estimated minutes to read the body, never less than one.
    #[must_use]
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// The body's text: borrowed when it is held, read from the post's file otherwise.
    ///
    /// # Errors
    /// When the file can no longer be read, or no longer holds a post (it was deleted, moved
    /// or broken since folio loaded it): the error says so, for the status line or stderr.
    pub fn read_body(&self) -> Result<BodyText<'_>, BodyError> {
        self.body.read(&self.source)
    }

    /// The file name without its extension, which relative links may use instead of the slug.
    #[must_use]
    pub fn file_stem(&self) -> &str {
        let name = self
            .source
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.source);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// The posts folio shows, in display order, and the problems found while loading them.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Posts newest first, ties broken by title.
    pub posts: Vec<Post>,
    /// Every problem found, in the order of the files that caused them.
    pub diagnostics: Vec<Diagnostic>,
    /// Where full-text search may keep its index of the posts' words between runs: beside
    /// the folder's index cache, when the folder was loaded through one.
    pub word_index: Option<std::path::PathBuf>,
}

impl Library {
    /// Builds a library from loaded posts: drops drafts unless `include_drafts`, makes slugs
    /// unique and sorts newest first.
    #[must_use]
    pub fn new(
        mut posts: Vec<Post>,
        mut diagnostics: Vec<Diagnostic>,
        include_drafts: bool,
    ) -> Self {
        posts.retain(|p| include_drafts || !p.draft);
        slug::make_unique(&mut posts, &mut diagnostics);
        sort_newest_first(&mut posts);
        Self {
            posts,
            diagnostics,
            word_index: None,
        }
    }

    /// Finds a post by slug, or by file name as a relative link would name it.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.strip_suffix(".md").unwrap_or(name);
        self.posts
            .iter()
            .position(|p| p.slug == name)
            .or_else(|| self.posts.iter().position(|p| p.file_stem() == name))
    }
}

/// Newest first; posts that share a date are ordered by title.
pub fn sort_newest_first(posts: &mut [Post]) {
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
}

/// Counts the words of a Markdown body the way a reader would: runs of non-whitespace.
///
/// It runs over every byte of every post at start-up (the reading time on each card), so ASCII
/// text, the common case, is counted a block of bytes at a time; the rest as `split_whitespace`.
#[must_use]
#[allow(clippy::needless_bitwise_bool)] // Branch-free on purpose: it vectorises.
pub fn count_words(body: &str) -> usize {
    // Counted in narrow lanes, a block at a time (a block's count fits a u16).
    const BLOCK: usize = 1 << 15;
    if !body.is_ascii() {
        return body.split_whitespace().count();
    }
    // The ASCII characters `char::is_whitespace` accepts: space, and tab to carriage return
    // (9 to 13), in arithmetic rather than branches.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let bytes = body.as_bytes();
    let first = bytes.first().is_some_and(|&b| !space(b));
    // A word starts at every non-space byte after a space byte: counted without branches, so
    // the compiler vectorises the loop.
    let head = bytes
        .get(..bytes.len().saturating_sub(1))
        .unwrap_or_default();
    let tail = bytes.get(1..).unwrap_or_default();
    let starts: usize = head
        .chunks(BLOCK)
        .zip(tail.chunks(BLOCK))
        .map(|(before, here)| {
            let block = before
                .iter()
                .zip(here)
                .fold(0u16, |n, (&b, &h)| n + u16::from(space(b) & !space(h)));
            usize::from(block)
        })
        .sum();
    starts + usize::from(first)
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "a",
            "one two  three\n\nfour\tfive\r\nsix\x0bseven\x0ceight ",
            "  leading and trailing  ",
            "```rust\nfn main() {}\n```",
            "non\u{a0}breaking and ünïcode words",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
