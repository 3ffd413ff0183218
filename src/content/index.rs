//! The index cache: what loading a posts folder learnt about each file, kept in the platform
//! cache folder so the next start reads only the files that changed.
//!
//! At 10,000 posts, reading and parsing every file is most of the time to the first frame
//! (118 MB of Markdown, to learn a title, a date, a summary and a word count per file). The
//! index keeps, per file below the folder, its size and modification time and what parsing it
//! gave: the post's metadata and its diagnostics. A file whose size and modification time still
//! match is not opened; every other file is parsed as usual.
//!
//! The index is untrusted input like the posts: a file that is missing, truncated, corrupt,
//! from another version of folio or for another folder is ignored (and rewritten), and every
//! text it gives is made terminal-safe again. It is written to a temporary file and renamed
//! over the old one, so a reader never sees half of it; no fsync, because losing it costs only
//! one slow start. A file modified in the last seconds before loading is not recorded: a
//! change within the file system's timestamp granularity could keep size and time the same.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::body::nanos_since_epoch;
use super::{Body, Diagnostic, Post, Severity, Stamp, is_valid_slug};
use crate::sanitize;

/// Bumped whenever what is stored, or how a file is parsed into it, changes. 2: one entry a
/// line, after a header line.
const FORMAT: u32 = 2;

/// Bytes of entries below which the index is parsed on one thread.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Files modified this recently are not recorded (see the module docs): two seconds covers
/// the coarsest common timestamps (FAT).
const RACY_NANOS: i64 = 2_000_000_000;

/// Where the index of the posts folder `posts` is kept, in the cache folder `cache_dir`: one
/// file per folder, named by a hash of its canonical path.
#[must_use]
pub fn index_path(cache_dir: &Path, posts: &Path) -> PathBuf {
    let canonical = fs::canonicalize(posts).unwrap_or_else(|_| posts.to_path_buf());
    let hash = crate::store::fnv1a(canonical.to_string_lossy().as_bytes());
    cache_dir
        .join("index")
        .join(format!("folder-{hash:016x}.json"))
}

/// The index file's first line. Each entry follows on a line of its own (JSON strings hold
/// no raw line break), so a big index is parsed in parts on every core: at 100,000 posts
/// its 50 MB are most of a start's critical path.
#[derive(Serialize, Deserialize)]
struct Header {
    /// [`FORMAT`].
    format: u32,
    /// The folio that wrote it: another version may parse posts differently.
    folio: String,
    /// The folder's canonical path: two folders never share an index, even on a hash clash.
    root: String,
    /// The local UTC offset when written, in seconds: a post without front matter is dated by
    /// its file's local modification day, which a new time zone changes.
    utc_offset: i32,
    /// How many entry lines follow: a file cut short at a line's end is caught too.
    entries: usize,
}

/// The entries on the lines of `body`, in order, on every core for a big index; `None` if
/// any line is not an entry.
fn parse_entries(body: &[u8]) -> Option<Vec<Entry>> {
    let parse = |part: &[u8]| -> Option<Vec<Entry>> {
        serde_json::Deserializer::from_slice(part)
            .into_iter::<Entry>()
            .collect::<Result<_, _>>()
            .ok()
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || body.len() < PARALLEL_FROM_BYTES {
        return parse(body);
    }
    // Cut at the first line break after each even share, so no entry is split.
    let mut parts = Vec::with_capacity(threads);
    let mut rest = body;
    for share in (1..threads).rev() {
        let at = rest.len() / (share + 1);
        let cut = rest
            .get(at..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
            .map_or(rest.len(), |found| at + found + 1);
        let (part, after) = rest.split_at(cut.min(rest.len()));
        parts.push(part);
        rest = after;
    }
    parts.push(rest);
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts.map(|part| scope.spawn(move || parse(part))).collect();
        let mut entries = parse(first)?;
        for other in others {
            entries.extend(other.join().ok()??);
        }
        Some(entries)
    })
}

/// What parsing one file gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Entry {
    /// The file's path below the folder.
    path: String,
    /// Its size and modification time when parsed.
    pub(super) stamp: Stamp,
    /// The post, when the file held one.
    post: Option<Meta>,
    /// What was wrong with the file.
    diagnostics: Vec<Note>,
}

/// A post's metadata: everything but the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    slug: String,
    title: String,
    /// Days from the first day of the common era.
    date: i32,
    summary: String,
    tags: Vec<String>,
    draft: bool,
    words: usize,
}

/// A diagnostic without its path (the path is the file's, as the user names the folder now).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Note {
    line: usize,
    message: String,
    severity: Severity,
}

/// The entries of an index, by path below the folder. Empty when there was no usable index.
#[derive(Debug, Default)]
pub(super) struct Index {
    entries: HashMap<String, Entry>,
}

/// What loading one file did, for writing the next index.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Its entry was up to date and used.
    Reused(String),
    /// It was parsed; the new entry, unless it is not to be recorded (modified too recently).
    Fresh(Option<Entry>),
    /// It was not recorded: unreadable, or its path is not UTF-8.
    Uncached,
}

impl Outcome {
    /// The outcome of parsing the file at `path` (below the folder), which gave `post` and
    /// `diagnostics`.
    pub(super) fn fresh(
        path: String,
        stamp: Stamp,
        post: Option<&Post>,
        diagnostics: &[Diagnostic],
    ) -> Self {
        let now = nanos_since_epoch(SystemTime::now());
        if stamp.modified > now.saturating_sub(RACY_NANOS) {
            return Self::Fresh(None);
        }
        let post = post.map(|post| Meta {
            slug: post.slug.clone(),
            title: post.title.clone(),
            date: post.date.num_days_from_ce(),
            summary: post.summary.clone(),
            tags: post.tags.clone(),
            draft: post.draft,
            words: post.words,
        });
        let diagnostics = diagnostics
            .iter()
            .map(|d| Note {
                line: d.line,
                message: d.message.clone(),
                severity: d.severity,
            })
            .collect();
        Self::Fresh(Some(Entry {
            path,
            stamp,
            post,
            diagnostics,
        }))
    }
}

impl Entry {
    /// The post and diagnostics this entry records, for the file at `file` shown as `shown`;
    /// `None` when the entry is not valid (a stored date or slug no parse could give), so the
    /// file is parsed instead.
    pub(super) fn restore(
        &self,
        file: &Path,
        shown: &str,
    ) -> Option<(Option<Post>, Vec<Diagnostic>)> {
        let post = match &self.post {
            Some(meta) => {
                if !is_valid_slug(&meta.slug) {
                    return None;
                }
                let line = |text: &str| sanitize::line(text).into_owned();
                Some(Post {
                    slug: meta.slug.clone(),
                    title: line(&meta.title),
                    date: NaiveDate::from_num_days_from_ce_opt(meta.date)?,
                    summary: line(&meta.summary),
                    tags: meta.tags.iter().map(|tag| line(tag)).collect(),
                    draft: meta.draft,
                    body: Body::File {
                        path: file.to_path_buf(),
                        stamp: self.stamp,
                    },
                    source: line(shown),
                    words: meta.words,
                })
            }
            None => None,
        };
        let diagnostics = self
            .diagnostics
            .iter()
            .map(|note| match note.severity {
                Severity::Error => Diagnostic::error(shown, note.line, &note.message),
                Severity::Warning => Diagnostic::warning(shown, note.line, &note.message),
            })
            .collect();
        Some((post, diagnostics))
    }
}

/// This process's local offset from UTC, in seconds.
fn utc_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

impl Index {
    /// The index at `path` for the folder `root` (canonical), or an empty one when there is
    /// none that can be trusted to describe it.
    pub(super) fn load(path: &Path, root: &Path) -> Self {
        let Ok(bytes) = fs::read(path) else {
            return Self::default();
        };
        let Some(line_end) = memchr::memchr(b'\n', &bytes) else {
            return Self::default();
        };
        let (head, body) = bytes.split_at(line_end);
        let Ok(header) = serde_json::from_slice::<Header>(head) else {
            return Self::default();
        };
        let valid = header.format == FORMAT
            && header.folio == env!("CARGO_PKG_VERSION")
            && header.root == root.to_string_lossy()
            && header.utc_offset == utc_offset();
        if !valid {
            return Self::default();
        }
        let Some(entries) = parse_entries(body).filter(|found| found.len() == header.entries)
        else {
            return Self::default();
        };
        Self {
            entries: entries
                .into_iter()
                .map(|entry| (entry.path.clone(), entry))
                .collect(),
        }
    }

    /// The entry for the file at `path` below the folder.
    pub(super) fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Writes the index of this load to `path`, unless it would be the one already there:
    /// every file's entry reused and none gone.
    pub(super) fn save_if_changed(mut self, path: &Path, root: &Path, outcomes: Vec<Outcome>) {
        let reused = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Reused(_)))
            .count();
        if reused == outcomes.len() && reused == self.entries.len() {
            return;
        }
        let entries: Vec<Entry> = outcomes
            .into_iter()
            .filter_map(|outcome| match outcome {
                Outcome::Reused(key) => self.entries.remove(&key),
                Outcome::Fresh(entry) => entry,
                Outcome::Uncached => None,
            })
            .collect();
        let header = Header {
            format: FORMAT,
            folio: env!("CARGO_PKG_VERSION").to_owned(),
            root: root.to_string_lossy().into_owned(),
            utc_offset: utc_offset(),
            entries: entries.len(),
        };
        let mut bytes = Vec::new();
        let written = serde_json::to_writer(&mut bytes, &header).and_then(|()| {
            entries.iter().try_for_each(|entry| {
                bytes.push(b'\n');
                serde_json::to_writer(&mut bytes, entry)
            })
        });
        bytes.push(b'\n');
        // A cache that cannot be written only makes the next start slower.
        if written.is_ok() {
            let _ = write_atomically(path, &bytes);
        }
    }
}

/// Per post, what a full-text index read its body from, as a hash of its file, size and
/// modification time: a kept index's words for a post are used again only while its stamp
/// is the same (see `Searcher`). 0, which no file gives, where the file was modified too
/// recently for its stamp to show a change to come (see [`RACY_NANOS`]): read again next
/// time. `None` when the posts are not a folder's files (bundled posts): nothing to keep.
#[must_use]
pub fn word_stamps(posts: &[Post]) -> Option<Vec<u64>> {
    let racy_from = nanos_since_epoch(SystemTime::now()).saturating_sub(RACY_NANOS);
    let mut described = Vec::new();
    posts
        .iter()
        .map(|post| {
            let Body::File { path, stamp } = &post.body else {
                return None;
            };
            if stamp.modified > racy_from {
                return Some(0);
            }
            described.clear();
            described.extend_from_slice(path.as_os_str().as_encoded_bytes());
            described.push(0);
            described.extend_from_slice(&stamp.size.to_le_bytes());
            described.extend_from_slice(&stamp.modified.to_le_bytes());
            Some(crate::store::fnv1a(&described).max(1))
        })
        .collect()
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
/// never sees half of it.
///
/// # Errors
/// When the folder cannot be made or the file written.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(folder)?;
    // Named after the whole file name, not its stem: the list's index and the word index of
    // one folder share a stem and may be written at once, by two threads of one process.
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp.{}", std::process::id()));
    let temporary = path.with_file_name(name);
    let written = fs::File::create(&temporary)
        .and_then(|mut out| out.write_all(bytes))
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A big index is parsed in parts, cut at line ends: every entry comes back, in order,
    /// whatever its text holds (line breaks and braces in a title included); a line that is
    /// not an entry, in any part, spoils the whole.
    #[test]
    fn a_big_index_is_parsed_in_parts_whole_and_in_order() {
        let entries: Vec<Entry> = (0..20_000u32)
            .map(|i| Entry {
                path: format!("{:03}/post-{i}.md", i % 100),
                stamp: Stamp {
                    size: u64::from(i),
                    modified: i64::from(i) * 7,
                },
                post: Some(Meta {
                    slug: format!("post-{i}"),
                    title: format!("Title {i}\nwith {{braces}} and \"quotes\""),
                    date: 738_000 + i32::try_from(i % 365).unwrap_or(0),
                    summary: "s".repeat(usize::try_from(i % 90).unwrap_or(0)),
                    tags: vec!["tag".to_owned()],
                    draft: false,
                    words: usize::try_from(i).unwrap_or(0),
                }),
                diagnostics: Vec::new(),
            })
            .collect();
        let mut body = Vec::new();
        for entry in &entries {
            body.push(b'\n');
            serde_json::to_writer(&mut body, entry).expect("serialises");
        }
        body.push(b'\n');
        assert!(body.len() > PARALLEL_FROM_BYTES, "parsed in parts");
        let parsed = parse_entries(&body).expect("parses");
        assert_eq!(parsed.len(), entries.len());
        for (read, written) in parsed.iter().zip(&entries) {
            assert_eq!(read.path, written.path);
            assert_eq!(read.stamp, written.stamp);
            assert_eq!(
                read.post.as_ref().map(|p| &p.title),
                written.post.as_ref().map(|p| &p.title)
            );
        }
        // A broken line near the end, in the last part.
        let mut broken = body.clone();
        let at = broken.len() - 40;
        broken[at] = b'{';
        assert!(parse_entries(&broken).is_none());
    }

    /// The list's index and the word index of one folder share a stem and may be written at
    /// the same moment by two threads: each must end up whole, holding what its writer wrote.
    #[test]
    fn two_files_with_one_stem_written_at_once_keep_their_own_bytes() {
        let folder = tempfile::tempdir().expect("tempdir");
        let paths = [
            folder.path().join("folder-1.json"),
            folder.path().join("folder-1.words"),
        ];
        std::thread::scope(|scope| {
            for (fill, path) in [b'j', b'w'].into_iter().zip(&paths) {
                scope.spawn(move || {
                    for round in 0..50_usize {
                        let bytes = vec![fill; 64 * 1024 + round];
                        write_atomically(path, &bytes).expect("written");
                    }
                });
            }
        });
        for (fill, path) in [b'j', b'w'].into_iter().zip(&paths) {
            let bytes = fs::read(path).expect("read back");
            assert_eq!(bytes.len(), 64 * 1024 + 49);
            assert!(bytes.iter().all(|&byte| byte == fill), "{}", path.display());
        }
        let left: Vec<_> = fs::read_dir(folder.path()).expect("list").collect();
        assert_eq!(left.len(), 2, "no temporary file is left behind");
    }
}
