//! Fuzzy ranking of posts, shared by the search bar and `folio search` so both agree.
//!
//! Queries are in a small language (see [`query`]): filters (`#tag`, `'exact`, `!exclude`,
//! `year:`, `after:`, `before:`) narrow the posts, and the plain words rank them. Every plain
//! word must match the post (in any order), as in fzf, in its title, summary or a tag. A
//! match must be *compact*: the word's letters in order, each at most a couple of characters
//! after the one before or at the start of a word — so `gc` finds "Garbage Collection" but
//! `hash` does not match an `h`, an `a`, an `s` and an `h` strewn across a summary. Whether
//! a word matches is worked out with bitsets (`src/search/compact.rs`); skim's algorithm
//! (fuzzy-matcher) scores the matches.
//!
//! A title match always outranks a match found only in the summary or tags: posts are ranked
//! first by how many query words matched their title, then by skim's score. Ties keep the
//! list's own order (newest first), so the ranking is stable.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

mod compact;
pub mod fulltext;
pub mod query;
mod skim_ascii;
mod text_index;

pub use query::{Query, Term, TermKind};

use crate::content::Post;

/// Added to the score per query word that matched the title, so title matches rank above
/// every other match whatever their fuzzy scores.
pub const TITLE_BAND: i64 = 1 << 40;

use compact::{MAX_GAP, Placement};

/// Where a post matched, for highlighting: character (not byte) positions. Computed by
/// [`Searcher::highlights`] for the cards drawn, not by [`Searcher::rank_top`] for every match.
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
    /// In a full-text search, the line of text around the first match. Boxed: a title search
    /// of a big library makes a hit per post on every keystroke, and only the few cards
    /// drawn ever get a snippet, so a hit stays three words long.
    pub snippet: Option<Box<Snippet>>,
}

/// A line of a post's text around a full-text match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line.
    pub text: String,
    /// Character positions in `text` that matched.
    pub highlights: Vec<usize>,
    /// The word matched, lowercased: the reader finds it again when the post opens.
    pub word: String,
}

/// Ranks posts against a query. Shared by the keystrokes of a search, so that what one
/// computed (the lowercased text, the bodies, the last results) serves the next.
pub struct Searcher {
    /// Every post's title as written, then in lowercase, post after post in list order (see
    /// [`Meta`]). A keystroke reads these for thousands of posts in that order, so they are
    /// read as one stream; from each post's own allocations, a search over caches that other
    /// work had filled took twice as long. Most words are settled by the title, so the
    /// titles are kept apart from the rest: at 100,000 posts they fit in the processor's
    /// cache, and the summaries would not.
    titles: String,
    /// Every post's summary and tags (joined by spaces) in lowercase, one per line, post after
    /// post in list order: read for the posts whose title does not settle a word.
    lowered: String,
    /// Every post's summary as written, post after post in list order: read for the few
    /// posts where a word's letters are not side by side in the lowercase summary, or the
    /// word has a capital (see [`Searcher::word_fit`]).
    summaries: String,
    /// Per post, where its fields are in those three, and what a keystroke asks of them.
    meta: Vec<Meta>,
    /// Every body's distinct words and their counts, built on the first full-text search.
    text_index: std::sync::OnceLock<std::sync::Arc<text_index::TextIndex>>,
    /// The last full-text query and the posts it matched: a query that only narrows it (a
    /// letter typed at the end of its last word) searches those posts alone.
    last_full_text: std::sync::Mutex<Option<(Query, Vec<usize>)>>,
    /// The last title query and the posts that could match it (see [`Searcher::rank_top`]): a
    /// query that only narrows it looks at those posts alone.
    last_titles: std::sync::Mutex<Option<LastTitles>>,
    /// Where the word index is kept between runs (see [`Searcher::keep_text_index_in`]).
    text_cache: Option<std::path::PathBuf>,
    /// The word index being written there, on a thread of its own: the results of the search
    /// that built it do not wait for the disk. Dropping the searcher waits for it.
    text_write: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Drop for Searcher {
    fn drop(&mut self) {
        let writer = self.text_write.get_mut().ok().and_then(Option::take);
        if let Some(writer) = writer {
            // A write that panicked only costs the next run's first search its speed.
            let _ = writer.join();
        }
    }
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Searcher")
    }
}

impl Searcher {
    /// A searcher for `posts`, with the lowercased text the filters look in. Words match in
    /// smart case: a word in lowercase ignores case, a capital makes it exact.
    #[must_use]
    pub fn new(posts: &[Post]) -> Self {
        // Big libraries are copied on every core, a share each, and the shares joined: at
        // 100,000 posts this is most of the work between loading and the first frame. The
        // first share is made with room for the others, so joining copies each share once.
        let shares = in_shares(posts, |start, share| {
            let later = if start == 0 {
                posts.get(share.len()..).unwrap_or_default()
            } else {
                &[]
            };
            Buffers::with_room(share, later)
        });
        let (buffers, meta) = shares.into_iter().reduce(Buffers::join).unwrap_or_default();
        let Buffers {
            titles,
            lowered,
            summaries,
        } = buffers;
        Self {
            titles,
            lowered,
            summaries,
            meta,
            text_index: std::sync::OnceLock::new(),
            last_full_text: std::sync::Mutex::new(None),
            last_titles: std::sync::Mutex::new(None),
            text_cache: None,
            text_write: std::sync::Mutex::new(None),
        }
    }

    /// Keeps the full-text index of the posts' words in the file at `path` (the cache folder,
    /// beside the folder's index: [`crate::content::Library::word_index`]). Building it reads
    /// every body (118 MB at 10,000 posts); a later run reads the index instead, and reads
    /// only the files whose size or modification time is not the one the index was built
    /// from (see [`Searcher::text_index`]). `None` keeps it in memory only.
    #[must_use]
    pub fn keep_text_index_in(mut self, path: Option<std::path::PathBuf>) -> Self {
        self.text_cache = path;
        self
    }

    /// Whether a full-text search can run without reading a file: the bodies are indexed, or
    /// every post holds its own. The interface asks before searching, so that reading stays
    /// in the event loop (see [`Searcher::load_bodies`]).
    #[must_use]
    pub fn bodies_ready(&self, posts: &[Post]) -> bool {
        self.text_index.get().is_some() || posts.iter().all(|post| post.body.held().is_some())
    }

    /// Makes the full-text index, once: read from where [`Searcher::keep_text_index_in`]
    /// kept it if it describes these posts, else built from every body, read from its file on
    /// every core (and kept there). The I/O the event loop does when
    /// [`Searcher::bodies_ready`] says it is needed.
    pub fn load_bodies(&self, posts: &[Post]) {
        let _ = self.text_index(posts);
    }

    /// The index of every body's words for full-text search, made once: the kept one (see
    /// [`Searcher::keep_text_index_in`]) where every post's stamp (its file, size and
    /// modification time: `content::word_stamps`) is the one it was read with. Otherwise the
    /// kept words of each post whose stamp is unchanged are used again, and only the other
    /// posts' bodies are read, from their files on every core, each dropped once indexed
    /// (one that cannot be read any more is searched as empty). The result is kept in turn,
    /// a post whose body changed after loading (or could not be read) with no stamp, so the
    /// next run reads it again.
    fn text_index(&self, posts: &[Post]) -> &text_index::TextIndex {
        self.text_index.get_or_init(|| self.make_text_index(posts))
    }

    /// See [`Searcher::text_index`]; shared with the thread that keeps it.
    fn make_text_index(&self, posts: &[Post]) -> std::sync::Arc<text_index::TextIndex> {
        let path = self.text_cache.as_deref();
        let stamps = path.and_then(|_| crate::content::word_stamps(posts));
        let kept = match (path, &stamps) {
            (Some(path), Some(_)) => std::fs::read(path)
                .ok()
                .and_then(|bytes| text_index::TextIndex::from_bytes(&bytes)),
            _ => None,
        };
        // Every post as it was read, none to be read again: the usual case, decided without
        // matching posts to the kept ones.
        let all_kept = kept
            .as_ref()
            .zip(stamps.as_ref())
            .is_some_and(|(kept, stamps)| kept.stamps == *stamps && !stamps.contains(&0));
        if all_kept && let Some(kept) = kept {
            return std::sync::Arc::new(kept.index);
        }
        let reuse = reusable_posts(kept.as_ref(), stamps.as_deref(), posts.len());
        let trusted: Vec<std::sync::atomic::AtomicBool> = (0..posts.len())
            .map(|_| std::sync::atomic::AtomicBool::new(true))
            .collect();
        let distrust = |post: usize| {
            if let Some(flag) = trusted.get(post) {
                flag.store(false, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let numbered: Vec<(usize, &Post)> = posts.iter().enumerate().collect();
        let empty = text_index::TextIndex::empty();
        let from = kept.as_ref().map_or(&empty, |kept| &kept.index);
        let index = std::sync::Arc::new(text_index::TextIndex::rebuild(
            from,
            &reuse,
            &numbered,
            PARALLEL_FROM,
            |&(at, post)| match post.read_body() {
                // A body that changed since its post was loaded is indexed as it is now,
                // which its stamp (taken at loading) does not describe.
                Ok(body) if !body.changed => body.text.into_owned(),
                Ok(body) => {
                    distrust(at);
                    body.text.into_owned()
                }
                Err(_) => {
                    distrust(at);
                    String::new()
                }
            },
        ));
        if let (Some(path), Some(mut stamps)) = (path, stamps) {
            for (stamp, trusted) in stamps.iter_mut().zip(&trusted) {
                if !trusted.load(std::sync::atomic::Ordering::Relaxed) {
                    *stamp = 0;
                }
            }
            if kept.is_none_or(|kept| kept.stamps != stamps) {
                self.keep_text_index(path.to_owned(), std::sync::Arc::clone(&index), stamps);
            }
        }
        index
    }

    /// Writes `index` with its posts' `stamps` to `path` on a thread of its own (turning 4 MB
    /// of index into bytes takes as long as writing them). A cache that cannot be written (or
    /// no thread started to write it) only makes the next run's first search slower.
    fn keep_text_index(
        &self,
        path: std::path::PathBuf,
        index: std::sync::Arc<text_index::TextIndex>,
        stamps: Vec<u64>,
    ) {
        let Ok(mut pending) = self.text_write.lock() else {
            return;
        };
        if let Some(earlier) = pending.take() {
            let _ = earlier.join();
        }
        *pending = std::thread::Builder::new()
            .name("folio-words".into())
            .spawn(move || {
                let _ = crate::content::write_atomically(&path, &index.to_bytes(&stamps));
            })
            .ok();
    }

    /// Every post that passes the query's filters and matches its words, best first. With no
    /// words, every post that passes, in list order. `folio search` wants them all in order;
    /// the list asks for the first screens with [`Searcher::rank_top`].
    #[must_use]
    pub fn rank(&self, posts: &[Post], query: &str) -> Vec<Hit> {
        let mut ranking = self.rank_top(posts, query, 0);
        self.finish(posts, query, &mut ranking);
        ranking.hits
    }

    /// Every post that passes the query's filters and matches its words, the first `wanted`
    /// (at least) in their final order.
    ///
    /// Whether a post matches, and how many words matched its title (which orders posts
    /// before any score does), are the bitsets' answers (see `compact::placement`), cheap
    /// enough for every post on every keystroke. Skim's scores, the dear part, are computed
    /// only for the best title bands, band by band until `wanted` posts are scored; posts of
    /// the bands below follow in list order until [`Searcher::finish`] scores them. A list
    /// shows a screen of results, so a keystroke scores a screen's worth of bands, not
    /// thousands of summaries that nobody scrolls to.
    ///
    /// Where each post matched is left to [`Searcher::highlights`], for the few cards on
    /// screen. A query that narrows the last one (see `narrows`) looks only at the posts
    /// that could match that one: the posts that pass its filters and where each word has a
    /// compact placement in the title, summary or a tag. That set can only shrink as a word
    /// grows, so narrowing gives what a fresh search gives (a proptest checks it).
    #[must_use]
    pub fn rank_top(&self, posts: &[Post], query: &str, wanted: usize) -> Ranking {
        let query = Query::parse(query);
        let probes: Vec<Probe> = query.fuzzy_words().map(Probe::new).collect();
        let narrowed = self.last_titles.lock().ok().and_then(|last| {
            let last = last.as_ref()?;
            narrows(&last.query, &query).then(|| {
                // A word the last query had at the same place, as typed: its fits still hold.
                let same = probes
                    .iter()
                    .zip(&last.words)
                    .take(KnownFits::SLOTS)
                    .enumerate()
                    .filter(|(_, (probe, word))| probe.word == **word)
                    .fold(0u64, |same, (slot, _)| same | (1 << slot));
                (last.candidates.clone(), same)
            })
        });
        let same = narrowed.as_ref().map_or(0, |(_, same)| *same);
        // Per post that could match: its index, its title band if it does match, and the fits
        // found on the way (`known` holds those of the last query).
        // Without filters, a post's date, tags and the rest of its fields are read only where
        // a word needs them.
        let filtered = query.has_filters();
        let place_one = |index: usize, post: &Post, known: KnownFits| -> Option<Placed> {
            if filtered && !query::passes(&query, post.date, &post.tags, &self.lowered(index)) {
                return None;
            }
            // Each word's fit decides alone, title first: where a word's letters are nowhere,
            // its fit finds that as cheaply as a check before it would.
            let (title_by_bitsets, all_by_bitsets) =
                self.meta.get(index).map_or((false, false), |meta| {
                    (meta.fields.title_by_bitsets, meta.fields.all_by_bitsets)
                });
            let mut fits = KnownFits::default();
            let mut band = 0;
            for (slot, probe) in probes.iter().enumerate() {
                let fit = match known.get(slot) {
                    Some(fit) if KnownFits::holds(same, slot) => fit,
                    // The last query's word here, which this one grew from (see `narrows`),
                    // has a compact placement in every field where this one has, where the
                    // bitsets decide: this word fits no better. Not compactly anywhere stays
                    // so, and a word placed only outside the title is not looked for in it.
                    Some(Fit::NotCompact) if all_by_bitsets => Fit::NotCompact,
                    Some(Fit::Elsewhere) if title_by_bitsets => {
                        self.word_fit(index, post, probe, false)
                    }
                    _ => self.word_fit(index, post, probe, true),
                };
                fits.set(slot, fit);
                match fit {
                    Fit::Impossible => return None,
                    // Still a candidate for a longer query; not a match of this one.
                    Fit::NotCompact => return Some((index, None, fits)),
                    Fit::Title => band += 1,
                    Fit::Elsewhere => {}
                }
            }
            Some((index, Some(band), fits))
        };
        let placed = match narrowed {
            Some((candidates, _)) => parallel_filter_map(&candidates, |_, &(index, known)| {
                place_one(index, posts.get(index)?, known)
            }),
            None => parallel_filter_map(posts, |index, post| {
                place_one(index, post, KnownFits::default())
            }),
        };
        let candidates = placed
            .iter()
            .map(|&(index, _, fits)| (index, fits))
            .collect();
        let hits = hits_by_band(&placed, probes.len());
        if let Ok(mut last) = self.last_titles.lock() {
            *last = Some(LastTitles {
                query: query.clone(),
                words: probes.iter().map(|probe| probe.word.clone()).collect(),
                candidates,
            });
        }
        let mut ranking = Ranking { hits, ordered: 0 };
        while ranking.ordered < wanted.min(ranking.hits.len()) {
            self.score_band(posts, &probes, &mut ranking);
        }
        ranking
    }

    /// Puts the rest of `ranking` (from [`Searcher::rank_top`] for `query`) in order.
    pub fn finish(&self, posts: &[Post], query: &str, ranking: &mut Ranking) {
        let probes: Vec<Probe> = Query::parse(query).fuzzy_words().map(Probe::new).collect();
        while ranking.ordered < ranking.hits.len() {
            self.score_band(posts, &probes, ranking);
        }
    }

    /// Scores the title band after `ranking.ordered` (every hit with its score) and sorts it
    /// by score, equal scores in list order: the band is then in its final order.
    fn score_band(&self, posts: &[Post], probes: &[Probe], ranking: &mut Ranking) {
        let rest = ranking.hits.get_mut(ranking.ordered..).unwrap_or_default();
        let Some(band_score) = rest.first().map(|hit| hit.score) else {
            return;
        };
        let len = rest
            .iter()
            .take_while(|hit| hit.score == band_score)
            .count();
        let band = &mut rest[..len];
        let scores = parallel_filter_map_with(band, Memo::default, |memo, _, hit| {
            let post = posts.get(hit.index)?;
            let score = probes.iter().enumerate().map(|(slot, probe)| {
                match self.word_score(hit.index, post, (slot, probe), memo) {
                    WordMatch::Scored(points) => points,
                    // Placed, so skim finds it too; were it not to, the post keeps its band.
                    WordMatch::Impossible | WordMatch::NotCompact => 0,
                }
            });
            Some(score.sum::<i64>())
        });
        for (hit, score) in band.iter_mut().zip(scores) {
            hit.score = score;
        }
        // Stable sort: equal scores keep the list's order.
        band.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        ranking.ordered += len;
    }

    /// Forgets the last title query, so the next search looks at every post: for benchmarks
    /// that measure a whole search each time, and tests that compare with one.
    pub fn forget_last_titles(&self) {
        if let Ok(mut last) = self.last_titles.lock() {
            *last = None;
        }
    }

    /// Post `index`'s title, summary and tags (joined by spaces), lowercased: where filters
    /// look.
    pub(crate) fn lowered(&self, index: usize) -> [&str; 3] {
        let (title, _) = self.title_fields(index);
        let (summary, tags) = self.lowered_rest(index);
        [title, summary, tags]
    }

    /// Post `index`'s title lowercased, and as written.
    fn title_fields(&self, index: usize) -> (&str, &str) {
        self.meta.get(index).map_or(("", ""), |meta| {
            let titles = |range| self.titles.get(range).unwrap_or("");
            (
                titles(meta.title_lowered..meta.title_end),
                titles(meta.title_start..meta.title_lowered),
            )
        })
    }

    /// Post `index`'s summary and tags (joined by spaces), lowercased.
    fn lowered_rest(&self, index: usize) -> (&str, &str) {
        self.meta.get(index).map_or(("", ""), |meta| {
            let lowered = |range| self.lowered.get(range).unwrap_or("");
            (
                lowered(meta.lowered_start..meta.lowered_summary_end),
                lowered(meta.lowered_summary_end + 1..meta.lowered_end),
            )
        })
    }

    /// Post `index`'s summary as written.
    fn written_summary(&self, index: usize) -> &str {
        self.meta.get(index).map_or("", |meta| {
            self.summaries
                .get(meta.summary_start..meta.summary_end)
                .unwrap_or("")
        })
    }

    /// Whether `probe`'s word can match post `index`, and where: the bitsets' answer,
    /// without skim's score where they apply (see [`field_fit`]). The title is looked at only
    /// when `in_title`: a caller that knows the word has no compact placement there says so.
    fn word_fit<'a>(&'a self, index: usize, post: &'a Post, probe: &Probe, in_title: bool) -> Fit {
        let (title_lc, title) = self.title_fields(index);
        let word_lc = probe.lower.as_str();
        let no_fields = Fields::default();
        let fields = self.meta.get(index).map_or(&no_fields, |meta| &meta.fields);
        let mut possible = false;
        // The field as written (`None`: the summary) is read only where its lowercase does
        // not settle the fit.
        let mut fit = |text: Option<&'a str>, text_lc: &str, flags: (bool, bool)| {
            let written = || text.unwrap_or_else(|| self.written_summary(index));
            match probe_fit(probe, written, text_lc, flags) {
                FieldFit::Placed => true,
                FieldFit::NotCompact => {
                    possible = true;
                    false
                }
                FieldFit::Nowhere => false,
            }
        };
        if in_title && fit(Some(title), title_lc, fields.title) {
            return Fit::Title;
        }
        let (summary_lc, tags_lc) = self.lowered_rest(index);
        if fit(None, summary_lc, fields.summary)
            || (is_subsequence(tags_lc, word_lc)
                && post
                    .tags
                    .iter()
                    .any(|tag| fit(Some(tag), tag, (tag.is_ascii(), false))))
        {
            return Fit::Elsewhere;
        }
        if possible {
            Fit::NotCompact
        } else {
            Fit::Impossible
        }
    }

    /// How `probe`'s word matches post `index`: a title match scores [`TITLE_BAND`] plus
    /// skim's score and ends the search (nothing else counts then), else the better of the
    /// summary's and the tags' scores. `slot` is the word's place in the query, under which
    /// `memo` keeps its scores.
    fn word_score(
        &self,
        index: usize,
        post: &Post,
        (slot, probe): (usize, &Probe),
        memo: &mut Memo,
    ) -> WordMatch {
        let (word, word_lc) = (probe.word.as_str(), probe.lower.as_str());
        let (title_lc, title) = self.title_fields(index);
        let mut possible = false;
        if is_subsequence(title_lc, word_lc) {
            match field_score(title, word, (memo, slot)) {
                FieldMatch::Compact(score) => return WordMatch::Scored(TITLE_BAND + score),
                FieldMatch::NotCompact => possible = true,
                FieldMatch::Nowhere => {}
            }
        }
        let (summary_lc, tags_lc) = self.lowered_rest(index);
        let mut best: Option<i64> = None;
        let mut consider = |field: FieldMatch| match field {
            FieldMatch::Compact(score) => {
                possible = true;
                best = Some(best.map_or(score, |b| b.max(score)));
            }
            FieldMatch::NotCompact => possible = true,
            FieldMatch::Nowhere => {}
        };
        if is_subsequence(summary_lc, word_lc) {
            consider(field_score(self.written_summary(index), word, (memo, slot)));
        }
        if is_subsequence(tags_lc, word_lc) {
            for tag in &post.tags {
                consider(field_score(tag, word, (memo, slot)));
            }
        }
        match best {
            Some(score) => WordMatch::Scored(score),
            None if possible => WordMatch::NotCompact,
            None => WordMatch::Impossible,
        }
    }

    /// Where `post` matches the words of `query` (a title search's), for drawing its card:
    /// the positions each word matched in the title and in the summary (see
    /// `field_positions`).
    #[must_use]
    pub fn highlights(&self, post: &Post, query: &str) -> Highlights {
        let query = Query::parse(query);
        let mut highlights = Highlights::default();
        for word in query.fuzzy_words() {
            if let Some(positions) = field_positions(&post.title, word) {
                highlights.title.extend(positions);
            }
            if let Some(positions) = field_positions(&post.summary, word) {
                highlights.summary.extend(positions);
            }
        }
        for positions in [&mut highlights.title, &mut highlights.summary] {
            positions.sort_unstable();
            positions.dedup();
        }
        highlights
    }
}

/// Per post (of `posts`), the post of `kept` whose words it can take: the one with the same
/// stamp, which is not 0 (see `content::word_stamps`). `None` for a post to be read.
fn reusable_posts(
    kept: Option<&text_index::Kept>,
    stamps: Option<&[u64]>,
    posts: usize,
) -> Vec<Option<usize>> {
    let (Some(kept), Some(stamps)) = (kept, stamps) else {
        return vec![None; posts];
    };
    let by_stamp: std::collections::HashMap<u64, usize> = kept
        .stamps
        .iter()
        .enumerate()
        .filter(|&(_, &stamp)| stamp != 0)
        .map(|(post, &stamp)| (stamp, post))
        .collect();
    stamps
        .iter()
        .map(|stamp| by_stamp.get(stamp).copied())
        .collect()
}

/// The matches among `placed` (posts and their title bands, `None` for a candidate that does
/// not match), best band first, each band in list order, scored by its band alone (see
/// [`Searcher::rank_top`]). One pass per band, as there are at most `words + 1` of them,
/// rather than a sort of thousands of hits.
fn hits_by_band(placed: &[Placed], words: usize) -> Vec<Hit> {
    let mut hits = Vec::with_capacity(placed.len());
    for band in (0..=words).rev() {
        let score = i64::try_from(band).unwrap_or(0) * TITLE_BAND;
        hits.extend(
            placed
                .iter()
                .filter(|(_, placed, _)| *placed == Some(band))
                .map(|&(index, _, _)| Hit {
                    index,
                    score,
                    snippet: None,
                }),
        );
    }
    hits
}

/// Whether `probe`'s word has a compact placement in one field, given in lowercase
/// (`text_lc`) and as written (`written`, read only where the lowercase does not settle it),
/// with the field's [`Fields`] pair: whether it is ASCII, and whether its lowercase places
/// the word as the field does.
fn probe_fit<'a>(
    probe: &Probe,
    written: impl Fn() -> &'a str,
    text_lc: &str,
    (ascii, as_lowercase): (bool, bool),
) -> FieldFit {
    // The word's letters side by side are a compact placement, and the usual one: a SIMD
    // substring search finds it before the bitsets would. ASCII only, where the bitsets'
    // rules apply (lowercasing is per byte there).
    let haystack = if probe.exact { written() } else { text_lc };
    if ascii && probe.finder.find(haystack.as_bytes()).is_some() {
        return FieldFit::Placed;
    }
    if !is_subsequence(text_lc, &probe.lower) {
        return FieldFit::Nowhere;
    }
    let in_lowercase = (as_lowercase && !probe.exact)
        .then(|| compact::placed_lowercase(text_lc, &probe.word))
        .flatten();
    match in_lowercase {
        Some(true) => FieldFit::Placed,
        Some(false) => FieldFit::Nowhere,
        None => field_fit(written(), &probe.word),
    }
}

/// Whether `word` has a compact placement in `text`: the bitsets' answer where they
/// apply, else skim's over the whole field (see [`field_score`]).
fn field_fit(text: &str, word: &str) -> FieldFit {
    match compact::placed(text, word) {
        Some(false) => FieldFit::Nowhere,
        Some(true) => FieldFit::Placed,
        None => match field_score(text, word, (&mut Memo::default(), 0)) {
            FieldMatch::Compact(_) => FieldFit::Placed,
            FieldMatch::NotCompact => FieldFit::NotCompact,
            FieldMatch::Nowhere => FieldFit::Nowhere,
        },
    }
}

/// How `word` matches one field of a post (see the module docs): whether it has a compact
/// placement there, and if so skim's score for the span that holds them all.
///
/// Whether the word matches is the bitsets' answer ([`compact::placement`]), exact and
/// cheap; skim only scores. Skim costs microseconds over a summary and far less over the
/// dozen characters a word spans, so it is given the span. Skim's bonus for a matched letter depends on the kind of
/// character before it, so the span goes with a stand-in for the character before it:
/// one of the same kind that the word cannot match. Skipping text before a match costs
/// nothing, so a match within the span scores as it does in the whole field (a unit test
/// compares the two over the bundled posts). Where the bitsets do not apply (text that is
/// not ASCII, or longer than they hold), skim's match over the whole field decides, and
/// matches if it is compact.
///
/// A window's score is kept in `memo` under the word's place in the query, as skim sees
/// nothing else: titles that share a window (" latency") are scored once per search.
fn field_score(text: &str, word: &str, (memo, slot): (&mut Memo, usize)) -> FieldMatch {
    match compact::placement(text, word) {
        Placement::Nowhere => FieldMatch::Nowhere,
        Placement::Within(span) if word.len() == 1 => {
            one_letter_score(text, span, word, (memo, slot)).map_or_else(
                // No stand-in would do: skim's match in the whole field.
                || match skim(text, word) {
                    Some((score, _)) => FieldMatch::Compact(score),
                    None => FieldMatch::NotCompact,
                },
                FieldMatch::Compact,
            )
        }
        Placement::Within(span) => {
            // Skim's `fuzzy_match`, which keeps two rows of its matrix, does not always
            // score as `fuzzy_indices`, which keeps them all; the latter's score is the
            // one a card's highlight is consistent with.
            let score = memo.window_score(slot, text, span, word);
            // Skim finds at least the placement's letters, in the same case rule.
            score.map_or(FieldMatch::NotCompact, FieldMatch::Compact)
        }
        Placement::Anywhere => match skim(text, word) {
            Some((score, indices)) if is_compact(text, &indices) => FieldMatch::Compact(score),
            Some(_) => FieldMatch::NotCompact,
            None => FieldMatch::Nowhere,
        },
    }
}

/// Skim's score for the one-letter `word` over `span` of `text` (ASCII): the best of its
/// scores for each place the letter is, each the letter after a stand-in for the character
/// before it. A one-letter match has no gaps, so skim scores each place by itself (its score
/// there depends on the character before, the letter and their cases, and a run of the
/// letter adds nothing) and keeps the best. Those windows are a few kinds of character
/// times the letter's two cases, so the memo answers nearly every one; one window for the
/// whole span would be a new one for nearly every title, each scored by skim. The first
/// keystroke of every search is a one-letter word over every post. A unit test checks this
/// against skim over the whole field. `None` where a place has no stand-in.
fn one_letter_score(
    text: &str,
    span: std::ops::Range<usize>,
    word: &str,
    (memo, slot): (&mut Memo, usize),
) -> Option<i64> {
    let letter = *word.as_bytes().first()?;
    let exact = letter.is_ascii_uppercase();
    let text = text.as_bytes();
    let mut best: Option<i64> = None;
    for at in span {
        let byte = *text.get(at)?;
        let same = if exact {
            byte == letter
        } else {
            byte.eq_ignore_ascii_case(&letter)
        };
        if !same {
            continue;
        }
        // The window: the letter as written, after its stand-in (none at the text's start).
        let stand_in = match at.checked_sub(1) {
            None => 0,
            Some(before) => stand_in_for(*text.get(before)?, word)?,
        };
        if let Some(score) = memo.letter_score(slot, [stand_in, byte], word) {
            best = Some(best.map_or(score, |best| best.max(score)));
        }
    }
    best
}

/// Where `word` matched one field, in characters, for a card's highlight: skim's match
/// within the span of its compact placements when that is compact, else the first
/// compact placement, so a field that matched always shows where.
fn field_positions(text: &str, word: &str) -> Option<Vec<usize>> {
    let window = match compact::placement(text, word) {
        Placement::Nowhere => return None,
        Placement::Anywhere => None,
        Placement::Within(span) => span_with_stand_in(text, span, word),
    };
    let (offset, window) = window
        .as_ref()
        .map_or((0, text), |(offset, window)| (*offset, window.as_str()));
    let skim = skim(window, word)
        .map(|(_, indices)| indices.into_iter().map(|i| i + offset).collect::<Vec<_>>())
        .filter(|indices| is_compact(text, indices));
    skim.or_else(|| compact::first_placement(text, word))
}

/// Skim's best match of `word` in `text`, smart case (a capital in the word makes it
/// exact): its score and the matched character positions.
///
/// Each call has a matcher of its own. A matcher keeps a score matrix per thread and reuses
/// it without clearing it, and a match reads a cell it has not written, so a shared one
/// scores the same text differently depending on what it scored before (skim-rs/skim#1071
/// reports the symptom); a ranking must not depend on the order its posts are scored in.
/// Its `use_cache(false)`, which would drop the matrix, panics on a cell still borrowed.
/// A new matcher costs a few hundred nanoseconds: the ranking asks for few scores.
fn skim(text: &str, word: &str) -> Option<(i64, Vec<usize>)> {
    SkimMatcherV2::default()
        .smart_case()
        .fuzzy_indices(text, word)
}

/// The bytes `span` of `text` (ASCII) for skim, after a stand-in for the character before
/// them (see [`Searcher::match_field`]), with the position in `text` of the window's first
/// character. `None` when no stand-in will do: the whole field is skimmed then.
fn span_with_stand_in(
    text: &str,
    span: std::ops::Range<usize>,
    word: &str,
) -> Option<(usize, String)> {
    let inside = text.get(span.clone())?;
    let Some(before) = span.start.checked_sub(1) else {
        return Some((0, inside.to_owned()));
    };
    let stand_in = stand_in_for(*text.as_bytes().get(before)?, word)?;
    let mut window = String::with_capacity(inside.len() + 1);
    window.push(char::from(stand_in));
    window.push_str(inside);
    Some((before, window))
}

/// A character of the same kind as `previous` for skim (so its bonus for the character after
/// it is the same) that `word` cannot match, in either case. `None` when there is none.
fn stand_in_for(previous: u8, word: &str) -> Option<u8> {
    // Skim's kinds of character: separators that start a word, separators that break one,
    // digits, capitals and the rest.
    let kind: &[u8] = match previous {
        // Skim's "start of text", which only the text's first character has.
        0 => return None,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => b" /|()[]{}",
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => b"~!#$%&*+,-.:;<=>?@^_`",
        b'0'..=b'9' => b"0123456789",
        b'A'..=b'Z' => b"QXZJKVWYBFGHMPDULCSRNTIOAE",
        _ => b"qxzjkvwybfghmpdulcsrntioae",
    };
    kind.iter()
        .copied()
        .find(|c| !word.bytes().any(|w| w.eq_ignore_ascii_case(c)))
}

/// A search's matches, best first, put in order a title band at a time (see
/// [`Searcher::rank_top`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranking {
    /// Every match: the first `ordered` in their final order, the rest by title band, then
    /// in list order, scored by their band alone.
    pub hits: Vec<Hit>,
    /// How many of `hits` are in their final order.
    pub ordered: usize,
}

/// The buffers [`Searcher::new`] fills (see [`Searcher::titles`], [`Searcher::lowered`] and
/// [`Searcher::summaries`]).
#[derive(Default)]
struct Buffers {
    titles: String,
    lowered: String,
    summaries: String,
}

impl Buffers {
    /// The fields of `posts`, in their order, and where each post's are, with room for the
    /// fields of `later` posts to be joined after them (see [`Buffers::join`]). Sized once: grown by doubling, the buffers of 100,000 posts would be copied a few
    /// times over, each copy beside the one before it.
    fn with_room(posts: &[Post], later: &[Post]) -> (Self, Vec<Meta>) {
        let (titles, lowered, summaries) = posts
            .iter()
            .chain(later)
            .map(Meta::size)
            .fold((0, 0, 0), |(titles, lowered, summaries), (t, l, s)| {
                (titles + t, lowered + l, summaries + s)
            });
        let mut buffers = Self {
            titles: String::with_capacity(titles),
            lowered: String::with_capacity(lowered),
            summaries: String::with_capacity(summaries),
        };
        let mut meta = Vec::with_capacity(posts.len() + later.len());
        meta.extend(posts.iter().map(|post| Meta::new(post, &mut buffers)));
        (buffers, meta)
    }

    /// The fields of two runs of posts ([`Buffers::with_room`]), the second after the first.
    fn join(
        (mut whole, mut metas): (Self, Vec<Meta>),
        (after, moved): (Self, Vec<Meta>),
    ) -> (Self, Vec<Meta>) {
        let by = (
            whole.titles.len(),
            whole.lowered.len(),
            whole.summaries.len(),
        );
        whole.titles.push_str(&after.titles);
        whole.lowered.push_str(&after.lowered);
        whole.summaries.push_str(&after.summaries);
        metas.extend(moved.into_iter().map(|meta| meta.moved(by)));
        (whole, metas)
    }
}

/// What the bitsets may be given for a post's title and summary: each field's pair says
/// whether it is ASCII (a substring search in its lowercase then finds a placement), and
/// whether its lowercase places a word without capitals as the field does (see
/// `compact::same_in_lowercase`), so a keystroke need not read the field as written.
#[derive(Debug, Clone, Copy, Default)]
struct Fields {
    title: (bool, bool),
    summary: (bool, bool),
    /// Whether the bitsets decide the title's placements, and whether they decide every
    /// field's (see `compact::placed`). Only then does a grown word fit no better than the
    /// word it grew from: where skim decides, its alignment may stray for a word and not
    /// for a longer one (see `Searcher::rank_top`).
    title_by_bitsets: bool,
    all_by_bitsets: bool,
}

impl Fields {
    fn new(post: &Post) -> Self {
        let title_by_bitsets = compact::decides(&post.title);
        Self {
            title: Self::of(&post.title),
            summary: Self::of(&post.summary),
            title_by_bitsets,
            all_by_bitsets: title_by_bitsets
                && compact::decides(&post.summary)
                && post.tags.iter().all(|tag| compact::decides(tag)),
        }
    }

    fn of(text: &str) -> (bool, bool) {
        (text.is_ascii(), compact::same_in_lowercase(text))
    }
}

/// What a keystroke asks of one post's title, summary and tags, worked out once: where they
/// are in the [`Buffers`]. In `titles`, from `title_start`: the title as written, then from
/// `title_lowered` to `title_end` in lowercase. In `lowered`, from `lowered_start`: the
/// summary to `lowered_summary_end`, then a line break and the tags (joined by spaces) to
/// `lowered_end`. In `summaries`, the summary as written.
struct Meta {
    title_start: usize,
    title_lowered: usize,
    title_end: usize,
    lowered_start: usize,
    lowered_summary_end: usize,
    lowered_end: usize,
    summary_start: usize,
    summary_end: usize,
    /// Whether the title and the summary are ASCII, where the bitsets' rules apply (see
    /// `compact::placement`).
    fields: Fields,
}

impl Meta {
    /// The bytes [`Meta::new`] appends for `post` to each of the [`Buffers`] (more only where
    /// lowercasing lengthens a character).
    fn size(post: &Post) -> (usize, usize, usize) {
        let tags: usize = post.tags.iter().map(|tag| tag.len() + 1).sum();
        (
            2 * post.title.len(),
            post.summary.len() + tags + 1,
            post.summary.len(),
        )
    }

    /// These offsets with each buffer's start moved on (by the bytes of the titles, lowered
    /// fields and summaries before them), for fields appended after others.
    fn moved(self, (titles, lowered, summaries): (usize, usize, usize)) -> Self {
        Self {
            title_start: self.title_start + titles,
            title_lowered: self.title_lowered + titles,
            title_end: self.title_end + titles,
            lowered_start: self.lowered_start + lowered,
            lowered_summary_end: self.lowered_summary_end + lowered,
            lowered_end: self.lowered_end + lowered,
            summary_start: self.summary_start + summaries,
            summary_end: self.summary_end + summaries,
            fields: self.fields,
        }
    }

    /// `post`'s fields, appended to the [`Buffers`]. Each field is lowercased by itself:
    /// as the line breaks that used to join them, a field's end ends a word for Unicode's
    /// final sigma, so the lowercase is the same.
    fn new(post: &Post, buffers: &mut Buffers) -> Self {
        let Buffers {
            titles,
            lowered,
            summaries,
        } = buffers;
        let title_start = titles.len();
        titles.push_str(&post.title);
        let title_lowered = titles.len();
        push_lowercase(titles, &post.title);
        let lowered_start = lowered.len();
        push_lowercase(lowered, &post.summary);
        let lowered_summary_end = lowered.len();
        lowered.push('\n');
        for (i, tag) in post.tags.iter().enumerate() {
            if i > 0 {
                lowered.push(' ');
            }
            push_lowercase(lowered, tag);
        }
        let summary_start = summaries.len();
        summaries.push_str(&post.summary);
        Self {
            title_start,
            title_lowered,
            title_end: titles.len(),
            lowered_start,
            lowered_summary_end,
            lowered_end: lowered.len(),
            summary_start,
            summary_end: summaries.len(),
            fields: Fields::new(post),
        }
    }
}

/// Appends `text` in lowercase to `buffer`: an ASCII text (nearly every one) lowercased in
/// place, with no string of its own, as [`Searcher::new`] does for every field of every post.
fn push_lowercase(buffer: &mut String, text: &str) {
    if text.is_ascii() {
        let start = buffer.len();
        buffer.push_str(text);
        if let Some(added) = buffer.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        buffer.push_str(&text.to_lowercase());
    }
}

/// A query word made ready to be looked for in thousands of posts.
struct Probe {
    /// The word as typed.
    word: String,
    /// The word in lowercase.
    lower: String,
    /// Whether it has a capital, so it matches exactly (smart case).
    exact: bool,
    /// A substring search for the word (exact) or its lowercase (otherwise).
    finder: memchr::memmem::Finder<'static>,
}

impl Probe {
    fn new(word: &str) -> Self {
        let exact = word.bytes().any(|b| b.is_ascii_uppercase());
        let lower = word.to_lowercase();
        let sought = if exact { word } else { lower.as_str() };
        Self {
            word: word.to_owned(),
            finder: memchr::memmem::Finder::new(sought.as_bytes()).into_owned(),
            lower,
            exact,
        }
    }
}

/// A post a title query could match: its index, its title band if it matches (see
/// [`Searcher::rank_top`]), and the fits of its words found on the way.
type Placed = (usize, Option<usize>, KnownFits);

/// The last title query, for the next keystroke (see [`Searcher::rank_top`]).
struct LastTitles {
    query: Query,
    /// Its fuzzy words, as typed.
    words: Vec<String>,
    /// The posts that could match it, each with the fits of its words that were found.
    candidates: Vec<(usize, KnownFits)>,
}

/// The fits of a query's first [`KnownFits::SLOTS`] words in one post, two bits each, kept
/// from one keystroke to the next: a word the next query still has, unchanged, fits the post
/// as it did, so a narrowed query works out only its new or grown word. "lat sha" after
/// "lat sh" looks for `sha` alone; without this, each word of a long query made every
/// keystroke dearer.
#[derive(Debug, Clone, Copy, Default)]
struct KnownFits(u64);

impl KnownFits {
    /// Words whose fits are kept.
    const SLOTS: usize = 32;

    /// Whether bit `slot` of `mask` is set.
    fn holds(mask: u64, slot: usize) -> bool {
        slot < Self::SLOTS && mask & (1 << slot) != 0
    }

    /// The fit of word `slot`, if it was found.
    fn get(self, slot: usize) -> Option<Fit> {
        if slot >= Self::SLOTS {
            return None;
        }
        match (self.0 >> (2 * slot)) & 0b11 {
            1 => Some(Fit::NotCompact),
            2 => Some(Fit::Title),
            3 => Some(Fit::Elsewhere),
            _ => None,
        }
    }

    /// Records the fit of word `slot` (an impossible one ends the post's candidacy, so it is
    /// never kept).
    fn set(&mut self, slot: usize, fit: Fit) {
        let bits = match fit {
            Fit::Impossible => 0,
            Fit::NotCompact => 1,
            Fit::Title => 2,
            Fit::Elsewhere => 3,
        };
        if slot < Self::SLOTS {
            self.0 = (self.0 & !(0b11 << (2 * slot))) | (bits << (2 * slot));
        }
    }
}

/// Whether one query word can match a post, and where (see [`Searcher::word_fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Not at all, nor any word containing it.
    Impossible,
    /// No match, but a longer word may match (see [`FieldMatch::NotCompact`]).
    NotCompact,
    /// It matches the title.
    Title,
    /// It matches the summary or a tag, not the title.
    Elsewhere,
}

/// Whether one query word can match one field (see [`field_fit`]).
enum FieldFit {
    /// It has no compact placement there.
    Nowhere,
    /// Text the bitsets cannot place in, where skim's match is not compact.
    NotCompact,
    /// It has a compact placement there.
    Placed,
}

/// Skim's scores of the windows a ranking has scored (see [`field_score`]), by the word's
/// place in the query. One per thread of a ranking.
#[derive(Default)]
struct Memo {
    slots: Vec<SlotMemo>,
}

/// What a [`Memo`] keeps for one query word.
struct SlotMemo {
    /// The word, so a memo given another word at this place starts afresh.
    word: String,
    /// Per ASCII byte, what the byte becomes in a window (see [`Memo::window_score`]).
    canonical: [u8; 128],
    /// Windows (canonical) and their scores, looked up without allocating.
    windows: std::collections::HashMap<Box<[u8]>, Option<i64>, WindowHash>,
    /// One-letter words' windows, a stand-in and the letter (see [`one_letter_score`]).
    letters: std::collections::HashMap<[u8; 2], Option<i64>, WindowHash>,
    /// Where the next window is built.
    scratch: Vec<u8>,
    /// Where skim's score of a new window is worked out.
    rows: skim_ascii::Rows,
}

impl SlotMemo {
    fn new(word: &str) -> Self {
        let mut canonical = [0u8; 128];
        for (byte, slot) in (0u8..).zip(canonical.iter_mut()) {
            let matchable = word.bytes().any(|w| w.eq_ignore_ascii_case(&byte));
            *slot = if matchable {
                byte
            } else {
                stand_in_for(byte, word).unwrap_or(byte)
            };
        }
        Self {
            word: word.to_owned(),
            canonical,
            windows: std::collections::HashMap::default(),
            letters: std::collections::HashMap::default(),
            scratch: Vec::new(),
            rows: skim_ascii::Rows::default(),
        }
    }
}

impl Memo {
    /// The memo of the word at `slot`, made (or made again) for `word`.
    fn slot(&mut self, slot: usize, word: &str) -> &mut SlotMemo {
        if self.slots.len() <= slot {
            self.slots.resize_with(slot + 1, || SlotMemo::new(""));
        }
        let memo = &mut self.slots[slot];
        if memo.word != word {
            *memo = SlotMemo::new(word);
        }
        memo
    }

    /// Skim's score of the one-letter `word` (at `slot`) in the window of `stand_in` (a
    /// stand-in, or 0 for none) and `letter`, computed once.
    fn letter_score(
        &mut self,
        slot: usize,
        [stand_in, letter]: [u8; 2],
        word: &str,
    ) -> Option<i64> {
        let memo = self.slot(slot, word);
        *memo.letters.entry([stand_in, letter]).or_insert_with(|| {
            let pair = [stand_in, letter];
            let window = if stand_in == 0 { &pair[1..] } else { &pair[..] };
            ascii_skim_score(window, word, &mut memo.rows)
        })
    }

    /// Skim's score of `word` (at `slot` in the query) in `span` of `text` (ASCII), after a
    /// stand-in for the character before it (see [`span_with_stand_in`]); where no stand-in
    /// will do, skim's score in the whole of `text`.
    ///
    /// Skim sees a character the word cannot match only through its kind (its bonus for the
    /// character after it, and the gap it is part of), so each such character is replaced
    /// by one of its kind, the same for every window: " latency" and " lazily" are one window
    /// for `la` (" laqqqqq", " laqqqq" and so on; skim scores them exactly as the text). Far
    /// fewer windows are then scored by skim, and each is looked up without allocating.
    fn window_score(
        &mut self,
        slot: usize,
        text: &str,
        span: std::ops::Range<usize>,
        word: &str,
    ) -> Option<i64> {
        let whole_field = || skim(text, word).map(|(score, _)| score);
        let bytes = text.as_bytes();
        let Some(inside) = bytes.get(span.clone()) else {
            return whole_field();
        };
        let stand_in = match span.start.checked_sub(1) {
            None => None,
            Some(before) => match bytes.get(before).and_then(|&b| stand_in_for(b, word)) {
                Some(stand_in) => Some(stand_in),
                None => return whole_field(),
            },
        };
        let memo = self.slot(slot, word);
        let mut window = std::mem::take(&mut memo.scratch);
        window.clear();
        window.extend(stand_in);
        window.extend(
            inside
                .iter()
                .map(|&byte| memo.canonical.get(usize::from(byte)).map_or(byte, |&c| c)),
        );
        let score = if let Some(score) = memo.windows.get(window.as_slice()) {
            *score
        } else {
            let score = ascii_skim_score(&window, word, &mut memo.rows);
            memo.windows.insert(window.as_slice().into(), score);
            score
        };
        memo.scratch = window;
        score
    }
}

/// Skim's score of `word` in `window`: worked out on the bytes (see [`skim_ascii`]) when both
/// are ASCII, as the windows of compact placements are, else by skim itself.
fn ascii_skim_score(window: &[u8], word: &str, rows: &mut skim_ascii::Rows) -> Option<i64> {
    if window.is_ascii() && word.is_ascii() {
        return skim_ascii::score(window, word.as_bytes(), rows);
    }
    std::str::from_utf8(window)
        .ok()
        .and_then(|window| skim(window, word))
        .map(|(score, _)| score)
}

/// The hasher of a [`Memo`]'s maps: windows are a few dozen bytes, hashed on every lookup,
/// and come from the posts, never from a remote party, so the standard hasher's protection
/// against chosen collisions would cost time for nothing.
type WindowHash = std::hash::BuildHasherDefault<WindowHasher>;

/// See [`WindowHash`].
#[derive(Default)]
struct WindowHasher(u64);

impl std::hash::Hasher for WindowHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(5) ^ text_index::hash_word(bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How one query word matched one field of a post.
enum FieldMatch {
    /// No compact placement of it exists: the field cannot match this word, nor any longer.
    Nowhere,
    /// Text the bitsets cannot place in (see [`Placement::Anywhere`]) where skim's match is
    /// not compact: no match, but a longer word may still match.
    NotCompact,
    /// A compact match, with skim's score.
    Compact(i64),
}

/// How one query word matched a post.
enum WordMatch {
    /// No compact placement of it exists in the title, summary or tags: the post cannot match
    /// this word, nor any word containing it.
    Impossible,
    /// No match, but a longer word may match (see [`FieldMatch::NotCompact`]).
    NotCompact,
    /// A compact match, with its score.
    Scored(i64),
}

/// Whether every post that could match `new` could match `old`: each term of `old` is in
/// `new` at the same place, the same or a fuzzy or exact word grown around it (`lat` to
/// `late`, any case), and `new` may add terms after them. A compact placement of `late`
/// holds one of `lat`, a post without `lat` has no `late`, and each added term only filters.
fn narrows(old: &Query, new: &Query) -> bool {
    old.terms.len() <= new.terms.len()
        && old.terms.iter().zip(&new.terms).all(|(old, new)| {
            old.kind == new.kind
                || match (&old.kind, &new.kind) {
                    // ASCII only: the compact-placement check is (see `compact::placement`),
                    // and lowercasing elsewhere can change what a character matches. Smart
                    // case: a word without capitals matches either case, so any word holding
                    // it in either case narrows it; one with capitals matches exactly, so
                    // only a word holding it exactly (capitals too) does.
                    (TermKind::Fuzzy(old), TermKind::Fuzzy(new)) => {
                        old.is_ascii()
                            && new.is_ascii()
                            && if old.bytes().any(|b| b.is_ascii_uppercase()) {
                                new.contains(old.as_str())
                            } else {
                                new.to_ascii_lowercase().contains(old.as_str())
                            }
                    }
                    (TermKind::Exact(old), TermKind::Exact(new)) => new.contains(old.as_str()),
                    _ => false,
                }
        })
}

/// A post's body as a full-text snippet is cut from it: the text with its ASCII capitals
/// lowercased, found as the search found it, and where those capitals were, so the snippet
/// still shows its line as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct LowerBody {
    /// The body, ASCII letters lowercased: every byte offset is the original's.
    text: String,
    /// Byte offsets of the ASCII capitals, ascending.
    capitals: Vec<u32>,
}

impl LowerBody {
    /// Lowercases `text` in place and notes its capitals.
    pub(crate) fn new(mut text: String) -> Self {
        let capitals = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .filter_map(|(i, _)| u32::try_from(i).ok())
            .collect();
        text.make_ascii_lowercase();
        Self { text, capitals }
    }

    /// The lowercased text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The original text of the bytes `range` (on character boundaries of the text; an
    /// empty string where it is not).
    pub(crate) fn original(&self, range: std::ops::Range<usize>) -> String {
        let Some(lower) = self.text.get(range.clone()) else {
            return String::new();
        };
        let mut bytes = lower.as_bytes().to_vec();
        let position = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        let first = self
            .capitals
            .partition_point(|&c| c < position(range.start));
        for &capital in &self.capitals[first..] {
            let Some(byte) = usize::try_from(capital)
                .ok()
                .and_then(|c| c.checked_sub(range.start))
                .and_then(|i| bytes.get_mut(i))
            else {
                break;
            };
            byte.make_ascii_uppercase();
        }
        // Only ASCII letters changed case, so the bytes are still UTF-8.
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Proptest's settings with `cases` cases, keeping the failures a proptest finds beside its source file (`compact.rs`'s in
/// `compact.proptest-regressions`), as the integration tests' are, not in a folder at the top
/// of the repository.
#[cfg(test)]
fn regressions_beside_source(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}

/// Whether the bytes of `needle` occur in order in `haystack`: a fuzzy match needs at least
/// that, and `memchr` checks it far faster than a matcher scores it.
fn is_subsequence(haystack: &str, needle: &str) -> bool {
    let mut rest = haystack.as_bytes();
    for &byte in needle.as_bytes() {
        match memchr::memchr(byte, rest) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
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

/// Posts below which a search runs on one thread: spawning costs more than it saves.
const PARALLEL_FROM: usize = 2_000;

/// `items.iter().enumerate().filter_map(f)`, split over the machine's cores for a large
/// library, results in the items' order. A keystroke's search over 10,000 posts is a pass over
/// every post; on four cores it takes a quarter of the time.
fn parallel_filter_map<I, T, F>(posts: &[I], f: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(usize, &I) -> Option<T> + Sync,
{
    parallel_filter_map_with(posts, || (), |(), index, post| f(index, post))
}

/// [`parallel_filter_map`] with state of each thread's own, made by `init`, that `f` may
/// change: a memo the posts a thread goes through share.
fn parallel_filter_map_with<I, S, T, F>(posts: &[I], init: impl Fn() -> S + Sync, f: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(&mut S, usize, &I) -> Option<T> + Sync,
{
    let shares = in_shares(posts, |start, share| {
        let mut state = init();
        share
            .iter()
            .enumerate()
            .filter_map(|(i, post)| f(&mut state, start + i, post))
            .collect::<Vec<T>>()
    });
    let mut found = Vec::with_capacity(shares.iter().map(Vec::len).sum());
    for share in shares {
        found.extend(share);
    }
    found
}

/// `f` of each share of `items`, one share per core for a large library (from
/// [`PARALLEL_FROM`] items), in the items' order; `f` is given where its share starts. This
/// thread works through the first share rather than wait for the others. A share whose thread
/// panicked (none can: matching and copying do not panic) is worked through again here, so
/// no share is ever missing and no post takes another's place.
fn in_shares<I, R, F>(items: &[I], f: F) -> Vec<R>
where
    I: Sync,
    R: Send,
    F: Fn(usize, &[I]) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < PARALLEL_FROM {
        return vec![f(0, items)];
    }
    let size = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let mut shares = items.chunks(size).enumerate();
        let first = shares.next();
        let others: Vec<_> = shares
            .map(|(n, share)| (n, share, scope.spawn(move || f(n * size, share))))
            .collect();
        let mut results = Vec::with_capacity(threads);
        results.extend(first.map(|(_, share)| f(0, share)));
        for (n, share, worker) in others {
            results.push(worker.join().unwrap_or_else(|_| f(n * size, share)));
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    fn post(i: usize, title: &str, summary: &str, tags: &[String]) -> Post {
        Post {
            slug: format!("p{i}"),
            title: title.to_owned(),
            date: chrono::NaiveDate::from_ymd_opt(2000 + i32::try_from(i % 20).unwrap_or(0), 1, 1)
                .unwrap_or_default(),
            summary: summary.to_owned(),
            tags: tags.to_vec(),
            draft: false,
            body: crate::content::Body::Text(String::new()),
            source: format!("p{i}.md"),
            words: 1,
        }
    }

    /// A big library's fields are copied in shares on every core and joined: every post's
    /// fields are still its own, as written and lowercased, the Unicode ones included.
    #[test]
    fn a_big_library_keeps_each_posts_fields() {
        let posts: Vec<Post> = (0..PARALLEL_FROM * 2 + 7)
            .map(|i| {
                let tags = [format!("Tag{i}"), "ΣΟΦΙΑ".to_owned()];
                post(
                    i,
                    &format!("Title {i} Cache‑Friendly"),
                    &format!("Summary {i} ÄB"),
                    &tags,
                )
            })
            .collect();
        let searcher = Searcher::new(&posts);
        for (index, post) in posts.iter().enumerate() {
            let tags = post.tags.join(" ").to_lowercase();
            assert_eq!(
                searcher.lowered(index),
                [
                    post.title.to_lowercase().as_str(),
                    post.summary.to_lowercase().as_str(),
                    tags.as_str()
                ],
                "post {index}"
            );
            assert_eq!(searcher.title_fields(index).1, post.title);
            assert_eq!(searcher.written_summary(index), post.summary);
        }
    }

    /// The ranking done the slow way, to check the fast one: every post scored with skim
    /// word by word, then sorted by score, equal scores in list order.
    fn score_every_post(searcher: &Searcher, posts: &[Post], query: &str) -> Vec<Hit> {
        let query = Query::parse(query);
        let mut hits: Vec<Hit> = posts
            .iter()
            .enumerate()
            .filter(|(i, post)| query::passes(&query, post.date, &post.tags, &searcher.lowered(*i)))
            .filter_map(|(index, post)| {
                let mut score = 0;
                for word in query.fuzzy_words() {
                    let probe = Probe::new(word);
                    match searcher.word_score(index, post, (0, &probe), &mut Memo::default()) {
                        WordMatch::Scored(points) => score += points,
                        WordMatch::Impossible | WordMatch::NotCompact => return None,
                    }
                }
                Some(Hit {
                    index,
                    score,
                    snippet: None,
                })
            })
            .collect();
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
    }

    /// The queries typing `keys` goes through: a character appends, `<` deletes one.
    fn typing(keys: &str) -> Vec<String> {
        let mut query = String::new();
        keys.chars()
            .map(|key| {
                if key == '<' {
                    query.pop();
                } else {
                    query.push(key);
                }
                query.clone()
            })
            .collect()
    }

    /// Ranks every query of `keys` with one searcher, which narrows from its last query
    /// where it can, and with a searcher that forgets it each time: the same hits, scores and
    /// order.
    fn assert_narrowing_changes_nothing(posts: &[Post], keys: &str) {
        let narrowing = Searcher::new(posts);
        let fresh = Searcher::new(posts);
        for query in typing(keys) {
            fresh.forget_last_titles();
            let key = |hits: Vec<Hit>| -> Vec<(usize, i64)> {
                hits.into_iter().map(|h| (h.index, h.score)).collect()
            };
            assert_eq!(
                key(narrowing.rank(posts, &query)),
                key(fresh.rank(posts, &query)),
                "{query:?} after typing {keys:?}"
            );
        }
    }

    #[test]
    fn narrowing_title_searches_changes_no_result_in_the_bundled_posts() {
        let library = crate::content::load_bundled(false);
        for keys in [
            "consistent hashing",
            "rft<<aft pre",
            "gc col",
            "#os kern",
            "'cache li<<<ine",
            "!kernel pag",
            "Cac<<ache",
            "year:2020 ra",
            "hash tab",
        ] {
            assert_narrowing_changes_nothing(&library.posts, keys);
        }
    }

    /// Up to 30 posts with short titles, summaries and tags of a few letters: short words
    /// make many partial, gapped and compact matches.
    fn small_posts() -> impl Strategy<Value = Vec<Post>> {
        proptest::collection::vec(
            (
                "[abcdehlrst ]{1,30}",
                "[abcdeHhlrsT ,-]{0,60}",
                proptest::collection::vec("[abch]{1,4}", 0..3),
            ),
            1..30,
        )
        .prop_map(|texts| {
            texts
                .iter()
                .enumerate()
                .map(|(i, (title, summary, tags))| post(i, title, summary, tags))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(super::regressions_beside_source(200))]

        /// A one-letter word is scored place by place (see `one_letter_score`); that must be
        /// skim's score over the whole field, in either case, wherever the letter is.
        #[test]
        fn a_one_letter_word_scores_as_skim_over_the_whole_field(
            text in "[a-zA-Z0-9 ./_()-]{0,48}",
            letter in "[a-zA-Z]",
        ) {
            let whole = skim(&text, &letter).map(|(score, _)| score);
            let within = match field_score(&text, &letter, (&mut Memo::default(), 0)) {
                FieldMatch::Compact(score) => Some(score),
                FieldMatch::NotCompact | FieldMatch::Nowhere => None,
            };
            prop_assert_eq!(whole, within);
        }

        /// Typing random queries (capitals, filters, deletions) over random posts.
        #[test]
        fn narrowing_title_searches_changes_no_result(
            posts in small_posts(),
            keys in "[abcdehlrsAT '!#<]{1,16}",
        ) {
            assert_narrowing_changes_nothing(&posts, &keys);
        }

        /// The first posts of a ranking scored band by band are those of the whole ranking,
        /// in the same order with the same scores, and finishing it gives the whole ranking.
        #[test]
        fn ranking_the_top_first_orders_it_as_ranking_everything(
            posts in small_posts(),
            query in "[abcdehlrsAT ]{1,8}",
            wanted in 0..12usize,
        ) {
            let searcher = Searcher::new(&posts);
            let whole = searcher.rank(&posts, &query);
            prop_assert_eq!(&whole, &score_every_post(&searcher, &posts, &query));
            let mut top = searcher.rank_top(&posts, &query, wanted);
            prop_assert!(top.ordered >= wanted.min(whole.len()));
            prop_assert_eq!(&top.hits[..top.ordered], &whole[..top.ordered]);
            searcher.finish(&posts, &query, &mut top);
            prop_assert_eq!(top.ordered, whole.len());
            prop_assert_eq!(top.hits, whole);
        }
    }

    /// Skim's matcher reuses a dirty matrix: scored after "h ra hra", "rh lhhla" scored 39
    /// instead of 35 with one shared matcher. A score must be the text's alone.
    #[test]
    fn a_score_does_not_depend_on_what_was_scored_before() {
        let alone = skim("rh lhhla", "hh");
        let _ = skim("h ra hra", "hh");
        assert_eq!(skim("rh lhhla", "hh"), alone);
        assert_eq!(alone.map(|(score, _)| score), Some(35));
    }

    #[test]
    fn compact_matches_allow_small_gaps_and_word_starts() {
        assert!(is_compact("Consistent Hashing", &[11, 12, 13, 14]));
        assert!(is_compact("Garbage Collection", &[0, 8]));
        assert!(is_compact("cnsistent", &[0, 2]));
        assert!(!is_compact("the matroid is shaped", &[1, 6, 15, 17]));
    }

    /// Skim over the span of a word's placements finds what skim over the whole field finds,
    /// when that is compact, so the placement check never rejects a compact match skim finds:
    /// every title and summary of the bundled posts against slices of one to five letters of
    /// the others. (Where skim's best match in the whole field is not compact, the best within
    /// the span may be, and the post matches.) One memo serves the whole test, as one serves
    /// a ranking's thread, so it must tell the words apart and share windows only where
    /// their scores are the same.
    #[test]
    fn matching_within_the_span_is_matching_the_whole_field() {
        let library = crate::content::load_bundled(false);
        let texts: Vec<&str> = library
            .posts
            .iter()
            .flat_map(|p| [p.title.as_str(), p.summary.as_str()])
            .collect();
        let (mut same, mut differ) = (0, Vec::new());
        let mut memo = Memo::default();
        for source in &texts {
            let chars: Vec<char> = source.chars().filter(|c| c.is_alphanumeric()).collect();
            let windows = (1..=5).flat_map(|size| chars.chunks(size).step_by(3));
            for window in windows {
                let word: String = window.iter().collect::<String>().to_lowercase();
                for text in &texts {
                    let whole = skim(text, &word).filter(|(_, indices)| is_compact(text, indices));
                    let within = match field_score(text, &word, (&mut memo, 0)) {
                        FieldMatch::Compact(score) => {
                            field_positions(text, &word).map(|positions| (score, positions))
                        }
                        FieldMatch::NotCompact | FieldMatch::Nowhere => None,
                    };
                    if whole.is_some() && whole != within {
                        differ.push((word.clone(), (*text).to_owned(), whole, within));
                    } else {
                        same += usize::from(within.is_some());
                    }
                }
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
        assert!(same > 1_000, "only {same} matches compared");
    }
}
