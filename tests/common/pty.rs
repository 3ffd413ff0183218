//! Runs the real `folio` binary in a pseudo-terminal and reads its screen through a vt100
//! emulator, as a user would see it.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for something to appear before failing; generous for slow CI machines.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running folio in a pseudo-terminal.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<Vec<u8>>>,
    /// The scratch home this session owns, removed when it ends.
    home: Option<tempfile::TempDir>,
}

impl Session {
    /// Starts folio with `args` in a `cols` × `rows` terminal.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::spawn_with_env(args, cols, rows, &[])
    }

    /// Starts folio with extra environment variables, in a fresh home folder.
    pub fn spawn_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        let home = tempfile::tempdir().expect("a scratch home");
        let mut session = Self::spawn_in(args, cols, rows, env, home.path());
        session.home = Some(home);
        session
    }

    /// Starts folio with `home` as its home (config, data and cache folders inside it), so
    /// several sessions can share remembered state.
    pub fn spawn_in(
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        home: &std::path::Path,
    ) -> Self {
        Self::spawn_program(env!("CARGO_BIN_EXE_folio"), args, cols, rows, env, home)
    }

    /// Starts any `program` (the OpenSSH client, say) as [`Session::spawn_in`] starts folio.
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        home: &std::path::Path,
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("HOME", home.as_os_str());
        command.env("XDG_CONFIG_HOME", home.join("config").as_os_str());
        command.env("XDG_DATA_HOME", home.join("data").as_os_str());
        command.env("XDG_CACHE_HOME", home.join("cache").as_os_str());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn folio");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (parser_in, bytes_in) = (Arc::clone(&parser), Arc::clone(&bytes));
        thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                parser_in.lock().expect("parser lock").process(&buffer[..n]);
                bytes_in
                    .lock()
                    .expect("bytes lock")
                    .extend_from_slice(&buffer[..n]);
            }
        });
        Self {
            child,
            master: pty.master,
            writer,
            parser,
            bytes,
            home: None,
        }
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// The background colour of a cell, as the terminal would show it.
    pub fn background_at(&self, row: u16, col: u16) -> Option<vt100::Color> {
        let parser = self.parser.lock().expect("parser lock");
        parser.screen().cell(row, col).map(vt100::Cell::bgcolor)
    }

    /// Waits until the program has written `bytes`.
    pub fn wait_for_bytes(&self, bytes: &[u8]) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self
                .bytes_written()
                .windows(bytes.len())
                .any(|w| w == bytes)
            {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for folio to write {bytes:?}");
    }

    /// Whether the program is showing the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser
            .lock()
            .expect("parser lock")
            .screen()
            .alternate_screen()
    }

    /// Every byte the program wrote so far.
    pub fn bytes_written(&self) -> Vec<u8> {
        self.bytes.lock().expect("bytes lock").clone()
    }

    /// Waits until the screen contains `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; the screen is:\n{}",
            self.screen()
        );
    }

    /// Waits until `check` holds for the screen.
    pub fn wait_until(&self, what: &str, check: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if check(&self.screen()) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {what}; the screen is:\n{}",
            self.screen()
        );
    }

    /// Types bytes as keys.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .expect("parser lock")
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        self.resize_pty(cols, rows);
    }

    /// Resizes the pseudo-terminal only, not the emulator reading it: for sizes no emulator
    /// could show (0×0, 65535×65535) that the program must survive.
    pub fn resize_pty(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// The process id, for sending signals.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Sends the signal `name` (`TERM`, `HUP`…) to the program, as `kill` would.
    pub fn signal(&self, name: &str) {
        let pid = self.pid().expect("a running program has a pid");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader thread drain the last bytes (the terminal restore).
                thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let dump = std::env::temp_dir().join("folio-pty-dump.bin");
        let _ = std::fs::write(&dump, self.bytes_written());
        panic!(
            "folio did not exit (its output is in {}); the screen is:\n{}",
            dump.display(),
            self.screen()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal sizes are not zero")
}
