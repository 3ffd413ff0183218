//! Loading posts: the bundled blog, and folders with good and bad files.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

use std::fs;
use std::path::Path;

use folio::content::{Severity, load_bundled, load_dir};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write fixture");
}

fn post(title: &str, date: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nsummary = \"About {title}.\"\ntags = [\"a\", \"b\"]\n+++\n\nBody of {title}.\n"
    )
}

/// The blog listing: (title, date, summary) in listing order.
fn listing() -> Vec<(String, String, String)> {
    let text = include_str!("fixtures/blog-listing.txt");
    let lines: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines
        .chunks(2)
        .map(|pair| {
            let (date, summary) = pair[1].split_at(10);
            (pair[0].to_owned(), date.to_owned(), summary.to_owned())
        })
        .collect()
}

#[test]
fn bundled_blog_matches_the_listing_exactly() {
    let library = load_bundled(false);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
    let expected = listing();
    assert_eq!(expected.len(), 24);
    assert_eq!(library.posts.len(), 24);
    // The listing is newest first with the same-day tie in title order, as folio sorts.
    for (post, (title, date, summary)) in library.posts.iter().zip(&expected) {
        assert_eq!(&post.title, title);
        assert_eq!(&post.date.format("%Y-%m-%d").to_string(), date);
        assert_eq!(&post.summary, summary);
        assert!(
            (2..=4).contains(&post.tags.len()),
            "{} has {} tags",
            post.slug,
            post.tags.len()
        );
        assert!(post.tags.iter().all(|t| *t == t.to_lowercase()));
    }
    assert!(
        library.posts.iter().any(|p| p.title.contains('\u{2011}')),
        "U+2011 kept"
    );
}

#[test]
fn same_day_posts_are_ordered_by_title() {
    let library = load_bundled(false);
    let same_day: Vec<&str> = library
        .posts
        .iter()
        .filter(|p| p.date.format("%Y-%m-%d").to_string() == "2020-11-08")
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(same_day.len(), 2);
    assert!(same_day[0].starts_with("Network Sockets"));
    assert!(same_day[1].starts_with("Safe Rollback"));
}

#[test]
fn a_folder_loads_recursively_and_sorts_newest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "old.md", &post("Old", "2019-01-01"));
    write(
        dir.path(),
        "nested/deeper/new.md",
        &post("New", "2022-01-01"),
    );
    write(dir.path(), "b.md", &post("Bravo", "2020-06-01"));
    write(dir.path(), "a.md", &post("Alpha", "2020-06-01"));
    write(dir.path(), "notes.txt", "not a post");
    write(
        dir.path(),
        ".hidden/secret.md",
        &post("Hidden", "2021-01-01"),
    );
    let library = load_dir(dir.path(), false).expect("loads");
    let titles: Vec<&str> = library.posts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["New", "Alpha", "Bravo", "Old"]);
    assert!(library.diagnostics.is_empty(), "{:#?}", library.diagnostics);
}

#[test]
fn bad_files_become_diagnostics_and_good_posts_still_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "good.md", &post("Good", "2020-01-01"));
    write(
        dir.path(),
        "bad-toml.md",
        "+++\ntitle = \"x\"\ndate = 2020-01-01\ntags = [\n+++\nbody",
    );
    write(
        dir.path(),
        "no-date.md",
        "+++\ntitle = \"No date\"\n+++\nbody",
    );
    write(
        dir.path(),
        "bad-date.md",
        "+++\ntitle = \"Bad date\"\n\ndate = \"2020-13-45\"\n+++\nbody",
    );
    let library = load_dir(dir.path(), false).expect("loads");
    assert_eq!(library.posts.len(), 1);
    assert_eq!(library.posts[0].title, "Good");

    let find = |name: &str| {
        library
            .diagnostics
            .iter()
            .find(|d| d.path.ends_with(name))
            .unwrap_or_else(|| panic!("no diagnostic for {name}: {:#?}", library.diagnostics))
    };
    assert_eq!(find("bad-date.md").line, 4);
    assert!(find("bad-date.md").message.contains("not a real date"));
    assert!(find("no-date.md").message.contains("no `date`"));
    assert!(find("bad-toml.md").message.contains("invalid TOML"));
    assert!(
        library
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
    // Printed like a compiler: path:line: severity: message.
    let printed = find("bad-date.md").to_string();
    assert!(printed.contains("bad-date.md:4: error: "), "{printed}");
}

#[test]
fn duplicate_slugs_are_resolved_by_path_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "z.md", &post("Same Title", "2020-01-01"));
    write(dir.path(), "a.md", &post("Same Title", "2021-01-01"));
    let library = load_dir(dir.path(), false).expect("loads");
    let slug_of = |file: &str| {
        library
            .posts
            .iter()
            .find(|p| p.source.ends_with(file))
            .map(|p| p.slug.clone())
    };
    assert_eq!(slug_of("a.md").as_deref(), Some("same-title"));
    assert_eq!(slug_of("z.md").as_deref(), Some("same-title-2"));
    assert_eq!(library.diagnostics.len(), 1);
    assert!(library.diagnostics[0].message.contains("already used by"));
}

#[test]
fn slugs_come_from_front_matter_or_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "x.md",
        &post("Raft Fast\u{2011}Commit and PreVote", "2020-01-01"),
    );
    write(
        dir.path(),
        "y.md",
        "+++\ntitle = \"Anything\"\ndate = 2020-01-02\nslug = \"custom\"\n+++\n",
    );
    let library = load_dir(dir.path(), false).expect("loads");
    let slugs: Vec<&str> = library.posts.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["custom", "raft-fast-commit-and-prevote"]);
}

#[test]
fn drafts_are_hidden_unless_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "d.md",
        "+++\ntitle = \"Draft\"\ndate = 2020-01-01\ndraft = true\n+++\n",
    );
    write(dir.path(), "p.md", &post("Published", "2020-01-01"));
    assert_eq!(load_dir(dir.path(), false).expect("loads").posts.len(), 1);
    assert_eq!(load_dir(dir.path(), true).expect("loads").posts.len(), 2);
}

#[test]
fn bom_crlf_and_invalid_utf8_still_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let crlf = post("Windows", "2020-01-01").replace('\n', "\r\n");
    write(dir.path(), "crlf.md", &format!("\u{feff}{crlf}"));
    let mut bytes = post("Latin1", "2020-01-02").into_bytes();
    bytes.extend_from_slice(b"caf\xe9\n");
    fs::write(dir.path().join("latin1.md"), bytes).expect("write");
    let library = load_dir(dir.path(), false).expect("loads");
    assert_eq!(library.posts.len(), 2, "{:#?}", library.diagnostics);
    let latin1 = library
        .posts
        .iter()
        .find(|p| p.title == "Latin1")
        .expect("latin1 loads");
    let body = latin1.read_body().expect("readable");
    assert!(body.text.contains("caf\u{fffd}"));
    assert_eq!(library.diagnostics.len(), 1);
    assert!(library.diagnostics[0].message.contains("UTF-8"));
    assert_eq!(library.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn a_missing_folder_is_an_error() {
    let err = load_dir(Path::new("/definitely/not/here"), false).expect_err("fails");
    assert!(err.to_string().contains("/definitely/not/here"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_folders_named_like_posts_do_not_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "real/post.md", &post("Real", "2020-01-01"));
    std::os::unix::fs::symlink(dir.path(), dir.path().join("real/loop")).expect("symlink");
    fs::create_dir_all(dir.path().join("folder.md")).expect("mkdir");
    let library = load_dir(dir.path(), false).expect("loads");
    assert_eq!(library.posts.len(), 1);
}

/// A big folder is read on several threads: every file still yields its post or its
/// diagnostic, in the same order as a small folder read on one thread.
#[test]
fn a_big_folder_loads_every_file_in_a_stable_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..600 {
        let name = format!("{:02}/post-{i:04}.md", i / 100);
        if i % 97 == 0 {
            write(dir.path(), &name, "+++\ntitle = 3\n+++\nbroken\n");
        } else {
            // Same dates in pairs: ties go by title.
            let date = format!("2020-01-{:02}", 1 + (i / 2) % 28);
            write(dir.path(), &name, &post(&format!("Post {i:04}"), &date));
        }
    }
    let library = load_dir(dir.path(), false).expect("load");
    let bad: Vec<usize> = (0..600).filter(|i| i % 97 == 0).collect();
    assert_eq!(library.posts.len(), 600 - bad.len());
    let mut files: Vec<String> = library
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.path.clone())
        .collect();
    files.dedup();
    let expected: Vec<String> = bad
        .iter()
        .map(|i| {
            dir.path()
                .join(format!("{:02}/post-{i:04}.md", i / 100))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(files, expected, "errors for each bad file, in file order");
    let again = load_dir(dir.path(), false).expect("load again");
    let titles = |l: &folio::content::Library| -> Vec<String> {
        l.posts.iter().map(|p| p.title.clone()).collect()
    };
    assert_eq!(
        titles(&library),
        titles(&again),
        "the same order every time"
    );
    for pair in library.posts.windows(2) {
        assert!(
            (pair[0].date, &pair[1].title) >= (pair[1].date, &pair[0].title),
            "newest first, ties by title: {} then {}",
            pair[0].title,
            pair[1].title
        );
    }
}
