//! The configuration file.
//!
//! `config/folio.toml` is the documented default, embedded in the binary: it is parsed first,
//! and the user's file is merged over it, so every default lives in one place and the default
//! file is itself tested by being loaded. Mistakes — bad TOML, an unknown key, a wrong type, an
//! unknown action or key name, a key bound twice — are errors that name the file, line and
//! column; the caller then starts with the defaults and says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::app::{Action, Context, Key, Keymap};
use crate::sanitize;
use crate::theme::{StyleSpec, Theme};

/// The documented default configuration, exactly as `folio config --print-default` prints it.
pub const DEFAULT_CONFIG: &str = include_str!("../config/folio.toml");

/// How the list is ordered when no search is active.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Newest first (ties by title).
    #[default]
    Newest,
    /// Oldest first (ties by title).
    Oldest,
    /// By title.
    Title,
}

impl Sort {
    /// The next order in the cycle the sort key steps through.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Newest => Self::Oldest,
            Self::Oldest => Self::Title,
            Self::Title => Self::Newest,
        }
    }

    /// The name shown in the status line.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Title => "title",
        }
    }
}

/// A setting that can follow what the terminal supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Toggle {
    /// Decide from the terminal.
    Auto,
    /// Always.
    On,
    /// Never.
    Off,
}

/// The colours to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ColorSetting {
    /// From `NO_COLOR`, `COLORTERM` and `TERM`.
    #[serde(rename = "auto")]
    Auto,
    /// 24-bit colour.
    #[serde(rename = "truecolor")]
    TrueColor,
    /// The 256-colour palette.
    #[serde(rename = "256")]
    Ansi256,
    /// The 16 ANSI colours.
    #[serde(rename = "16")]
    Ansi16,
    /// No colour: emphasis by bold, underline and reverse only.
    #[serde(rename = "none")]
    None,
}

/// The settings, after merging the user's file over the defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// A folder of posts to read instead of the bundled blog.
    pub posts: Option<PathBuf>,
    /// `auto`, `dark`, `light` or the name of a theme in `themes`.
    pub theme: String,
    /// Colour depth.
    pub color: ColorSetting,
    /// Widest the reader's text gets.
    pub body_width: u16,
    /// strftime format for dates.
    pub date_format: String,
    /// The list's order.
    pub sort: Sort,
    /// OSC 8 hyperlinks.
    pub hyperlinks: Toggle,
    /// Mouse capture.
    pub mouse: bool,
    /// ASCII-only drawing.
    pub ascii: bool,
    /// Key bindings.
    pub keymap: Keymap,
    /// User themes by name.
    pub themes: BTreeMap<String, Theme>,
}

impl Default for Config {
    fn default() -> Self {
        // The embedded default is part of the program and tested; it cannot fail.
        #[allow(clippy::expect_used)]
        parse(DEFAULT_CONFIG, "config/folio.toml").expect("the embedded default config is valid")
    }
}

/// Why a config file was not used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Unreadable {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not a valid configuration.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    posts: Option<String>,
    theme: Option<Spanned<String>>,
    color: Option<ColorSetting>,
    body_width: Option<Spanned<u16>>,
    date_format: Option<Spanned<String>>,
    sort: Option<Sort>,
    hyperlinks: Option<Toggle>,
    mouse: Option<bool>,
    ascii: Option<bool>,
    keys: Option<RawKeys>,
    themes: Option<BTreeMap<String, ThemeTable>>,
}

type Bindings = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// A `[themes.NAME]` table: `base` and styles by name, kept with their positions.
type ThemeTable = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    list: Option<Bindings>,
    reader: Option<Bindings>,
    search: Option<Bindings>,
    overlay: Option<Bindings>,
}

impl RawKeys {
    fn get(&self, context: Context) -> Option<&Bindings> {
        match context {
            Context::List => self.list.as_ref(),
            Context::Reader => self.reader.as_ref(),
            Context::Search => self.search.as_ref(),
            Context::Overlay => self.overlay.as_ref(),
        }
    }
}

/// A position in a config file's text, for error messages.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, offset: usize, message: impl AsRef<str>) -> ConfigError {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError::Invalid {
            path: sanitize::line(self.name).into_owned(),
            line,
            column,
            message: sanitize::line(message.as_ref()).into_owned(),
        }
    }
}

/// Reads and parses a config file, merged over the defaults.
///
/// # Errors
/// When the file cannot be read or is not valid; the error names the file, line and column.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Unreadable {
        path: sanitize::line(&path.display().to_string()).into_owned(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses config text (named `name` in errors), merged over the defaults.
///
/// # Errors
/// When the text is not valid TOML, has an unknown key or a wrong type, names an unknown
/// action, key or theme, or binds a key twice in one pane.
pub fn parse(text: &str, name: &str) -> Result<Config, ConfigError> {
    let source = Source { name, text };
    let user: RawConfig = toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        source.error(offset, err.message().trim().replace('\n', "; "))
    })?;
    let defaults = if text == DEFAULT_CONFIG {
        None
    } else {
        // The default file is tested by `Config::default()`; parse errors in it are bugs.
        Some(toml::from_str::<RawConfig>(DEFAULT_CONFIG).map_err(|err| {
            Source {
                name: "config/folio.toml",
                text: DEFAULT_CONFIG,
            }
            .error(0, err.message())
        })?)
    };
    build(&user, defaults.as_ref(), &source)
}

fn build(
    user: &RawConfig,
    defaults: Option<&RawConfig>,
    source: &Source<'_>,
) -> Result<Config, ConfigError> {
    let pick = |f: fn(&RawConfig) -> bool| -> &RawConfig {
        match defaults {
            Some(d) if !f(user) => d,
            _ => user,
        }
    };
    let body_width = user
        .body_width
        .as_ref()
        .or(defaults.and_then(|d| d.body_width.as_ref()));
    let body_width = match body_width {
        Some(w) if *w.get_ref() < 20 => {
            return Err(source.error(w.span().start, "`body_width` must be at least 20"));
        }
        Some(w) => *w.get_ref(),
        None => crate::layout::DEFAULT_BODY_WIDTH,
    };
    let date_format = user
        .date_format
        .as_ref()
        .or(defaults.and_then(|d| d.date_format.as_ref()));
    let date_format = match date_format {
        Some(f)
            if chrono::format::StrftimeItems::new(f.get_ref())
                .parse()
                .is_err() =>
        {
            return Err(source.error(
                f.span().start,
                format!(
                    "`date_format` \"{}\" is not a valid strftime format",
                    f.get_ref()
                ),
            ));
        }
        Some(f) => f.get_ref().clone(),
        None => "%Y-%m-%d".to_owned(),
    };
    let themes = user_themes(user, source)?;
    let theme = user
        .theme
        .as_ref()
        .or(defaults.and_then(|d| d.theme.as_ref()));
    let theme = match theme {
        Some(t)
            if !matches!(t.get_ref().as_str(), "auto" | "dark" | "light")
                && !themes.contains_key(t.get_ref()) =>
        {
            return Err(source.error(
                t.span().start,
                format!(
                    "no theme called \"{}\": use auto, dark, light or one defined under [themes]",
                    t.get_ref()
                ),
            ));
        }
        Some(t) => t.get_ref().clone(),
        None => "auto".to_owned(),
    };
    Ok(Config {
        posts: pick(|r| r.posts.is_some())
            .posts
            .as_deref()
            .map(expand_home),
        theme,
        color: pick(|r| r.color.is_some())
            .color
            .unwrap_or(ColorSetting::Auto),
        body_width,
        date_format,
        sort: pick(|r| r.sort.is_some()).sort.unwrap_or(Sort::Newest),
        hyperlinks: pick(|r| r.hyperlinks.is_some())
            .hyperlinks
            .unwrap_or(Toggle::Auto),
        mouse: pick(|r| r.mouse.is_some()).mouse.unwrap_or(true),
        ascii: pick(|r| r.ascii.is_some()).ascii.unwrap_or(false),
        keymap: keymap(
            user.keys.as_ref(),
            defaults.and_then(|d| d.keys.as_ref()),
            source,
        )?,
        themes,
    })
}

/// Builds the keymap: each context's default bindings, with the user's bindings replacing
/// the default keys of each action they name.
fn keymap(
    user: Option<&RawKeys>,
    defaults: Option<&RawKeys>,
    source: &Source<'_>,
) -> Result<Keymap, ConfigError> {
    let mut keymap = Keymap::empty();
    for context in Context::ALL {
        let ours = user.and_then(|k| k.get(context));
        let mut bindings: Vec<(&Spanned<String>, &Vec<Spanned<String>>)> = Vec::new();
        if let Some(default) = defaults.and_then(|k| k.get(context)) {
            let overridden =
                |action: &Spanned<String>| ours.is_some_and(|o| o.contains_key(action));
            bindings.extend(default.iter().filter(|(action, _)| !overridden(action)));
        }
        // The user's own bindings go last, so a clash is reported at the user's line.
        if let Some(ours) = ours {
            bindings.extend(ours.iter());
        }
        for (action_name, keys) in bindings {
            let action = Action::from_name(action_name.get_ref()).ok_or_else(|| {
                source.error(
                    action_name.span().start,
                    format!(
                        "unknown action \"{}\" in [keys.{}]",
                        action_name.get_ref(),
                        context.name()
                    ),
                )
            })?;
            let mut parsed = Vec::with_capacity(keys.len());
            for key in keys {
                let parsed_key = Key::parse(key.get_ref())
                    .map_err(|message| source.error(key.span().start, message))?;
                parsed.push((parsed_key, key.get_ref().clone()));
            }
            keymap.bind(context, &parsed, &action).map_err(|clash| {
                let at = keys
                    .iter()
                    .find(|k| *k.get_ref() == clash.key)
                    .map_or(action_name.span().start, |k| k.span().start);
                source.error(
                    at,
                    format!(
                        "key \"{}\" in [keys.{}] is bound to both {} and {}",
                        clash.key,
                        context.name(),
                        clash.first,
                        clash.second
                    ),
                )
            })?;
        }
    }
    Ok(keymap)
}

fn user_themes(
    user: &RawConfig,
    source: &Source<'_>,
) -> Result<BTreeMap<String, Theme>, ConfigError> {
    let mut themes = BTreeMap::new();
    for (name, table) in user.themes.iter().flatten() {
        let base = match table.iter().find(|(k, _)| k.get_ref() == "base") {
            None => Theme::dark(),
            Some((_, value)) => match value.get_ref().as_str() {
                Some("dark") => Theme::dark(),
                Some("light") => Theme::light(),
                _ => {
                    return Err(
                        source.error(value.span().start, "`base` must be \"dark\" or \"light\"")
                    );
                }
            },
        };
        let mut theme = base;
        for (key, value) in table.iter().filter(|(k, _)| k.get_ref() != "base") {
            let spec: StyleSpec =
                value
                    .get_ref()
                    .clone()
                    .try_into()
                    .map_err(|err: toml::de::Error| {
                        source.error(
                            value.span().start,
                            format!("style `{}`: {}", key.get_ref(), err.message().trim()),
                        )
                    })?;
            let style = spec
                .to_style()
                .map_err(|message| source.error(value.span().start, message))?;
            let slot = theme.style_mut(key.get_ref()).ok_or_else(|| {
                source.error(
                    key.span().start,
                    format!("no style called `{}` in a theme", key.get_ref()),
                )
            })?;
            *slot = style;
        }
        themes.insert(name.clone(), theme);
    }
    Ok(themes)
}

/// `~/notes` with the home folder filled in.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(path),
    }
}

/// Where folio reads its configuration, in order: `--config FILE`, `$FOLIO_CONFIG`, then the
/// platform config file. The flag and the variable name a file that must exist; the
/// platform file is optional.
#[must_use]
pub fn location(flag: Option<&Path>, env: Option<&str>) -> Option<(PathBuf, bool)> {
    if let Some(path) = flag {
        return Some((path.to_path_buf(), true));
    }
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(path), true));
    }
    directories::ProjectDirs::from("", "", "folio")
        .map(|dirs| (dirs.config_dir().join("config.toml"), false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn invalid(text: &str) -> (usize, usize, String) {
        match parse(text, "test.toml") {
            Err(ConfigError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn the_embedded_default_is_valid_and_complete() {
        let config = Config::default();
        assert_eq!(config.body_width, 100);
        assert_eq!(config.sort, Sort::Newest);
        let key = |c| Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
        };
        assert_eq!(
            config.keymap.lookup(Context::List, key('j')),
            Some(Action::Down)
        );
        assert_eq!(
            config.keymap.lookup(Context::Reader, key(' ')),
            Some(Action::PageDown)
        );
    }

    #[test]
    fn a_user_file_overrides_only_what_it_says() {
        let config = parse(
            "body_width = 72\n[keys.list]\ndown = [\"n\"]\n",
            "user.toml",
        )
        .expect("valid");
        assert_eq!(config.body_width, 72);
        assert_eq!(
            config.date_format, "%Y-%m-%d",
            "untouched settings keep their default"
        );
        let key = |c| Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::NONE,
        };
        assert_eq!(
            config.keymap.lookup(Context::List, key('n')),
            Some(Action::Down)
        );
        assert_eq!(
            config.keymap.lookup(Context::List, key('j')),
            None,
            "the action's default keys are replaced"
        );
        assert_eq!(
            config.keymap.lookup(Context::List, key('k')),
            Some(Action::Up),
            "other actions keep theirs"
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let (line, column, message) = invalid("mouse = true\nbody_width = \"wide\"\n");
        assert_eq!((line, column), (2, 14), "{message}");
        let (line, _, message) = invalid("\n\ncolour = \"none\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("colour"), "{message}");
        let (line, _, message) = invalid("theme = [\n");
        assert!(line >= 1 && !message.is_empty());
    }

    #[test]
    fn a_key_bound_twice_names_both_actions() {
        let (line, column, message) = invalid("[keys.list]\nbookmark = [\"x\", \"j\"]\n");
        assert_eq!((line, column), (2, 18), "{message}");
        assert!(
            message.contains("down") && message.contains("bookmark"),
            "{message}"
        );
    }

    #[test]
    fn unknown_actions_keys_and_themes_are_errors() {
        assert!(
            invalid("[keys.list]\nfly = [\"x\"]\n")
                .2
                .contains("unknown action \"fly\"")
        );
        assert!(
            invalid("[keys.list]\ndown = [\"hyper-x\"]\n")
                .2
                .contains("unknown key")
        );
        assert!(
            invalid("theme = \"neon\"\n")
                .2
                .contains("no theme called \"neon\"")
        );
        assert!(invalid("date_format = \"%Q\"\n").2.contains("strftime"));
        assert!(invalid("body_width = 5\n").2.contains("at least 20"));
    }

    #[test]
    fn user_themes_start_from_a_base() {
        let text = "theme = \"paper\"\n[themes.paper]\nbase = \"light\"\ntitle = { fg = \"#112233\", bold = true }\n";
        let config = parse(text, "t.toml").expect("valid");
        let paper = &config.themes["paper"];
        assert_eq!(
            paper.title.fg,
            Some(ratatui::style::Color::Rgb(0x11, 0x22, 0x33))
        );
        assert_eq!(paper.code_block, Theme::light().code_block);
        let (line, _, message) = invalid("[themes.x]\nnope = { fg = \"red\" }\n");
        assert_eq!(line, 2, "{message}");
        assert!(
            invalid("[themes.x]\ntitle = { fg = \"not-a-colour\" }\n")
                .2
                .contains("colour")
        );
    }

    #[test]
    fn keys_parse_from_config_syntax() {
        let k = |s| Key::parse(s).expect("valid");
        assert_eq!(
            k("ctrl-d"),
            Key {
                code: KeyCode::Char('d'),
                modifiers: KeyModifiers::CONTROL
            }
        );
        assert_eq!(
            k("G"),
            Key {
                code: KeyCode::Char('G'),
                modifiers: KeyModifiers::NONE
            }
        );
        assert_eq!(k("shift-g"), k("G"));
        assert_eq!(
            k("shift-tab"),
            Key {
                code: KeyCode::Tab,
                modifiers: KeyModifiers::SHIFT
            }
        );
        assert_eq!(k("pagedown").code, KeyCode::PageDown);
        assert_eq!(k("f5").code, KeyCode::F(5));
        assert_eq!(k("-").code, KeyCode::Char('-'));
        assert!(Key::parse("nonsense").is_err());
    }
}
