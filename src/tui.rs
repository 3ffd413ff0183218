//! The terminal edge: setting the terminal up and always restoring it, and the event loop.
//!
//! The loop is generic over where events come from and where frames go ([`EventSource`] and
//! ratatui's `Backend`), so tests drive it with scripted events and a `TestBackend`, and a
//! future SSH server can drive it with a session's channel. It blocks until an event arrives,
//! applies every event already queued, then draws once: nothing runs and nothing is written
//! while the user does nothing.

use std::io::{self, IsTerminal, Read, Write};
use std::sync::Once;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, queue};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use crate::app::{self, AppState};
use crate::input::{self, InputParser, Parsed};
use crate::layout::{self, MIN_SIZE};
use crate::{hyperlink, scroll, ui};

/// Something that happened outside the app that it must react to.
#[derive(Debug)]
pub enum Input {
    /// A key, mouse, paste or resize event from the terminal.
    Terminal(Event),
    /// The terminal's answer to a question folio asked (its background colour, say).
    Reply(input::Reply),
    /// The process was asked to end (SIGTERM, SIGHUP, SIGINT): restore the terminal and leave.
    Terminate,
    /// The process was asked to stop (SIGTSTP): restore the terminal, stop, resume on `fg`.
    Suspend,
    /// Work the loop started on another thread (a ranking of the list) has finished: the loop
    /// wakes to show it instead of checking on it every millisecond.
    Wake,
}

/// Wakes an event loop blocked on its [`EventSource`], from another thread.
pub type Waker = Box<dyn Fn() + Send>;

/// A source of input for the event loop.
pub trait EventSource {
    /// Blocks until the next input; `None` when the source has closed.
    ///
    /// # Errors
    /// When reading the terminal fails.
    fn next(&mut self) -> io::Result<Option<Input>>;

    /// The next input if one is already waiting, without blocking.
    ///
    /// # Errors
    /// When reading the terminal fails.
    fn try_next(&mut self) -> io::Result<Option<Input>>;

    /// Something another thread can call to make [`EventSource::next`] return
    /// [`Input::Wake`]. `None` (the default) where the source cannot be woken: the loop then
    /// checks on its work every millisecond while that work runs.
    fn waker(&self) -> Option<Waker> {
        None
    }
}

/// Inputs from a channel, fed by threads that read the terminal and wait for signals.
pub struct ChannelEvents {
    receiver: Receiver<io::Result<Input>>,
    /// For [`EventSource::waker`]. The channel never closes while the signal thread lives, so
    /// holding a sender here changes nothing about how it ends.
    sender: mpsc::Sender<io::Result<Input>>,
}

impl EventSource for ChannelEvents {
    fn next(&mut self) -> io::Result<Option<Input>> {
        self.receiver.recv().ok().transpose()
    }

    fn try_next(&mut self) -> io::Result<Option<Input>> {
        match self.receiver.try_recv() {
            Ok(input) => input.map(Some),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => Ok(None),
        }
    }

    fn waker(&self) -> Option<Waker> {
        let sender = self.sender.clone();
        Some(Box::new(move || {
            let _ = sender.send(Ok(Input::Wake));
        }))
    }
}

impl ChannelEvents {
    /// Starts reading the real terminal, and listening for resizes and termination signals.
    ///
    /// # Errors
    /// When the terminal cannot be opened for reading or the signal handlers cannot be
    /// installed.
    pub fn spawn() -> io::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let terminal = open_terminal_input()?;
        let input_sender = sender.clone();
        let wake_sender = sender.clone();
        thread::Builder::new()
            .name("folio-input".into())
            .spawn(move || read_terminal(terminal, &input_sender))?;
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGWINCH,
            signal_hook::consts::SIGTSTP,
        ])?;
        thread::Builder::new()
            .name("folio-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let input = if signal == signal_hook::consts::SIGTSTP {
                        Input::Suspend
                    } else if signal == signal_hook::consts::SIGWINCH {
                        let Ok((width, height)) = crossterm::terminal::size() else {
                            continue;
                        };
                        Input::Terminal(Event::Resize(width, height))
                    } else {
                        Input::Terminate
                    };
                    if sender.send(Ok(input)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Self {
            receiver,
            sender: wake_sender,
        })
    }
}

/// Where keystrokes come from: standard input when it is the terminal, else the controlling
/// terminal itself (`folio < file` still reads keys from the keyboard).
fn open_terminal_input() -> io::Result<Box<dyn Read + Send>> {
    if io::stdin().is_terminal() {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open("/dev/tty")?))
    }
}

/// Reads terminal bytes until the terminal closes, sending what they mean.
fn read_terminal(mut terminal: Box<dyn Read + Send>, sender: &mpsc::Sender<io::Result<Input>>) {
    let mut parser = InputParser::new();
    let mut buffer = [0u8; 4096];
    let mut parsed = Vec::new();
    loop {
        let read = match terminal.read(&mut buffer) {
            // The terminal is gone (a pty closed without a SIGHUP reaching folio): end as on
            // a hangup, saving what the reader did, rather than waiting for input forever.
            Ok(0) => {
                let _ = sender.send(Ok(Input::Terminate));
                return;
            }
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => {
                let _ = sender.send(Err(err));
                return;
            }
        };
        parser.feed(&buffer[..read], &mut parsed);
        for item in parsed.drain(..) {
            let input = match item {
                Parsed::Event(event) => Input::Terminal(event),
                Parsed::Reply(reply) => Input::Reply(reply),
            };
            if sender.send(Ok(input)).is_err() {
                return;
            }
        }
    }
}

/// Runs the interface until the user quits or the source closes.
///
/// # Errors
/// When drawing to the terminal or reading input fails.
pub fn run_app<B: Backend + Write>(
    terminal: &mut Terminal<B>,
    events: &mut impl EventSource,
    state: &mut AppState,
    options: &LoopOptions,
) -> io::Result<()>
where
    io::Error: From<B::Error>,
{
    let mut screen = Screen::new(options.hyperlinks);
    screen.draw(terminal, state)?;
    if options.ask_background {
        // Asked only after the first frame is up, so a slow or missing answer (common over SSH
        // and in tmux) never delays it. The answer arrives as an input and never as keys; the
        // device-attributes question after it is one every terminal answers.
        let out = terminal.backend_mut();
        write!(out, "\x1b]11;?\x1b\\\x1b[c")?;
        Write::flush(out)?;
    }
    // A ranking of the list running on another thread (big libraries: see `take_rank_job`),
    // so keys go on being read and drawn while it runs.
    let mut ranking: Option<RankingThread> = None;
    loop {
        let input = match &mut ranking {
            Some(job) if !job.wakes => input_or_finished(events, job)?,
            _ => match events.next()? {
                Some(input) => Some(input),
                None => break,
            },
        };
        let mut changed = false;
        if let Some(input) = input {
            state.now = crate::store::now_millis();
            changed = apply(state, input);
        }
        // Apply everything already queued before drawing once: fast typing or a burst of wheel
        // events never queues stale frames.
        while !state.requests.quit {
            match events.try_next()? {
                Some(input) => changed |= apply(state, input),
                None => break,
            }
        }
        save_marks(state, options.store.as_ref());
        if state.requests.quit {
            break;
        }
        changed |= collect_ranking(state, &mut ranking);
        if ranking.is_none() {
            changed |= start_ranking(state, &mut ranking, events.waker());
        }
        if std::mem::take(&mut state.requests.suspend)
            && let Some(suspend) = &options.suspend
        {
            suspend.run()?;
            // Whatever the shell drew is on screen now: clear it and redraw everything.
            // (`resize` does both without asking the terminal for the cursor position,
            // whose answer folio's own input reader would take.)
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
            screen.forget();
            changed = true;
        }
        if changed {
            read_snippets(state);
            screen.draw(terminal, state)?;
            // Then what the event left for after the frame (code highlighting), and the frame
            // again if it changed anything, unless more input is already waiting.
            if app::finish_work(state) {
                screen.draw(terminal, state)?;
            }
        }
    }
    Ok(())
}

/// A ranking of the list running on another thread.
struct RankingThread {
    /// Where the ranking arrives; closed without it if the thread panicked.
    result: Receiver<app::RankedList>,
    /// What came of it so far.
    outcome: RankingOutcome,
    /// Whether the thread wakes the loop when it ends (its event source has a waker).
    wakes: bool,
}

/// Where a [`RankingThread`] stands.
enum RankingOutcome {
    Running,
    Ranked(app::RankedList),
    /// The thread ended without a ranking: it panicked.
    Failed,
}

impl RankingThread {
    /// Whether the ranking has ended, taking its result if it just did.
    fn finished(&mut self) -> bool {
        if matches!(self.outcome, RankingOutcome::Running) {
            match self.result.try_recv() {
                Ok(ranked) => self.outcome = RankingOutcome::Ranked(ranked),
                Err(TryRecvError::Disconnected) => self.outcome = RankingOutcome::Failed,
                Err(TryRecvError::Empty) => {}
            }
        }
        !matches!(self.outcome, RankingOutcome::Running)
    }
}

/// Calls its waker when dropped: when the ranking thread ends, after sending its result, or
/// while unwinding from a panic, so the loop never waits for a ranking that will not come.
struct WakeOnDrop(Option<Waker>);

impl Drop for WakeOnDrop {
    fn drop(&mut self) {
        if let Some(wake) = &self.0 {
            wake();
        }
    }
}

/// Waits for the next input, or for the ranking to finish (`None`), whichever comes first, for
/// an event source that cannot be woken. Only while a ranking runs, so an idle reader still
/// costs nothing.
fn input_or_finished(
    events: &mut impl EventSource,
    job: &mut RankingThread,
) -> io::Result<Option<Input>> {
    loop {
        if let Some(input) = events.try_next()? {
            return Ok(Some(input));
        }
        if job.finished() {
            return Ok(None);
        }
        thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Shows the ranking if it finished; true if the list changed.
fn collect_ranking(state: &mut AppState, ranking: &mut Option<RankingThread>) -> bool {
    if !ranking.as_mut().is_some_and(RankingThread::finished) {
        return false;
    }
    match ranking.take().map(|job| job.outcome) {
        Some(RankingOutcome::Ranked(ranked)) => app::apply_ranking(state, ranked),
        // A ranking that panicked is not tried again in a loop: the list stays as it was.
        Some(RankingOutcome::Failed) => {
            state.search.stale = false;
            true
        }
        Some(RankingOutcome::Running) | None => false,
    }
}

/// Starts ranking the list on another thread if typing left it stale, which calls `waker` when
/// it ends; where no thread can be started, ranks it here, and then returns true (the list
/// changed).
fn start_ranking(
    state: &mut AppState,
    ranking: &mut Option<RankingThread>,
    waker: Option<Waker>,
) -> bool {
    let Some(job) = app::take_rank_job(state) else {
        return false;
    };
    let (sender, result) = mpsc::channel();
    let can_wake = waker.is_some();
    let spawned = thread::Builder::new()
        .name("folio-rank".into())
        .spawn(move || {
            let _wake = WakeOnDrop(waker);
            // Declared after the guard, so dropped before it even in a panic: the loop, once
            // woken, finds the channel closed rather than still waiting.
            let sender = sender;
            let _ = sender.send(job.run());
        });
    if spawned.is_ok() {
        *ranking = Some(RankingThread {
            result,
            outcome: RankingOutcome::Running,
            wakes: can_wake,
        });
        return false;
    }
    app::take_rank_job(state).is_some_and(|job| app::apply_ranking(state, job.run()))
}

/// Saves the marks if they changed. A failure is said once in the status line and never stops
/// the reader; the marks stay in memory and the next change tries again.
fn save_marks(state: &mut AppState, store: Option<&crate::store::StateFile>) {
    if !state.requests.save_marks {
        return;
    }
    state.requests.save_marks = false;
    let Some(store) = store else {
        return;
    };
    match store.save(&state.marks) {
        Ok(merged) => state.marks = merged,
        Err(err) => state.message = Some(format!("Marks not saved: {err}")),
    }
}

/// What the event loop needs besides the state: the terminal's abilities.
#[derive(Debug)]
pub struct LoopOptions {
    /// Mark links on screen as OSC 8 hyperlinks.
    pub hyperlinks: bool,
    /// Ask the terminal for its background colour (OSC 11) after the first frame.
    pub ask_background: bool,
    /// Where marks are saved; `None` keeps them for this session only.
    pub store: Option<crate::store::StateFile>,
    /// How to suspend to the shell; `None` where there is no shell to return to.
    pub suspend: Option<Suspend>,
}

/// Suspending a local terminal session: give the terminal back, stop as the shell expects
/// (SIGTSTP), and take the terminal again when `fg` continues the process.
#[derive(Debug, Clone, Copy)]
pub struct Suspend {
    /// Whether the mouse was captured, to capture it again.
    pub mouse: bool,
}

impl Suspend {
    /// Suspends until the shell continues the process.
    ///
    /// # Errors
    /// When the terminal cannot be taken back.
    pub fn run(&self) -> io::Result<()> {
        restore_terminal();
        // The default action of SIGTSTP: the process stops here until SIGCONT.
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        enter_terminal(self.mouse)
    }
}

/// What the drawing path keeps between frames besides ratatui's buffers: the links marked as
/// hyperlinks, and the last frame, so a scroll in the reader moves rows in the terminal instead
/// of redrawing them (see [`scroll`]). The app state never knows about either.
#[derive(Debug, Default)]
pub struct Screen {
    painter: Option<hyperlink::Painter>,
    scroller: scroll::Scroller,
}

impl Screen {
    /// Ready to draw the first frame; `hyperlinks` marks web links as OSC 8 hyperlinks.
    #[must_use]
    pub fn new(hyperlinks: bool) -> Self {
        Self {
            painter: hyperlinks.then(hyperlink::Painter::default),
            scroller: scroll::Scroller::default(),
        }
    }

    /// Draws one frame. When the reader is the only pane and has scrolled by a few lines since
    /// the last frame, the terminal moves its rows first and ratatui draws only what is new.
    /// Then marks the web links on screen as hyperlinks when asked to.
    ///
    /// # Errors
    /// When writing to the terminal fails.
    pub fn draw<B: Backend + Write>(
        &mut self,
        terminal: &mut Terminal<B>,
        state: &AppState,
    ) -> io::Result<()>
    where
        io::Error: From<B::Error>,
    {
        let view = scroll_view(state);
        let shift = self
            .scroller
            .prepare(terminal, view.as_ref(), |frame| ui::draw(frame, state))?;
        if let (Some(shift), Some(painter)) = (shift, self.painter.as_mut()) {
            painter.scroll(&shift.rows, shift.lines);
        }
        let completed = terminal.draw(|frame| ui::draw(frame, state))?;
        self.scroller.remember(completed.buffer, view);
        let Some(painter) = self.painter.as_mut() else {
            return Ok(());
        };
        let links = ui::reader::hyperlink_cells(state);
        if links.is_empty() && painter.is_idle() {
            return Ok(());
        }
        let marks = links
            .into_iter()
            .map(|(rect, url)| hyperlink::Mark::new(completed.buffer, rect, url))
            .collect();
        painter.paint(terminal.backend_mut(), marks)
    }

    /// Forgets what is on screen, after something else changed it (a suspend to the shell).
    pub fn forget(&mut self) {
        if let Some(painter) = self.painter.as_mut() {
            painter.reset();
        }
        self.scroller.forget();
    }
}

/// The reader's rows as something the terminal can scroll, when they are: the reader alone on
/// screen, nothing over it. A scroll region spans whole rows, and the rows of a lone reader are
/// the same outside its text (borders, margins) from top to bottom; beside the list, scrolling
/// them would move the list too, so there the reader is drawn as any other change.
fn scroll_view(state: &AppState) -> Option<scroll::View> {
    let reader = state.reader.as_ref()?;
    let panes = state.panes();
    if state.overlay.is_some()
        || panes.list.is_some()
        || state.width < MIN_SIZE.0
        || state.height < MIN_SIZE.1
    {
        return None;
    }
    let text = layout::reader_text_area(panes.reader?, state.body_width);
    Some(scroll::View {
        rows: text.y..text.y + text.height,
        content: reader.post,
        offset: reader.scroll,
    })
}

/// Applies one input; true if it meant anything (and so may have changed the screen).
fn apply(state: &mut AppState, input: Input) -> bool {
    let action = match input {
        Input::Terminate => Some(app::Action::Quit),
        Input::Suspend => Some(app::Action::Suspend),
        Input::Reply(reply) => app::action_for_reply(&reply),
        Input::Terminal(event) => app::action_for_event(state, &event),
        Input::Wake => None,
    };
    match action {
        Some(action) => {
            dispatch(state, &action);
            true
        }
        None => false,
    }
}

/// Applies `action`, doing here, at the edge, the reading it asks for (`update` itself never
/// touches a file): a post's text from its file, for opening it by any way, is read and handed
/// over as an action; every post's text, for full-text search, is read into the search index.
/// An action that waited for either is then applied again.
pub fn dispatch(state: &mut AppState, action: &app::Action) {
    app::update(state, action.clone());
    // Each round meets what the last asked for; an action asks for one post's text and the
    // whole index at most, so two rounds are the most it takes.
    for _ in 0..3 {
        let asked = std::mem::take(&mut state.requests.read_body);
        let load_bodies = std::mem::take(&mut state.requests.load_bodies);
        if let Some(post) = asked {
            app::update(
                state,
                app::Action::BodyRead(app::BodyRead::of(&state.library, post)),
            );
        }
        if load_bodies {
            state.searcher.load_bodies(&state.library.posts);
            // The list the text was read for, ranked now as it was asked.
            app::rank_stale_search(state);
        }
        if !std::mem::take(&mut state.requests.apply_again) {
            break;
        }
        app::update(state, action.clone());
    }
    // A text read for an opening is taken by it, never left for a later one.
    state.fetched = None;
    state.requests.read_body = None;
    state.requests.apply_again = false;
}

/// Reads the snippets of the full-text hits about to be drawn that lack them: each comes from
/// its post's file, so it is read here, at the edge, only for the cards in view, and only
/// before a frame (never for each of a burst of keys).
pub fn read_snippets(state: &mut AppState) {
    if let Some(job) = app::take_snippet_job(state) {
        app::apply_snippets(state, job.run());
    }
}

/// Runs the interface in the real terminal, restoring it on every way out.
///
/// # Errors
/// When the terminal cannot be set up or written to.
pub fn run_in_terminal(mut state: AppState, options: &LoopOptions, mouse: bool) -> io::Result<()> {
    install_panic_hook();
    let _guard = TerminalGuard::enter(mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    app::update(
        &mut state,
        app::Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut events = ChannelEvents::spawn()?;
    run_app(&mut terminal, &mut events, &mut state, options)
}

/// Runs the interactive reader over `library` with the resolved settings.
///
/// # Errors
/// When the terminal cannot be set up or written to.
pub fn run_reader(
    library: crate::content::Library,
    settings: &crate::settings::Settings,
) -> io::Result<()> {
    let searcher = std::sync::Arc::new(
        crate::search::Searcher::new(&library.posts).keep_text_index_in(library.word_index.clone()),
    );
    let store = directories::ProjectDirs::from("", "", "folio").map(|dirs| {
        crate::store::StateFile::for_library(dirs.data_dir(), settings.posts.as_deref())
    });
    let state = prepare_state(
        std::sync::Arc::new(library),
        searcher,
        settings,
        store.as_ref(),
    );
    let term = std::env::var("TERM").unwrap_or_default();
    let options = LoopOptions {
        hyperlinks: settings.hyperlinks,
        ask_background: asks_background(settings, &term),
        store,
        suspend: Some(Suspend {
            mouse: settings.mouse,
        }),
    };
    run_in_terminal(state, &options, settings.mouse)
}

/// A reader's starting state over `library`, with the settings applied and the marks loaded
/// from `store` (a problem reading them is said in the status line; reading goes on). Shared by
/// the local reader and every `folio serve` session.
#[must_use]
pub fn prepare_state(
    library: std::sync::Arc<crate::content::Library>,
    searcher: std::sync::Arc<crate::search::Searcher>,
    settings: &crate::settings::Settings,
    store: Option<&crate::store::StateFile>,
) -> AppState {
    let mut state = AppState::shared(library, searcher, settings.theme.clone(), 80, 24);
    state.follow_background = settings.follow_background;
    state.body_width = settings.body_width;
    state.keymap = settings.config.keymap.clone();
    state.filter.sort = settings.config.sort;
    if let Some(store) = store {
        match store.load() {
            Ok(marks) => state.marks = marks,
            Err(err) => state.message = Some(format!("{err}; reading goes on")),
        }
    }
    app::refresh_list(&mut state);
    if settings.config_problem.is_some() {
        state.message = Some(
            "The config file has a mistake: default settings in use (! shows where)".to_owned(),
        );
    }
    state
}

/// Whether to ask the terminal for its background colour: only for the `auto` theme, and not
/// of terminals known never to answer.
#[must_use]
pub fn asks_background(settings: &crate::settings::Settings, term: &str) -> bool {
    settings.follow_background && !matches!(term, "dumb" | "linux" | "")
}

/// Restores the terminal when dropped, so an early return or error cannot leave it raw.
struct TerminalGuard;

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<Self> {
        enable_raw_mode()?;
        // From here on, any failure must still restore: the guard exists before the next step.
        let guard = Self;
        enter_terminal(mouse)?;
        Ok(guard)
    }
}

/// Raw mode, the alternate screen, bracketed paste, a hidden cursor, and the mouse if wanted.
fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    write_enter(&mut out, mouse)?;
    out.flush()
}

/// Queues what takes a terminal over for the reader: the alternate screen, bracketed paste, a
/// hidden cursor, and the mouse if wanted. For any output, so an SSH session's too.
///
/// # Errors
/// When writing fails.
pub fn write_enter(out: &mut impl Write, mouse: bool) -> io::Result<()> {
    queue!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if mouse {
        queue!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Queues what gives a terminal back as the shell expects it (the inverse of [`write_enter`]).
///
/// # Errors
/// When writing fails.
pub fn write_restore(out: &mut impl Write) -> io::Result<()> {
    queue!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore_terminal() {
    let mut out = io::stdout();
    // Raw mode off first, then leave the alternate screen (as ratatui's own restore does).
    let _ = disable_raw_mode();
    let _ = write_restore(&mut out);
    let _ = out.flush();
}

/// Restores the terminal before the default panic message prints, so the message is readable
/// and the shell is usable.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    crate::contain::install_quiet_hook();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic contained to one post (see `contain`) leaves the session running.
            if !crate::contain::is_containing() {
                restore_terminal();
            }
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_terminal_ends_the_app_as_a_hangup_does() {
        let (sender, receiver) = mpsc::channel();
        read_terminal(Box::new(io::empty()), &sender);
        assert!(
            matches!(receiver.try_recv(), Ok(Ok(Input::Terminate))),
            "end of input must end folio, not leave it waiting"
        );
    }

    #[test]
    fn keys_before_the_end_of_input_still_arrive() {
        let (sender, receiver) = mpsc::channel();
        read_terminal(Box::new(io::Cursor::new(b"j".to_vec())), &sender);
        assert!(matches!(
            receiver.try_recv(),
            Ok(Ok(Input::Terminal(Event::Key(_))))
        ));
        assert!(matches!(receiver.try_recv(), Ok(Ok(Input::Terminate))));
    }
}
