//! Load on `folio serve`: many readers at once, each scrolling and searching, as a server
//! would see on a busy day. Starts the release binary on 127.0.0.1, connects N SSH clients
//! from this process (russh's client, so the clients cost little next to the server), waits for
//! every first frame, then has every reader type a key every 100 ms:
//!
//! ```text
//! j×8  /hash Enter  j×10  Space×3  q          (28 keys)
//! ```
//!
//! and reports the server's memory per session, its CPU while the readers type, per-key latency
//! (to the first byte of the answer, and to the end of the frame: the last byte before 30 ms of
//! quiet) and bytes per session.
//!
//! `cargo bench --bench serve_load` (50 sessions); `FOLIO_LOAD_SESSIONS=N` changes the count.
#![allow(clippy::expect_used, clippy::cast_precision_loss)] // A benchmark fails loudly.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, client::KeyboardInteractiveAuthResponse};

const KEYS: &[&str] = &[
    "j", "j", "j", "j", "j", "j", "j", "j", "/", "h", "a", "s", "h", "\r", "j", "j", "j", "j", "j",
    "j", "j", "j", "j", "j", " ", " ", " ", "q",
];
const PACE: Duration = Duration::from_millis(100);
const QUIET: Duration = Duration::from_millis(30);

struct Accept;

impl client::Handler for Accept {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// What one reader saw.
#[derive(Default)]
struct Reader {
    /// Index into KEYS of each answered key.
    keys: Vec<usize>,
    first_byte: Vec<Duration>,
    frame: Vec<Duration>,
    bytes: usize,
}

fn main() {
    let sessions: usize = std::env::var("FOLIO_LOAD_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let home = tempfile::tempdir().expect("temp home");
    let (mut server, port) = start_server(home.path(), sessions);
    let pid = server.id();
    let rss_idle = rss_kb(pid);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (connected, readers) = runtime.block_on(async {
        let ready = Arc::new(tokio::sync::Barrier::new(sessions + 1));
        let go = Arc::new(tokio::sync::Barrier::new(sessions + 1));
        let mut tasks = Vec::new();
        for i in 0..sessions {
            let (ready, go) = (Arc::clone(&ready), Arc::clone(&go));
            tasks.push(tokio::spawn(async move {
                // Stagger the readers over a pace, as real keys would be.
                let offset = PACE.mul_f64(i as f64 / sessions as f64);
                read_like_a_person(port, ready, go, offset).await
            }));
        }
        ready.wait().await;
        let connected = (rss_kb(pid), cpu_ticks(pid), Instant::now());
        go.wait().await;
        let mut readers = Vec::new();
        for task in tasks {
            readers.push(task.await.expect("reader task"));
        }
        (connected, readers)
    });
    let (rss_connected, ticks_before, started) = connected;
    let ticks = cpu_ticks(pid) - ticks_before;
    let elapsed = started.elapsed();
    let rss_peak = peak_rss_kb(pid);
    let _ = server.kill();
    let _ = server.wait();

    let mut first: Vec<Duration> = readers.iter().flat_map(|r| r.first_byte.clone()).collect();
    let mut frame: Vec<Duration> = readers.iter().flat_map(|r| r.frame.clone()).collect();
    let bytes: Vec<usize> = readers.iter().map(|r| r.bytes).collect();
    let total_keys = frame.len();
    println!(
        "folio serve under load: {sessions} sessions, {} keys each, one every {} ms",
        KEYS.len(),
        PACE.as_millis()
    );
    println!(
        "  server RSS idle:               {:>8.1} MB",
        rss_idle as f64 / 1024.0
    );
    println!(
        "  server RSS, all connected:     {:>8.1} MB",
        rss_connected as f64 / 1024.0
    );
    println!(
        "  server peak RSS:               {:>8.1} MB",
        rss_peak as f64 / 1024.0
    );
    println!(
        "  per session (connected - idle): {:>7.2} MB",
        (rss_connected.saturating_sub(rss_idle)) as f64 / 1024.0 / sessions as f64
    );
    println!(
        "  server CPU while typing:       {:>8.1} % of one core ({:.2} s CPU in {:.2} s)",
        ticks as f64 / 100.0 / elapsed.as_secs_f64() * 100.0,
        ticks as f64 / 100.0,
        elapsed.as_secs_f64()
    );
    println!("  keys answered:                 {total_keys:>8}");
    print_latency("latency to first byte", &mut first);
    print_latency("latency to whole frame", &mut frame);
    let mut slowest = vec![Duration::ZERO; KEYS.len()];
    for reader in &readers {
        for (&index, &time) in reader.keys.iter().zip(&reader.frame) {
            slowest[index] = slowest[index].max(time);
        }
    }
    let mut ranked: Vec<(usize, Duration)> = slowest.into_iter().enumerate().collect();
    ranked.sort_by_key(|&(_, time)| std::cmp::Reverse(time));
    let named: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|(index, time)| {
            format!(
                "{:?} (key {}) {:.1} ms",
                KEYS[*index],
                index + 1,
                time.as_secs_f64() * 1000.0
            )
        })
        .collect();
    println!("  slowest keys (worst session):  {}", named.join(", "));
    let total: usize = bytes.iter().sum();
    println!(
        "  bytes per session:             {:>8} (median), {:.0} per key",
        median_usize(bytes.clone()),
        total as f64 / total_keys.max(1) as f64
    );
}

fn start_server(home: &std::path::Path, sessions: usize) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-connections-per-minute",
            "100000",
        ])
        .args(["--max-sessions", &(sessions + 10).to_string()])
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start folio serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let port = loop {
        let line = lines.next().expect("the server logs").expect("a log line");
        if let Some(rest) = line.split("listening on 127.0.0.1:").nth(1) {
            break rest
                .split(':')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a port");
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, port)
}

async fn read_like_a_person(
    port: u16,
    ready: Arc<tokio::sync::Barrier>,
    go: Arc<tokio::sync::Barrier>,
    offset: Duration,
) -> Reader {
    let config = Arc::new(client::Config::default());
    let mut session = client::connect(config, ("127.0.0.1", port), Accept)
        .await
        .expect("connect");
    let auth = session
        .authenticate_keyboard_interactive_start("reader", None)
        .await
        .expect("authenticate");
    assert!(
        matches!(auth, KeyboardInteractiveAuthResponse::Success),
        "signed in"
    );
    let mut channel = session
        .channel_open_session()
        .await
        .expect("open a channel");
    channel
        .request_pty(false, "xterm-256color", 120, 40, 0, 0, &[])
        .await
        .expect("pty");
    channel.request_shell(false).await.expect("shell");
    let mut reader = Reader::default();
    // The first frame: data, then quiet.
    reader.bytes += read_burst(&mut channel, Duration::from_secs(30)).await.1;
    ready.wait().await;
    go.wait().await;
    tokio::time::sleep(offset).await;
    for (index, key) in KEYS.iter().enumerate() {
        let sent = Instant::now();
        channel.data(key.as_bytes()).await.expect("send a key");
        let (first, bytes, last) = read_burst_timed(&mut channel, sent).await;
        if let (Some(first), Some(last)) = (first, last) {
            reader.keys.push(index);
            reader.first_byte.push(first);
            reader.frame.push(last);
        }
        reader.bytes += bytes;
        tokio::time::sleep(PACE.saturating_sub(sent.elapsed())).await;
    }
    let _ = channel.data(&b"q"[..]).await;
    let _ = session
        .disconnect(russh::Disconnect::ByApplication, "", "")
        .await;
    reader
}

/// Reads until `QUIET` passes without data (or `first_wait` for the first byte).
async fn read_burst(
    channel: &mut russh::Channel<client::Msg>,
    first_wait: Duration,
) -> (bool, usize) {
    let mut bytes = 0;
    let mut wait = first_wait;
    loop {
        match tokio::time::timeout(wait, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                bytes += data.len();
                wait = QUIET;
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return (bytes > 0, bytes),
        }
    }
}

/// Reads the answer to a key sent at `sent`: (time to first byte, bytes, time to last byte).
async fn read_burst_timed(
    channel: &mut russh::Channel<client::Msg>,
    sent: Instant,
) -> (Option<Duration>, usize, Option<Duration>) {
    let (mut first, mut last, mut bytes) = (None, None, 0);
    let mut wait = Duration::from_secs(10);
    loop {
        match tokio::time::timeout(wait, channel.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                let now = sent.elapsed();
                first.get_or_insert(now);
                last = Some(now);
                bytes += data.len();
                wait = QUIET;
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return (first, bytes, last),
        }
    }
}

fn print_latency(label: &str, values: &mut [Duration]) {
    values.sort();
    // q in percent: the nearest-rank quantile.
    let at = |q: usize| {
        values
            .get((values.len().saturating_sub(1) * q + 50) / 100)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "  {label:<30} median {:>6.1} ms, p95 {:>6.1} ms, max {:>6.1} ms",
        at(50),
        at(95),
        at(100)
    );
}

fn median_usize(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

fn rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmRSS:")
}

fn peak_rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmHWM:")
}

/// User plus system time of `pid`, in clock ticks (100 a second on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of stat; 12 and 13 after the name and state.
    field(11) + field(12)
}
