//! folio's entry point: parse the command line, resolve the settings, load the posts, run the
//! command or the reader. Exit status: 0 on success, 1 when `check` or `search` found nothing
//! good, 2 on an error.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use folio::cli::{Cli, Command};
use folio::commands::{self, CommandError, ReadOptions};
use folio::content::{self, Library};
use folio::settings::{self, Settings};

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

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn run(cli: Cli) -> Result<u8, CommandError> {
    // Everything that can fail is done before the terminal enters raw mode.
    let settings = settings::resolve(&cli, env);
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    // Commands that need no posts.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            return finish(commands::completions(*shell, &mut out)?, &mut out);
        }
        Some(Command::Man) => return finish(commands::man(&mut out)?, &mut out),
        Some(Command::Config {
            print_default,
            path,
        }) => {
            return finish(
                commands::config(&settings, *print_default, *path, &mut out)?,
                &mut out,
            );
        }
        _ => {}
    }
    if let (Some(problem), Some(_)) = (&settings.config_problem, &cli.command) {
        let _ = writeln!(
            io::stderr(),
            "folio: warning: {problem}; using the default settings"
        );
    }
    // Held to the end: the index cache may still be being written (see `load`).
    let (mut library, _index_write) = load(&settings, cli.drafts, !cli.no_cache)?;
    // A mistake in the config is the reader's to see in their own folio (`!`), but not the
    // readers' of `folio serve`: it names the server's files. The server's log has it.
    if !matches!(cli.command, Some(Command::Serve(_))) {
        library.diagnostics.extend(settings.config_diagnostic());
    }
    let theme = &settings.theme;
    let cli_for_sessions = cli.clone();
    let code = match cli.command {
        Some(Command::List { json }) => commands::list(&library, json, &mut out)?,
        Some(Command::Read {
            slug,
            file,
            width,
            plain,
        }) => {
            let styled = !plain && settings.wants_styled_stdout(is_terminal, env);
            let options = ReadOptions::detect(width, styled, is_terminal, settings.body_width);
            match (file, slug) {
                (Some(path), _) => {
                    commands::read_file(&path, options, theme, &mut out, &mut io::stderr())?
                }
                (None, Some(slug)) => commands::read(&library, &slug, options, theme, &mut out)?,
                // clap requires one of the two.
                (None, None) => 2,
            }
        }
        Some(Command::Search {
            query,
            full_text,
            json,
        }) => {
            let how = commands::SearchOptions { full_text, json };
            commands::search(&library, &query, how, &mut out, &mut std::io::stderr())?
        }
        Some(Command::Tags { json }) => commands::tags(&library, json, &mut out)?,
        Some(Command::Check) => commands::check(&library, &mut out)?,
        Some(Command::Serve(args)) => {
            drop(out);
            let cli = Cli {
                command: None,
                ..cli_for_sessions
            };
            folio::serve::run(
                cli,
                args,
                settings.loaded_config(),
                library,
                settings.posts.clone(),
            )?;
            return Ok(0);
        }
        Some(Command::Config { .. } | Command::Completions { .. } | Command::Man) => 0,
        None if env("TERM").as_deref() == Some("dumb") => return Err(CommandError::DumbTerminal),
        None => {
            drop(out);
            folio::tui::run_reader(library, &settings)?;
            return Ok(0);
        }
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(2))
}

/// Flushes the output and turns a command's status into the process's.
fn finish(code: i32, out: &mut impl Write) -> Result<u8, CommandError> {
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(2))
}

/// Loads the posts; a folder through its index cache in the platform cache folder (see
/// `content::load_dir_cached`) unless `cached` is false. The index is written on a thread of
/// its own, so the reader's first frame does not wait for it; the write is finished when the
/// [`content::IndexWrite`] is dropped.
fn load(
    settings: &Settings,
    drafts: bool,
    cached: bool,
) -> Result<(Library, content::IndexWrite), CommandError> {
    Ok(match &settings.posts {
        Some(dir) => {
            let index = directories::ProjectDirs::from("", "", "folio")
                .filter(|_| cached)
                .map(|dirs| content::index_path(dirs.cache_dir(), dir));
            content::load_dir_cached_in_background(dir, drafts, index.as_deref())?
        }
        None => (
            content::load_bundled(drafts),
            content::IndexWrite::default(),
        ),
    })
}
