//! Where a query word can sit *compactly* in a field (see the [module docs](super)): its
//! letters in order, ignoring case, each within [`MAX_GAP`] characters of the one before or at
//! the start of a word.
//!
//! Every keystroke asks this of the title, summary and tags of thousands of posts, so it is
//! answered with bitsets, 64 positions to a machine word, not a character at a time: a
//! letter's positions are one compare per byte, a block of 64 bytes to a word, and one step
//! of the placement is a few shifts and masks. The answer is the span of the field that holds every compact placement, so skim,
//! which is far dearer per character, looks at that span instead of the whole field (see
//! [`Searcher::rank`](super::Searcher::rank)).

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

/// Where `word` can be placed compactly in `text` (see [`Placement`]).
pub(super) fn placement(text: &str, word: &str) -> Placement {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    if !text.is_ascii() || !word.is_ascii() || text.len() > MAX_LEN {
        return Placement::Anywhere;
    }
    if word.is_empty() || text.is_empty() {
        return if word.is_empty() {
            Placement::Within(0..0)
        } else {
            Placement::Nowhere
        };
    }
    let starts = word_starts(text);
    // `ends[i]`: the positions where a compact placement of the word's first i + 1 letters
    // ends.
    let mut ends: Vec<Bits> = vec![Bits::of_letter(text, word[0])];
    for &letter in &word[1..] {
        let next = Bits::of_letter(text, letter).and(&ends[ends.len() - 1].reach(&starts));
        if next.is_empty() {
            return Placement::Nowhere;
        }
        ends.push(next);
    }
    // Back from the last letter: which positions of each letter are on a whole placement.
    let Some(mut on) = ends.pop() else {
        return Placement::Nowhere;
    };
    let Some(last_end) = on.highest() else {
        return Placement::Nowhere;
    };
    while let Some(row) = ends.pop() {
        on = row.and(&on.reached_from(&starts));
    }
    let Some(first_start) = on.lowest() else {
        return Placement::Nowhere;
    };
    Placement::Within(first_start..last_end + 1)
}

/// The positions of `text` (at most [`MAX_LEN`] bytes) that start a word: after a
/// character that is not a letter or digit, or a capital after a lowercase letter (camelCase).
fn word_starts(text: &[u8]) -> Bits {
    let mut bits = Bits::EMPTY;
    let mut previous: Option<u8> = None;
    for (p, &byte) in text.iter().enumerate() {
        let starts = previous.is_none_or(|previous| {
            !previous.is_ascii_alphanumeric()
                || (previous.is_ascii_lowercase() && byte.is_ascii_uppercase())
        });
        bits.0[p / 64] |= u64::from(starts) << (p % 64);
        previous = Some(byte);
    }
    bits
}

/// Machine words in a [`Bits`].
const WORDS: usize = 8;

/// The longest field placed with bitsets; skim judges a longer one whole.
const MAX_LEN: usize = WORDS * 64;

/// A set of positions in a text of at most [`MAX_LEN`] bytes, bit `p % 64` of word `p / 64`
/// for position `p`. Fixed in size, so a keystroke's thousands of placements allocate nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bits([u64; WORDS]);

impl Bits {
    const EMPTY: Self = Self([0; WORDS]);

    /// Where `letter` is in `text`, either case.
    fn of_letter(text: &[u8], letter: u8) -> Self {
        let (lower, upper) = (letter.to_ascii_lowercase(), letter.to_ascii_uppercase());
        let mut bits = Self::EMPTY;
        for (word, chunk) in bits.0.iter_mut().zip(text.chunks(64)) {
            *word = chunk.iter().enumerate().fold(0, |mask, (i, &byte)| {
                mask | (u64::from(byte == lower || byte == upper) << i)
            });
        }
        bits
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

    /// Every compact placement of `word` in `text`, found one letter at a time: what the
    /// bitsets must agree with.
    fn placements(text: &[u8], word: &[u8]) -> Vec<Vec<usize>> {
        fn extend(text: &[u8], word: &[u8], so_far: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            let Some(&letter) = word.get(so_far.len()) else {
                out.push(so_far.clone());
                return;
            };
            let from = so_far.last().map_or(0, |q| q + 1);
            for p in from..text.len() {
                let near = so_far.last().is_none_or(|q| {
                    p - q - 1 <= MAX_GAP || word_starts(text).0[p / 64] >> (p % 64) & 1 == 1
                });
                if near && text[p].eq_ignore_ascii_case(&letter) {
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

    proptest! {
        /// The bitsets find a placement exactly when one exists, and their span is the one
        /// from the first placement's start to the last one's end.
        #[test]
        fn agrees_with_placing_one_letter_at_a_time(
            text in "[abAB -]{0,90}",
            word in "[abAB]{1,4}",
        ) {
            let all = placements(text.as_bytes(), word.as_bytes());
            let found = placement(&text, &word);
            if all.is_empty() {
                prop_assert_eq!(found, Placement::Nowhere);
            } else {
                let first = all.iter().map(|p| p[0]).min().unwrap_or(0);
                let last = all.iter().map(|p| p[p.len() - 1]).max().unwrap_or(0);
                prop_assert_eq!(found, Placement::Within(first..last + 1));
            }
        }
    }
}
