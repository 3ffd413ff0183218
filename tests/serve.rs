//! `folio serve` end to end: the real server on 127.0.0.1, the real OpenSSH client in a
//! pseudo-terminal, the screen read through vt100. `.ci/run` installs `ssh` where missing.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::pty::{Session, TIMEOUT};

/// A running `folio serve` with its own data folder, its log collected as it is written.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
    home: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        Self::start_with_config(args, None)
    }

    /// Starts the server with `config` as the operator's config file.
    fn start_with_config(args: &[&str], config: Option<&str>) -> Self {
        let home = tempfile::tempdir().expect("a scratch home");
        if let Some(text) = config {
            let dir = home.path().join("config").join("folio");
            std::fs::create_dir_all(&dir).expect("config folder");
            std::fs::write(dir.join("config.toml"), text).expect("config file");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start folio serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let log_in = Arc::clone(&log);
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = log_in.lock().expect("log lock");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Self {
            child,
            port: 0,
            log,
            home,
        };
        server.wait_log("listening on 127.0.0.1:");
        let log = server.log();
        let port = log
            .split("listening on 127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|port| port.parse().ok())
            .expect("the log names the port");
        server.port = port;
        server
    }

    fn log(&self) -> String {
        self.log.lock().expect("log lock").clone()
    }

    fn wait_log(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self.log().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the log never said {text:?}:\n{}", self.log());
    }

    /// The `ssh` arguments to reach this server: no config file, no known hosts, and either a
    /// key (`Some(path)`) or none at all.
    fn ssh_args(&self, key: Option<&Path>) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=10",
            "-p",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        args.push(self.port.to_string());
        match key {
            Some(key) => {
                args.extend(["-i".to_owned(), key.display().to_string()]);
            }
            None => args.extend(["-o".to_owned(), "PubkeyAuthentication=no".to_owned()]),
        }
        args
    }

    /// A reader connecting with a terminal of `cols` × `rows`.
    fn reader(&self, key: Option<&Path>, cols: u16, rows: u16) -> Session {
        self.reader_with(key, cols, rows, &[], &[])
    }

    /// A reader with extra `ssh` options and client environment (`TERM`).
    fn reader_with(
        &self,
        key: Option<&Path>,
        cols: u16,
        rows: u16,
        options: &[&str],
        env: &[(&str, &str)],
    ) -> Session {
        let mut args = self.ssh_args(key);
        args.extend(options.iter().map(ToString::to_string));
        args.extend(["-t".to_owned(), "127.0.0.1".to_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Session::spawn_program("ssh", &args, cols, rows, env, self.home.path())
    }

    /// Runs `ssh 127.0.0.1 COMMAND` without a terminal: (status, stdout, stderr).
    fn exec(&self, command: &[&str]) -> (i32, String, String) {
        let output = Command::new("ssh")
            .args(self.ssh_args(None))
            .arg("127.0.0.1")
            .args(command)
            .env("HOME", self.home.path())
            .stdin(Stdio::null())
            .output()
            .expect("run ssh");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn key(&self, name: &str) -> PathBuf {
        let path = self.home.path().join(name);
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", ""])
            .arg("-f")
            .arg(&path)
            .stdin(Stdio::null())
            .status()
            .expect("run ssh-keygen");
        assert!(status.success());
        path
    }

    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not exit:\n{}", self.log());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_reader_over_ssh_searches_opens_a_post_and_follows_a_resize() {
    let server = Server::start(&[]);
    let mut reader = server.reader(None, 120, 40);
    reader.wait_for("System Calls: The Gateway");
    reader.send("/hash");
    reader.wait_until("the filtered list", |s| s.contains("/ hash"));
    reader.send("\r");
    reader.wait_for("min read");
    assert!(
        reader
            .screen()
            .contains("Consistent Hashing: Distributing Data Across Dynamic")
    );
    // Below 100 columns the reader has the screen to itself: the list pane is gone.
    reader.resize(80, 24);
    reader.wait_until("one pane at 80 columns", |s| {
        !s.contains("Posts") && s.contains("Consistent Hashing")
    });
    reader.send("q");
    reader.wait_for("q quit");
    reader.send("q");
    assert_eq!(reader.wait_exit(), 0);
    assert!(
        !reader.alternate_screen(),
        "the reader's terminal is restored"
    );
    server.wait_log("session ended (reader quit), status 0");
    let log = server.log();
    assert!(log.contains("session started for anonymous"), "{log}");
    assert!(
        !log.contains("hash"),
        "the log must not show what readers type:\n{log}"
    );
}

#[test]
fn the_clients_term_and_colorterm_pick_the_colour_depth() {
    let server = Server::start(&[]);
    let colours = |options: &[&str], term: &str| {
        let mut reader = server.reader_with(None, 100, 30, options, &[("TERM", term)]);
        reader.wait_for("System Calls");
        reader.send("q");
        assert_eq!(reader.wait_exit(), 0);
        let bytes = String::from_utf8_lossy(&reader.bytes_written()).into_owned();
        // crossterm writes the 16 ANSI colours as 38;5;0–15 too: only 16 and up are 256-colour.
        let palette_256 = bytes.split("38;5;").skip(1).any(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u16>().is_ok_and(|n| n >= 16)
        });
        (palette_256, bytes.contains("38;2;"))
    };
    assert_eq!(
        colours(&[], "xterm"),
        (false, false),
        "TERM=xterm: 16 colours"
    );
    assert_eq!(colours(&[], "xterm-256color"), (true, false), "256 colours");
    // The themes are drawn from the 256-colour palette; 24-bit colour shows in code
    // highlighting, so the session's depth is read from the log.
    colours(&["-o", "SetEnv=COLORTERM=truecolor"], "xterm-256color");
    let log = server.log();
    assert!(log.contains("TERM=xterm, colours 16)"), "{log}");
    assert!(log.contains("TERM=xterm-256color, colours 256)"), "{log}");
    assert!(
        log.contains("TERM=xterm-256color, colours 24-bit)"),
        "COLORTERM sent by the client turns on 24-bit colour:\n{log}"
    );
}

#[test]
fn mistakes_in_the_servers_config_and_posts_are_logged_never_shown_to_readers() {
    let posts = tempfile::tempdir().expect("posts folder");
    let good = "+++\ntitle = \"Good post\"\ndate = 2024-01-01\nsummary = \"Fine.\"\n+++\nBody.\n";
    std::fs::write(posts.path().join("good.md"), good).expect("a post");
    std::fs::write(posts.path().join("bad.md"), "+++\ntitle = 3\n+++\nBody.\n").expect("a post");
    let folder = posts.path().to_str().expect("utf-8 path");
    let server = Server::start_with_config(&["--posts", folder], Some("no_such_setting = 1\n"));
    server.wait_log("using the default settings");
    server.wait_log("problems in the posts");
    let mut reader = server.reader(None, 120, 40);
    reader.wait_for("Good post");
    assert!(!reader.screen().contains("mistake"), "{}", reader.screen());
    reader.send("!");
    thread::sleep(Duration::from_millis(300));
    let screen = reader.screen();
    assert!(
        !screen.contains("config.toml") && !screen.contains("bad.md"),
        "{screen}"
    );
    reader.send("\x1b");
    thread::sleep(Duration::from_millis(200));
    reader.send("q");
    assert_eq!(reader.wait_exit(), 0);
}

#[test]
fn exec_runs_read_only_commands_and_explains_the_rest() {
    let server = Server::start(&[]);
    let (status, out, _) = server.exec(&["list"]);
    assert_eq!(status, 0);
    assert_eq!(out.lines().count(), 24, "{out}");
    assert!(out.contains("consistent-hashing"));

    let (status, out, _) = server.exec(&["read", "consistent-hashing"]);
    assert_eq!(status, 0);
    assert!(out.contains("Consistent Hashing"));
    assert!(!out.contains('\x1b'), "plain text without a terminal");

    let (status, _, err) = server.exec(&["read", "no-such-post"]);
    assert_eq!(status, 2);
    assert!(err.contains("no-such-post"), "{err}");

    let (status, out, err) = server.exec(&["read", "--file", "/etc/passwd"]);
    assert_eq!(status, 2);
    assert!(
        out.is_empty() && err.contains("not available over SSH"),
        "{err}"
    );

    // Neither a terminal nor a command: one line saying what to do, and a failure status.
    let output = Command::new("ssh")
        .args(server.ssh_args(None))
        .args(["-T", "127.0.0.1"])
        .env("HOME", server.home.path())
        .stdin(Stdio::null())
        .output()
        .expect("run ssh");
    assert_ne!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("ssh -t"), "{text}");
}

#[test]
fn a_full_server_turns_the_next_reader_away_politely() {
    let server = Server::start(&["--max-sessions", "1"]);
    let mut first = server.reader(None, 100, 30);
    first.wait_for("System Calls");
    let mut second = server.reader(None, 100, 30);
    second.wait_for("reading already");
    assert_eq!(second.wait_exit(), 1);
    // The first reader is unaffected, and once they leave there is room again.
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    server.wait_log("session ended");
    let mut third = server.reader(None, 100, 30);
    third.wait_for("System Calls");
    third.send("q");
    assert_eq!(third.wait_exit(), 0);
    assert!(
        server
            .log()
            .contains("refused a session: 1 readers already")
    );
}

#[test]
fn connections_over_the_rate_from_one_address_are_refused() {
    let server = Server::start(&["--max-connections-per-minute", "2"]);
    assert_eq!(server.exec(&["tags"]).0, 0);
    assert_eq!(server.exec(&["tags"]).0, 0);
    let (status, out, _) = server.exec(&["tags"]);
    assert_eq!(status, 255, "ssh reports the closed connection");
    assert!(out.is_empty());
    assert!(server.log().contains("over 2 connections a minute"));
}

#[test]
fn a_connection_that_never_signs_in_is_closed_after_the_login_timeout() {
    use std::io::Read;
    let server = Server::start(&["--login-timeout", "1s"]);
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    socket
        .set_read_timeout(Some(TIMEOUT))
        .expect("read timeout");
    // The server says its version, then nothing comes from this client: it is closed.
    let mut received = Vec::new();
    let closed = socket.read_to_end(&mut received);
    assert!(
        closed.is_ok(),
        "closed by the server, not timed out: {closed:?}"
    );
    assert!(String::from_utf8_lossy(&received).starts_with("SSH-2.0-"));
    server.wait_log("no SSH handshake in time");
    // One that says hello and then never signs in is closed too.
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    socket
        .set_read_timeout(Some(TIMEOUT))
        .expect("read timeout");
    std::io::Write::write_all(&mut socket, b"SSH-2.0-OpenSSH_9.9\r\n").expect("hello");
    let closed = socket.read_to_end(&mut Vec::new());
    assert!(closed.is_ok(), "closed by the server: {closed:?}");
    server.wait_log("no sign-in in time");
    // A reader who does sign in is served.
    assert_eq!(server.exec(&["tags"]).0, 0);
}

#[test]
fn an_idle_session_ends_with_a_message() {
    let server = Server::start(&["--idle-timeout", "2s"]);
    let mut reader = server.reader(None, 100, 30);
    reader.wait_for("System Calls");
    reader.wait_for("without a key");
    assert_eq!(reader.wait_exit(), 0);
    assert!(!reader.alternate_screen());
    server.wait_log("session ended (idle timeout)");
}

#[test]
fn a_busy_session_still_ends_at_its_time_limit() {
    let server = Server::start(&["--max-session", "3s"]);
    let mut reader = server.reader(None, 100, 30);
    reader.wait_for("System Calls");
    let deadline = Instant::now() + TIMEOUT;
    while !reader.screen().contains("time limit") {
        assert!(
            Instant::now() < deadline,
            "never ended:\n{}",
            reader.screen()
        );
        reader.send("j");
        thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(reader.wait_exit(), 0);
    server.wait_log("session ended (session time limit)");
}

#[test]
fn absurd_window_sizes_neither_crash_nor_exhaust_the_server() {
    let server = Server::start(&[]);
    let mut reader = server.reader(None, 120, 40);
    reader.wait_for("System Calls");
    reader.resize_pty(0, 0);
    thread::sleep(Duration::from_millis(300));
    reader.resize_pty(65_535, 65_535);
    thread::sleep(Duration::from_millis(300));
    reader.resize(120, 40);
    reader.wait_until("the list again at 120x40", |s| {
        s.contains("Posts") && s.contains("System Calls")
    });
    reader.send("q");
    assert_eq!(reader.wait_exit(), 0);
    server.wait_log("session ended (reader quit), status 0");
    // Another reader is served as usual.
    assert_eq!(server.exec(&["tags"]).0, 0);
}

#[test]
fn a_huge_paste_and_a_flood_of_keys_leave_the_session_responsive() {
    let server = Server::start(&[]);
    let mut reader = server.reader(None, 120, 40);
    reader.wait_for("System Calls");
    // A 1 MB paste into the search bar: kept up to the paste limit, never all of it.
    reader.send("/");
    reader.wait_for("titles");
    let paste = format!("\x1b[200~{}\x1b[201~", "x".repeat(1 << 20));
    reader.send(&paste);
    reader.wait_until("the paste in the bar", |s| s.contains("0/24"));
    reader.send("\x1b");
    reader.wait_until("the bar closed", |s| !s.contains("titles"));
    // 200,000 keys at once: the session's queue takes what it can and drops the rest (a key
    // sent while it is full is dropped too). Once it has worked through them it answers: `/`
    // opens the search bar, and typed again only adds a `/` to the query, so it is sent until
    // the bar shows.
    reader.send(&"j".repeat(200_000));
    let deadline = Instant::now() + TIMEOUT;
    'answered: loop {
        assert!(
            Instant::now() < deadline,
            "no answer after the flood:\n{}",
            reader.screen()
        );
        reader.send("/");
        for _ in 0..20 {
            thread::sleep(Duration::from_millis(50));
            if reader.screen().contains("titles") {
                break 'answered;
            }
        }
    }
    reader.send("\x1b");
    reader.wait_until("the bar closed", |s| !s.contains("titles"));
    reader.send("q");
    assert_eq!(reader.wait_exit(), 0);
    server.wait_log("session ended (reader quit), status 0");
}

#[test]
fn each_key_keeps_its_own_marks_and_anonymous_readers_keep_none() {
    let server = Server::start(&[]);
    let (alice, bob) = (server.key("alice"), server.key("bob"));
    let bookmark_first_post = |key: Option<&Path>| {
        let mut reader = server.reader(key, 120, 40);
        reader.wait_for("System Calls");
        assert!(!reader.screen().contains('★'), "{}", reader.screen());
        reader.send("b");
        reader.wait_for("★");
        reader.send("q");
        assert_eq!(reader.wait_exit(), 0);
    };
    let sees_bookmark = |key: Option<&Path>| {
        let mut reader = server.reader(key, 120, 40);
        reader.wait_for("System Calls");
        let seen = reader.screen().contains('★');
        reader.send("q");
        assert_eq!(reader.wait_exit(), 0);
        seen
    };
    bookmark_first_post(Some(&alice));
    assert!(!sees_bookmark(Some(&bob)), "bob must not see alice's marks");
    assert!(sees_bookmark(Some(&alice)), "alice's marks are kept");
    bookmark_first_post(None);
    assert!(!sees_bookmark(None), "anonymous marks last one session");
    let readers = server.home.path().join("data/folio/serve/readers");
    let kept = std::fs::read_dir(&readers).expect("readers folder").count();
    assert_eq!(
        kept, 1,
        "only alice has state on disk (bob has no marks yet)"
    );
}

#[test]
fn sigterm_ends_sessions_with_a_message_and_the_server_exits_cleanly() {
    let mut server = Server::start(&[]);
    let mut reader = server.reader(None, 100, 30);
    reader.wait_for("System Calls");
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    reader.wait_for("shutting down");
    reader.wait_exit();
    assert!(!reader.alternate_screen());
    assert!(server.wait_exit().success());
    assert!(server.log().contains("stopped"));
}

#[test]
fn a_host_key_others_can_read_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp dir");
    let key = home.path().join("host_key");
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", ""])
        .arg("-f")
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(status.success());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(&key)
        .output()
        .expect("run folio serve");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("chmod 600"), "{err}");
}
