//! End-to-end benchmark: the real folio binary in a 120x40 pseudo-terminal (and 80x24, where
//! the reader is the only pane), measured the way a user feels it — time to the first frame,
//! time from a key to its effect on screen, peak memory, and the bytes written to the terminal
//! (what an SSH link carries). Each scenario runs in fresh
//! processes several times; the table gives the median and the range.
//!
//! Run with `cargo bench --bench e2e` (it builds folio in release mode first). Set
//! `FOLIO_BENCH_RUNS` to change the number of runs (default 7), and `FOLIO_BENCH_100K` to add a
//! library of 100,000 posts (1 GB written to a temporary folder). `FOLIO_BENCH_ONLY=library`
//! runs only the libraries' scenarios (`bundled`, `reader` and `big` name the others), and
//! `FOLIO_BENCH_BIN=path` runs another build of folio.
#![allow(clippy::expect_used)] // A benchmark that cannot set up should stop loudly.

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const TIMEOUT: Duration = Duration::from_secs(30);
/// Output silence after which a key's effect counts as finished.
const SETTLE: Duration = Duration::from_millis(250);

/// Everything the program wrote, with when each chunk arrived.
#[derive(Default)]
struct Output {
    parser: Option<vt100::Parser>,
    bytes: usize,
    last_write: Option<Instant>,
}

struct Run {
    started: Instant,
    output: Arc<Mutex<Output>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _home: tempfile::TempDir,
}

impl Run {
    fn spawn(args: &[&str]) -> Self {
        Self::spawn_sized(args, COLS, ROWS)
    }

    /// A run whose cache folder is `cache` (kept from run to run, so folio finds the index
    /// cache an earlier run wrote), with a fresh home otherwise.
    fn spawn_cached(args: &[&str], cache: &Path) -> Self {
        Self::spawn_with(args, COLS, ROWS, Some(cache))
    }

    fn spawn_sized(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::spawn_with(args, cols, rows, None)
    }

    fn spawn_with(args: &[&str], cols: u16, rows: u16, cache: Option<&Path>) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        // `FOLIO_BENCH_BIN` measures another build (an older one, to compare) in the same run.
        let bin = std::env::var("FOLIO_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_folio").to_owned());
        let mut command = CommandBuilder::new(bin);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        // A fresh home for each run: remembered reading positions must not carry over.
        let home = tempfile::tempdir().expect("scratch home");
        command.env("HOME", home.path());
        for (name, folder) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            command.env(name, home.path().join(folder));
        }
        if let Some(cache) = cache {
            command.env("XDG_CACHE_HOME", cache);
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(command).expect("spawn folio");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        );
        let output = Arc::new(Mutex::new(Output {
            parser: Some(parser),
            ..Output::default()
        }));
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            let _master = pty.master;
            let mut buffer = vec![0u8; 65536];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let mut out = sink.lock().expect("lock");
                out.bytes += n;
                out.last_write = Some(Instant::now());
                if let Some(parser) = out.parser.as_mut() {
                    parser.process(&buffer[..n]);
                }
            }
        });
        Self {
            started,
            output,
            writer,
            child,
            _home: home,
        }
    }

    fn screen_has(&self, text: &str) -> bool {
        let out = self.output.lock().expect("lock");
        out.parser
            .as_ref()
            .is_some_and(|p| p.screen().contents().contains(text))
    }

    fn bytes(&self) -> usize {
        self.output.lock().expect("lock").bytes
    }

    /// Time from `since` until `text` is on screen.
    fn wait_for(&self, text: &str, since: Instant) -> Duration {
        while since.elapsed() < TIMEOUT {
            if self.screen_has(text) {
                return since.elapsed();
            }
            thread::sleep(Duration::from_micros(250));
        }
        panic!(
            "timed out waiting for {text:?}; the screen is:\n{}",
            self.screen()
        );
    }

    /// Waits until the program has been silent for [`SETTLE`].
    fn settle(&self) {
        loop {
            let last = self.output.lock().expect("lock").last_write;
            if last.is_none_or(|t| t.elapsed() >= SETTLE) {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends keys; returns the time until `expect` shows and the bytes written until silence.
    fn key(&mut self, keys: &str, expect: &str) -> (Duration, usize) {
        self.settle();
        let before = self.bytes();
        let sent = Instant::now();
        self.writer.write_all(keys.as_bytes()).expect("send keys");
        self.writer.flush().expect("flush");
        let latency = self.wait_for(expect, sent);
        self.settle();
        (latency, self.bytes() - before)
    }

    fn screen(&self) -> String {
        let out = self.output.lock().expect("lock");
        out.parser
            .as_ref()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Sends keys; returns the time until the screen changes and the bytes written until
    /// silence.
    fn key_change(&mut self, keys: &str) -> (Duration, usize) {
        let (first, _, bytes) = self.key_frames(keys);
        (first, bytes)
    }

    /// Sends keys; returns the time until the screen first changes, the time of the last
    /// byte written in answer (a search in a big library draws the typed key first and its
    /// results after), and the bytes written until silence.
    fn key_frames(&mut self, keys: &str) -> (Duration, Duration, usize) {
        self.settle();
        let before_screen = self.screen();
        let before = self.bytes();
        let sent = Instant::now();
        self.writer.write_all(keys.as_bytes()).expect("send keys");
        self.writer.flush().expect("flush");
        while self.screen() == before_screen {
            assert!(sent.elapsed() < TIMEOUT, "{keys:?} changed nothing");
            thread::sleep(Duration::from_micros(250));
        }
        let latency = sent.elapsed();
        self.settle();
        let last = self
            .output
            .lock()
            .expect("lock")
            .last_write
            .map_or(latency, |t| t.saturating_duration_since(sent));
        (latency, last, self.bytes() - before)
    }

    /// Quits as a reader does, and waits for folio to exit: it finishes writing what it keeps
    /// for the next start (the word index is written on a thread of its own), which a killed
    /// process would not, and the next run would then find nothing kept.
    fn quit(mut self) {
        let _ = self.writer.write_all(b"\x1b");
        thread::sleep(Duration::from_millis(50));
        let _ = self.writer.write_all(b"q");
        let asked = Instant::now();
        while asked.elapsed() < TIMEOUT {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
    }
}

/// Median, min and max of a list of samples.
fn summary(samples: &mut [f64]) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    (
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
    )
}

struct Table(Vec<(String, Vec<f64>, &'static str)>);

impl Table {
    fn add(&mut self, name: &str, unit: &'static str, value: f64) {
        match self.0.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, values, _)) => values.push(value),
            None => self.0.push((name.to_owned(), vec![value], unit)),
        }
    }

    fn print(&mut self) {
        println!("| measurement | median | min | max |");
        println!("| --- | ---: | ---: | ---: |");
        for (name, values, unit) in &mut self.0 {
            let (median, min, max) = summary(values);
            println!("| {name} | {median:.1} {unit} | {min:.1} {unit} | {max:.1} {unit} |");
        }
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[allow(clippy::cast_precision_loss)] // Byte counts are far below 2^52.
fn bundled(table: &mut Table) {
    let mut run = Run::spawn(&[]);
    table.add(
        "start to first frame, bundled posts",
        "ms",
        ms(run.wait_for("System Calls", run.started)),
    );
    let (t, b) = run.key_change("j");
    table.add("list: move selection (j), latency", "ms", ms(t));
    table.add("list: move selection (j), bytes", "B", b as f64);
    let (t, b) = run.key_change("/");
    table.add("search: open the bar (/), latency", "ms", ms(t));
    table.add("search: open the bar (/), bytes", "B", b as f64);
    for (i, c) in ["h", "a", "s", "h"].iter().enumerate() {
        let query = &"hash"[..=i];
        let (t, b) = run.key(c, &format!("/ {query} "));
        table.add("search: type a character, latency", "ms", ms(t));
        table.add("search: type a character, bytes", "B", b as f64);
    }
    run.key("\r", "min read");
    let (t, b) = run.key_change("j");
    table.add("reader: scroll one line (j), latency", "ms", ms(t));
    table.add("reader: scroll one line (j), bytes", "B", b as f64);
    let (t, b) = run.key_change(" ");
    table.add("reader: scroll one page (Space), latency", "ms", ms(t));
    table.add("reader: scroll one page (Space), bytes", "B", b as f64);
    // Zoomed (z): the reader alone at the full 120 columns, where the terminal scrolls it.
    run.key_change("z");
    let (t, b) = run.key_change("j");
    table.add(
        "reader zoomed (z), 120x40: scroll one line (j), latency",
        "ms",
        ms(t),
    );
    table.add(
        "reader zoomed (z), 120x40: scroll one line (j), bytes",
        "B",
        b as f64,
    );
    run.key_change("z");
    run.settle();
    let before = run.bytes();
    thread::sleep(Duration::from_secs(1));
    table.add(
        "idle for one second, bytes",
        "B",
        (run.bytes() - before) as f64,
    );
    if let Some(mb) = peak_rss_mb(&run) {
        table.add("bundled posts: peak RSS after reading", "MB", mb);
    }
    run.quit();
}

/// The reader alone on an 80x24 screen (one pane at a time below 100 columns), where a scroll
/// moves rows in the terminal (a scroll region) instead of rewriting them.
#[allow(clippy::cast_precision_loss)] // Byte counts are far below 2^52.
fn lone_reader(table: &mut Table) {
    let mut run = Run::spawn_sized(&[], 80, 24);
    run.wait_for("System Calls", run.started);
    run.key("/", "Enter open");
    run.key("hash", "/ hash ");
    run.key("\r", "min read");
    for (keys, what) in [
        ("j", "scroll one line (j)"),
        ("k", "scroll one line up (k)"),
        (" ", "scroll one page (Space)"),
    ] {
        let (t, b) = run.key_change(keys);
        table.add(
            &format!("reader alone, 80x24: {what}, latency"),
            "ms",
            ms(t),
        );
        table.add(
            &format!("reader alone, 80x24: {what}, bytes"),
            "B",
            b as f64,
        );
    }
    run.quit();
}

/// The peak resident memory of the process, from /proc (Linux), in MB.
fn peak_rss_mb(run: &Run) -> Option<f64> {
    let pid = run.child.process_id()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The title the list shows first for a corpus folder: the newest post, ties by title.
fn newest_title(count: usize) -> String {
    let field = |text: &str, name: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim_matches('"').to_owned())
            .unwrap_or_default()
    };
    (0..count)
        .map(|i| {
            // Only the front matter matters: a short body is enough to read it.
            let text = corpus::post(i, 1);
            (field(&text, "date = "), field(&text, "title = \""))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, title)| title)
        .unwrap_or_default()
}

/// A folder of `count` generated posts: start-up without the index cache (the first start),
/// then, with the index `cache` holds: start-up, a search keystroke in titles and in full
/// text, and peak memory.
#[allow(clippy::cast_precision_loss)] // Byte counts are far below 2^52.
fn large_library(table: &mut Table, folder: &Path, cache: &Path, count: usize, first: &str) {
    let path = folder.to_str().expect("utf-8 path");
    // A prefix: a long title is cut to the card's width.
    let shown: String = first.chars().take(20).collect();
    let run = Run::spawn(&["--posts", path]);
    let t = run.wait_for(&shown, run.started);
    table.add(
        &format!("{count} posts: start to first frame, first start (no index cache yet)"),
        "ms",
        ms(t),
    );
    if let Some(mb) = peak_rss_mb(&run) {
        table.add(
            &format!("{count} posts: peak RSS at the first frame, first start"),
            "MB",
            mb,
        );
    }
    let mut run = run;
    for key in ["/", "l", "a", "t"] {
        run.key_change(key);
    }
    let (t, _) = run.key_change("\t");
    table.add(
        &format!("{count} posts: first full-text search, no word index yet (reads every body)"),
        "ms",
        ms(t),
    );
    run.quit();

    let mut run = Run::spawn_cached(&["--posts", path], cache);
    let t = run.wait_for(&shown, run.started);
    table.add(&format!("{count} posts: start to first frame"), "ms", ms(t));
    if let Some(mb) = peak_rss_mb(&run) {
        table.add(
            &format!("{count} posts: peak RSS at the first frame"),
            "MB",
            mb,
        );
    }
    run.key_change("/");
    for c in ["l", "a", "t"] {
        let (t, results, b) = run.key_frames(c);
        table.add(
            &format!("{count} posts: titles search, type a character, latency"),
            "ms",
            ms(t),
        );
        table.add(
            &format!("{count} posts: titles search, type a character, results shown"),
            "ms",
            ms(results),
        );
        table.add(
            &format!("{count} posts: titles search, type a character, bytes"),
            "B",
            b as f64,
        );
    }
    if let Some(mb) = peak_rss_mb(&run) {
        table.add(
            &format!("{count} posts: peak RSS after a titles search"),
            "MB",
            mb,
        );
    }
    let (t, _) = run.key_change("\t");
    table.add(
        &format!("{count} posts: first full-text search (the word index an earlier run kept)"),
        "ms",
        ms(t),
    );
    for c in ["e", "n", "c"] {
        let (t, results, _) = run.key_frames(c);
        table.add(
            &format!("{count} posts: full-text search, type a character, latency"),
            "ms",
            ms(t),
        );
        table.add(
            &format!("{count} posts: full-text search, type a character, results shown"),
            "ms",
            ms(results),
        );
    }
    if let Some(mb) = peak_rss_mb(&run) {
        table.add(
            &format!("{count} posts: peak RSS after a full-text search"),
            "MB",
            mb,
        );
    }
    run.quit();
    edited_library(table, folder, cache, count, &shown);
}

/// The first full-text search after one post of the folder was edited: only its file is read
/// again, the other posts' words coming from the word index an earlier run kept. The edit's
/// time is set an hour back, as an edit made a while ago, so the index this run keeps is the
/// one the next run reads whole.
fn edited_library(table: &mut Table, folder: &Path, cache: &Path, count: usize, shown: &str) {
    let path = folder.to_str().expect("utf-8 path");
    let edited = folder.join("000/post-000007.md");
    let mut text = fs::read_to_string(&edited).expect("read a post");
    text.push_str("\nAn edit.\n");
    fs::write(&edited, text).expect("edit a post");
    fs::File::options()
        .write(true)
        .open(&edited)
        .and_then(|file| file.set_modified(SystemTime::now() - Duration::from_hours(1)))
        .expect("date the edit");
    let mut run = Run::spawn_cached(&["--posts", path], cache);
    run.wait_for(shown, run.started);
    // After the edit, the list's index is written again on a thread of its own once the first
    // frame is up (20-30 ms of JSON): a person opens the search bar later than that.
    thread::sleep(Duration::from_secs(1));
    for key in ["/", "l", "a", "t"] {
        run.key_change(key);
    }
    let (t, _) = run.key_change("\t");
    table.add(
        &format!(
            "{count} posts: first full-text search, one post edited since the word index was kept"
        ),
        "ms",
        ms(t),
    );
    run.quit();
}

/// Writes the index cache of `folder` into `cache`, and the word index of full-text search:
/// one start and one full-text search, after the files are old enough to be recorded (folio
/// leaves out files modified in the last two seconds).
fn prime_cache(folder: &Path, cache: &Path, first: &str) {
    thread::sleep(Duration::from_millis(2500));
    let path = folder.to_str().expect("utf-8 path");
    let mut run = Run::spawn_cached(&["--posts", path], cache);
    let shown: String = first.chars().take(20).collect();
    run.wait_for(&shown, run.started);
    for key in ["/", "l", "\t"] {
        run.key_change(key);
    }
    run.quit();
}

/// A folder holding one big post whose title starts with `title`: opening it, and memory.
fn big_post(table: &mut Table, folder: &Path, title: &str, size: &str) {
    let path = folder.to_str().expect("utf-8 path");
    let mut run = Run::spawn(&["--posts", path]);
    run.wait_for(title, run.started);
    let (t, _) = run.key("\r", "min read");
    table.add(&format!("open a {size} post: first screen"), "ms", ms(t));
    // The whole post laid out, not only its first screen, before memory is read.
    run.key_change(" ");
    if let Some(mb) = peak_rss_mb(&run) {
        table.add(&format!("{size} post open: peak RSS"), "MB", mb);
    }
    run.quit();
}

/// A folder with one generated post of `bytes`, titled `title` and the corpus's own title.
fn folder_with_post(bytes: usize, title: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("tempdir");
    let post = corpus::post(7, bytes).replacen("title = \"", &format!("title = \"{title} "), 1);
    std::fs::write(folder.path().join("big.md"), post).expect("write the big post");
    folder
}

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no other arguments.
    let runs: usize = std::env::var("FOLIO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let only = std::env::var("FOLIO_BENCH_ONLY").ok();
    let wanted = |name: &str| only.as_deref().is_none_or(|only| only == name);
    let big = folder_with_post(1_000_000, "Megabyte");
    let huge = folder_with_post(10_000_000, "Tenfold");

    // Libraries of 10 KB posts (about 1,600 words each): 10,000 always, 100,000 (1 GB on
    // disk) when FOLIO_BENCH_100K is set.
    let mut sizes = vec![10_000];
    if !wanted("library") {
        sizes.clear();
    }
    if wanted("library") && std::env::var_os("FOLIO_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    let libraries: Vec<(tempfile::TempDir, tempfile::TempDir, usize, String)> = sizes
        .into_iter()
        .map(|count| {
            let dir = tempfile::tempdir().expect("tempdir");
            corpus::write_folder(dir.path(), count, 10_000);
            let cache = tempfile::tempdir().expect("tempdir");
            let first = newest_title(count);
            prime_cache(dir.path(), cache.path(), &first);
            (dir, cache, count, first)
        })
        .collect();

    let mut table = Table(Vec::new());
    for _ in 0..runs {
        if wanted("bundled") {
            bundled(&mut table);
        }
        if wanted("reader") {
            lone_reader(&mut table);
        }
        if wanted("big") {
            big_post(&mut table, big.path(), "Megabyte", "1 MB");
            big_post(&mut table, huge.path(), "Tenfold", "10 MB");
        }
        for (dir, cache, count, first) in &libraries {
            large_library(&mut table, dir.path(), cache.path(), *count, first);
        }
    }
    println!("folio end-to-end, {COLS}x{ROWS} pty (80x24 where said), {runs} runs each\n");
    table.print();
}
