//! One reader's session: the same event loop as the local reader ([`tui::run_app`]), with the
//! events coming from the SSH channel and the frames going back to it. Nothing here touches the
//! server's own terminal, standard input or output: each session has its own input queue,
//! window size, output channel and state.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use crate::app;
use crate::content::Library;
use crate::search::Searcher;
use crate::settings::Settings;
use crate::store::StateFile;
use crate::tui::{self, EventSource, Input, LoopOptions};

/// What the connection sends a session: input from the reader, or word that it must end.
#[derive(Debug)]
pub enum SessionInput {
    /// Keys, a paste, a resize or a terminal reply.
    Input(Input),
    /// The session must end, and why.
    End(EndReason),
}

/// Why a session ended other than by the reader quitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// No input for the idle timeout.
    Idle,
    /// The session reached the longest a session may last.
    TooLong,
    /// The server is stopping.
    Shutdown,
    /// The reader's connection closed.
    Disconnected,
}

impl EndReason {
    /// The line shown to the reader as the session ends, if they can still see it.
    #[must_use]
    pub fn farewell(self) -> Option<&'static str> {
        match self {
            Self::Idle => Some("folio: closed after a while without a key. Come back any time."),
            Self::TooLong => {
                Some("folio: this session reached its time limit. Reconnect to go on.")
            }
            Self::Shutdown => Some("folio: the server is shutting down. Thank you for reading."),
            Self::Disconnected => None,
        }
    }

    /// How the logs name it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle timeout",
            Self::TooLong => "session time limit",
            Self::Shutdown => "server shutdown",
            Self::Disconnected => "disconnected",
        }
    }
}

/// The session's input as the event loop wants it, with its two clocks: a session ends after
/// `idle` without input, and at `deadline` whatever happens.
#[derive(Debug)]
pub struct SessionEvents {
    receiver: Receiver<SessionInput>,
    idle: Duration,
    deadline: Instant,
    end: Option<EndReason>,
}

impl SessionEvents {
    /// Events from `receiver`, ending after `idle` without input or `longest` after now.
    #[must_use]
    pub fn new(receiver: Receiver<SessionInput>, idle: Duration, longest: Duration) -> Self {
        let now = Instant::now();
        Self {
            receiver,
            idle,
            deadline: now.checked_add(longest).unwrap_or(now + idle),
            end: None,
        }
    }

    /// Turns an end into the input that quits the app, remembering why.
    fn ending(&mut self, reason: EndReason) -> Input {
        self.end.get_or_insert(reason);
        Input::Terminate
    }

    fn deliver(&mut self, input: SessionInput) -> Input {
        match input {
            SessionInput::Input(input) => input,
            SessionInput::End(reason) => self.ending(reason),
        }
    }
}

impl EventSource for SessionEvents {
    fn next(&mut self) -> io::Result<Option<Input>> {
        let now = Instant::now();
        if now >= self.deadline {
            return Ok(Some(self.ending(EndReason::TooLong)));
        }
        let wait = self.idle.min(self.deadline - now);
        match self.receiver.recv_timeout(wait) {
            Ok(input) => Ok(Some(self.deliver(input))),
            Err(RecvTimeoutError::Timeout) => {
                let reason = if Instant::now() >= self.deadline {
                    EndReason::TooLong
                } else {
                    EndReason::Idle
                };
                Ok(Some(self.ending(reason)))
            }
            Err(RecvTimeoutError::Disconnected) => {
                self.end.get_or_insert(EndReason::Disconnected);
                Ok(None)
            }
        }
    }

    fn try_next(&mut self) -> io::Result<Option<Input>> {
        match self.receiver.try_recv() {
            Ok(input) => Ok(Some(self.deliver(input))),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => Ok(None),
        }
    }
}

/// What a session sends its connection: bytes for the reader's terminal, then the exit status.
#[derive(Debug)]
pub enum Out {
    /// Bytes to write to the channel.
    Data(Vec<u8>),
    /// The session is over: send this exit status and close the channel.
    Exit(u32),
}

/// The output side of a session: collects a frame's bytes and hands them to the connection on
/// flush, waiting when the reader's link is slower than folio (the queue is bounded), so a
/// slow reader costs memory for a few frames, not for every frame since they fell behind.
#[derive(Debug)]
pub struct ChannelWriter {
    buffer: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<Out>,
    written: Arc<AtomicU64>,
}

impl ChannelWriter {
    /// Output to `sender`, counting the bytes sent in `written`.
    #[must_use]
    pub fn new(sender: tokio::sync::mpsc::Sender<Out>, written: Arc<AtomicU64>) -> Self {
        Self {
            buffer: Vec::new(),
            sender,
            written,
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buffer);
        let count = bytes.len() as u64;
        self.sender
            .blocking_send(Out::Data(bytes))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the reader disconnected"))?;
        self.written.fetch_add(count, Ordering::Relaxed);
        Ok(())
    }
}

/// A session's window size, set by the connection (pty and window-change requests) and read
/// by the backend, as one atomic so neither side waits.
#[derive(Debug, Clone, Default)]
pub struct SharedSize(Arc<AtomicU32>);

impl SharedSize {
    /// A size of `width` × `height`.
    #[must_use]
    pub fn new(width: u16, height: u16) -> Self {
        let size = Self::default();
        size.set(width, height);
        size
    }

    /// Records a new size.
    pub fn set(&self, width: u16, height: u16) {
        self.0.store(
            (u32::from(width) << 16) | u32::from(height),
            Ordering::Release,
        );
    }

    /// The current size.
    #[must_use]
    pub fn get(&self) -> Size {
        let packed = self.0.load(Ordering::Acquire);
        Size {
            width: u16::try_from(packed >> 16).unwrap_or(u16::MAX),
            height: u16::try_from(packed & 0xffff).unwrap_or(u16::MAX),
        }
    }
}

/// crossterm's backend writing to the channel, with the size the client reported instead of
/// the server's terminal's, and no question ever asked of the terminal (its answer would come
/// back as the reader's input).
#[derive(Debug)]
pub struct SessionBackend {
    inner: CrosstermBackend<ChannelWriter>,
    size: SharedSize,
}

impl SessionBackend {
    /// Draws to `writer` at the size in `size`.
    #[must_use]
    pub fn new(writer: ChannelWriter, size: SharedSize) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
            size,
        }
    }
}

impl Write for SessionBackend {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl Backend for SessionBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        // Only an inline viewport asks, and folio's is full-screen.
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Everything a session needs, gathered by the connection before the session starts.
#[derive(Debug)]
pub struct SessionSetup {
    /// The posts, shared by every session.
    pub library: Arc<Library>,
    /// Their search index, shared too.
    pub searcher: Arc<Searcher>,
    /// The settings resolved for this reader's terminal (TERM, COLORTERM).
    pub settings: Settings,
    /// The terminal type the client named (`xterm-256color`).
    pub term: String,
    /// Where this reader's marks are kept: `None` for an anonymous reader, whose marks last
    /// for the session only.
    pub store: Option<StateFile>,
    /// The window size, kept current by the connection.
    pub size: SharedSize,
    /// Input from the connection.
    pub inputs: Receiver<SessionInput>,
    /// Output to the connection.
    pub output: tokio::sync::mpsc::Sender<Out>,
    /// Bytes written to the reader so far, for the logs and the load benchmark.
    pub written: Arc<AtomicU64>,
    /// End after this long without input.
    pub idle: Duration,
    /// End after this long in any case.
    pub longest: Duration,
}

/// How a session ended.
#[derive(Debug)]
pub struct SessionEnd {
    /// The exit status sent to the client: 0 when the reader quit or the session timed out, 1
    /// on an error.
    pub status: u32,
    /// Why it ended, when not by the reader's choice.
    pub reason: Option<EndReason>,
    /// An error or a contained panic, for the server's log.
    pub error: Option<String>,
}

/// Runs one reader's session to its end, on the calling (dedicated) thread, and sends the exit
/// status. A panic inside the app ends this session only, with an apology to the reader.
pub fn run_session(setup: SessionSetup) -> SessionEnd {
    run_session_with(setup, |events| events)
}

/// What the session loop needs of its events besides the events: why they ended.
trait Ending: EventSource {
    fn end_reason(&self) -> Option<EndReason>;
}

impl Ending for SessionEvents {
    fn end_reason(&self) -> Option<EndReason> {
        self.end
    }
}

/// [`run_session`] with the events passed through `wrap` (tests wrap them in faults).
fn run_session_with<E: Ending>(
    setup: SessionSetup,
    wrap: impl FnOnce(SessionEvents) -> E,
) -> SessionEnd {
    let output = setup.output.clone();
    let (mut terminal, events, mut state, options) = match start(setup) {
        Ok(parts) => parts,
        Err(err) => {
            let _ = output.blocking_send(Out::Exit(1));
            return SessionEnd {
                status: 1,
                reason: None,
                error: Some(err.to_string()),
            };
        }
    };
    let mut events = wrap(events);
    let run = crate::contain::contained(|| {
        tui::run_app(&mut terminal, &mut events, &mut state, &options)
    });
    let mut reason = events.end_reason();
    let (status, error, apology) = match run {
        Ok(Ok(())) => (0, None, None),
        // The reader went away mid-frame: how sessions end, not an error.
        Ok(Err(err)) if err.kind() == io::ErrorKind::BrokenPipe => {
            reason = Some(EndReason::Disconnected);
            (0, None, None)
        }
        Ok(Err(err)) => (1, Some(err.to_string()), None),
        Err(panic) => (
            1,
            Some(format!("panic: {panic}")),
            Some("folio: something went wrong in this session, and it had to end. Sorry."),
        ),
    };
    let farewell = apology.or_else(|| reason.and_then(EndReason::farewell));
    let out = terminal.backend_mut();
    let _ = tui::write_restore(out);
    if let Some(line) = farewell {
        let _ = write!(out, "{line}\r\n");
    }
    let _ = Write::flush(out);
    // ratatui shows the cursor as the terminal drops: let it, while the channel is open.
    drop(terminal);
    let _ = output.blocking_send(Out::Exit(status));
    SessionEnd {
        status,
        reason,
        error,
    }
}

type Started = (
    Terminal<SessionBackend>,
    SessionEvents,
    app::AppState,
    LoopOptions,
);

/// Takes the reader's terminal over and builds the session's state.
fn start(setup: SessionSetup) -> io::Result<Started> {
    let mut writer = ChannelWriter::new(setup.output, setup.written);
    tui::write_enter(&mut writer, setup.settings.mouse)?;
    let terminal = Terminal::new(SessionBackend::new(writer, setup.size.clone()))?;
    let mut state = tui::prepare_state(
        setup.library,
        setup.searcher,
        &setup.settings,
        setup.store.as_ref(),
    );
    let size = setup.size.get();
    app::update(
        &mut state,
        app::Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let options = LoopOptions {
        hyperlinks: setup.settings.hyperlinks,
        ask_background: tui::asks_background(&setup.settings, &setup.term),
        store: setup.store,
        suspend: None,
    };
    let events = SessionEvents::new(setup.inputs, setup.idle, setup.longest);
    Ok((terminal, events, state, options))
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    #[test]
    fn no_input_for_the_idle_time_ends_the_session_as_idle() {
        let (_sender, receiver) = mpsc::channel();
        let mut events =
            SessionEvents::new(receiver, Duration::from_millis(20), Duration::from_mins(1));
        assert!(matches!(events.next(), Ok(Some(Input::Terminate))));
        assert_eq!(events.end, Some(EndReason::Idle));
    }

    #[test]
    fn a_busy_session_still_ends_at_its_time_limit() {
        let (sender, receiver) = mpsc::channel();
        let mut events =
            SessionEvents::new(receiver, Duration::from_mins(1), Duration::from_millis(30));
        let started = Instant::now();
        loop {
            sender
                .send(SessionInput::Input(Input::Reply(
                    crate::input::Reply::Other,
                )))
                .expect("send");
            if let Ok(Some(Input::Terminate)) = events.next() {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "never ended");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(events.end, Some(EndReason::TooLong));
    }

    #[test]
    fn an_end_request_quits_with_its_reason_and_a_closed_queue_ends_quietly() {
        let (sender, receiver) = mpsc::channel();
        let mut events =
            SessionEvents::new(receiver, Duration::from_mins(1), Duration::from_mins(1));
        sender
            .send(SessionInput::End(EndReason::Shutdown))
            .expect("send");
        assert!(matches!(events.next(), Ok(Some(Input::Terminate))));
        drop(sender);
        assert!(matches!(events.next(), Ok(None)));
        assert_eq!(events.end, Some(EndReason::Shutdown));
    }

    #[test]
    fn the_shared_size_round_trips_every_value() {
        let size = SharedSize::new(500, 200);
        assert_eq!(size.get(), Size::new(500, 200));
        size.set(u16::MAX, 0);
        assert_eq!(size.get(), Size::new(u16::MAX, 0));
    }

    fn setup() -> (
        mpsc::Sender<SessionInput>,
        tokio::sync::mpsc::Receiver<Out>,
        SessionSetup,
    ) {
        let (input, inputs) = mpsc::channel();
        let (output, frames) = tokio::sync::mpsc::channel(64);
        let library = crate::content::load_bundled(false);
        let searcher = Arc::new(Searcher::new(&library.posts));
        let cli = <crate::cli::Cli as clap::Parser>::parse_from(["folio"]);
        let settings = crate::settings::resolve(&cli, |name| {
            (name == "TERM").then(|| "xterm-256color".to_owned())
        });
        let setup = SessionSetup {
            library: Arc::new(library),
            searcher,
            settings,
            term: "xterm-256color".to_owned(),
            store: None,
            size: SharedSize::new(100, 30),
            inputs,
            output,
            written: Arc::default(),
            idle: Duration::from_mins(1),
            longest: Duration::from_mins(1),
        };
        (input, frames, setup)
    }

    /// Events that panic on the first key, as a bug in the app would.
    struct Faulty(SessionEvents);

    impl EventSource for Faulty {
        fn next(&mut self) -> io::Result<Option<Input>> {
            match self.0.next()? {
                Some(Input::Terminal(_)) => panic!("a bug in the app"),
                other => Ok(other),
            }
        }

        fn try_next(&mut self) -> io::Result<Option<Input>> {
            self.0.try_next()
        }
    }

    impl Ending for Faulty {
        fn end_reason(&self) -> Option<EndReason> {
            self.0.end
        }
    }

    fn drain(frames: &mut tokio::sync::mpsc::Receiver<Out>) -> (Vec<u8>, Option<u32>) {
        let mut bytes = Vec::new();
        let mut exit = None;
        while let Ok(out) = frames.try_recv() {
            match out {
                Out::Data(data) => bytes.extend(data),
                Out::Exit(status) => exit = Some(status),
            }
        }
        (bytes, exit)
    }

    fn key(c: char) -> SessionInput {
        SessionInput::Input(Input::Terminal(crossterm::event::Event::Key(
            crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c)),
        )))
    }

    #[test]
    fn a_panic_ends_only_its_session_restoring_the_terminal_with_an_apology() {
        let (input, mut frames, setup) = setup();
        let session = std::thread::spawn(move || run_session_with(setup, Faulty));
        input.send(key('j')).expect("send");
        let end = session.join().expect("the panic stays inside the session");
        assert_eq!(end.status, 1);
        assert!(
            end.error
                .as_deref()
                .is_some_and(|e| e.contains("a bug in the app"))
        );
        let (bytes, exit) = drain(&mut frames);
        assert_eq!(exit, Some(1));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("\x1b[?1049l"), "the alternate screen is left");
        assert!(text.contains("Sorry"), "{text}");
    }

    #[test]
    fn a_session_draws_to_its_channel_and_sends_an_exit_status_on_quit() {
        let (input, mut frames, setup) = setup();
        let session = std::thread::spawn(move || run_session(setup));
        input.send(key('q')).expect("send");
        let end = session.join().expect("session thread");
        assert_eq!(end.status, 0);
        let (bytes, exit) = drain(&mut frames);
        assert_eq!(exit, Some(0));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.starts_with("\x1b[?1049h"),
            "enters the alternate screen first"
        );
        let leave = text
            .rfind("\x1b[?1049l")
            .expect("leaves the alternate screen");
        let mut screen = vt100::Parser::new(
            std::num::NonZeroU16::MIN.saturating_add(29),
            std::num::NonZeroU16::MIN.saturating_add(99),
            0,
        );
        screen.process(&bytes[..leave]);
        let contents = screen.screen().contents();
        assert!(contents.contains("System Calls"), "{contents}");
    }
}
