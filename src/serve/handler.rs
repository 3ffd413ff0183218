//! One SSH connection: authentication, and the channels that become reader sessions or
//! commands. russh calls these handlers on the async runtime; anything that may block (the
//! app, a command) runs on its own thread.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::Duration;

use crossterm::event::Event;
use russh::server::{Auth, ChannelOpenHandle, Handle, Handler, Msg, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet};

use super::session::{self, Out, SessionInput, SessionSetup, SharedSize};
use super::{EndReason, MAX_QUEUED_INPUTS, Shared, Slot, clamp_window, exec, log};
use crate::input::{InputParser, Parsed};
use crate::settings::Settings;
use crate::store::StateFile;
use crate::tui::Input;

/// Channels one connection may have open at once (OpenSSH opens one per session).
const MAX_CHANNELS: usize = 4;

/// Environment variables a client may send (`ssh -o SetEnv=COLORTERM=truecolor`), and how many
/// and how long: only what tells folio about the reader's terminal.
const ACCEPTED_ENV: &[&str] = &["COLORTERM", "NO_COLOR", "COLORFGBG", "TERM_PROGRAM"];
const MAX_ENV_VALUE: usize = 256;

/// Frames queued for a slow reader before the session waits for them to drain.
const OUTPUT_QUEUE: usize = 8;

/// Starts handling a connection on the runtime; `slot` is its place among the connections.
pub(super) fn spawn_connection(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    slot: Slot,
) {
    let id = shared.next_id();
    log(format_args!("conn {id} from {peer}: connected"));
    let limit = shared.args.max_session + Duration::from_mins(2);
    let login = shared.args.login_timeout;
    let signed_in = Arc::new(AtomicBool::new(false));
    let connection = Connection {
        shared,
        id,
        peer,
        identity: None,
        channels: HashMap::new(),
        signed_in: Arc::clone(&signed_in),
    };
    // A second handle on the socket, to cut a connection off from outside russh's task
    // (dropping russh's session future does not stop that task).
    let (socket, cutter) = match split_off_cutter(socket) {
        Ok(pair) => pair,
        Err(err) => {
            log(format_args!(
                "conn {id} from {peer}: cannot set up the socket: {err}"
            ));
            return;
        }
    };
    tokio::spawn(async move {
        let _slot = slot;
        let started = russh::server::run_stream(config, socket, connection);
        let outcome = match tokio::time::timeout(login, started).await {
            Err(_) => "closed: no SSH handshake in time".to_owned(),
            Ok(Err(err)) => format!("handshake failed: {err}"),
            Ok(Ok(session)) => {
                // A connection holds a place among the connections: one that never signs in
                // is closed after the login timeout, not after the idle one.
                let watchdog_cutter = cutter.try_clone();
                let watchdog = tokio::spawn(async move {
                    tokio::time::sleep(login).await;
                    if !signed_in.load(Ordering::Acquire) {
                        log(format_args!("conn {id} from {peer}: no sign-in in time"));
                        if let Ok(cutter) = watchdog_cutter {
                            let _ = cutter.shutdown(std::net::Shutdown::Both);
                        }
                    }
                });
                let outcome = match tokio::time::timeout(limit, session).await {
                    Ok(Ok(())) => "closed".to_owned(),
                    Ok(Err(err)) => format!("closed: {err}"),
                    Err(_) => {
                        let _ = cutter.shutdown(std::net::Shutdown::Both);
                        "closed: connection time limit".to_owned()
                    }
                };
                watchdog.abort();
                outcome
            }
        };
        log(format_args!("conn {id} from {peer}: {outcome}"));
    });
}

/// The socket for russh, and a duplicate of it whose `shutdown` ends the connection.
fn split_off_cutter(
    socket: tokio::net::TcpStream,
) -> std::io::Result<(tokio::net::TcpStream, std::net::TcpStream)> {
    let socket = socket.into_std()?;
    let cutter = socket.try_clone()?;
    Ok((tokio::net::TcpStream::from_std(socket)?, cutter))
}

/// One connection's state.
struct Connection {
    shared: Arc<Shared>,
    id: u64,
    peer: SocketAddr,
    /// The verified key's fingerprint, once the client proved it holds the key.
    identity: Option<String>,
    channels: HashMap<ChannelId, ChannelState>,
    /// Set once the client has signed in (see [`spawn_connection`]'s watchdog).
    signed_in: Arc<AtomicBool>,
}

/// A channel's terminal (type and size), if it asked for one, and its environment.
type ChannelRequest = (Option<(String, SharedSize)>, Vec<(String, String)>);

/// What a channel has asked for so far.
#[derive(Default)]
struct ChannelState {
    pty: Option<(String, SharedSize)>,
    env: Vec<(String, String)>,
    parser: InputParser,
    input: Option<SyncSender<SessionInput>>,
    started: bool,
}

impl Connection {
    /// The settings for a reader's terminal: the server's config and command line, with the
    /// terminal's description (TERM, COLORTERM…) taken from the client, never from the
    /// server's own environment.
    fn settings_for(&self, term: &str, env: &[(String, String)]) -> Settings {
        let get = |name: &str| -> Option<String> {
            match name {
                "TERM" => Some(term.to_owned()),
                _ => env
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.clone()),
            }
        };
        // The server's config as read at start, without its mistake: the operator was told
        // (the log); readers are not shown the server's files.
        crate::settings::resolve_with(&self.shared.cli, self.shared.config.without_problem(), get)
    }

    /// Where this reader's marks live: per verified key, and per posts folder; none for an
    /// anonymous reader.
    fn store(&self) -> Option<StateFile> {
        let identity = self.identity.as_ref()?;
        let root = self.shared.readers_dir.as_ref()?;
        Some(StateFile::for_library(
            &root.join(identity),
            self.shared.posts.as_deref(),
        ))
    }

    fn who(&self) -> &str {
        self.identity.as_deref().unwrap_or("anonymous")
    }

    /// Marks `channel` as running its one shell or command and says yes to the client: its
    /// terminal and environment, or `None` (having said no) for an unknown channel or a second
    /// request on one.
    fn claim(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<Option<ChannelRequest>, russh::Error> {
        match self.channels.get_mut(&channel) {
            Some(state) if !state.started => {
                state.started = true;
                session.channel_success(channel)?;
                Ok(Some((state.pty.clone(), state.env.clone())))
            }
            _ => {
                session.channel_failure(channel)?;
                Ok(None)
            }
        }
    }

    /// Starts the reader on `channel`, or tells the client why not.
    fn start_shell(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let handle = session.handle();
        let id = self.id;
        let Some((pty, env)) = self.claim(channel, session)? else {
            return Ok(());
        };
        let Some((term, size)) = pty else {
            let line = format!(
                "folio: this server shows the blog in a terminal: connect with `ssh -t`, or run one of the {}\r\n",
                exec::USAGE
            );
            log(format_args!(
                "conn {id}: refused a session without a terminal"
            ));
            tokio::spawn(finish(handle, channel, line.into_bytes(), 2));
            return Ok(());
        };
        if self.shared.stopping.load(Ordering::Acquire) {
            let line = b"folio: the server is shutting down; try again later.\r\n".to_vec();
            tokio::spawn(finish(handle, channel, line, 1));
            return Ok(());
        }
        let Some(slot) = self.shared.sessions.take() else {
            log(format_args!(
                "conn {id}: refused a session: {} readers already",
                self.shared.sessions.max()
            ));
            let line = format!(
                "folio: {} people are reading already, which is all this server takes. Please try again in a few minutes.\r\n",
                self.shared.sessions.max()
            );
            tokio::spawn(finish(handle, channel, line.into_bytes(), 1));
            return Ok(());
        };
        let (input, inputs) = mpsc::sync_channel(MAX_QUEUED_INPUTS);
        let (output, outputs) = tokio::sync::mpsc::channel(OUTPUT_QUEUE);
        let written = Arc::new(AtomicU64::new(0));
        if let Some(state) = self.channels.get_mut(&channel) {
            state.input = Some(input.clone());
        }
        let setup = SessionSetup {
            library: Arc::clone(&self.shared.library),
            searcher: Arc::clone(&self.shared.searcher),
            settings: self.settings_for(&term, &env),
            term: term.clone(),
            store: self.store(),
            size,
            inputs,
            output,
            written: Arc::clone(&written),
            idle: self.shared.args.idle_timeout,
            longest: self.shared.args.max_session,
        };
        let key = session_key(id, channel);
        self.shared.running().insert(key, input);
        log(format_args!(
            "conn {id}: session started for {} (TERM={}, colours {})",
            self.who(),
            crate::sanitize::line(&term),
            setup.settings.theme.depth.describe()
        ));
        tokio::spawn(forward(handle, channel, outputs, slot));
        let shared = Arc::clone(&self.shared);
        let spawned = std::thread::Builder::new()
            .name(format!("folio-session-{id}"))
            .spawn(move || {
                let end = session::run_session(setup);
                shared.running().remove(&key);
                let why = end.reason.map_or("reader quit", EndReason::as_str);
                let bytes = written.load(Ordering::Relaxed);
                let status = end.status;
                match end.error {
                    Some(error) => log(format_args!(
                        "conn {id}: session ended ({why}), status {status}, {bytes} bytes sent; error: {error}"
                    )),
                    None => log(format_args!(
                        "conn {id}: session ended ({why}), status {status}, {bytes} bytes sent"
                    )),
                }
            });
        if let Err(err) = spawned {
            self.shared.running().remove(&key);
            log(format_args!(
                "conn {id}: cannot start a session thread: {err}"
            ));
        }
        Ok(())
    }

    /// Runs a command on `channel` off the async threads and sends its output.
    fn start_exec(
        &mut self,
        channel: ChannelId,
        command: &[u8],
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let Some((terminal, env)) = self.claim(channel, session)? else {
            return Ok(());
        };
        let term = terminal
            .as_ref()
            .map_or_else(|| "dumb".to_owned(), |(t, _)| t.clone());
        let settings = self.settings_for(&term, &env);
        let library = Arc::clone(&self.shared.library);
        let searcher = Arc::clone(&self.shared.searcher);
        let handle = session.handle();
        let command = command.to_vec();
        let id = self.id;
        let name =
            String::from_utf8_lossy(command.split(|b| *b == b' ').next().unwrap_or_default())
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(16)
                .collect::<String>();
        tokio::spawn(async move {
            let width = terminal.as_ref().map(|(_, size)| size.get().width);
            let ran = tokio::task::spawn_blocking(move || {
                crate::contain::contained(|| {
                    exec::run(&command, &library, &searcher, &settings, width)
                })
            })
            .await;
            let result = match ran {
                Ok(Ok(result)) => result,
                _ => exec::ExecResult {
                    stderr: b"folio: the command failed inside the server.\n".to_vec(),
                    status: 1,
                    ..exec::ExecResult::default()
                },
            };
            log(format_args!(
                "conn {id}: ran `{name}`, status {}",
                result.status
            ));
            let (stdout, stderr) = if terminal.is_some() {
                (
                    exec::with_carriage_returns(&result.stdout),
                    exec::with_carriage_returns(&result.stderr),
                )
            } else {
                (result.stdout, result.stderr)
            };
            if !stderr.is_empty() {
                let _ = handle.extended_data(channel, 1, stderr).await;
            }
            finish(handle, channel, stdout, result.status).await;
        });
        Ok(())
    }

    /// Passes input bytes to the channel's session, parsed into keys. Input beyond what the
    /// session can queue is dropped.
    fn feed(&mut self, channel: ChannelId, data: &[u8]) {
        let Some(state) = self.channels.get_mut(&channel) else {
            return;
        };
        let Some(input) = &state.input else {
            return;
        };
        let mut parsed = Vec::new();
        state.parser.feed(data, &mut parsed);
        for item in parsed {
            let item = match item {
                Parsed::Event(event) => Input::Terminal(event),
                Parsed::Reply(reply) => Input::Reply(reply),
            };
            match input.try_send(SessionInput::Input(item)) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => break,
                Err(TrySendError::Disconnected(_)) => {
                    state.input = None;
                    break;
                }
            }
        }
    }

    /// Tells the channel's session, if any, to end.
    fn end_channel(&mut self, channel: ChannelId) {
        if let Some(state) = self.channels.remove(&channel)
            && let Some(input) = state.input
        {
            // A full queue means the session is busy and will see the closed channel on
            // its next write.
            let _ = input.try_send(SessionInput::End(EndReason::Disconnected));
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let channels: Vec<ChannelId> = self.channels.keys().copied().collect();
        for channel in channels {
            self.end_channel(channel);
        }
    }
}

/// A session's key in the running-sessions map.
fn session_key(connection: u64, channel: ChannelId) -> u64 {
    (connection << 32) | u64::from(u32::from(channel))
}

/// Sends a session's frames to the client until it exits, then its exit status, and closes the
/// channel. Holds the session's seat until then.
async fn forward(
    handle: Handle,
    channel: ChannelId,
    mut outputs: tokio::sync::mpsc::Receiver<Out>,
    slot: Slot,
) {
    let _slot = slot;
    while let Some(out) = outputs.recv().await {
        match out {
            Out::Data(bytes) => {
                if handle.data(channel, bytes).await.is_err() {
                    return;
                }
            }
            Out::Exit(status) => return finish(handle, channel, Vec::new(), status).await,
        }
    }
}

/// Sends `bytes`, the exit status, and closes the channel.
async fn finish(handle: Handle, channel: ChannelId, bytes: Vec<u8>, status: u32) {
    if !bytes.is_empty() {
        let _ = handle.data(channel, bytes).await;
    }
    let _ = handle.exit_status_request(channel, status).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

/// A key's identity for the state directory: its SHA-256 fingerprint, base64 made safe for a
/// file name.
fn identity_of(key: &russh::keys::PublicKey) -> String {
    key.fingerprint(russh::keys::HashAlg::Sha256)
        .to_string()
        .trim_start_matches("SHA256:")
        .chars()
        .map(|c| match c {
            '/' => '_',
            '+' => '-',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect()
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        // Not yet: a client with a key should offer it first, so a returning reader is known.
        let mut methods = MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        methods.push(MethodKind::KeyboardInteractive);
        Ok(Auth::Reject {
            proceed_with_methods: Some(methods),
            partial_success: false,
        })
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        // Called only after russh verified the signature: the client holds this key.
        self.identity = Some(identity_of(key.public_key));
        Ok(Auth::Accept)
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        // No questions: a reader without a key reads anonymously.
        self.identity = None;
        Ok(Auth::Accept)
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.signed_in.store(true, Ordering::Release);
        log(format_args!(
            "conn {} from {}: signed in as {}",
            self.id,
            self.peer,
            self.who()
        ));
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channels.len() >= MAX_CHANNELS {
            reply
                .reject(russh::ChannelOpenFailure::ResourceShortage)
                .await;
            return Ok(());
        }
        self.channels.insert(channel.id(), ChannelState::default());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        let (width, height) = clamp_window(col_width, row_height);
        let term: String = term.chars().take(64).collect();
        state.pty = Some((term, SharedSize::new(width, height)));
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if !ACCEPTED_ENV.contains(&name) || value.len() > MAX_ENV_VALUE || state.started {
            return session.channel_failure(channel);
        }
        state.env.retain(|(key, _)| key != name);
        state.env.push((name.to_owned(), value.to_owned()));
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start_shell(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.start_exec(channel, data, session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channels.get_mut(&channel) else {
            return Ok(());
        };
        let (width, height) = clamp_window(col_width, row_height);
        if let Some((_, size)) = &state.pty {
            size.set(width, height);
        }
        if let Some(input) = &state.input {
            // The size is already recorded; a dropped event would only delay the redraw.
            let _ = input.try_send(SessionInput::Input(Input::Terminal(Event::Resize(
                width, height,
            ))));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.feed(channel, data);
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.end_channel(channel);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.end_channel(channel);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_are_safe_file_names_and_differ_per_key() {
        let one =
            russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .expect("key");
        let two =
            russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .expect("key");
        let (a, b) = (identity_of(one.public_key()), identity_of(two.public_key()));
        assert_ne!(a, b);
        assert!(a.len() >= 40);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        );
    }
}
