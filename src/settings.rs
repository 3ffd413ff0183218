//! What folio runs with: the command line over the environment over the config file over the
//! defaults, resolved once at start-up, before the terminal is touched.

use std::path::PathBuf;

use crate::cli::{Cli, ColorWhen};
use crate::config::{self, ColorSetting, Config, ConfigError, Toggle};
use crate::content::Diagnostic;
use crate::theme::{self, ColorDepth, Theme};

/// The resolved settings.
#[derive(Debug)]
pub struct Settings {
    /// The configuration in force (the defaults if the file had a mistake).
    pub config: Config,
    /// The mistake in the config file, if there was one: folio runs on the defaults and says so.
    pub config_problem: Option<ConfigError>,
    /// Where the config was looked for, and whether that file must exist.
    pub config_location: Option<(PathBuf, bool)>,
    /// The theme, mapped to the terminal's colour depth.
    pub theme: Theme,
    /// Whether the theme is `auto` and follows the terminal's background.
    pub follow_background: bool,
    /// The posts folder, if not the bundled blog.
    pub posts: Option<PathBuf>,
    /// Widest the reader's text gets.
    pub body_width: u16,
    /// Capture the mouse.
    pub mouse: bool,
    /// Write OSC 8 hyperlinks.
    pub hyperlinks: bool,
    /// Whether styled output on stdout (`folio read`) is wanted when stdout is a terminal,
    /// forced on, or forced off.
    pub color_when: ColorWhen,
}

/// Resolves the settings. `get` reads an environment variable.
pub fn resolve(cli: &Cli, get: impl Fn(&str) -> Option<String>) -> Settings {
    let loaded = load_config(cli, &get);
    resolve_with(cli, loaded, get)
}

/// The config file as read: what is in force, the mistake if there was one, and where it was
/// looked for.
#[derive(Debug)]
pub struct LoadedConfig {
    config: Config,
    problem: Option<ConfigError>,
    location: Option<(PathBuf, bool)>,
}

impl LoadedConfig {
    /// Another copy of the config, without its mistake: for each of `folio serve`'s readers,
    /// whose settings come from the server's file but who are not shown the server's problems
    /// (its log has them).
    #[must_use]
    pub fn without_problem(&self) -> Self {
        Self {
            config: self.config.clone(),
            problem: None,
            location: self.location.clone(),
        }
    }
}

/// Reads the config file (the command line's, `FOLIO_CONFIG`'s, or the platform one); a
/// mistake leaves the defaults in force and is kept to be reported.
pub fn load_config(cli: &Cli, get: impl Fn(&str) -> Option<String>) -> LoadedConfig {
    let env_config = get("FOLIO_CONFIG");
    let location = config::location(cli.config.as_deref(), env_config.as_deref());
    let (config, problem) = match &location {
        Some((path, required)) if *required || path.exists() => match config::load(path) {
            Ok(config) => (config, None),
            Err(problem) => (Config::default(), Some(problem)),
        },
        _ => (Config::default(), None),
    };
    LoadedConfig {
        config,
        problem,
        location,
    }
}

/// Resolves the settings over a config already read, for a terminal `get` describes: each
/// `folio serve` session reads the server's config once loaded, not the file again.
pub fn resolve_with(
    cli: &Cli,
    loaded: LoadedConfig,
    get: impl Fn(&str) -> Option<String>,
) -> Settings {
    let LoadedConfig {
        config,
        problem: config_problem,
        location: config_location,
    } = loaded;
    let depth = match config.color {
        ColorSetting::Auto => ColorDepth::detect(&get),
        ColorSetting::TrueColor => ColorDepth::TrueColor,
        ColorSetting::Ansi256 => ColorDepth::Ansi256,
        ColorSetting::Ansi16 => ColorDepth::Ansi16,
        ColorSetting::None => ColorDepth::Mono,
    };
    let (mut theme, follow_background) = match config.theme.as_str() {
        "dark" => (Theme::dark(), false),
        "light" => (Theme::light(), false),
        "auto" => {
            let guess = get("COLORFGBG").and_then(|v| theme::from_colorfgbg(&v));
            (guess.unwrap_or_else(Theme::dark), true)
        }
        named => (
            config
                .themes
                .get(named)
                .cloned()
                .unwrap_or_else(Theme::dark),
            false,
        ),
    };
    theme.date_format.clone_from(&config.date_format);
    let mut theme = theme.for_depth(depth);
    if cli.ascii || config.ascii {
        theme = theme.ascii();
    }
    let hyperlinks = !cli.no_hyperlinks
        && match config.hyperlinks {
            Toggle::On => true,
            Toggle::Off => false,
            Toggle::Auto => crate::hyperlink::supported(&get),
        };
    Settings {
        posts: cli.posts.clone().or_else(|| config.posts.clone()),
        body_width: cli.body_width.unwrap_or(config.body_width),
        mouse: config.mouse && !cli.no_mouse,
        hyperlinks,
        theme,
        follow_background,
        color_when: cli.color,
        config_location,
        config_problem,
        config,
    }
}

impl Settings {
    /// The config these settings were resolved from, without its mistake, to resolve other
    /// terminals' settings from (`folio serve`) without reading the file again.
    #[must_use]
    pub fn loaded_config(&self) -> LoadedConfig {
        LoadedConfig {
            config: self.config.clone(),
            problem: None,
            location: self.config_location.clone(),
        }
    }

    /// The config mistake as a problem the reader lists with the posts' own.
    #[must_use]
    pub fn config_diagnostic(&self) -> Option<Diagnostic> {
        match self.config_problem.as_ref()? {
            ConfigError::Invalid {
                path,
                line,
                column,
                message,
            } => Some(Diagnostic::warning(
                path,
                *line,
                format!("column {column}: {message} (folio is using the default settings)"),
            )),
            ConfigError::Unreadable { path, source } => Some(Diagnostic::warning(
                path,
                0,
                format!(
                    "cannot read the config file: {source} (folio is using the default settings)"
                ),
            )),
        }
    }

    /// The theme for styled output to stdout: the terminal's theme, or, when stdout is not a
    /// terminal but styling was forced, the same theme (the reader of the pipe asked for it).
    #[must_use]
    pub fn wants_styled_stdout(
        &self,
        stdout_is_terminal: bool,
        get: impl Fn(&str) -> Option<String>,
    ) -> bool {
        match self.color_when {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                if get("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else if get("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else {
                    stdout_is_terminal
                }
            }
        }
    }
}
