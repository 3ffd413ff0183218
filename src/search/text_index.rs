//! Full-text search's index: the distinct words of every post, not its text.
//!
//! A query word never holds whitespace (the query is split on it), so it occurs in a body
//! exactly where it occurs inside one of the body's whitespace-separated words, and as often.
//! The index keeps each distinct word once, in one buffer, and per post which of them it has
//! and how often. A keystroke searches the distinct words (a few megabytes at most, where the
//! bodies of 10,000 posts are 100 MB), then adds up, per post, the counts of the words that
//! held it. The text itself stays in the files: a snippet reads the one post it shows.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use memchr::memmem;

/// Occurrences counted per query word per post; more do not rank a post higher. Counting
/// stops there, so a word on every line of every post costs no more than a rare one.
pub(super) const COUNT_CAP: u8 = 8;

/// Calls `each` with every word of `text` in order: the runs of bytes between separators.
/// Separators are found eight bytes at a time and taken from a 64-bit mask one by one, so the
/// cost goes with the number of words, not a test and a branch per byte.
fn for_each_word(text: &[u8], mut each: impl FnMut(std::ops::Range<usize>)) {
    let mut start = 0;
    for (n, block) in text.chunks(64).enumerate() {
        let base = n * 64;
        let mut separators = separator_mask(block);
        while separators != 0 {
            let at = base + usize::try_from(separators.trailing_zeros()).unwrap_or(0);
            if at > start {
                each(start..at);
            }
            start = at + 1;
            separators &= separators - 1;
        }
    }
    if start < text.len() {
        each(start..text.len());
    }
}

/// Bit `i` set where byte `i` of `block` (64 bytes at most) is a separator: ASCII whitespace
/// (space, and tab to carriage return). Every one of them is whitespace to the query too, so
/// no query word holds one and none spans two words. (A word may hold other spaces, such as
/// U+00A0; a query word found in it is still found where the body has it.)
fn separator_mask(block: &[u8]) -> u64 {
    use super::compact::{HIGH_BITS, LOW_BITS, gather_top_bits, in_range, zero_lanes};
    let mut mask = 0;
    for (n, chunk) in block.chunks(8).enumerate() {
        // Bytes past the end are zeros, which are not separators.
        let lanes = match <[u8; 8]>::try_from(chunk) {
            Ok(bytes) => u64::from_le_bytes(bytes),
            Err(_) => chunk
                .iter()
                .rev()
                .fold(0u64, |lanes, &byte| (lanes << 8) | u64::from(byte)),
        };
        let spaces = zero_lanes(lanes ^ (LOW_BITS * u64::from(b' ')));
        // Tab to carriage return, among ASCII bytes only (a byte of a multibyte character has
        // its top bit set, which the range test is not made for).
        let controls = in_range(lanes & !HIGH_BITS, b'\t', b'\r') & !lanes;
        mask |= gather_top_bits(spaces | controls) << (n * 8);
    }
    mask
}

/// Every post's distinct words, lowercased as full-text search compares them (ASCII letters).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct TextIndex {
    /// Every distinct word, each followed by a line break (which no word holds).
    words: Vec<u8>,
    /// Where each word starts in `words`, by id, and one more entry: the end.
    starts: Vec<usize>,
    /// The ids of each post's distinct words, post after post.
    ids: Vec<u32>,
    /// How many times each of those words occurs in its post, up to [`COUNT_CAP`].
    counts: Vec<u8>,
    /// Where each post's entries start in `ids`, and one more entry: the end.
    posts: Vec<usize>,
}

impl TextIndex {
    /// Indexes the text `text_of` gives for each item (a post's body, read from its file), on
    /// every core from `parallel_from` items. The text is lowercased in place and dropped once
    /// its words are counted, so no more than one body per thread is held at a time.
    pub(crate) fn build<I: Sync>(
        items: &[I],
        parallel_from: usize,
        text_of: impl Fn(&I) -> String + Sync,
    ) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let index_part = |part: &[I]| {
            let mut builder = PartBuilder::default();
            for item in part {
                let mut text = text_of(item);
                text.make_ascii_lowercase();
                builder.add(text.as_bytes());
            }
            builder
        };
        if threads < 2 || items.len() < parallel_from.max(2) {
            return merge(vec![index_part(items)]);
        }
        let chunk = items.len().div_ceil(threads);
        let parts = std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks(chunk)
                .map(|part| (part.len(), scope.spawn(move || index_part(part))))
                .collect();
            workers
                .into_iter()
                // A worker cannot panic (it splits and counts bytes); one that did would
                // leave its posts unsearchable, not the whole search.
                .map(|(len, worker)| worker.join().unwrap_or_else(|_| PartBuilder::empty(len)))
                .collect()
        });
        merge(parts)
    }

    /// The number of distinct words.
    fn word_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// How many times the word `finder` looks for (lowercased as the index is) occurs in each
    /// distinct word, by id, up to [`COUNT_CAP`]; `None` when it is in none. Occurrences do
    /// not overlap, as a substring search over the text counts them.
    pub(crate) fn occurrences(&self, finder: &memmem::Finder<'_>) -> Option<Occurrences> {
        let mut per_word = vec![0u8; self.word_count()];
        let mut id = 0;
        let mut found = false;
        for at in finder.find_iter(&self.words) {
            // Matches come in order, so the word holding each is found by walking forward.
            while self.starts.get(id + 1).is_some_and(|&next| next <= at) {
                id += 1;
            }
            if let Some(count) = per_word.get_mut(id) {
                *count = count.saturating_add(1).min(COUNT_CAP);
                found = true;
            }
        }
        found.then_some(Occurrences(per_word))
    }

    /// How many times the word `occurrences` describes occurs in the text of post `post`, up
    /// to [`COUNT_CAP`].
    pub(crate) fn count_in(&self, post: usize, occurrences: &Occurrences) -> u8 {
        let (Some(&from), Some(&to)) = (self.posts.get(post), self.posts.get(post + 1)) else {
            return 0;
        };
        let (Some(ids), Some(counts)) = (self.ids.get(from..to), self.counts.get(from..to)) else {
            return 0;
        };
        let mut total = 0u32;
        for (&id, &count) in ids.iter().zip(counts) {
            let each = usize::try_from(id)
                .ok()
                .and_then(|id| occurrences.0.get(id))
                .copied()
                .unwrap_or(0);
            if each != 0 {
                total += u32::from(each) * u32::from(count);
                if total >= u32::from(COUNT_CAP) {
                    return COUNT_CAP;
                }
            }
        }
        u8::try_from(total).unwrap_or(COUNT_CAP)
    }

    /// An index of `items` that takes the words of item `i` from post `reuse[i]` of `kept`
    /// where that is given, and reads the others with `text_of` (as [`TextIndex::build`]
    /// does, on every core from `parallel_from` items). One changed file in a kept index of
    /// thousands costs reading that file, not all of them. Words only removed posts had are
    /// left out.
    pub(crate) fn rebuild<I: Sync>(
        kept: &TextIndex,
        reuse: &[Option<usize>],
        items: &[I],
        parallel_from: usize,
        text_of: impl Fn(&I) -> String + Sync,
    ) -> Self {
        let unread: Vec<&I> = items
            .iter()
            .zip(reuse)
            .filter_map(|(item, from)| from.is_none().then_some(item))
            .collect();
        let read = Self::build(&unread, parallel_from, |item| text_of(item));
        if unread.len() == items.len() {
            return read;
        }
        let mut table = WordTable::default();
        // Per word id of `kept` and of `read`, its id in the new index, once it has one.
        let mut from_kept = vec![NO_WORD; kept.word_count()];
        let mut from_read = vec![NO_WORD; read.word_count()];
        let (mut ids, mut counts) = (Vec::new(), Vec::new());
        let mut posts = Vec::with_capacity(items.len() + 1);
        posts.push(0);
        let mut next_read = 0..;
        for from in reuse.iter().take(items.len()) {
            let (source, post, new_ids) = match *from {
                Some(post) => (kept, post, &mut from_kept),
                None => (&read, next_read.next().unwrap_or(0), &mut from_read),
            };
            let (old_ids, old_counts) = source.entries(post);
            for (&id, &count) in old_ids.iter().zip(old_counts) {
                let Some(new) = usize::try_from(id).ok().and_then(|id| new_ids.get_mut(id)) else {
                    continue;
                };
                if *new == NO_WORD {
                    *new = table.id_of(source.word(id));
                }
                ids.push(*new);
                counts.push(count);
            }
            posts.push(ids.len());
        }
        Self {
            words: table.words,
            starts: table.starts,
            ids,
            counts,
            posts,
        }
    }

    /// An index of no posts.
    pub(crate) fn empty() -> Self {
        merge(Vec::new())
    }

    /// Post `post`'s distinct words' ids and their counts (none for a post it does not have).
    fn entries(&self, post: usize) -> (&[u32], &[u8]) {
        let (Some(&from), Some(&to)) = (self.posts.get(post), self.posts.get(post + 1)) else {
            return (&[], &[]);
        };
        (
            self.ids.get(from..to).unwrap_or_default(),
            self.counts.get(from..to).unwrap_or_default(),
        )
    }

    /// The word with id `id`, without its line break.
    fn word(&self, id: u32) -> &[u8] {
        let id = usize::try_from(id).unwrap_or(usize::MAX);
        match (self.starts.get(id), self.starts.get(id.saturating_add(1))) {
            (Some(&from), Some(&to)) if from < to => {
                self.words.get(from..to - 1).unwrap_or_default()
            }
            _ => &[],
        }
    }

    /// The index as bytes, for keeping it in the cache folder: [`MAGIC`], the hash of the
    /// folio that built it, the five lengths and the five arrays, then per post the stamp of
    /// what its words were read from (see `content::word_stamps`), little endian, as
    /// [`TextIndex::from_bytes`] reads them back.
    pub(crate) fn to_bytes(&self, stamps: &[u64]) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            MAGIC.len()
                + 48
                + self.words.len()
                + 8 * self.starts.len()
                + 5 * self.ids.len()
                + 16 * stamps.len(),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&built_by().to_le_bytes());
        for len in [
            self.words.len(),
            self.starts.len(),
            self.ids.len(),
            self.counts.len(),
            self.posts.len(),
        ] {
            out.extend_from_slice(&(len as u64).to_le_bytes());
        }
        out.extend_from_slice(&self.words);
        for &start in &self.starts {
            out.extend_from_slice(&(start as u64).to_le_bytes());
        }
        for &id in &self.ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out.extend_from_slice(&self.counts);
        for &post in &self.posts {
            out.extend_from_slice(&(post as u64).to_le_bytes());
        }
        for &stamp in stamps {
            out.extend_from_slice(&stamp.to_le_bytes());
        }
        out
    }

    /// The index in `bytes` (from [`TextIndex::to_bytes`]) and its posts' stamps, if this
    /// folio built it and it is whole and consistent: every offset in order and in bounds,
    /// every word ended by a line break, every id a word's, a stamp per post. The file is read
    /// back from the cache folder, so anything else (another version, a truncated or corrupt
    /// file) is `None`, and the index is built again.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Kept> {
        let mut reader = Reader(bytes.strip_prefix(MAGIC)?);
        if reader.u64()? != built_by() {
            return None;
        }
        let mut lens = [0usize; 5];
        for len in &mut lens {
            *len = usize::try_from(reader.u64()?).ok()?;
        }
        let [words_len, starts_len, ids_len, counts_len, posts_len] = lens;
        if counts_len != ids_len || posts_len == 0 {
            return None;
        }
        let words = reader.bytes(words_len)?.to_vec();
        let starts = reader.u64s(starts_len)?;
        let ids: Vec<u32> = reader
            .bytes(ids_len.checked_mul(4)?)?
            .chunks_exact(4)
            .map(|id| u32::from_le_bytes([id[0], id[1], id[2], id[3]]))
            .collect();
        let counts = reader.bytes(counts_len)?.to_vec();
        let offsets = reader.u64s(posts_len)?;
        let stamps = reader
            .bytes((posts_len - 1).checked_mul(8)?)?
            .chunks_exact(8)
            .map(|stamp| u64::from_le_bytes(stamp.try_into().unwrap_or_default()))
            .collect();
        if !reader.0.is_empty() {
            return None;
        }
        let index = Self {
            words,
            starts,
            ids,
            counts,
            posts: offsets,
        };
        index.is_consistent().then_some(Kept { index, stamps })
    }

    /// Whether every offset is in order and in bounds, every word is followed by its line
    /// break (so no match spans two words) and every id names a word.
    fn is_consistent(&self) -> bool {
        let in_order = |offsets: &[usize], end: usize| {
            offsets.first() == Some(&0)
                && offsets.last() == Some(&end)
                && offsets.windows(2).all(|pair| pair[0] <= pair[1])
        };
        let words_ended = self
            .starts
            .windows(2)
            .all(|pair| pair[0] < pair[1] && self.words.get(pair[1] - 1) == Some(&b'\n'));
        let words = self.word_count();
        in_order(&self.starts, self.words.len())
            && words_ended
            && in_order(&self.posts, self.ids.len())
            && self.counts.len() == self.ids.len()
            && self
                .ids
                .iter()
                .all(|&id| usize::try_from(id).is_ok_and(|id| id < words))
    }

    /// Bytes the index holds, for measuring it.
    #[cfg(test)]
    fn size(&self) -> usize {
        self.words.len()
            + self.starts.len() * std::mem::size_of::<usize>()
            + self.ids.len() * 4
            + self.counts.len()
            + self.posts.len() * std::mem::size_of::<usize>()
    }
}

/// A [`TextIndex`] read back from the cache folder, with the stamp of what each of its posts'
/// words were read from (see `content::word_stamps`; 0: to be read again).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Kept {
    pub(crate) index: TextIndex,
    pub(crate) stamps: Vec<u64>,
}

/// Which folio built a kept index: a hash of its version, so another version's index, which
/// may split or count words otherwise, is built again.
fn built_by() -> u64 {
    crate::store::fnv1a(env!("CARGO_PKG_VERSION").as_bytes())
}

/// Per distinct word of a [`TextIndex`], how often one query word occurs in it.
pub(crate) struct Occurrences(Vec<u8>);

/// The start of a stored [`TextIndex`]: what it is and its format, bumped whenever the layout
/// or what the index holds changes.
const MAGIC: &[u8] = b"folio word index 2\n";

/// Reads a stored [`TextIndex`] from the front, `None` past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, len: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(taken)
    }

    fn u64(&mut self) -> Option<u64> {
        let bytes = self.bytes(8)?;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }

    fn u64s(&mut self, len: usize) -> Option<Vec<usize>> {
        let bytes = self.bytes(len.checked_mul(8)?)?;
        bytes
            .chunks_exact(8)
            .map(|value| {
                let value = u64::from_le_bytes(value.try_into().ok()?);
                usize::try_from(value).ok()
            })
            .collect()
    }
}

/// A 64-bit hash of a word. The index hashes every word of every body once; the standard
/// hasher's protection against chosen collisions costs several times as much, and a collision
/// here only costs a comparison more ([`WordTable`] compares the words themselves).
pub(super) fn hash_word(word: &[u8]) -> u64 {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = u64::try_from(word.len()).unwrap_or(u64::MAX);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(bytes))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(31);
    }
    let tail = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |tail, &byte| (tail << 8) | u64::from(byte));
    hash = (hash ^ tail).wrapping_mul(MULTIPLIER);
    hash ^ (hash >> 32)
}

/// Hashes a `u64` that is a hash already: [`WordTable`]'s keys.
#[derive(Default)]
struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; any other key is folded in rather than lost.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// No word id: the end of a chain in [`WordTable::next`].
const NO_WORD: u32 = u32::MAX;

/// Distinct words and their ids, in the order first seen: the words in one buffer, each
/// followed by a line break, as [`TextIndex`] keeps them.
struct WordTable {
    /// By hash, the first word with that hash.
    by_hash: HashMap<u64, u32, BuildHasherDefault<AlreadyHashed>>,
    /// By id, the next word with the same hash, or [`NO_WORD`].
    next: Vec<u32>,
    /// The words, each followed by a line break.
    words: Vec<u8>,
    /// By id, where the word starts in `words`, and one more entry: the end.
    starts: Vec<usize>,
}

impl Default for WordTable {
    fn default() -> Self {
        Self {
            by_hash: HashMap::default(),
            next: Vec::new(),
            words: Vec::new(),
            starts: vec![0],
        }
    }
}

impl WordTable {
    /// The number of words.
    fn len(&self) -> usize {
        self.next.len()
    }

    /// The word with id `id`.
    fn word(&self, id: usize) -> &[u8] {
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&from), Some(&to)) => self.words.get(from..to - 1).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The id of `word`, given it the first time it is seen.
    fn id_of(&mut self, word: &[u8]) -> u32 {
        self.id_with_hash(word, hash_word(word))
    }

    /// [`WordTable::id_of`], with the word's hash given: two words may share one.
    fn id_with_hash(&mut self, word: &[u8], hash: u64) -> u32 {
        // Four billion distinct words would take far more memory than a machine has before
        // the ids ran out.
        let new = u32::try_from(self.next.len()).unwrap_or(NO_WORD);
        let mut id = *self.by_hash.entry(hash).or_insert(new);
        if id != new {
            loop {
                let at = usize::try_from(id).unwrap_or(usize::MAX);
                let same = match (self.starts.get(at), self.starts.get(at + 1)) {
                    (Some(&from), Some(&to)) => self.words.get(from..to - 1) == Some(word),
                    _ => true,
                };
                if same {
                    return id;
                }
                match self.next.get_mut(at) {
                    Some(next) if *next != NO_WORD => id = *next,
                    Some(next) => {
                        *next = new;
                        break;
                    }
                    None => return id,
                }
            }
        }
        self.next.push(NO_WORD);
        self.words.extend_from_slice(word);
        self.words.push(b'\n');
        self.starts.push(self.words.len());
        new
    }
}

/// Entries in [`PartBuilder::recent`]: a few thousand short words are most of a blog's text.
const RECENT: usize = 1 << 12;

/// The longest word [`packed`] packs.
const PACKED_MAX: usize = 15;

/// The word at `range` of `text`, of up to fifteen bytes, as one number: its bytes and its
/// length, so two words give the same number only if they are the same word. `None` for
/// longer words. Where sixteen bytes of `text` start at the word, they are read at once and
/// those past the word masked off.
fn packed(text: &[u8], range: std::ops::Range<usize>) -> Option<u128> {
    let len = range.len();
    if len > PACKED_MAX {
        return None;
    }
    let bytes = match text
        .get(range.start..range.start + 16)
        .and_then(|sixteen| <[u8; 16]>::try_from(sixteen).ok())
    {
        Some(sixteen) => u128::from_le_bytes(sixteen) & ((1u128 << (8 * len)) - 1),
        None => text
            .get(range)?
            .iter()
            .rev()
            .fold(0u128, |packed, &byte| (packed << 8) | u128::from(byte)),
    };
    Some(bytes | (u128::from(u8::try_from(len).unwrap_or(0)) << 120))
}

/// Where a packed word sits in [`PartBuilder::recent`].
fn recent_slot(packed: u128) -> usize {
    let high = u64::try_from(packed >> 64).unwrap_or(0);
    let low = u64::try_from(packed & u128::from(u64::MAX)).unwrap_or(0);
    let folded = high ^ low;
    usize::try_from(folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52).unwrap_or(0) % RECENT
}

/// One thread's share of the index, with word ids of its own until [`merge`].
struct PartBuilder {
    /// The words seen.
    table: WordTable,
    /// Short words recently looked up, packed, with their ids: most words of a text are short
    /// and frequent, and finding one here costs one comparison of two numbers where the table
    /// costs a hash, a probe and a comparison of bytes. (`u64::MAX`: empty; no packed word
    /// is, its top byte being its length.)
    recent: Vec<(u128, u32)>,
    /// Per post, its distinct words' ids, post after post.
    ids: Vec<u32>,
    /// Their counts.
    counts: Vec<u8>,
    /// Where each post's entries end in `ids`.
    ends: Vec<usize>,
    /// By word id: where the word is among the current post's entries, plus one (0: not yet).
    slot: Vec<u32>,
}

impl Default for PartBuilder {
    fn default() -> Self {
        Self {
            table: WordTable::default(),
            recent: vec![(u128::MAX, 0); RECENT],
            ids: Vec::new(),
            counts: Vec::new(),
            ends: Vec::new(),
            slot: Vec::new(),
        }
    }
}

impl PartBuilder {
    /// The id of the word at `range` of `text`: from the short words seen recently, else from
    /// the table.
    fn id_of(&mut self, text: &[u8], range: std::ops::Range<usize>) -> u32 {
        let word = text.get(range.clone()).unwrap_or_default();
        let Some(packed) = packed(text, range) else {
            return self.table.id_of(word);
        };
        let slot = recent_slot(packed);
        if let Some(&(seen, id)) = self.recent.get(slot)
            && seen == packed
        {
            return id;
        }
        let id = self.table.id_of(word);
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (packed, id);
        }
        id
    }

    /// A share of `posts` posts with no words, in place of one that could not be built.
    fn empty(posts: usize) -> Self {
        Self {
            ends: vec![0; posts],
            ..Self::default()
        }
    }

    /// Counts the words of one post's lowercased text.
    fn add(&mut self, text: &[u8]) {
        let first = self.ids.len();
        for_each_word(text, |word| self.count_word(text, word, first));
        for &id in &self.ids[first..] {
            if let Some(slot) = usize::try_from(id)
                .ok()
                .and_then(|id| self.slot.get_mut(id))
            {
                *slot = 0;
            }
        }
        self.ends.push(self.ids.len());
    }

    /// Counts one occurrence of the word at `range` of `text`, in the post whose entries
    /// start at `first`.
    fn count_word(&mut self, text: &[u8], range: std::ops::Range<usize>, first: usize) {
        let id = self.id_of(text, range);
        if self.slot.len() < self.table.len() {
            self.slot.resize(self.table.len(), 0);
        }
        let Some(slot) = usize::try_from(id)
            .ok()
            .and_then(|id| self.slot.get_mut(id))
        else {
            return;
        };
        if *slot == 0 {
            self.ids.push(id);
            self.counts.push(1);
            *slot = u32::try_from(self.ids.len() - first).unwrap_or(u32::MAX);
        } else if let Some(count) = usize::try_from(*slot)
            .ok()
            .and_then(|at| self.counts.get_mut(first + at - 1))
        {
            *count = count.saturating_add(1).min(COUNT_CAP);
        }
    }
}

/// Joins the threads' shares, in order, into one index with one id per word.
fn merge(parts: Vec<PartBuilder>) -> TextIndex {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return TextIndex {
            starts: vec![0],
            posts: vec![0],
            ..TextIndex::default()
        };
    };
    let mut table = first.table;
    let mut ids = first.ids;
    let mut counts = first.counts;
    let mut posts = Vec::with_capacity(first.ends.len() + 1);
    posts.push(0);
    posts.extend(first.ends);
    for part in parts {
        // Each of the part's ids, as the whole index numbers its word.
        let global: Vec<u32> = (0..part.table.len())
            .map(|local| table.id_of(part.table.word(local)))
            .collect();
        let offset = ids.len();
        ids.extend(part.ids.iter().map(|&local| {
            usize::try_from(local)
                .ok()
                .and_then(|l| global.get(l))
                .copied()
                .unwrap_or(NO_WORD)
        }));
        counts.extend(part.counts);
        posts.extend(part.ends.iter().map(|end| end + offset));
    }
    TextIndex {
        words: table.words,
        starts: table.starts,
        ids,
        counts,
        posts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The separators, one byte at a time: what [`separator_mask`] finds eight at a time.
    fn is_separator(byte: u8) -> bool {
        matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    }

    /// What the index answers, the way full-text search asked it before there was one: a
    /// substring search over the lowercased text, counting up to the cap.
    fn counted_in_text(text: &str, word: &str) -> u8 {
        let lower = text.to_ascii_lowercase();
        let found = memmem::find_iter(lower.as_bytes(), word.as_bytes())
            .take(usize::from(COUNT_CAP))
            .count();
        u8::try_from(found).unwrap_or(COUNT_CAP)
    }

    fn counted_in_index(index: &TextIndex, post: usize, word: &str) -> u8 {
        index
            .occurrences(&memmem::Finder::new(word.as_bytes()))
            .map_or(0, |found| index.count_in(post, &found))
    }

    /// A stored index reads back as itself with its stamps; cut short or with any byte
    /// changed, it reads back as nothing or as an index that is consistent with a stamp per
    /// post (never a panic, never an offset out of bounds).
    #[test]
    fn a_stored_index_reads_back_whole_or_not_at_all() {
        let texts = [
            "Raft leaders send entries",
            "",
            "entries entries log",
            "日本語 log",
        ];
        let index = TextIndex::build(&texts, 2, |t| (*t).to_owned());
        let stamps = vec![7, 0, 9, 11];
        let stored = index.to_bytes(&stamps);
        assert_eq!(
            TextIndex::from_bytes(&stored),
            Some(Kept {
                index,
                stamps: stamps.clone()
            })
        );
        for len in 0..stored.len() {
            assert_eq!(TextIndex::from_bytes(&stored[..len]), None);
        }
        for at in 0..stored.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut broken = stored.clone();
                broken[at] ^= flip;
                if let Some(read) = TextIndex::from_bytes(&broken) {
                    assert!(read.index.is_consistent());
                    assert_eq!(read.stamps.len() + 1, read.index.posts.len());
                    // Asking it anything stays in bounds.
                    for post in 0..texts.len() {
                        let _ = counted_in_index(&read.index, post, "entries");
                    }
                }
            }
        }
    }

    /// The distinct words of an index, in order.
    fn words_of(index: &TextIndex) -> Vec<&[u8]> {
        let mut words: Vec<&[u8]> = (0..index.word_count())
            .map(|id| index.word(u32::try_from(id).unwrap_or(u32::MAX)))
            .collect();
        words.sort_unstable();
        words
    }

    proptest! {
        #![proptest_config(super::super::regressions_beside_source(300))]

        /// An index rebuilt from a kept one, taking some posts' words from it (in any order)
        /// and reading the rest, answers as one built from every text, and holds the same
        /// words: none that only a removed post had.
        #[test]
        fn a_rebuilt_index_answers_as_one_built_afresh(
            old in proptest::collection::vec("[abc ]{0,12}", 0..8),
            new in proptest::collection::vec(
                (proptest::option::of(0..8usize), "[abcd ]{0,12}"),
                0..8,
            ),
            asked in proptest::collection::vec("[abcd]{1,3}", 1..6),
        ) {
            let kept = TextIndex::build(&old, 3, Clone::clone);
            // Each new post takes an old post's words where it names one that exists, and
            // then has that post's text; else its own.
            let reuse: Vec<Option<usize>> = new
                .iter()
                .map(|(from, _)| from.filter(|&from| from < old.len()))
                .collect();
            let texts: Vec<String> = new
                .iter()
                .zip(&reuse)
                .map(|((_, own), from)| from.map_or_else(|| own.clone(), |from| old[from].clone()))
                .collect();
            let reads = std::sync::atomic::AtomicUsize::new(0);
            let rebuilt = TextIndex::rebuild(&kept, &reuse, &texts, 3, |text| {
                reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                text.clone()
            });
            // Only the posts not taken from the kept index are read.
            prop_assert_eq!(reads.into_inner(), reuse.iter().filter(|from| from.is_none()).count());
            let fresh = TextIndex::build(&texts, 3, Clone::clone);
            prop_assert!(rebuilt.is_consistent());
            prop_assert_eq!(words_of(&rebuilt), words_of(&fresh));
            for word in &asked {
                for post in 0..texts.len() {
                    prop_assert_eq!(
                        counted_in_index(&rebuilt, post, word),
                        counted_in_index(&fresh, post, word)
                    );
                }
            }
        }
    }

    #[test]
    fn counts_are_those_of_a_search_through_the_text() {
        let texts = [
            "The Lexer lexes; the lexer\tyields tokens.\nLexer",
            "no such word here",
            "aaaa aa a",
            "",
            "日本語のテキスト needle\u{a0}needle",
        ];
        let index = TextIndex::build(&texts, 2, |t| (*t).to_owned());
        for (post, text) in texts.iter().enumerate() {
            for word in [
                "lexer",
                "lex",
                "e",
                "aa",
                "a",
                "needle",
                "テキスト",
                "zzz",
                ";",
            ] {
                assert_eq!(
                    counted_in_index(&index, post, word),
                    counted_in_text(text, word),
                    "{word:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn words_that_share_a_hash_keep_ids_of_their_own() {
        let mut table = WordTable::default();
        let words: [&[u8]; 4] = [b"raft", b"paxos", b"", b"zab"];
        let ids: Vec<u32> = words.iter().map(|w| table.id_with_hash(w, 7)).collect();
        assert_eq!(ids, [0, 1, 2, 3]);
        let again: Vec<u32> = words.iter().map(|w| table.id_with_hash(w, 7)).collect();
        assert_eq!(again, ids);
        for (id, word) in words.iter().enumerate() {
            assert_eq!(table.word(id), *word);
        }
        assert_eq!(table.words, b"raft\npaxos\n\nzab\n");
    }

    #[test]
    fn a_word_on_every_line_counts_up_to_the_cap() {
        let text = "word\n".repeat(100);
        let index = TextIndex::build(&[text], 2, Clone::clone);
        assert_eq!(counted_in_index(&index, 0, "word"), COUNT_CAP);
        assert_eq!(counted_in_index(&index, 0, "or"), COUNT_CAP);
    }

    #[test]
    fn the_index_of_a_repetitive_text_is_a_fraction_of_it() {
        let texts: Vec<String> = (0..50)
            .map(|n| format!("post {n}: ").to_owned() + &"the same few words again ".repeat(400))
            .collect();
        let index = TextIndex::build(&texts, 2, Clone::clone);
        let text: usize = texts.iter().map(String::len).sum();
        assert!(index.size() * 20 < text, "{} of {text}", index.size());
    }

    proptest! {
        #![proptest_config(super::super::regressions_beside_source(ProptestConfig::default().cases))]

        /// The words found eight bytes at a time are those a split at every separator gives,
        /// for any bytes, multibyte characters and stray high bytes included.
        #[test]
        fn words_are_split_at_every_separator_and_nowhere_else(
            text in prop::collection::vec(
                prop_oneof![Just(b' '), 9u8..14, Just(b'a'), Just(0x89u8), Just(0xa0u8), any::<u8>()],
                0..200,
            ),
        ) {
            let mut ours = Vec::new();
            for_each_word(&text, |w| ours.push(text[w].to_vec()));
            let theirs: Vec<Vec<u8>> = text
                .split(|&b| is_separator(b))
                .filter(|w| !w.is_empty())
                .map(<[u8]>::to_vec)
                .collect();
            prop_assert_eq!(ours, theirs);
        }

        /// Two short words pack to the same number only when they are the same word, so the
        /// recent-word cache never mistakes one for another.
        #[test]
        fn packed_words_are_equal_only_when_the_words_are(
            a in prop::collection::vec(prop_oneof![Just(b'a'), any::<u8>()], 0..18),
            b in prop::collection::vec(prop_oneof![Just(b'a'), any::<u8>()], 0..18),
            after in prop::collection::vec(any::<u8>(), 0..20),
        ) {
            // Alone, each is packed byte by byte; with bytes after it, sixteen at a time.
            let (pa, pb) = (packed(&a, 0..a.len()), packed(&b, 0..b.len()));
            let in_text = [b.as_slice(), &after].concat();
            prop_assert_eq!(packed(&in_text, 0..b.len()), pb);
            prop_assert_eq!(pa.is_some(), a.len() <= PACKED_MAX);
            if let (Some(pa), Some(pb)) = (pa, pb) {
                prop_assert_eq!(pa == pb, a == b);
                prop_assert_ne!(pa, u128::MAX);
            }
        }

        /// On any texts, split into shares for any number of threads, a word is counted in
        /// each post as a search through its text counts it.
        #[test]
        fn the_index_counts_as_the_text_search_does(
            texts in prop::collection::vec("[aAb \n\t\u{a0}é.]{0,40}", 0..12),
            word in "[ab.é]{1,3}",
            parallel_from in 0usize..4,
        ) {
            let index = TextIndex::build(&texts, parallel_from, Clone::clone);
            for (post, text) in texts.iter().enumerate() {
                prop_assert_eq!(
                    counted_in_index(&index, post, &word),
                    counted_in_text(text, &word),
                    "{:?} in {:?}", word, text
                );
            }
        }
    }
}
