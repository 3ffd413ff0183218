//! The search language of the search bar and `folio search`:
//!
//! | term | meaning |
//! | --- | --- |
//! | `word` | fuzzy: must match the title, summary or tags (every word must match, in any order) |
//! | `#tag`, `tag:name` | only posts with this tag |
//! | `'word` | only posts containing this exact text (any case) |
//! | `!word` | no post containing this text |
//! | `year:2020` | only posts from that year |
//! | `after:2020-06`, `before:2021-01-15` | only posts from (or before) that month or day |
//!
//! Terms the language does not know (`colour:red`) or cannot read (`year:20x`) are kept as
//! such, so the bar can show them as mistakes instead of silently ignoring them.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

/// What one term of a query does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Fuzzy text that must match the title, summary or tags.
    Fuzzy(String),
    /// Posts with this tag (lowercase).
    Tag(String),
    /// Posts containing this text exactly (compared in lowercase).
    Exact(String),
    /// Posts not containing this text (compared in lowercase).
    Exclude(String),
    /// Posts from this year.
    Year(i32),
    /// Posts on or after this day.
    After(NaiveDate),
    /// Posts before this day.
    Before(NaiveDate),
    /// A `key:value` term with a key the language does not have.
    Unknown(String),
    /// A term the language knows but whose value it cannot read, and why.
    Malformed(String),
}

/// One term and where it is in the query (bytes), for showing it in the bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// What it does.
    pub kind: TermKind,
    /// Its bytes in the query.
    pub span: Range<usize>,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every term, in order.
    pub terms: Vec<Term>,
}

impl Query {
    /// Parses a query; never fails (mistakes are terms of their own).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let mut terms = Vec::new();
        let mut offset = 0;
        for word in text.split_inclusive(char::is_whitespace) {
            let trimmed = word.trim_end();
            if !trimmed.is_empty() {
                terms.push(Term {
                    kind: classify(trimmed),
                    span: offset..offset + trimmed.len(),
                });
            }
            offset += word.len();
        }
        Self { terms }
    }

    /// The fuzzy words, which rank the posts.
    pub fn fuzzy_words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Fuzzy(word) => Some(word.as_str()),
            _ => None,
        })
    }

    /// Whether any term filters posts by anything but its words' fuzzy match (a tag, a date,
    /// an exact or excluded word): without one, a post's date and tags need not be read.
    #[must_use]
    pub fn has_filters(&self) -> bool {
        self.terms.iter().any(|term| {
            !matches!(
                term.kind,
                TermKind::Fuzzy(_) | TermKind::Unknown(_) | TermKind::Malformed(_)
            )
        })
    }

    /// Whether the query has terms that are mistakes.
    #[must_use]
    pub fn has_mistakes(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Unknown(_) | TermKind::Malformed(_)))
    }

    /// What is wrong with each mistaken term, in order: shown beside the bar and printed by
    /// `folio search`, so a typo is never silently ignored.
    #[must_use]
    pub fn mistakes(&self) -> Vec<String> {
        self.terms
            .iter()
            .filter_map(|t| match &t.kind {
                TermKind::Unknown(term) => {
                    let key = term.split(':').next().unwrap_or(term);
                    Some(format!(
                        "{key}: is not a filter (filters: #tag tag: 'exact !exclude year: after: before:)"
                    ))
                }
                TermKind::Malformed(why) => Some(why.clone()),
                _ => None,
            })
            .collect()
    }
}

fn classify(term: &str) -> TermKind {
    if let Some(tag) = term.strip_prefix('#') {
        return if tag.is_empty() {
            TermKind::Malformed("# needs a tag".into())
        } else {
            TermKind::Tag(tag.to_lowercase())
        };
    }
    if let Some(text) = term.strip_prefix('\'') {
        return if text.is_empty() {
            TermKind::Malformed("' needs text".into())
        } else {
            TermKind::Exact(text.to_lowercase())
        };
    }
    if let Some(text) = term.strip_prefix('!') {
        return if text.is_empty() {
            TermKind::Malformed("! needs text".into())
        } else {
            TermKind::Exclude(text.to_lowercase())
        };
    }
    let Some((key, value)) = term.split_once(':') else {
        return TermKind::Fuzzy(term.to_owned());
    };
    // A colon inside a word (`C++:`, `std::vec`) is text, not a filter.
    if key.is_empty() || value.starts_with(':') || !key.chars().all(|c| c.is_ascii_alphabetic()) {
        return TermKind::Fuzzy(term.to_owned());
    }
    match key.to_ascii_lowercase().as_str() {
        "tag" if !value.is_empty() => TermKind::Tag(value.to_lowercase()),
        "tag" => TermKind::Malformed("tag: needs a tag".into()),
        "year" => value
            .parse::<i32>()
            .ok()
            .filter(|y| (1..=9999).contains(y))
            .map_or_else(
                || TermKind::Malformed(format!("year:{value} is not a year")),
                TermKind::Year,
            ),
        "after" => parse_day(value).map_or_else(
            || {
                TermKind::Malformed(format!(
                    "after:{value} is not a date (2020, 2020-06 or 2020-06-15)"
                ))
            },
            TermKind::After,
        ),
        "before" => parse_day(value).map_or_else(
            || {
                TermKind::Malformed(format!(
                    "before:{value} is not a date (2020, 2020-06 or 2020-06-15)"
                ))
            },
            TermKind::Before,
        ),
        _ => TermKind::Unknown(term.to_owned()),
    }
}

/// `2020`, `2020-06` or `2020-06-15`. For `after`, the first day of the period (after:2020-06
/// includes June); for `before`, also its first day (before:2021-01 excludes January).
fn parse_day(value: &str) -> Option<NaiveDate> {
    let mut parts = value.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Whether a post with this date, tags and searchable text passes every filter of `query`.
/// `text` is the lowercased fields exact and excluded terms look in (a term, which holds no
/// space, is found within one field).
#[must_use]
pub fn passes(query: &Query, date: NaiveDate, tags: &[String], text: &[&str]) -> bool {
    let found = |word: &str| {
        text.iter()
            .any(|field| memchr::memmem::find(field.as_bytes(), word.as_bytes()).is_some())
    };
    query.terms.iter().all(|term| match &term.kind {
        TermKind::Tag(tag) => tags.iter().any(|t| t == tag),
        TermKind::Exact(word) => found(word),
        TermKind::Exclude(word) => !found(word),
        TermKind::Year(year) => date.year() == *year,
        TermKind::After(day) => date >= *day,
        TermKind::Before(day) => date < *day,
        // Mistakes filter nothing; the bar shows them as mistakes.
        TermKind::Fuzzy(_) | TermKind::Unknown(_) | TermKind::Malformed(_) => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TermKind> {
        Query::parse(text)
            .terms
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    #[test]
    fn every_kind_of_term() {
        assert_eq!(
            kinds("raft #os tag:Memory 'prevote !paxos year:2020 after:2020-06 before:2021-01-15"),
            [
                TermKind::Fuzzy("raft".into()),
                TermKind::Tag("os".into()),
                TermKind::Tag("memory".into()),
                TermKind::Exact("prevote".into()),
                TermKind::Exclude("paxos".into()),
                TermKind::Year(2020),
                TermKind::After(day(2020, 6, 1)),
                TermKind::Before(day(2021, 1, 15)),
            ]
        );
    }

    #[test]
    fn mistakes_are_terms_not_silence() {
        assert!(matches!(kinds("colour:red")[0], TermKind::Unknown(_)));
        assert!(matches!(kinds("year:20x")[0], TermKind::Malformed(_)));
        assert!(matches!(kinds("after:2020-13")[0], TermKind::Malformed(_)));
        assert!(matches!(kinds("#")[0], TermKind::Malformed(_)));
        assert!(Query::parse("year:nope").has_mistakes());
        assert_eq!(
            kinds("std::vec C++:"),
            [
                TermKind::Fuzzy("std::vec".into()),
                TermKind::Fuzzy("C++:".into())
            ]
        );
    }

    #[test]
    fn spans_point_at_the_terms() {
        let query = Query::parse("  raft  #os ");
        let spans: Vec<_> = query.terms.iter().map(|t| t.span.clone()).collect();
        assert_eq!(spans, [2..6, 8..11]);
    }

    #[test]
    fn filters_pass_and_fail_posts() {
        let tags = vec!["os".to_owned(), "kernel".to_owned()];
        let text = ["system calls", "and the vdso"];
        let date = day(2021, 4, 18);
        let check = |q: &str| passes(&Query::parse(q), date, &tags, &text);
        assert!(check("#os 'vdso year:2021 after:2021-04 before:2021-05"));
        assert!(!check("#memory"));
        assert!(!check("!vdso"));
        assert!(!check("year:2020"));
        assert!(
            !check("before:2021-04-18"),
            "before excludes the day itself"
        );
        assert!(check("after:2021-04-18"), "after includes it");
    }
}
