//! Reading posts: the bundled set from the binary, or a folder from disk.
//!
//! Every file in a folder is untrusted: it may be huge, not UTF-8, unreadable, a symlink loop or
//! a directory named like a post. None of that stops the rest of the folder from loading.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};
use thiserror::Error;

use super::index::{Index, Outcome};
use super::{Body, Diagnostic, Library, Post, Stamp, parse_post};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Largest post folio reads, so one stray file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Deepest folder nesting followed, a bound that also stops any cycle the visited set misses.
const MAX_DEPTH: usize = 32;

/// Why a whole folder could not be loaded (a single bad file is a [`Diagnostic`] instead).
#[derive(Debug, Error)]
pub enum LoadError {
    /// The folder the user named does not exist or is not a folder.
    #[error("posts folder {0} does not exist or is not a folder")]
    NotAFolder(String),
    /// The folder exists but cannot be listed.
    #[error("cannot read posts folder {path}: {source}")]
    Unreadable {
        /// The folder.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// Loads the posts compiled into the binary.
#[must_use]
pub fn load_bundled(include_drafts: bool) -> Library {
    let mut posts = Vec::with_capacity(BUNDLED.len());
    let mut diagnostics = Vec::new();
    for (path, text) in BUNDLED {
        let (post, mut found) = parse_post(path, &normalise((*text).to_owned()), None);
        posts.extend(post);
        diagnostics.append(&mut found);
    }
    Library::new(posts, diagnostics, include_drafts)
}

/// Loads every `*.md` file below `dir`, recursively, parsing every file.
///
/// # Errors
/// Only when `dir` itself is missing or unreadable; problems with files inside are diagnostics.
pub fn load_dir(dir: &Path, include_drafts: bool) -> Result<Library, LoadError> {
    load_dir_cached(dir, include_drafts, None)
}

/// Loads every `*.md` file below `dir`, recursively, like [`load_dir`]; with `cache`, the index
/// file at that path gives the metadata of every file whose size and modification time are
/// those it recorded, so only new and changed files are read and parsed. The index is then
/// rewritten if anything changed. The library is the same with or without it: a missing,
/// corrupt or foreign index is ignored and rebuilt, and a failure to write it is silent (it
/// only costs the next start its speed).
///
/// # Errors
/// Only when `dir` itself is missing or unreadable; problems with files inside are diagnostics.
pub fn load_dir_cached(
    dir: &Path,
    include_drafts: bool,
    cache: Option<&Path>,
) -> Result<Library, LoadError> {
    let (library, save) = load_dir_indexed(dir, include_drafts, cache)?;
    save.run();
    Ok(library)
}

/// [`load_dir_cached`], with the index written on a thread of its own: the library comes back
/// as soon as it is loaded, so a first start draws its first frame without waiting for 5 MB
/// of JSON to be written at 10,000 posts. The write finishes when the [`IndexWrite`] is
/// dropped, at the latest; keep it until the program ends.
///
/// # Errors
/// As [`load_dir_cached`].
pub fn load_dir_cached_in_background(
    dir: &Path,
    include_drafts: bool,
    cache: Option<&Path>,
) -> Result<(Library, IndexWrite), LoadError> {
    let (library, save) = load_dir_indexed(dir, include_drafts, cache)?;
    let writer = save
        .is_needed()
        .then(|| std::thread::spawn(move || save.run()));
    Ok((library, IndexWrite(writer)))
}

/// The index of a load being written on another thread (see
/// [`load_dir_cached_in_background`]); dropping it waits for the write.
#[derive(Debug, Default)]
#[must_use = "dropping it waits for the index to be written"]
pub struct IndexWrite(Option<std::thread::JoinHandle<()>>);

impl Drop for IndexWrite {
    fn drop(&mut self) {
        if let Some(writer) = self.0.take() {
            // A write that panicked only costs the next start its speed.
            let _ = writer.join();
        }
    }
}

/// What a load leaves for its index, if it has a cache: the index it read, where it goes,
/// the folder it describes and what became of each file.
struct IndexSave(Option<PendingIndex>);

struct PendingIndex {
    index: Index,
    path: std::path::PathBuf,
    root: std::path::PathBuf,
    outcomes: Vec<Outcome>,
}

impl IndexSave {
    fn is_needed(&self) -> bool {
        self.0.is_some()
    }

    /// Writes the index if it changed (see `Index::save_if_changed`).
    fn run(self) {
        if let Some(pending) = self.0 {
            let PendingIndex {
                index,
                path,
                root,
                outcomes,
            } = pending;
            index.save_if_changed(&path, &root, outcomes);
        }
    }
}

/// [`load_dir_cached`] up to writing the index, which is left to the caller.
fn load_dir_indexed(
    dir: &Path,
    include_drafts: bool,
    cache: Option<&Path>,
) -> Result<(Library, IndexSave), LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NotAFolder(dir.display().to_string()));
    }
    fs::read_dir(dir).map_err(|source| LoadError::Unreadable {
        path: dir.display().to_string(),
        source,
    })?;

    let canonical_root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // Read while the folder is walked: the two are independent, and each is a few
    // milliseconds at 10,000 posts.
    let (walk, index) = std::thread::scope(|scope| {
        let index = cache.map(|path| scope.spawn(|| Index::load(path, &canonical_root)));
        let mut walk = Walk {
            root: dir,
            canonical_root: canonical_root.clone(),
            files: Vec::new(),
            diagnostics: Vec::new(),
            visited: HashSet::new(),
        };
        walk.visit(dir, 0);
        let index = index
            .and_then(|worker| worker.join().ok())
            .unwrap_or_default();
        (walk, index)
    });
    let Walk {
        files,
        mut diagnostics,
        ..
    } = walk;
    // The walk gives the files sorted as paths already (see `Walk::visit`).
    debug_assert!(files.is_sorted());

    let loaded = read_posts(dir, &files, &index);
    let mut posts = Vec::with_capacity(files.len());
    let mut outcomes = Vec::with_capacity(files.len());
    for (read, outcome) in loaded {
        match read {
            Ok((post, mut found)) => {
                posts.extend(post);
                diagnostics.append(&mut found);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        outcomes.push(outcome);
    }
    let save = IndexSave(cache.map(|path| PendingIndex {
        index,
        path: path.to_path_buf(),
        root: canonical_root,
        outcomes,
    }));
    let mut library = Library::new(posts, diagnostics, include_drafts);
    library.word_index = cache.map(|path| path.with_extension("words"));
    Ok((library, save))
}

/// What reading one file gave: its post (if any) and what was wrong, or why it was not read.
type ReadPost = Result<(Option<Post>, Vec<Diagnostic>), Diagnostic>;

/// Files below which reading runs on one thread: starting threads costs more than it saves.
const PARALLEL_FROM: usize = 256;

/// Reads and parses `files` in their order (or takes them from `index` where it is up to
/// date), split over the machine's cores for a big folder: at 10,000 files, reading and
/// parsing is most of the time to the first frame.
fn read_posts(dir: &Path, files: &[PathBuf], index: &Index) -> Vec<(ReadPost, Outcome)> {
    let read_all = |files: &[PathBuf]| -> Vec<(ReadPost, Outcome)> {
        files
            .iter()
            .map(|file| load_file(dir, file, index))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || files.len() < PARALLEL_FROM {
        return read_all(files);
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| (part, scope.spawn(move || read_all(part))))
            .collect();
        workers
            .into_iter()
            .flat_map(|(part, worker)| {
                // A worker that panicked (the TOML parser runs contained, and a fuzzer checks
                // the rest) still accounts for every one of its files.
                worker.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|file| {
                            let failed = Diagnostic::error(
                                &display_path(dir, file),
                                0,
                                "not loaded: folio failed while reading it (a bug; please report it)",
                            );
                            (Err(failed), Outcome::Uncached)
                        })
                        .collect()
                })
            })
            .collect()
    })
}

/// One file: from the index when its entry is up to date, else read and parsed (and its new
/// entry made). A folder's post keeps its body in the file either way.
fn load_file(dir: &Path, file: &Path, index: &Index) -> (ReadPost, Outcome) {
    let shown = display_path(dir, file);
    // The index is keyed by the path below the folder, so it survives naming the folder
    // differently (`posts`, `./posts`, an absolute path).
    let key = file
        .strip_prefix(dir)
        .ok()
        .and_then(Path::to_str)
        .map(str::to_owned);
    if let Some(key) = &key
        && let Some(entry) = index.get(key)
        && Stamp::of_path(file).is_ok_and(|stamp| stamp == entry.stamp)
        && let Some(restored) = entry.restore(file, &shown)
    {
        return (Ok(restored), Outcome::Reused(key.clone()));
    }
    match read_post(file, &shown) {
        Ok((post, diagnostics, stamp)) => {
            let post = post.map(|post| Post {
                body: Body::File {
                    path: file.to_path_buf(),
                    stamp,
                },
                ..post
            });
            let outcome = key.map_or(Outcome::Uncached, |key| {
                Outcome::fresh(key, stamp, post.as_ref(), &diagnostics)
            });
            (Ok((post, diagnostics)), outcome)
        }
        Err(diagnostic) => (Err(diagnostic), Outcome::Uncached),
    }
}

struct Walk<'a> {
    root: &'a Path,
    /// The folder with every symlink resolved: nothing outside it is read.
    canonical_root: PathBuf,
    files: Vec<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    visited: HashSet<PathBuf>,
}

impl Walk<'_> {
    fn visit(&mut self, dir: &Path, depth: usize) {
        let shown = display_path(self.root, dir);
        if depth > MAX_DEPTH {
            self.diagnostics.push(Diagnostic::warning(
                &shown,
                0,
                format!("folders nested deeper than {MAX_DEPTH} are not read"),
            ));
            return;
        }
        // Canonical paths catch symlink loops: a folder reached twice is read once.
        let Ok(canonical) = fs::canonicalize(dir) else {
            return;
        };
        if !self.visited.insert(canonical) {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.diagnostics.push(Diagnostic::warning(
                    &shown,
                    0,
                    format!("folder skipped: {err}"),
                ));
                return;
            }
        };
        // The type comes with the folder listing (no `stat` per file): at 10,000 posts the
        // calls saved are a visible part of start-up.
        let mut entries: Vec<(std::ffi::OsString, PathBuf, Option<fs::FileType>)> = entries
            .filter_map(|e| {
                e.ok()
                    .map(|e| (e.file_name(), e.path(), e.file_type().ok()))
            })
            .collect();
        // By name: the entries share this folder, so this is the order of their whole paths,
        // without comparing the folder's components again for every pair. Walked in this
        // order, depth first, the files come out sorted as paths (see `load_dir_indexed`).
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, path, kind) in entries {
            if is_hidden(&path) {
                continue;
            }
            match kind {
                Some(kind) if kind.is_dir() => {
                    self.visit(&path, depth + 1);
                    continue;
                }
                Some(kind) if kind.is_file() => {
                    if is_markdown(&path) {
                        self.files.push(path);
                    }
                    continue;
                }
                // A symbolic link, or a type the listing did not give: looked at below.
                _ => {}
            }
            if self.leads_outside(&path) {
                continue;
            }
            // `metadata` follows symlinks, so a link to a folder is walked (once) and a dangling
            // link is reported rather than silently dropped.
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.visit(&path, depth + 1),
                Ok(meta) if meta.is_file() && is_markdown(&path) => self.files.push(path),
                Err(err) if is_markdown(&path) => {
                    let shown = display_path(self.root, &path);
                    self.diagnostics.push(Diagnostic::error(
                        &shown,
                        0,
                        format!("cannot read: {err}"),
                    ));
                }
                // Sockets, pipes and devices are never read: opening a pipe would hang.
                Ok(_) | Err(_) => {}
            }
        }
    }
}

impl Walk<'_> {
    /// A symbolic link that resolves outside the folder is not followed: pointing folio at a
    /// folder must not read (or, when serving, publish) files elsewhere on the machine.
    fn leads_outside(&mut self, path: &Path) -> bool {
        let is_link = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
        if !is_link {
            return false;
        }
        let Ok(target) = fs::canonicalize(path) else {
            return false;
        };
        if target.starts_with(&self.canonical_root) {
            return false;
        }
        let relevant = target.is_dir() || is_markdown(path);
        if relevant {
            let shown = display_path(self.root, path);
            self.diagnostics.push(Diagnostic::warning(
                &shown,
                0,
                "symbolic link leads outside the posts folder; not followed",
            ));
        }
        true
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

/// The path as the user would write it: relative to the folder they named, prefixed by it.
fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    root.join(relative).display().to_string()
}

/// A post read and parsed from its file, what was wrong with it, and the file's stamp.
type ParsedFile = (Option<Post>, Vec<Diagnostic>, Stamp);

fn read_post(file: &Path, shown: &str) -> Result<ParsedFile, Diagnostic> {
    let source = read_source(file, shown)?;
    let stamp = source.stamp;
    let fallback_date = source
        .modified
        .or_else(|| NaiveDate::from_ymd_opt(1970, 1, 1));
    let (post, mut found) =
        super::front_matter::parse_post_meta(shown, &source.text, fallback_date);
    let mut diagnostics = source.diagnostics;
    diagnostics.append(&mut found);
    Ok((post, diagnostics, stamp))
}

/// A Markdown file's text, ready to parse.
#[derive(Debug)]
pub struct Source {
    /// The text: decoded (lossily, if need be), without a BOM, with `\n` line ends.
    pub text: String,
    /// The file's modification date, the fallback date of a post without front matter.
    pub modified: Option<NaiveDate>,
    /// Problems met reading it (invalid UTF-8).
    pub diagnostics: Vec<Diagnostic>,
    /// The file's size and modification time as it was read.
    pub stamp: Stamp,
}

/// Reads one Markdown file within the size limit, decoding it the way every post is decoded.
/// `shown` is the path as diagnostics should print it.
///
/// # Errors
/// A diagnostic when the file cannot be read or is larger than [`MAX_FILE_BYTES`].
pub fn read_source(file: &Path, shown: &str) -> Result<Source, Diagnostic> {
    let cannot_read =
        |err: std::io::Error| Diagnostic::error(shown, 0, format!("cannot read: {err}"));
    let handle = fs::File::open(file).map_err(cannot_read)?;
    let meta = handle.metadata().map_err(cannot_read)?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            shown,
            0,
            "is a folder, not a Markdown file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            0,
            format!(
                "file is {} MiB; posts larger than {} MiB are not loaded",
                meta.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let bytes = read_whole(handle, meta.len()).map_err(cannot_read)?;

    let mut diagnostics = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let line = 1 + err.as_bytes()[..err.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            diagnostics.push(Diagnostic::warning(
                shown,
                line,
                "not valid UTF-8; invalid bytes are shown as \u{fffd}",
            ));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    let modified = meta
        .modified()
        .ok()
        .map(|time| DateTime::<Local>::from(time).date_naive());
    Ok(Source {
        text: normalise(text),
        modified,
        diagnostics,
        stamp: Stamp::of(&meta),
    })
}

/// The bytes of `file`, whose size was `size` when it was opened, up to one byte past
/// [`MAX_FILE_BYTES`]: in one read of the whole file and one that finds its end, where
/// `read_to_end` behind a limit reads 8 KiB at a time (three reads for a 10 KB post, 10,000
/// more system calls for a folder of 10,000). A file that grew since is read on to its end.
fn read_whole(mut file: fs::File, size: u64) -> std::io::Result<Vec<u8>> {
    let limit = usize::try_from(MAX_FILE_BYTES + 1).unwrap_or(usize::MAX);
    let first = usize::try_from(size).map_or(limit, |size| size.saturating_add(1).min(limit));
    let mut bytes = vec![0; first];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled >= limit {
                break;
            }
            bytes.resize(filled.saturating_mul(2).clamp(1, limit), 0);
        }
        match file.read(bytes.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Drops a byte-order mark and turns CRLF line ends into LF, so line numbers and the parser see
/// the file the way an editor shows it. The text is kept, not copied, when it has neither.
fn normalise(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk gives the files in the order of their whole paths (the order duplicate slugs
    /// are settled in), though each folder's entries are sorted by name alone: names that
    /// sort differently as text and as paths ("a-b" and "a/b", '-' coming before '/') and
    /// folders at several depths.
    #[test]
    fn the_walk_gives_files_sorted_as_paths() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = [
            "a.md",
            "a-b.md",
            "a b.md",
            "A.md",
            "a/b.md",
            "a/c/d.md",
            "a/c.md",
            "a-b/x.md",
            "a.b/y.md",
            "b/a/a/a.md",
            "b.md",
            "z/0.md",
            "Z/1.md",
        ];
        for file in files {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            fs::write(&path, "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\nBody\n").expect("write");
        }
        let mut walk = Walk {
            root: dir.path(),
            canonical_root: fs::canonicalize(dir.path()).expect("canonical"),
            files: Vec::new(),
            diagnostics: Vec::new(),
            visited: HashSet::new(),
        };
        walk.visit(dir.path(), 0);
        let mut sorted = walk.files.clone();
        sorted.sort();
        assert_eq!(walk.files.len(), files.len());
        assert_eq!(walk.files, sorted);
    }

    /// The whole file, whatever size it had when it was opened: a file that grew or shrank
    /// since is read to its end, and nothing is lost or made up.
    #[test]
    fn a_file_is_read_whole_whatever_size_it_was_said_to_have() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("post.md");
        let text: Vec<u8> = (0..50_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        fs::write(&path, &text).expect("write");
        for size in [0, 1, 8_192, 49_999, 50_000, 50_001, 1 << 20] {
            let file = fs::File::open(&path).expect("open");
            assert_eq!(
                read_whole(file, size).expect("read"),
                text,
                "said size {size}"
            );
        }
    }
}
