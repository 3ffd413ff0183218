//! folio's entry point: parse the command line, load the posts, run the command or the reader.
//! Exit status: 0 on success, 1 when `check` or `search` found nothing good, 2 on an error.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use folio::app::{AppState, Keymap};
use folio::cli::{Cli, Command};
use folio::commands::{self, CommandError, ReadOptions};
use folio::content::{self, Library};
use folio::theme::Theme;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`folio list | head`) is the reader's choice, not an error.
        Err(CommandError::Io(err)) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "folio: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, CommandError> {
    // Everything that can fail is done before the terminal enters raw mode.
    let library = load(&cli)?;
    let theme = Theme::default();
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Some(Command::List { json }) => commands::list(&library, json, &mut out)?,
        Some(Command::Read {
            slug,
            file,
            width,
            plain,
        }) => {
            let options = ReadOptions::detect(width, plain, is_terminal, cli.body_width);
            match (file, slug) {
                (Some(path), _) => {
                    commands::read_file(&path, options, &theme, &mut out, &mut io::stderr())?
                }
                (None, Some(slug)) => commands::read(&library, &slug, options, &theme, &mut out)?,
                // clap requires one of the two.
                (None, None) => 2,
            }
        }
        Some(Command::Search { query, json }) => {
            commands::search(&library, &query, json, &mut out)?
        }
        Some(Command::Check) => commands::check(&library, &mut out)?,
        None => {
            drop(out);
            let env = |name: &str| std::env::var(name).ok();
            // The `auto` theme: COLORFGBG now, the terminal's own answer to OSC 11 when it comes.
            let theme = env("COLORFGBG")
                .and_then(|v| folio::theme::from_colorfgbg(&v))
                .unwrap_or(theme);
            let mut state = AppState::new(library, theme, 80, 24);
            state.follow_background = true;
            state.body_width = cli.body_width;
            let keymap = Keymap::default();
            let hyperlinks = !cli.no_hyperlinks && folio::hyperlink::supported(env);
            let term = env("TERM").unwrap_or_default();
            let ask_background = !matches!(term.as_str(), "dumb" | "linux" | "");
            let options = folio::tui::LoopOptions {
                keymap: &keymap,
                hyperlinks,
                ask_background,
            };
            folio::tui::run_in_terminal(state, &options, !cli.no_mouse)?;
            return Ok(0);
        }
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(2))
}

fn load(cli: &Cli) -> Result<Library, CommandError> {
    match &cli.posts {
        Some(dir) => Ok(content::load_dir(dir, cli.drafts)?),
        None => Ok(content::load_bundled(cli.drafts)),
    }
}
