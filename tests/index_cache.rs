//! The index cache: a folder loads to the same library, and every command prints the same,
//! with the cache or without it; a file changed after the cache was written is read again; a
//! broken cache is ignored and rebuilt. And a post whose file goes away after loading gives a
//! message, not a panic.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::{feed, key, state};
use crossterm::event::KeyCode;
use folio::content::{
    Library, index_path, load_dir, load_dir_cached, load_dir_cached_in_background,
};
use folio::search::Searcher;

/// A folder of [`write_folder`]'s posts and an empty cache folder, with where the folder's
/// index goes.
struct Fixture {
    posts: tempfile::TempDir,
    cache: tempfile::TempDir,
    index: PathBuf,
}

impl Fixture {
    fn new() -> Self {
        let posts = tempfile::tempdir().expect("tempdir");
        let cache = tempfile::tempdir().expect("tempdir");
        write_folder(posts.path());
        let index = index_path(cache.path(), posts.path());
        Self {
            posts,
            cache,
            index,
        }
    }
}

/// Posts of every kind the loader handles: good ones, a draft, a note without front matter,
/// broken front matter, invalid UTF-8, a duplicate slug, nested folders.
fn write_folder(dir: &Path) {
    let post = |title: &str, date: &str, extra: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"About {title}.\"\ntags = [\"os\", \"Memory\"]\n{extra}+++\n\n{body}\n"
        )
    };
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "raft.md",
            post("Raft", "2021-04-01", "", "The leader sends *AppendEntries*.").into_bytes(),
        ),
        (
            "deep/nested/paging.md",
            post("Paging", "2020-02-03", "", "Pages and [raft](raft.md).").into_bytes(),
        ),
        (
            "draft.md",
            post("Draft", "2022-01-01", "draft = true\n", "Not yet.").into_bytes(),
        ),
        (
            "dup-a.md",
            post("Same Title", "2019-01-01", "", "First.").into_bytes(),
        ),
        (
            "dup-b.md",
            post("Same Title", "2019-01-02", "", "Second.").into_bytes(),
        ),
        (
            "note.md",
            b"# A plain note\n\nNo front matter, just text.\n".to_vec(),
        ),
        (
            "broken.md",
            b"+++\ntitle = \"Broken\ndate = 2020-01-01\n+++\nbody\n".to_vec(),
        ),
        (
            "latin1.md",
            b"+++\ntitle = \"Latin\"\ndate = 2018-05-05\nslug = \"Bad Slug\"\n+++\ncaf\xe9\n".to_vec(),
        ),
        (
            "tags.md",
            b"+++\ntitle = \"Tags\"\ndate = 2017-05-05\ntags = [1, \"x\"]\ndraft = \"no\"\n+++\nt\n"
                .to_vec(),
        ),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(&path, bytes).expect("write a post");
        age(&path);
    }
}

/// Sets a file's modification time an hour back: the cache does not record files modified in
/// the last seconds (a change within the file system's time granularity could go unseen).
fn age(path: &Path) {
    let file = fs::File::options()
        .write(true)
        .open(path)
        .expect("open to age");
    file.set_modified(SystemTime::now() - Duration::from_hours(1))
        .expect("set the time");
}

fn assert_same(a: &Library, b: &Library) {
    assert_eq!(a.posts, b.posts);
    assert_eq!(a.diagnostics, b.diagnostics);
}

#[test]
fn a_folder_loads_the_same_with_and_without_its_index() {
    let Fixture {
        posts,
        cache: _cache,
        index,
    } = Fixture::new();
    for drafts in [false, true] {
        let plain = load_dir(posts.path(), drafts).expect("loads");
        assert!(plain.posts.len() >= 6, "{:#?}", plain.posts);
        assert!(plain.diagnostics.len() >= 4, "{:#?}", plain.diagnostics);
        // Building the index, then reading from it.
        let building = load_dir_cached(posts.path(), drafts, Some(&index)).expect("loads");
        assert!(index.is_file(), "the index was written");
        let cached = load_dir_cached(posts.path(), drafts, Some(&index)).expect("loads");
        assert_same(&plain, &building);
        assert_same(&plain, &cached);
        // Bodies read later are the same too.
        for (a, b) in plain.posts.iter().zip(&cached.posts) {
            assert_eq!(
                a.read_body().expect("readable"),
                b.read_body().expect("readable")
            );
        }
    }
}

/// The reader writes the index on a thread of its own, so its first frame does not wait: the
/// library comes back whole, and once the write is done the index is the one a load that
/// waits for it writes.
#[test]
fn an_index_written_in_the_background_is_the_one_written_at_once() {
    let Fixture {
        posts,
        cache,
        index,
    } = Fixture::new();
    let (library, writing) =
        load_dir_cached_in_background(posts.path(), false, Some(&index)).expect("loads");
    assert_same(&load_dir(posts.path(), false).expect("loads"), &library);
    drop(writing);
    let other = index_path(&cache.path().join("other"), posts.path());
    load_dir_cached(posts.path(), false, Some(&other)).expect("loads");
    assert_eq!(
        fs::read(&index).expect("written in the background"),
        fs::read(&other).expect("written at once")
    );
}

#[test]
fn an_unchanged_file_is_not_read_again() {
    // The index trusts a file whose size and modification time are unchanged: a file
    // rewritten with both kept shows what the index says, which proves it was used.
    let Fixture {
        posts,
        cache: _cache,
        index,
    } = Fixture::new();
    load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
    let raft = posts.path().join("raft.md");
    let before = fs::metadata(&raft).expect("meta").modified().expect("time");
    let text = fs::read_to_string(&raft).expect("read");
    fs::write(&raft, text.replace("title = \"Raft\"", "title = \"Rift\"")).expect("write");
    fs::File::options()
        .write(true)
        .open(&raft)
        .expect("open")
        .set_modified(before)
        .expect("time");
    let cached = load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
    assert!(cached.posts.iter().any(|p| p.title == "Raft"));
    let fresh = load_dir(posts.path(), false).expect("loads");
    assert!(fresh.posts.iter().any(|p| p.title == "Rift"));
}

#[test]
fn files_changed_added_or_removed_after_the_index_was_written_are_seen() {
    let Fixture {
        posts,
        cache: _cache,
        index,
    } = Fixture::new();
    load_dir_cached(posts.path(), false, Some(&index)).expect("loads");

    let raft = posts.path().join("raft.md");
    let text = fs::read_to_string(&raft).expect("read");
    fs::write(
        &raft,
        text.replace("title = \"Raft\"", "title = \"Raft, revised\""),
    )
    .expect("write");
    fs::remove_file(posts.path().join("dup-b.md")).expect("remove");
    fs::write(
        posts.path().join("new.md"),
        "+++\ntitle = \"New\"\ndate = 2023-03-03\n+++\nnew\n",
    )
    .expect("write");
    // Files modified just now: read, but not yet recorded; aged, they are recorded.
    for round in 0..2 {
        let cached = load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
        let plain = load_dir(posts.path(), false).expect("loads");
        assert_same(&plain, &cached);
        let titles: Vec<&str> = cached.posts.iter().map(|p| p.title.as_str()).collect();
        assert!(titles.contains(&"Raft, revised"), "{round}: {titles:?}");
        assert!(titles.contains(&"New"), "{round}: {titles:?}");
        assert!(!titles.contains(&"Raft"), "{round}: {titles:?}");
        assert_eq!(
            titles.iter().filter(|t| **t == "Same Title").count(),
            1,
            "{round}: {titles:?}"
        );
        age(&raft);
        age(&posts.path().join("new.md"));
    }
}

#[test]
fn a_broken_or_foreign_index_is_ignored_and_rebuilt() {
    let Fixture {
        posts,
        cache: _cache,
        index,
    } = Fixture::new();
    let plain = load_dir(posts.path(), false).expect("loads");
    load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
    let good = fs::read(&index).expect("the index");
    let text = String::from_utf8(good.clone()).expect("json");
    let mut breakages: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xff\xfe not json".to_vec(),
        good[..good.len() / 2].to_vec(),
        text.replace("\"format\":2", "\"format\":999").into_bytes(),
        text.replace("\"folio\":\"", "\"folio\":\"0.0.0-other")
            .into_bytes(),
        // Another folder's index at this path.
        text.replace("\"root\":\"", "\"root\":\"/elsewhere")
            .into_bytes(),
        // An entry that claims a date no calendar has, and one with a terminal escape.
        text.replace("\"date\":", "\"date\":99999999").into_bytes(),
        text.replace("\"title\":\"Raft\"", "\"title\":\"\\u001b[2JRaft\"")
            .into_bytes(),
        text.replace("\"slug\":\"raft\"", "\"slug\":\"../../etc\"")
            .into_bytes(),
    ];
    for (n, broken) in breakages.drain(..).enumerate() {
        fs::write(&index, &broken).expect("break the index");
        let cached = load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
        for post in &cached.posts {
            assert!(!post.title.contains('\u{1b}'), "{n}: {}", post.title);
            assert!(
                folio::content::is_valid_slug(&post.slug),
                "{n}: {}",
                post.slug
            );
        }
        // The title with an escape is still the title (made safe), so only compare the rest.
        if n != 7 {
            assert_same(&plain, &cached);
        }
        // Rebuilt (or left as a usable index): the next load agrees again.
        let again = load_dir_cached(posts.path(), false, Some(&index)).expect("loads");
        if n != 7 {
            assert_same(&plain, &again);
        }
    }
}

fn folio(posts: &Path, cache: Option<&Path>, args: &[&str]) -> (String, String, Option<i32>) {
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .env("XDG_CACHE_HOME", cache.unwrap_or(scratch.path()))
        .arg("--posts")
        .arg(posts)
        .args(args);
    if cache.is_none() {
        command.arg("--no-cache");
    }
    let output = command.output().expect("folio runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

#[test]
fn every_command_prints_the_same_with_and_without_the_index() {
    let posts = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    write_folder(posts.path());
    let commands: [&[&str]; 8] = [
        &["list"],
        &["list", "--json"],
        &["check"],
        &["tags"],
        &["search", "raft"],
        &["search", "--full-text", "appendentries"],
        &["read", "paging", "--plain", "--width", "60"],
        &["--drafts", "list"],
    ];
    for args in commands {
        let without = folio(posts.path(), None, args);
        let building = folio(posts.path(), Some(cache.path()), args);
        let with = folio(posts.path(), Some(cache.path()), args);
        assert!(!without.0.is_empty(), "{args:?} printed nothing");
        assert_eq!(without, building, "{args:?}");
        assert_eq!(without, with, "{args:?}");
    }
    let mut kept: Vec<String> = fs::read_dir(cache.path().join("folio").join("index"))
        .expect("the index folder")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let extension = path.extension().expect("an extension");
            extension.to_string_lossy().into_owned()
        })
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        ["json", "words"],
        "one index for the folder, and full-text search's word index"
    );
}

/// The titles of the posts a full-text search for `query` finds, with the word index kept
/// where the library says.
fn full_text_titles(library: &Library, query: &str) -> Vec<String> {
    let searcher = Searcher::new(&library.posts).keep_text_index_in(library.word_index.clone());
    searcher
        .full_text(&library.posts, query)
        .into_iter()
        .map(|hit| library.posts[hit.index].title.clone())
        .collect()
}

/// The fixture's folder loaded through its index, and searched in full once, which kept the
/// word index (at the path given).
fn searched_once() -> (Fixture, Library, PathBuf) {
    let fixture = Fixture::new();
    let library =
        load_dir_cached(fixture.posts.path(), false, Some(&fixture.index)).expect("loads");
    let words = library
        .word_index
        .clone()
        .expect("a place for the word index");
    assert_eq!(full_text_titles(&library, "appendentries"), ["Raft"]);
    assert!(words.is_file(), "the word index was kept");
    (fixture, library, words)
}

/// Full-text search keeps its index of the posts' words beside the folder's index. A later
/// run over the same files (same sizes and times, same order) reads it instead of every body;
/// one where a file changed, came or went builds it again.
#[test]
fn full_text_search_keeps_its_word_index_while_the_files_stay_the_same() {
    let (fixture, library, _) = searched_once();
    let (posts, index) = (&fixture.posts, &fixture.index);

    // Only the kept index still knows what the deleted file said: a run over the library as
    // it was loaded reads the index, not the files.
    fs::remove_file(posts.path().join("raft.md")).expect("delete a post");
    assert_eq!(full_text_titles(&library, "appendentries"), ["Raft"]);

    // Loaded again, the post is gone and the index is built again.
    let library = load_dir_cached(posts.path(), false, Some(index)).expect("loads");
    assert!(full_text_titles(&library, "appendentries").is_empty());

    // A file changed (and old enough to be recorded) is read again.
    let paging = posts.path().join("deep/nested/paging.md");
    let text = fs::read_to_string(&paging).expect("read a post");
    fs::write(&paging, text.replace("Pages", "Zebras")).expect("change a post");
    age(&paging);
    let library = load_dir_cached(posts.path(), false, Some(index)).expect("loads");
    assert!(full_text_titles(&library, "pages").is_empty());
    assert_eq!(full_text_titles(&library, "zebras"), ["Paging"]);
    // And that index is kept in turn, then read.
    let again = load_dir_cached(posts.path(), false, Some(index)).expect("loads");
    fs::remove_file(&paging).expect("delete a post");
    assert_eq!(full_text_titles(&again, "zebras"), ["Paging"]);
}

/// When one file changed, only that file is read again: every other post's words come from
/// the kept index while its file's size and modification time are the ones it was read with.
#[test]
fn a_changed_file_is_read_again_and_the_others_come_from_the_kept_index() {
    let (fixture, _, words) = searched_once();
    let (posts, index) = (&fixture.posts, &fixture.index);

    let paging = posts.path().join("deep/nested/paging.md");
    let text = fs::read_to_string(&paging).expect("read a post");
    fs::write(&paging, text.replace("Pages", "Zebras")).expect("change a post");
    age(&paging);
    // Raft's file says something else now, but with its size and time as they were: a stamp
    // that says it is the file the kept index read, so its words are taken from there.
    let raft = posts.path().join("raft.md");
    let stamped = fs::metadata(&raft)
        .and_then(|meta| meta.modified())
        .expect("a time");
    let text = fs::read_to_string(&raft).expect("read a post");
    fs::write(&raft, text.replace("AppendEntries", "QuorumSignals")).expect("change a post");
    fs::File::options()
        .write(true)
        .open(&raft)
        .and_then(|file| file.set_modified(stamped))
        .expect("set the time back");

    let library = load_dir_cached(posts.path(), false, Some(index)).expect("loads");
    assert_eq!(full_text_titles(&library, "zebras"), ["Paging"]);
    assert!(full_text_titles(&library, "pages").is_empty());
    assert_eq!(full_text_titles(&library, "appendentries"), ["Raft"]);
    assert!(full_text_titles(&library, "quorumsignals").is_empty());

    // The index made so is kept in turn: a later run finds Zebras with Paging's file gone.
    let kept = fs::read(&words).expect("the word index");
    let again = load_dir_cached(posts.path(), false, Some(index)).expect("loads");
    fs::remove_file(&paging).expect("delete a post");
    assert_eq!(full_text_titles(&again, "zebras"), ["Paging"]);
    assert_eq!(
        fs::read(&words).expect("the word index"),
        kept,
        "not written again"
    );
}

/// A word index that is not whole is never used: the search reads the files and finds what
/// they say.
#[test]
fn a_broken_word_index_is_built_again() {
    let (_fixture, library, words) = searched_once();
    let stored = fs::read(&words).expect("the word index");
    for broken in [
        Vec::new(),
        stored[..stored.len() / 2].to_vec(),
        stored.iter().map(|byte| byte ^ 0x55).collect(),
        b"not an index at all".to_vec(),
    ] {
        fs::write(&words, &broken).expect("break the index");
        assert_eq!(full_text_titles(&library, "appendentries"), ["Raft"]);
    }
}

#[test]
fn a_post_deleted_after_loading_gives_a_message_not_a_panic() {
    let posts = tempfile::tempdir().expect("tempdir");
    write_folder(posts.path());
    let library = load_dir(posts.path(), false).expect("loads");
    let mut s = state(library, 120, 40);
    // The newest post is first in the list; delete its file, then open it.
    let first = s.selected_post().expect("a post").source.clone();
    fs::remove_file(PathBuf::from(&first)).expect("remove");
    feed(&mut s, [key(KeyCode::Enter)]);
    assert!(s.reader.is_none(), "nothing to show");
    let message = s.message.clone().unwrap_or_default();
    assert!(message.contains(&first), "{message}");
    // The next post still opens, and full-text search still runs.
    feed(&mut s, [key(KeyCode::Down), key(KeyCode::Enter)]);
    assert!(s.reader.is_some());
    let hits = folio::search::Searcher::new(&s.library.posts).full_text(&s.library.posts, "the");
    assert!(!hits.is_empty());
}
