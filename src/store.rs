//! What folio remembers between runs, per post: read or not, bookmarked or not, and where the
//! reader left off.
//!
//! Marks are plain data in the app state; this module moves them to and from disk, at the
//! edge. A save never loses anyone's marks: under an exclusive lock it reads the file as it is
//! now (another folio may have saved since), merges — per post, the most recently changed mark
//! wins — and writes the result to a temporary file, fsyncs it and renames it over the old one,
//! so a crash leaves the old file or the new one, never half of one. A corrupt file is kept
//! aside (renamed `.corrupt`), never silently overwritten, and never stops folio from running.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One post's remembered state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PostMark {
    /// The post has been opened.
    #[serde(default)]
    pub read: bool,
    /// The reader bookmarked it.
    #[serde(default)]
    pub bookmarked: bool,
    /// Where reading stopped, as a fraction of the post (0 = top), so it survives a new width.
    #[serde(default)]
    pub position: f64,
    /// When this mark last changed, in milliseconds since the Unix epoch: the newer of two
    /// processes' marks for a post wins.
    #[serde(default)]
    pub updated: u64,
}

/// The marks of every post, by slug.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Marks {
    /// Marks by post slug.
    #[serde(default)]
    pub posts: BTreeMap<String, PostMark>,
}

impl Marks {
    /// A post's mark (unread, not bookmarked, at the top, when there is none).
    #[must_use]
    pub fn get(&self, slug: &str) -> PostMark {
        self.posts.get(slug).copied().unwrap_or_default()
    }

    /// Changes a post's mark, stamping it with `now`. Returns whether anything changed.
    pub fn update(&mut self, slug: &str, now: u64, change: impl FnOnce(&mut PostMark)) -> bool {
        let before = self.get(slug);
        let mut mark = before;
        change(&mut mark);
        if mark == before {
            return false;
        }
        mark.updated = now.max(before.updated + 1);
        self.posts.insert(slug.to_owned(), mark);
        true
    }

    /// Takes in another process's marks: for each post, the more recently changed mark wins.
    pub fn merge(&mut self, other: &Self) {
        for (slug, theirs) in &other.posts {
            match self.posts.get(slug) {
                Some(ours) if ours.updated >= theirs.updated => {}
                _ => {
                    self.posts.insert(slug.clone(), *theirs);
                }
            }
        }
    }
}

/// Why marks could not be read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not valid; it was kept aside as `<file>.corrupt`.
    #[error("{path} is not valid ({reason}); kept it as {path}.corrupt and started afresh")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The file marks live in.
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    /// The state file at `path` (its folder is created when first saved).
    #[must_use]
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// The state file for a library: one for the bundled blog, one per posts folder.
    #[must_use]
    pub fn for_library(data_dir: &Path, posts: Option<&Path>) -> Self {
        let name = posts.map_or_else(
            || "bundled".to_owned(),
            |dir| {
                let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                format!(
                    "folder-{:016x}",
                    fnv1a(canonical.to_string_lossy().as_bytes())
                )
            },
        );
        Self::new(data_dir.join("state").join(format!("{name}.toml")))
    }

    /// Where the file is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the marks: none if there is no file yet.
    ///
    /// # Errors
    /// When the file cannot be read, or is corrupt (it is then renamed aside, so the next save
    /// does not overwrite it).
    pub fn load(&self) -> Result<Marks, StoreError> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Marks::default()),
            Err(err) => return Err(self.io(err)),
        };
        toml::from_str(&text).map_err(|err| {
            let _ = fs::rename(&self.path, self.corrupt_path());
            StoreError::Corrupt {
                path: self.shown(),
                reason: crate::sanitize::line(err.message().trim()).into_owned(),
            }
        })
    }

    /// Saves `marks`, merged with whatever another process saved meanwhile, atomically.
    /// Returns the merged marks, which the caller should adopt.
    ///
    /// # Errors
    /// When the folder, the lock or the file cannot be written.
    pub fn save(&self, marks: &Marks) -> Result<Marks, StoreError> {
        let folder = self.path.parent().unwrap_or_else(|| Path::new("."));
        fs::create_dir_all(folder).map_err(|e| self.io(e))?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.path.with_extension("lock"))
            .map_err(|e| self.io(e))?;
        lock.lock().map_err(|e| self.io(e))?;

        let mut merged = marks.clone();
        // Another folio's marks since we loaded; a corrupt file is kept aside by `load`.
        if let Ok(theirs) = self.load() {
            merged.merge(&theirs);
        }
        let text = toml::to_string(&merged).map_err(|e| self.io(std::io::Error::other(e)))?;
        let temporary = self
            .path
            .with_extension(format!("tmp.{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)?;
            // The rename itself is durable once the folder is synced.
            if let Ok(dir) = File::open(folder) {
                let _ = dir.sync_all();
            }
            Ok(())
        };
        let result = write();
        if result.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        result.map_err(|e| self.io(e))?;
        drop(lock);
        Ok(merged)
    }

    fn corrupt_path(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(".corrupt");
        PathBuf::from(name)
    }

    fn shown(&self) -> String {
        crate::sanitize::line(&self.path.display().to_string()).into_owned()
    }

    fn io(&self, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: self.shown(),
            source,
        }
    }
}

/// A stable 64-bit hash (FNV-1a) for naming a folder's state file; std's hasher is randomly
/// seeded per process, which would give a new name each run.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Milliseconds since the Unix epoch, for stamping marks.
#[must_use]
pub fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_through_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = StateFile::new(dir.path().join("state.toml"));
        assert_eq!(file.load().expect("no file yet"), Marks::default());
        let mut marks = Marks::default();
        marks.update("a-post", 10, |m| {
            m.read = true;
            m.bookmarked = true;
            m.position = 0.5;
        });
        file.save(&marks).expect("save");
        assert_eq!(file.load().expect("load"), marks);
    }

    #[test]
    fn two_writers_lose_neither_ones_marks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = StateFile::new(dir.path().join("state.toml"));
        let (mut first, mut second) = (Marks::default(), Marks::default());
        first.update("one", 100, |m| m.read = true);
        second.update("two", 200, |m| m.bookmarked = true);
        first = file.save(&first).expect("first saves");
        second = file
            .save(&second)
            .expect("second saves, having loaded before the first saved");
        let saved = file.load().expect("load");
        assert!(
            saved.get("one").read && saved.get("two").bookmarked,
            "{saved:?}"
        );
        assert_eq!(second, saved, "a saver adopts the merged marks");
        // The first learns of the bookmark on its next save; a later change then wins.
        first = file.save(&first).expect("save");
        first.update("two", 300, |m| m.bookmarked = false);
        file.save(&first).expect("save");
        assert!(!file.load().expect("load").get("two").bookmarked);
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_not_lost() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("state.toml");
        fs::write(&path, "posts = [[[ not toml").expect("write");
        let file = StateFile::new(path.clone());
        assert!(matches!(file.load(), Err(StoreError::Corrupt { .. })));
        assert!(
            dir.path().join("state.toml.corrupt").exists(),
            "the bad file is kept"
        );
        let mut marks = Marks::default();
        marks.update("x", 1, |m| m.read = true);
        file.save(&marks).expect("saving starts afresh");
        assert!(file.load().expect("load").get("x").read);
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_folder_is_an_error_not_a_panic() {
        let file = StateFile::new(PathBuf::from("/proc/folio-cannot-write-here/state.toml"));
        assert!(matches!(
            file.save(&Marks::default()),
            Err(StoreError::Io { .. })
        ));
    }

    #[test]
    fn folders_get_their_own_stable_state_file() {
        let data = Path::new("/data");
        let a = StateFile::for_library(data, Some(Path::new("/nonexistent/a")));
        let b = StateFile::for_library(data, Some(Path::new("/nonexistent/b")));
        assert_ne!(a.path(), b.path());
        assert_eq!(
            a.path(),
            StateFile::for_library(data, Some(Path::new("/nonexistent/a"))).path()
        );
        assert!(
            StateFile::for_library(data, None)
                .path()
                .ends_with("state/bundled.toml")
        );
    }
}
