//! Where a query word can sit *compactly* in a field (see the [module docs](super)): its
//! letters in order (in smart case, as skim: a word with a capital matches exactly), each
//! within [`MAX_GAP`] characters of the one before or at the start of a word. This decides
//! whether a word matches a field; skim only scores.
//!
//! Every keystroke asks this of the title, summary and tags of thousands of posts, so it is
//! answered with bitsets, 64 positions to a machine word, not a character at a time: a
//! letter's positions (and the word starts) are found eight bytes at a time, and one step of
//! a placement is a few shifts and masks. [`placed`] answers whether a placement exists;
//! [`placement`] also gives the span that holds them all, so skim, far dearer per character,
//! scores that span instead of the whole field (see
//! [`Searcher::rank_top`](super::Searcher::rank_top)).

/// Characters a match may skip between two matched letters unless it jumps to a word start.
pub(super) const MAX_GAP: usize = 2;

/// Where the compact placements of a word in a field are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Placement {
    /// There is none: skim's match cannot be compact, nor any longer word's.
    Nowhere,
    /// Every compact placement lies in these bytes (ASCII, so also these characters): from
    /// the first placement's first letter to the last one's last letter.
    Within(std::ops::Range<usize>),
    /// The whole field is for skim to judge, as it may hold a placement anywhere: the field
    /// or the word is not ASCII, where lowercasing can change what a character matches, or
    /// the field is longer than [`MAX_LEN`] bytes.
    Anywhere,
}

/// `$f::<N>($args)` with `N` as few machine words as a text of `$len` bytes (at most
/// [`MAX_LEN`]) needs: most titles fit in one, most summaries in four, and every step of a
/// placement costs a loop over them.
macro_rules! in_words {
    ($len:expr, $f:ident($($arg:expr),*)) => {
        match $len.div_ceil(64) {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 | 4 => $f::<4>($($arg),*),
            _ => $f::<WORDS>($($arg),*),
        }
    };
}

/// Where `word` can be placed compactly in `text` (see [`Placement`]). Smart case, as skim's:
/// a word with a capital matches exactly, one without ignores case.
pub(super) fn placement(text: &str, word: &str) -> Placement {
    if !decides(text) || !word.is_ascii() {
        return Placement::Anywhere;
    }
    let (text, word) = (text.as_bytes(), word.as_bytes());
    if word.is_empty() || text.is_empty() {
        return if word.is_empty() {
            Placement::Within(0..0)
        } else {
            Placement::Nowhere
        };
    }
    in_words!(text.len(), placement_in(text, word))
}

/// Whether `word` has a compact placement in `text` (smart case, as [`placement`]), `None`
/// where the bitsets do not apply (see [`Placement::Anywhere`]). Cheaper than
/// [`placement`]: whether one exists is the forward pass alone.
pub(super) fn placed(text: &str, word: &str) -> Option<bool> {
    if !decides(text) || !word.is_ascii() {
        return None;
    }
    let (text, word) = (text.as_bytes(), word.as_bytes());
    if word.is_empty() || text.is_empty() {
        return Some(word.is_empty());
    }
    Some(in_words!(text.len(), placed_in(text, word)))
}

/// [`placed`] for a non-empty ASCII `word` in a non-empty ASCII `text` of at most `N * 64`
/// bytes: the forward pass of [`placement_in`], keeping only the last row.
fn placed_in<const N: usize>(text: &[u8], word: &[u8]) -> bool {
    let starts = word_starts::<N>(text);
    let exact = word.iter().any(u8::is_ascii_uppercase);
    ends_somewhere(
        &starts,
        word.iter()
            .map(|&letter| Bits::of_letter(text, letter, exact)),
    )
}

/// Whether a placement ends anywhere, for a word whose letters are at the positions
/// `letters` gives in turn, with these word starts: the forward pass, one row kept.
fn ends_somewhere<const N: usize>(
    starts: &Bits<N>,
    letters: impl IntoIterator<Item = Bits<N>>,
) -> bool {
    let mut row: Option<Bits<N>> = None;
    for here in letters {
        let next = match &row {
            None => here,
            Some(before) => here.and(&before.reach(starts)),
        };
        if next.is_empty() {
            return false;
        }
        row = Some(next);
    }
    true
}

/// Whether the placements of a word without capitals in `text` are the placements in its
/// lowercase, so the bitsets can be given that instead (a keystroke then reads one copy of
/// the field, not two): where they apply ([`placed`] is `Some`), and where lowercasing
/// moves no word start, as it would a capital after a small letter (camelCase).
pub(super) fn same_in_lowercase(text: &str) -> bool {
    decides(text)
        && !text
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase())
}

/// Whether the bitsets decide the placements of a word in `text` ([`placed`] and
/// [`placement`] answer for it): it is ASCII and no longer than they hold. Elsewhere skim's
/// alignment decides, and it can stray for a word and not for a longer one.
pub(super) fn decides(text: &str) -> bool {
    text.is_ascii() && text.len() <= MAX_LEN
}

/// [`placed`] for the lowercase of a field that [`same_in_lowercase`] holds of, and a word
/// without capitals: the most common question of a keystroke, asked of the lowercase copy a
/// search keeps. That text has no capital, so its word starts are the positions after a
/// character that is not a small letter or digit, and a letter is found by one comparison;
/// every letter's positions and the word starts are found in one pass over the text. `None`
/// where [`placed`] must answer instead: the word is not ASCII, has a capital or is longer
/// than [`INLINE_LETTERS`], or the text is longer than the bitsets hold.
pub(super) fn placed_lowercase(text: &str, word: &str) -> Option<bool> {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    if !word.is_ascii()
        || word.iter().any(u8::is_ascii_uppercase)
        || word.len() > INLINE_LETTERS
        || text.len() > MAX_LEN
    {
        return None;
    }
    if word.is_empty() || text.is_empty() {
        return Some(word.is_empty());
    }
    Some(in_words!(text.len(), placed_lowercase_in(text, word)))
}

/// [`placed_lowercase`] with bitsets of `N` machine words.
fn placed_lowercase_in<const N: usize>(text: &[u8], word: &[u8]) -> bool {
    let mut alphanumeric = Bits::<N>::EMPTY;
    let mut inline = [Bits::<N>::EMPTY; INLINE_LETTERS];
    let letters = &mut inline[..word.len()];
    for_lane_groups(text, |p, lanes| {
        let (at, shift) = (p / 64, p % 64);
        let small_or_digit = in_range(lanes, b'a', b'z') | in_range(lanes, b'0', b'9');
        alphanumeric.0[at] |= gather_top_bits(small_or_digit) << shift;
        for (bits, &letter) in letters.iter_mut().zip(word) {
            let here = zero_lanes(lanes ^ (LOW_BITS * u64::from(letter)));
            bits.0[at] |= gather_top_bits(here) << shift;
        }
    });
    let within = Bits::below_len(text.len());
    let mut after_alphanumeric = Bits::EMPTY;
    after_alphanumeric.or_shifted_up(&alphanumeric, 1);
    let starts = after_alphanumeric.not().and(&within);
    ends_somewhere(&starts, letters.iter().map(|here| here.and(&within)))
}

/// The positions of the first compact placement of `word` in `text` (smart case, as
/// [`placement`]): each letter as early as a whole placement allows. For a card's highlight
/// where skim's own match strays; `None` where there is no placement or the bitsets do not
/// apply (see [`Placement::Anywhere`]).
pub(super) fn first_placement(text: &str, word: &str) -> Option<Vec<usize>> {
    if !decides(text) || !word.is_ascii() || word.is_empty() || text.is_empty() {
        return None;
    }
    let (text, word) = (text.as_bytes(), word.as_bytes());
    in_words!(text.len(), first_placement_in(text, word))
}

/// [`first_placement`] with bitsets of `N` machine words: the rows of [`placement_in`], kept,
/// narrowed back to the positions on a whole placement, then walked forward taking the
/// lowest position each letter can have after the one before.
fn first_placement_in<const N: usize>(text: &[u8], word: &[u8]) -> Option<Vec<usize>> {
    let starts = word_starts::<N>(text);
    let exact = word.iter().any(u8::is_ascii_uppercase);
    let mut rows: Vec<Bits<N>> = Vec::with_capacity(word.len());
    for &letter in word {
        let here = Bits::of_letter(text, letter, exact);
        rows.push(match rows.last() {
            None => here,
            Some(before) => here.and(&before.reach(&starts)),
        });
    }
    for i in (0..rows.len().saturating_sub(1)).rev() {
        rows[i] = rows[i].and(&rows[i + 1].reached_from(&starts));
    }
    let mut positions: Vec<usize> = Vec::with_capacity(word.len());
    for row in &rows {
        let allowed = match positions.last() {
            None => *row,
            Some(&before) => row.and(&Bits::single(before).reach(&starts)),
        };
        positions.push(allowed.lowest()?);
    }
    Some(positions)
}

/// Letters of a word placed without allocating; a longer word (rare in a search bar) keeps
/// its rows on the heap.
const INLINE_LETTERS: usize = 24;

/// [`placement`] of a non-empty ASCII `word` in a non-empty ASCII `text` of at most
/// `N * 64` bytes.
fn placement_in<const N: usize>(text: &[u8], word: &[u8]) -> Placement {
    let starts = word_starts::<N>(text);
    let exact = word.iter().any(u8::is_ascii_uppercase);
    // `ends[i]`: the positions where a compact placement of the word's first i + 1 letters
    // ends.
    let mut inline = [Bits::<N>::EMPTY; INLINE_LETTERS];
    let mut heap = Vec::new();
    let ends: &mut [Bits<N>] = if word.len() <= INLINE_LETTERS {
        &mut inline[..word.len()]
    } else {
        heap.resize(word.len(), Bits::<N>::EMPTY);
        &mut heap
    };
    for (i, &letter) in word.iter().enumerate() {
        let here = Bits::of_letter(text, letter, exact);
        let row = match i.checked_sub(1) {
            None => here,
            Some(before) => here.and(&ends[before].reach(&starts)),
        };
        if row.is_empty() {
            return Placement::Nowhere;
        }
        ends[i] = row;
    }
    // Back from the last letter: which positions of each letter are on a whole placement.
    let Some((&last, rows)) = ends.split_last() else {
        return Placement::Nowhere;
    };
    let Some(last_end) = last.highest() else {
        return Placement::Nowhere;
    };
    let mut on = last;
    for row in rows.iter().rev() {
        on = row.and(&on.reached_from(&starts));
    }
    let Some(first_start) = on.lowest() else {
        return Placement::Nowhere;
    };
    Placement::Within(first_start..last_end + 1)
}

/// The positions of `text` (at most `N * 64` bytes) that start a word: after a character
/// that is not a letter or digit, or a capital after a lowercase letter (camelCase).
fn word_starts<const N: usize>(text: &[u8]) -> Bits<N> {
    // One pass for three classes: letters (either case, as bit 5 set), small letters, and
    // letters or digits.
    let (mut alphanumeric, mut lower, mut letters) = (Bits::<N>::EMPTY, Bits::EMPTY, Bits::EMPTY);
    for_lane_groups(text, |p, lanes| {
        let letter = in_range(lanes | (LOW_BITS * 0x20), b'a', b'z');
        let small = in_range(lanes, b'a', b'z');
        let digit = in_range(lanes, b'0', b'9');
        alphanumeric.0[p / 64] |= gather_top_bits(letter | digit) << (p % 64);
        lower.0[p / 64] |= gather_top_bits(small) << (p % 64);
        letters.0[p / 64] |= gather_top_bits(letter) << (p % 64);
    });
    let upper = letters.and(&lower.not());
    let mut after_alphanumeric = Bits::EMPTY;
    after_alphanumeric.or_shifted_up(&alphanumeric, 1);
    let mut after_lower = Bits::EMPTY;
    after_lower.or_shifted_up(&lower, 1);
    after_alphanumeric
        .not()
        .or(&after_lower.and(&upper))
        .and(&Bits::below_len(text.len()))
}

/// Each byte of a `u64` with only its top bit set: where the byte tests below answer.
pub(super) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Each byte of a `u64` equal to 1: multiplied by a byte, that byte in every lane.
pub(super) const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The top bit of each byte of `lanes` that is zero. Exact: the addition cannot carry from one
/// byte into the next, as it would in the shorter test for a zero byte.
pub(super) fn zero_lanes(lanes: u64) -> u64 {
    !(((lanes & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | lanes) & HIGH_BITS
}

/// The top bit of each byte of `lanes` (ASCII bytes, below 128) from `low` to `high`.
pub(super) fn in_range(lanes: u64, low: u8, high: u8) -> u64 {
    // A byte below 128 plus (128 - low) reaches 128 exactly when it is at least `low`, and
    // plus (127 - high) when it is above `high`; neither sum passes 255, so lanes stay apart.
    let at_least_low = lanes.wrapping_add(LOW_BITS * u64::from(128 - low));
    let above_high = lanes.wrapping_add(LOW_BITS * u64::from(127 - high));
    at_least_low & !above_high & HIGH_BITS
}

/// Machine words in the largest [`Bits`].
const WORDS: usize = 8;

/// The longest field placed with bitsets; skim judges a longer one whole.
const MAX_LEN: usize = WORDS * 64;

/// A set of positions in a text of at most `N * 64` bytes, bit `p % 64` of word `p / 64`
/// for position `p`. Fixed in size, so a keystroke's thousands of placements allocate
/// nothing, and its loops have a length the compiler knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bits<const N: usize>([u64; N]);

impl<const N: usize> Bits<N> {
    const EMPTY: Self = Self([0; N]);

    /// Where `letter` is in `text` (ASCII): exactly, or in either case unless `exact`.
    fn of_letter(text: &[u8], letter: u8, exact: bool) -> Self {
        let bits = if exact || !letter.is_ascii_alphabetic() {
            Self::of_bytes(text, |v| zero_lanes(v ^ (LOW_BITS * u64::from(letter))))
        } else {
            // Setting bit 5 turns a capital into its small letter and a small letter into
            // itself; of all bytes, only those two become the small letter.
            let small = LOW_BITS * u64::from(letter.to_ascii_lowercase());
            Self::of_bytes(text, |v| zero_lanes((v | (LOW_BITS * 0x20)) ^ small))
        };
        bits.and(&Self::below_len(text.len()))
    }

    /// The positions of `text` whose byte `picks` picks: `picks` is given eight bytes at a time
    /// as the lanes of a `u64` (the first byte lowest), and answers with the top bit of each
    /// lane it picks. Bytes past the end are given as zeros.
    fn of_bytes(text: &[u8], picks: impl Fn(u64) -> u64) -> Self {
        let mut bits = Self::EMPTY;
        for_lane_groups(text, |p, lanes| {
            bits.0[p / 64] |= gather_top_bits(picks(lanes)) << (p % 64);
        });
        bits
    }

    /// The set of position `p` alone (below `N * 64`).
    fn single(p: usize) -> Self {
        let mut bits = Self::EMPTY;
        if let Some(word) = bits.0.get_mut(p / 64) {
            *word = 1 << (p % 64);
        }
        bits
    }

    /// The positions below `len`.
    fn below_len(len: usize) -> Self {
        let mut bits = Self::EMPTY;
        for (i, word) in bits.0.iter_mut().enumerate() {
            *word = below(len, i);
        }
        bits
    }

    fn not(&self) -> Self {
        let mut out = *self;
        out.0.iter_mut().for_each(|a| *a = !*a);
        out
    }

    fn or(&self, other: &Self) -> Self {
        let mut out = *self;
        out.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
        out
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    fn and(&self, other: &Self) -> Self {
        let mut out = *self;
        out.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
        out
    }

    fn lowest(&self) -> Option<usize> {
        let (i, word) = self.0.iter().enumerate().find(|(_, w)| **w != 0)?;
        Some(i * 64 + word.trailing_zeros() as usize)
    }

    fn highest(&self) -> Option<usize> {
        let (i, word) = self.0.iter().enumerate().rev().find(|(_, w)| **w != 0)?;
        Some(i * 64 + 63 - word.leading_zeros() as usize)
    }

    /// Where the next letter of a placement ending in one of these positions may be: up to
    /// [`MAX_GAP`] characters on, or at any word start after the first of them.
    fn reach(&self, starts: &Self) -> Self {
        let mut near = Self::EMPTY;
        for step in 1..=MAX_GAP + 1 {
            near.or_shifted_up(self, step);
        }
        if let Some(first) = self.lowest() {
            for (i, word) in near.0.iter_mut().enumerate() {
                *word |= starts.0[i] & above(first, i);
            }
        }
        near
    }

    /// The mirror of [`Bits::reach`]: where the letter before one of these positions may be,
    /// up to [`MAX_GAP`] characters back, or anywhere before the last of them that starts a
    /// word.
    fn reached_from(&self, starts: &Self) -> Self {
        let mut near = Self::EMPTY;
        for step in 1..=MAX_GAP + 1 {
            near.or_shifted_down(self, step);
        }
        if let Some(last) = self.and(starts).highest() {
            for (i, word) in near.0.iter_mut().enumerate() {
                *word |= below(last, i);
            }
        }
        near
    }

    /// Adds `other`'s positions moved `step` (1..64) places up.
    fn or_shifted_up(&mut self, other: &Self, step: usize) {
        let mut carry = 0;
        for (word, &from) in self.0.iter_mut().zip(&other.0) {
            *word |= (from << step) | carry;
            carry = from >> (64 - step);
        }
    }

    /// Adds `other`'s positions moved `step` (1..64) places down.
    fn or_shifted_down(&mut self, other: &Self, step: usize) {
        let mut carry = 0;
        for (word, &from) in self.0.iter_mut().zip(&other.0).rev() {
            *word |= (from >> step) | carry;
            carry = from << (64 - step);
        }
    }
}

/// Calls `visit` with each eight bytes of `text` (at most [`MAX_LEN`] bytes) as the lanes of a
/// `u64`, the first byte lowest, and the position of the first; bytes past the end are
/// zeros.
fn for_lane_groups(text: &[u8], mut visit: impl FnMut(usize, u64)) {
    let groups = text.chunks_exact(8);
    let rest = groups.remainder();
    let mut p = 0;
    for group in groups {
        visit(p, u64::from_le_bytes(group.try_into().unwrap_or_default()));
        p += 8;
    }
    if !rest.is_empty() {
        let mut lanes = [0; 8];
        lanes[..rest.len()].copy_from_slice(rest);
        visit(p, u64::from_le_bytes(lanes));
    }
}

/// The top bits of the eight bytes of `lanes` as the low eight bits of the result, the first
/// byte's lowest. The multiplication moves byte `i`'s bit to bit `56 + i`; no two of its
/// other products meet there or carry into it.
pub(super) fn gather_top_bits(lanes: u64) -> u64 {
    ((lanes >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The bits of word `i` for the positions above `p`.
fn above(p: usize, i: usize) -> u64 {
    let first = p + 1;
    if first <= i * 64 {
        u64::MAX
    } else if first - i * 64 >= 64 {
        0
    } else {
        u64::MAX << (first - i * 64)
    }
}

/// The bits of word `i` for the positions below `p`.
fn below(p: usize, i: usize) -> u64 {
    if p <= i * 64 {
        0
    } else if p - i * 64 >= 64 {
        u64::MAX
    } else {
        (1 << (p - i * 64)) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// Every compact placement of `word` in `text`, found one letter at a time, in smart
    /// case: what the bitsets must agree with.
    fn placements(text: &[u8], word: &[u8]) -> Vec<Vec<usize>> {
        fn extend(text: &[u8], word: &[u8], so_far: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            let Some(&letter) = word.get(so_far.len()) else {
                out.push(so_far.clone());
                return;
            };
            let from = so_far.last().map_or(0, |q| q + 1);
            for p in from..text.len() {
                let near = so_far.last().is_none_or(|q| {
                    p - q - 1 <= MAX_GAP
                        || word_starts::<WORDS>(text).0[p / 64] >> (p % 64) & 1 == 1
                });
                let exact = word.iter().any(u8::is_ascii_uppercase);
                let same = if exact {
                    text[p] == letter
                } else {
                    text[p].eq_ignore_ascii_case(&letter)
                };
                if near && same {
                    so_far.push(p);
                    extend(text, word, so_far, out);
                    so_far.pop();
                }
            }
        }
        let mut out = Vec::new();
        extend(text, word, &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn finds_gaps_word_starts_and_camel_case() {
        assert_eq!(
            placement("Consistent Hashing", "hash"),
            Placement::Within(11..15)
        );
        assert_eq!(
            placement("Garbage Collection", "gc"),
            Placement::Within(0..9)
        );
        assert_eq!(
            placement("garbageCollection", "gc"),
            Placement::Within(0..8)
        );
        assert_eq!(placement("cnsistent", "cs"), Placement::Within(0..3));
        assert_eq!(
            placement("the matroid is shaped", "hash"),
            Placement::Nowhere
        );
        assert_eq!(placement("abc", "abcd"), Placement::Nowhere);
        assert_eq!(placement("naïve", "nv"), Placement::Anywhere);
        assert_eq!(placement(&"ab ".repeat(200), "ab"), Placement::Anywhere);
    }

    /// The byte tests, eight lanes at a time, against the standard library's, for every ASCII
    /// byte in every lane: word starts after each byte, and each letter in either case.
    #[test]
    fn byte_tests_agree_with_the_standard_library() {
        let text: Vec<u8> = (0..128u8).chain((0..128u8).rev()).chain(0..7).collect();
        let at = |bits: &Bits<WORDS>, p: usize| bits.0[p / 64] >> (p % 64) & 1 == 1;
        let starts = word_starts::<WORDS>(&text);
        for p in 0..text.len() + 3 {
            let expected = p < text.len()
                && (p == 0
                    || !text[p - 1].is_ascii_alphanumeric()
                    || (text[p - 1].is_ascii_lowercase() && text[p].is_ascii_uppercase()));
            assert_eq!(at(&starts, p), expected, "word start at {p}");
        }
        for letter in 1..128u8 {
            for exact in [false, true] {
                let found = Bits::<WORDS>::of_letter(&text, letter, exact);
                for p in 0..text.len() + 3 {
                    let expected = text.get(p).is_some_and(|&byte| {
                        if exact {
                            byte == letter
                        } else {
                            byte.eq_ignore_ascii_case(&letter)
                        }
                    });
                    assert_eq!(at(&found, p), expected, "{letter} at {p}, exact: {exact}");
                }
            }
        }
    }

    #[test]
    fn the_span_runs_from_the_first_placement_to_the_last() {
        let text = format!("splat {} latency", "x".repeat(60));
        assert_eq!(placement(&text, "lat"), Placement::Within(2..70));
        assert_eq!(placement(&text, "late"), Placement::Within(67..71));
    }

    #[test]
    fn spans_cross_machine_words() {
        let text = format!("{}hash", "x".repeat(126));
        assert_eq!(placement(&text, "hash"), Placement::Within(126..130));
        let text = format!("{}h{}ash", "x".repeat(63), "y".repeat(400));
        assert_eq!(placement(&text, "hash"), Placement::Nowhere);
        // A jump to a word start, hundreds of bytes on.
        let text = format!("{}h {}ash", "x".repeat(63), "y ".repeat(200));
        assert_eq!(placement(&text, "hash"), Placement::Within(63..468));
        let text = format!("{}h{}-ash", "x".repeat(63), "y".repeat(400));
        assert_eq!(placement(&text, "hash"), Placement::Within(63..468));
        let text = format!("{}h-a-s-h", "x".repeat(61));
        assert_eq!(placement(&text, "hash"), Placement::Within(61..68));
    }

    #[test]
    fn the_first_placement_takes_each_letter_as_early_as_it_can() {
        assert_eq!(
            first_placement("Consistent Hashing", "hash"),
            Some(vec![11, 12, 13, 14])
        );
        // From the first `s`, the `h` may jump to the start of "Hashing"; no `h` follows
        // the `g` of "Hashing", near or at a word start.
        assert_eq!(
            first_placement("Consistent Hashing", "sh"),
            Some(vec![3, 11])
        );
        assert_eq!(
            first_placement("Consistent Hashing", "nh"),
            Some(vec![2, 11])
        );
        assert_eq!(first_placement("Consistent Hashing", "ngh"), None);
        assert_eq!(
            first_placement("Garbage Collection", "gc"),
            Some(vec![0, 8])
        );
        assert_eq!(first_placement("the matroid is shaped", "hash"), None);
        assert_eq!(first_placement("naïve", "nv"), None);
    }

    proptest! {
        #![proptest_config(super::super::regressions_beside_source(ProptestConfig::default().cases))]

        /// The bitsets find a placement exactly when one exists, and their span is the one
        /// from the first placement's start to the last one's end.
        #[test]
        fn agrees_with_placing_one_letter_at_a_time(
            text in "[abAB0 _-]{0,90}",
            word in "[abAB]{1,4}",
        ) {
            assert_matches_placing_one_letter_at_a_time(&text, &word)?;
        }

        /// The same over texts of one to eight machine words (up to 504 bytes), their
        /// letters sparse enough for the slow enumeration.
        #[test]
        fn agrees_with_placing_one_letter_at_a_time_in_long_texts(
            text in "(x{10,20}[abAB0 _-]){0,24}",
            word in "[abAB]{1,4}",
        ) {
            assert_matches_placing_one_letter_at_a_time(&text, &word)?;
        }

        /// Where [`same_in_lowercase`] says so, a word without capitals is placed in the
        /// lowercase text as in the text; and it says so of any ASCII text without a
        /// capital after a small letter.
        #[test]
        fn a_text_without_humps_places_as_its_lowercase(
            text in "[abAB0 _-]{0,90}",
            word in "[ab0_]{1,4}",
        ) {
            let lower = text.to_ascii_lowercase();
            let humps = text
                .as_bytes()
                .windows(2)
                .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
            prop_assert_eq!(same_in_lowercase(&text), !humps);
            if !humps {
                prop_assert_eq!(placed(&text, &word), placed(&lower, &word));
                prop_assert_eq!(placement(&text, &word), placement(&lower, &word));
                prop_assert_eq!(placed_lowercase(&lower, &word), placed(&text, &word));
            }
        }
    }

    fn assert_matches_placing_one_letter_at_a_time(
        text: &str,
        word: &str,
    ) -> Result<(), TestCaseError> {
        let all = placements(text.as_bytes(), word.as_bytes());
        let found = placement(text, word);
        // Placements are found in order of their positions, so the first is the earliest.
        prop_assert_eq!(first_placement(text, word), all.first().cloned());
        prop_assert_eq!(placed(text, word), Some(!all.is_empty()));
        if all.is_empty() {
            prop_assert_eq!(found, Placement::Nowhere);
        } else {
            let first = all.iter().map(|p| p[0]).min().unwrap_or(0);
            let last = all.iter().map(|p| p[p.len() - 1]).max().unwrap_or(0);
            prop_assert_eq!(found, Placement::Within(first..last + 1));
        }
        Ok(())
    }
}
