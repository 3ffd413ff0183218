//! Where a post's body lives. A folder of 10,000 posts holds about 100 MB of Markdown; the
//! list needs none of it (titles, dates, summaries and word counts are metadata), so a folder's
//! bodies stay in their files and are read when a post is opened or searched in full.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{Diagnostic, front_matter, read_source};
use crate::sanitize;

/// A post's Markdown body, after the front matter, already made terminal-safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The text itself: the bundled posts, and posts parsed from text in memory.
    Text(String),
    /// The post's file in a posts folder, as it was when the post was loaded: read on demand.
    File {
        /// The file, as the loader reached it.
        path: PathBuf,
        /// Its size and modification time then, to tell whether it changed since.
        stamp: Stamp,
    },
}

/// A file's size and modification time: what the index cache keys a file by, and how a body
/// read later tells whether its file changed since the post was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds from the Unix epoch (negative before it; 0 when the
    /// file system has none).
    pub modified: i64,
}

impl Stamp {
    /// The stamp of a file from its metadata.
    #[must_use]
    pub fn of(meta: &std::fs::Metadata) -> Self {
        Self {
            size: meta.len(),
            modified: meta.modified().map_or(0, nanos_since_epoch),
        }
    }

    /// The stamp of the file at `path` (following symbolic links, as reading does).
    ///
    /// # Errors
    /// When the file cannot be looked at.
    pub fn of_path(path: &Path) -> std::io::Result<Self> {
        std::fs::metadata(path).map(|meta| Self::of(&meta))
    }
}

/// Nanoseconds from the Unix epoch to `time`, saturating (an i64 spans 292 years each way).
pub(crate) fn nanos_since_epoch(time: SystemTime) -> i64 {
    let signed = |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => signed(after),
        Err(before) => -signed(before.duration()),
    }
}

/// A body's text, and whether its file changed since the post was loaded (the list then still
/// shows the old title and summary, which the reader should say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyText<'a> {
    /// The Markdown body, terminal-safe.
    pub text: Cow<'a, str>,
    /// The file is not the one loaded: its size or modification time differ.
    pub changed: bool,
}

/// Why a post's body could not be read after its post was loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BodyError {
    /// The file is gone, unreadable or too large now.
    #[error("{0} (it changed since folio loaded it; restart folio to reload the posts)")]
    Unreadable(Diagnostic),
    /// The file no longer starts with front matter folio can split off.
    #[error(
        "{0}: no longer a post (its front matter broke since folio loaded it; `folio check` says why)"
    )]
    NotAPost(String),
}

impl Body {
    /// The text, borrowed when held, else read from the file. `shown` names the file in
    /// errors, as diagnostics name it.
    ///
    /// # Errors
    /// See [`BodyError`].
    pub fn read(&self, shown: &str) -> Result<BodyText<'_>, BodyError> {
        match self {
            Self::Text(text) => Ok(BodyText {
                text: Cow::Borrowed(text),
                changed: false,
            }),
            Self::File { path, stamp } => {
                let source = read_source(path, shown).map_err(BodyError::Unreadable)?;
                let mut text = source.text;
                // The body is the end of the file's text: cut the front matter off in place
                // rather than copy the body (full-text search reads every body).
                let start = text.len()
                    - front_matter::body_of(&text)
                        .ok_or_else(|| BodyError::NotAPost(sanitize::line(shown).into_owned()))?
                        .len();
                let made_safe = match sanitize::body(text.get(start..).unwrap_or_default()) {
                    Cow::Owned(safe) => Some(safe),
                    Cow::Borrowed(_) => None,
                };
                let text = made_safe.unwrap_or_else(|| {
                    text.drain(..start);
                    text
                });
                Ok(BodyText {
                    text: Cow::Owned(text),
                    changed: source.stamp != *stamp,
                })
            }
        }
    }

    /// The text when it is held in memory; `None` for a body still in its file.
    #[must_use]
    pub fn held(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            Self::File { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_read_later_is_the_body_parsed_at_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        let text = "+++\ntitle = \"A\"\ndate = 2020-01-02\n+++\n\nSome \u{1b}[31mtext.\n";
        std::fs::write(&path, text).expect("write");
        let (post, _) = super::super::parse_post("a.md", text, None);
        let parsed = post.expect("a post");
        let stamp = Stamp::of_path(&path).expect("stamp");
        let body = Body::File { path, stamp };
        let read = body.read("a.md").expect("readable");
        assert_eq!(Some(read.text.as_ref()), parsed.body.held());
        assert!(!read.changed);
    }

    #[test]
    fn a_deleted_or_broken_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("gone.md");
        std::fs::write(&path, "+++\ntitle = \"A\"\ndate = 2020-01-02\n+++\nx\n").expect("write");
        let stamp = Stamp::of_path(&path).expect("stamp");
        let body = Body::File {
            path: path.clone(),
            stamp,
        };
        std::fs::write(&path, "+++\ntitle = \"A\"\nnever closed\n").expect("rewrite");
        let err = body.read("posts/gone.md").expect_err("broken");
        assert!(err.to_string().contains("posts/gone.md"), "{err}");
        std::fs::remove_file(&path).expect("remove");
        let err = body.read("posts/gone.md").expect_err("deleted");
        assert!(matches!(err, BodyError::Unreadable(_)));
        assert!(err.to_string().contains("posts/gone.md"), "{err}");
    }

    #[test]
    fn a_changed_file_is_read_and_said_to_have_changed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "+++\ntitle = \"A\"\ndate = 2020-01-02\n+++\nold\n").expect("write");
        let stamp = Stamp::of_path(&path).expect("stamp");
        std::fs::write(&path, "+++\ntitle = \"A\"\ndate = 2020-01-02\n+++\nnewer\n")
            .expect("rewrite");
        let body = Body::File { path, stamp };
        let read = body.read("a.md").expect("readable");
        assert_eq!(read.text, "newer\n");
        assert!(read.changed);
    }
}
