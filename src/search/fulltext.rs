//! Full-text search: the text of every post, not only titles.
//!
//! Every word of the query must occur in the post (a case-insensitive substring of its title,
//! summary, tags or body); the filters of the search language apply as in the fuzzy search.
//! Bodies are searched through their index of distinct words ([`super::text_index`]), built
//! once, so a keystroke searches the words and counts per post, and the bodies stay in their
//! files. A hit shown gets a one-line snippet around its first match, with the matched
//! characters marked ([`snippet`]): that reads the one post's text.

use memchr::memmem;

use super::query::{Query, TermKind};
use super::text_index::Occurrences;
use super::{Hit, LowerBody, Post, Searcher, Snippet};

/// Characters of context kept before a match in a snippet.
const BEFORE: usize = 30;
/// Characters of snippet after the start of a match.
const AFTER: usize = 90;
/// Added per word found in the title: a post named for the word outranks one that mentions it.
const TITLE_BONUS: i64 = 50;

impl Searcher {
    /// Every post containing every word of `query` (and passing its filters), best first.
    /// The hits carry no snippet: [`snippet`] reads one for a hit shown.
    #[must_use]
    pub fn full_text(&self, posts: &[Post], query: &str) -> Vec<Hit> {
        let query = Query::parse(query);
        let candidates = self.narrowed_from_last(&query);
        let hits = self.full_text_among(posts, &query, candidates.as_deref());
        let mut matched: Vec<usize> = hits.iter().map(|hit| hit.index).collect();
        matched.sort_unstable();
        if let Ok(mut last) = self.last_full_text.lock() {
            *last = Some((query, matched));
        }
        hits
    }

    /// Forgets the last full-text query, so the next search looks at every post: for
    /// benchmarks that measure a whole search each time.
    pub fn forget_last_full_text(&self) {
        if let Ok(mut last) = self.last_full_text.lock() {
            *last = None;
        }
    }

    /// The posts the last full-text query matched, when `query` can only match fewer: the
    /// same terms, the last one a word that grew (a post without `late` has no `laten`).
    fn narrowed_from_last(&self, query: &Query) -> Option<Vec<usize>> {
        let last = self.last_full_text.lock().ok()?;
        let (previous, matched) = last.as_ref()?;
        let (new_last, new_rest) = query.terms.split_last()?;
        let (old_last, old_rest) = previous.terms.split_last()?;
        let grew = match (&old_last.kind, &new_last.kind) {
            (TermKind::Fuzzy(old), TermKind::Fuzzy(new)) => {
                new.to_lowercase().contains(&old.to_lowercase())
            }
            (TermKind::Exact(old), TermKind::Exact(new)) => new.contains(old.as_str()),
            _ => false,
        };
        let same_rest = old_rest.len() == new_rest.len()
            && old_rest.iter().zip(new_rest).all(|(a, b)| a.kind == b.kind);
        (grew && same_rest).then(|| matched.clone())
    }

    /// [`Searcher::full_text`] over the posts at `candidates` (sorted), or over all of them.
    fn full_text_among(
        &self,
        posts: &[Post],
        query: &Query,
        candidates: Option<&[usize]>,
    ) -> Vec<Hit> {
        let words: Vec<String> = query
            .terms
            .iter()
            .filter_map(|t| match &t.kind {
                TermKind::Fuzzy(w) => Some(w.to_lowercase()),
                TermKind::Exact(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        let excluded: Vec<&str> = query
            .terms
            .iter()
            .filter_map(|t| match &t.kind {
                TermKind::Exclude(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let index = self.text_index(posts);
        // Each word's occurrences in the index's distinct words, found once for all posts.
        let in_words = |word: &str| index.occurrences(&memmem::Finder::new(word.as_bytes()));
        let words: Vec<(&str, Option<Occurrences>)> =
            words.iter().map(|w| (w.as_str(), in_words(w))).collect();
        let excluded: Vec<(&str, Option<Occurrences>)> =
            excluded.iter().map(|&w| (w, in_words(w))).collect();
        let count_in_body = |post: usize, found: Option<&Occurrences>| {
            found.map_or(0, |found| index.count_in(post, found))
        };
        // Filters other than words: tags and dates as in the fuzzy search.
        let filters = without_text_terms(query);
        let search = |at: usize, post: &Post| {
            let meta = self.lowered(at);
            if !super::query::passes(&filters, post.date, &post.tags, &meta) {
                return None;
            }
            let in_meta = |w: &str| {
                meta.iter()
                    .any(|field| memmem::find(field.as_bytes(), w.as_bytes()).is_some())
            };
            if excluded
                .iter()
                .any(|(w, found)| in_meta(w) || count_in_body(at, found.as_ref()) > 0)
            {
                return None;
            }
            let [title, ..] = meta;
            let mut score = 0i64;
            for (word, found) in &words {
                let in_body = count_in_body(at, found.as_ref());
                if in_body == 0 && !in_meta(word) {
                    return None;
                }
                let in_title = memmem::find(title.as_bytes(), word.as_bytes()).is_some();
                score += i64::from(in_body) + if in_title { TITLE_BONUS } else { 0 };
            }
            Some(Hit {
                index: at,
                score,
                snippet: None,
            })
        };
        let mut hits = match candidates {
            Some(indices) => {
                super::parallel_filter_map(indices, |_, &index| search(index, posts.get(index)?))
            }
            None => super::parallel_filter_map(posts, search),
        };
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }
}

/// The query without its word terms, for applying only the tag and date filters.
fn without_text_terms(query: &Query) -> Query {
    Query {
        terms: query
            .terms
            .iter()
            .filter(|t| {
                !matches!(
                    t.kind,
                    TermKind::Fuzzy(_) | TermKind::Exact(_) | TermKind::Exclude(_)
                )
            })
            .cloned()
            .collect(),
    }
}

/// The line of `post` a full-text hit shows: around the first occurrence of `word` (the
/// query's [`snippet_word`]) in the body, or in the summary when the word is only in the title
/// or summary. Reads the body from its file when the post does not hold it (one that cannot be
/// read any more gives the summary), so the event loop asks for it, for the hits on screen.
#[must_use]
pub fn snippet(post: &Post, word: &str) -> Snippet {
    let body = post
        .read_body()
        .ok()
        .map(|read| LowerBody::new(read.text.into_owned()));
    let (text, highlights, word) = snippet_of(post, body.as_ref(), word);
    Snippet {
        text,
        highlights,
        word,
    }
}

/// The word a full-text hit's snippet shows and the reader finds when the hit is opened: the
/// query's first word, lowercased as the search compares it.
#[must_use]
pub fn snippet_word(query: &str) -> Option<String> {
    Query::parse(query)
        .terms
        .into_iter()
        .find_map(|t| match t.kind {
            TermKind::Fuzzy(w) => Some(w.to_lowercase()),
            TermKind::Exact(w) => Some(w),
            _ => None,
        })
}

/// Gives each hit the snippet [`snippet`] reads for it: `folio search` prints every one.
pub fn add_snippets(posts: &[Post], query: &str, hits: &mut [Hit]) {
    let Some(word) = snippet_word(query) else {
        return;
    };
    let found = super::parallel_filter_map(hits, |_, hit| {
        Some(
            posts
                .get(hit.index)
                .map(|post| Box::new(snippet(post, &word))),
        )
    });
    for (hit, snippet) in hits.iter_mut().zip(found) {
        hit.snippet = snippet;
    }
}

/// The snippet around the first occurrence of `word` in the body (or in the summary, when the
/// word is only in the title or summary).
fn snippet_of(post: &Post, body: Option<&LowerBody>, word: &str) -> (String, Vec<usize>, String) {
    let found =
        body.and_then(|body| Some((body, memmem::find(body.text().as_bytes(), word.as_bytes())?)));
    if let Some((body, start)) = found {
        return snippet_at(body, start, word);
    }
    // Offsets in the lowercased summary only hold when lowercasing kept its length.
    let lower = post.summary.to_lowercase();
    let (text, highlights) = memmem::find(lower.as_bytes(), word.as_bytes())
        .filter(|_| lower.len() == post.summary.len())
        .map_or_else(
            || (post.summary.clone(), Vec::new()),
            |start| window(&post.summary, start, start + word.len()),
        );
    (text, highlights, word.to_owned())
}

/// The snippet around the match of `word` at byte `start` of `body`.
fn snippet_at(body: &LowerBody, start: usize, word: &str) -> (String, Vec<usize>, String) {
    // Only the stretch of text the line can show is given its capitals back: enough bytes
    // for BEFORE characters and two more before the match, and AFTER and two more after its
    // start, at four bytes a character at most.
    let text = body.text();
    let from = floor_boundary(text, start.saturating_sub(4 * (BEFORE + 2)));
    let to = ceil_boundary(text, (start + word.len()).max(start + 4 * (AFTER + 2)));
    let original = body.original(from..to);
    let (line, highlights) = window(&original, start - from, start - from + word.len());
    (line, highlights, word.to_owned())
}

/// One line from `text` around the bytes `start..end`: a little context before, more after,
/// whitespace (line breaks included) collapsed to single spaces; and the character positions
/// of the match in that line.
fn window(text: &str, start: usize, end: usize) -> (String, Vec<usize>) {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end.max(start));
    let before: Vec<(usize, char)> = text[..start].char_indices().rev().take(BEFORE).collect();
    let mut from = before.last().map_or(start, |&(i, _)| i);
    // Start at a word, not in the middle of one.
    if text[..from]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
        && let Some(space) = text[from..start].find(char::is_whitespace)
    {
        from += space;
    }
    let mut out = String::new();
    let mut highlights = Vec::new();
    let mut count = 0;
    let mut after = 0;
    let mut last_space = true;
    let mut line_start = true;
    for (i, c) in text[from..].char_indices().map(|(i, c)| (i + from, c)) {
        if i >= start {
            if after > AFTER {
                break;
            }
            after += 1;
        }
        // Markdown's syntax is not text: heading and quote marks at the start of a line,
        // table pipes, emphasis stars and code backticks are left out of the snippet.
        let syntax = matches!(c, '`' | '*' | '|') || (line_start && matches!(c, '#' | '>'));
        if c == '\n' {
            line_start = true;
        } else if !c.is_whitespace() && !syntax {
            line_start = false;
        }
        if syntax && !(start..end).contains(&i) {
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                count += 1;
                last_space = true;
            }
            continue;
        }
        if (start..end).contains(&i) {
            highlights.push(count);
        }
        // A post's bytes never reach the terminal as control characters.
        out.push(crate::sanitize::stand_in(c).unwrap_or(c));
        count += 1;
        last_space = false;
    }
    let trimmed = out.trim_start();
    let shift = out.chars().count() - trimmed.chars().count();
    let highlights = highlights.into_iter().map(|h| h - shift).collect();
    (trimmed.trim_end().to_owned(), highlights)
}

fn ceil_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typing, deleting and changing filters: a searcher that narrows from its last results
    /// always gives what a fresh one gives.
    #[test]
    fn narrowing_from_the_last_results_changes_no_result() {
        let library = crate::content::load_bundled(false);
        let posts = &library.posts;
        let typing = Searcher::new(posts);
        let queries = [
            "c",
            "ca",
            "cac",
            "cache",
            "cache l",
            "cache li",
            "cache lin",
            "cache li",
            "cache",
            "#os cache",
            "#os cache ",
            "#os cache p",
            "#os cache pa",
            "!kernel pa",
            "!kernel pag",
            "'Ca",
            "'Cac",
            "'Cache",
            "cache",
            "Cache",
            "CACHE",
        ];
        for query in queries {
            let fresh = Searcher::new(posts).full_text(posts, query);
            let narrowed = typing.full_text(posts, query);
            let key = |hits: &[Hit]| -> Vec<(usize, i64)> {
                hits.iter().map(|h| (h.index, h.score)).collect()
            };
            assert_eq!(key(&narrowed), key(&fresh), "{query:?}");
        }
    }

    /// The body is kept lowercased with its capitals noted: the snippet cut from it is the one
    /// cut from the body as written, at every match of many words, in ASCII and beyond.
    #[test]
    fn snippets_from_the_lowercased_body_are_the_snippets_of_the_original() {
        let library = crate::content::load_bundled(false);
        let mut texts: Vec<String> = library
            .posts
            .iter()
            .filter_map(|p| p.body.held().map(str::to_owned))
            .collect();
        texts.push(format!(
            "{}Ünïcode WASM ランタイム Wasm{}",
            "日本語 ".repeat(40),
            " É".repeat(100)
        ));
        let mut checked = 0;
        for text in &texts {
            let body = LowerBody::new(text.clone());
            assert_eq!(body.original(0..text.len()), *text);
            for word in ["the", "wasm", "cache", "é", "raft", "a", "ランタイム"] {
                let finder = memmem::Finder::new(word.as_bytes());
                for start in finder.find_iter(body.text().as_bytes()).step_by(7) {
                    let (ours, marks, _) = snippet_at(&body, start, word);
                    let (theirs, their_marks) = window(text, start, start + word.len());
                    assert_eq!((ours, marks), (theirs, their_marks), "{word:?} at {start}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "only {checked} checked");
    }

    #[test]
    fn snippets_are_one_line_around_the_match_and_mark_it() {
        let text = "First line.\n\nThe leader sends AppendEntries to every follower\nand waits.";
        let start = text.find("AppendEntries").expect("present");
        let (line, marks) = window(text, start, start + "AppendEntries".len());
        assert!(!line.contains('\n'));
        let marked: String = marks
            .iter()
            .map(|&i| line.chars().nth(i).expect("in range"))
            .collect();
        assert_eq!(marked, "AppendEntries");
        assert!(
            line.starts_with("First line. The leader") || line.contains("The leader sends"),
            "{line}"
        );
    }

    #[test]
    fn multibyte_text_around_the_match_is_cut_on_character_boundaries() {
        let text = format!(
            "{}ウェブ アセンブリ wasm ランタイム{}",
            "日本語".repeat(20),
            "é".repeat(200)
        );
        let start = text.find("wasm").expect("present");
        let (line, marks) = window(&text, start, start + 4);
        let marked: String = marks
            .iter()
            .map(|&i| line.chars().nth(i).expect("in range"))
            .collect();
        assert_eq!(marked, "wasm");
        assert!(line.chars().count() <= BEFORE + AFTER + 2);
    }
}
