//! `folio serve`: the blog as an SSH server. Each reader who connects with a terminal gets
//! their own session of the same reader as `folio` locally, driven by [`tui::run_app`] with the
//! session's channel as its input and output; `ssh HOST list` runs a read-only command.
//!
//! The shape: a tokio runtime runs russh and the accept loop; each reader's app runs on its own
//! thread, as the local reader does, fed through a bounded queue and drawing into a bounded
//! one. The posts and their search index are loaded once and shared, read-only. A reader's
//! marks are kept per verified public key, or for the session only.
//!
//! [`tui::run_app`]: crate::tui::run_app

mod exec;
mod handler;
mod host_key;
mod limits;
mod session;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::server::Config;
use russh::{MethodKind, MethodSet};

pub use exec::{USAGE, split_words};
pub use host_key::{HostKeyError, load_or_create};
pub use limits::{
    MAX_COLUMNS, MAX_QUEUED_INPUTS, MAX_ROWS, RateLimiter, Slot, Slots, clamp_window,
};
pub use session::{EndReason, SessionEvents, SessionInput, SharedSize};

use crate::cli::{Cli, ServeArgs};
use crate::content::Library;
use crate::search::Searcher;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The host key could not be loaded or made.
    #[error(transparent)]
    HostKey(#[from] HostKeyError),
    /// There is no data directory for the host key and none was given.
    #[error("no data directory for the host key on this system: pass --host-key PATH")]
    NoDataDir,
    /// Listening failed (the port is taken, say).
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address asked for.
        address: SocketAddr,
        /// Why.
        source: io::Error,
    },
    /// The async runtime or the signal handlers could not start.
    #[error("cannot start the server: {0}")]
    Runtime(io::Error),
}

/// What every connection shares: the posts, the limits, the running sessions.
#[derive(Debug)]
pub(crate) struct Shared {
    library: Arc<Library>,
    searcher: Arc<Searcher>,
    cli: Cli,
    /// The server's config, read once at start; each session's settings resolve from it.
    config: crate::settings::LoadedConfig,
    args: ServeArgs,
    sessions: Slots,
    running: Mutex<HashMap<u64, std::sync::mpsc::SyncSender<SessionInput>>>,
    readers_dir: Option<PathBuf>,
    /// The posts folder served (from the command line or the config), `None` for the
    /// bundled blog: readers' marks are kept per folder, as the local reader's are.
    posts: Option<PathBuf>,
    next_id: AtomicU64,
    stopping: AtomicBool,
}

impl Shared {
    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn running(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, std::sync::mpsc::SyncSender<SessionInput>>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes one log line to standard error, stamped with the UTC time. Lines name connections,
/// addresses, key fingerprints and events, never what a reader typed or read.
pub(crate) fn log(line: std::fmt::Arguments<'_>) {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let _ = writeln!(io::stderr().lock(), "{now} {line}");
}

/// Runs the server over `library` (loaded from `posts`, or the bundled blog) until SIGTERM or
/// SIGINT, then ends every session with a message.
///
/// # Errors
/// When the host key cannot be had, the address cannot be listened on, or the runtime cannot
/// start.
pub fn run(
    cli: Cli,
    args: ServeArgs,
    config: crate::settings::LoadedConfig,
    mut library: Library,
    posts: Option<PathBuf>,
) -> Result<(), ServeError> {
    let dirs = directories::ProjectDirs::from("", "", "folio");
    let key_path = match (&args.host_key, &dirs) {
        (Some(path), _) => path.clone(),
        (None, Some(dirs)) => dirs.data_dir().join("serve").join("host_key"),
        (None, None) => return Err(ServeError::NoDataDir),
    };
    let (key, created) = load_or_create(&key_path)?;
    let fingerprint = key
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    log(format_args!(
        "host key {} {fingerprint} ({})",
        key_path.display(),
        if created { "created" } else { "loaded" }
    ));
    // Problems in the posts are the operator's to fix (`folio check`), and they name the
    // server's files: they go to the log, not to readers' `!` overlay.
    if !library.diagnostics.is_empty() {
        log(format_args!(
            "{} problems in the posts; `folio check` lists them",
            library.diagnostics.len()
        ));
        library.diagnostics.clear();
    }
    let searcher =
        Arc::new(Searcher::new(&library.posts).keep_text_index_in(library.word_index.clone()));
    let shared = Arc::new(Shared {
        library: Arc::new(library),
        searcher,
        sessions: Slots::new(args.max_sessions),
        readers_dir: dirs.map(|d| d.data_dir().join("serve").join("readers")),
        posts,
        cli,
        config,
        args,
        running: Mutex::new(HashMap::new()),
        next_id: AtomicU64::new(0),
        stopping: AtomicBool::new(false),
    });
    let config = Arc::new(ssh_config(key, &shared.args));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(serve(shared, config))
}

/// The SSH settings: this host key; public keys (any, to know returning readers) or
/// keyboard-interactive with no questions (anonymous); and a backstop for connections that
/// go silent, after the sessions' own timeouts.
fn ssh_config(key: russh::keys::PrivateKey, args: &ServeArgs) -> Config {
    let mut methods = MethodSet::empty();
    methods.push(MethodKind::PublicKey);
    methods.push(MethodKind::KeyboardInteractive);
    Config {
        keys: vec![key],
        methods,
        auth_rejection_time: Duration::from_millis(200),
        auth_rejection_time_initial: Some(Duration::ZERO),
        inactivity_timeout: Some(
            args.idle_timeout.max(Duration::from_mins(1)) + Duration::from_mins(1),
        ),
        keepalive_interval: None,
        max_auth_attempts: 6,
        nodelay: true,
        ..Config::default()
    }
}

/// Accepts connections until a signal, then stops.
async fn serve(shared: Arc<Shared>, config: Arc<Config>) -> Result<(), ServeError> {
    let address = shared.args.listen;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| ServeError::Listen { address, source })?;
    let bound = listener.local_addr().unwrap_or(address);
    log(format_args!(
        "listening on {bound}: {} posts, at most {} readers",
        shared.library.posts.len(),
        shared.args.max_sessions
    ));
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(ServeError::Runtime)?;
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(ServeError::Runtime)?;
    let mut limiter = RateLimiter::new(shared.args.max_connections_per_minute);
    // Connections that have no session yet (or are between sessions) are bounded too.
    let connections = Slots::new(
        shared
            .args
            .max_sessions
            .saturating_mul(2)
            .saturating_add(16),
    );
    loop {
        tokio::select! {
            _ = terminate.recv() => break,
            _ = interrupt.recv() => break,
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        log(format_args!("accept failed: {err}"));
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                if !limiter.allow(peer.ip(), Instant::now()) {
                    log(format_args!("refused {peer}: over {} connections a minute", shared.args.max_connections_per_minute));
                    continue;
                }
                let Some(slot) = connections.take() else {
                    log(format_args!("refused {peer}: too many connections"));
                    continue;
                };
                handler::spawn_connection(Arc::clone(&shared), Arc::clone(&config), socket, peer, slot);
            }
        }
    }
    shut_down(&shared).await;
    Ok(())
}

/// Tells every session to end, with a message to its reader, and waits a little for them.
async fn shut_down(shared: &Arc<Shared>) {
    shared.stopping.store(true, Ordering::Release);
    let senders: Vec<_> = shared.running().values().cloned().collect();
    log(format_args!(
        "shutting down: ending {} sessions",
        senders.len()
    ));
    // Sending may wait on a full queue: off the async threads.
    let _ = tokio::task::spawn_blocking(move || {
        for sender in senders {
            let _ = sender.send(SessionInput::End(EndReason::Shutdown));
        }
    })
    .await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while shared.sessions.in_use() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    log(format_args!("stopped"));
}
