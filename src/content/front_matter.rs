//! TOML front matter between `+++` lines, and the post it describes.
//!
//! The rules, as the README states them:
//! - Front matter that is present but broken (never closed, invalid TOML, a missing or wrong
//!   `title` or `date`) is an error and the post is skipped: the author meant to describe it and
//!   `folio check` says exactly what to fix.
//! - A file with no front matter at all is a plain Markdown note: it loads with its first `#`
//!   heading (or file name) as title and the file's modification date, and a warning says so.
//! - Smaller problems (a bad slug, a non-string tag) load the post with a stated fallback.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::slug::{derive_slug, is_valid_slug};
use super::{Body, Diagnostic, Post, count_words};
use crate::sanitize;

/// Longest summary derived from a body when the front matter has none.
const DERIVED_SUMMARY_CHARS: usize = 240;

/// The metadata of a post as its front matter gives it, after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Title as written.
    pub title: String,
    /// Publication date.
    pub date: NaiveDate,
    /// Summary; `None` when the front matter has none (one is then derived from the body).
    pub summary: Option<String>,
    /// Lowercased tags.
    pub tags: Vec<String>,
    /// The author's slug, if valid.
    pub slug: Option<String>,
    /// Whether the post is a draft.
    pub draft: bool,
}

#[derive(Deserialize)]
struct RawFrontMatter {
    title: Option<Spanned<toml::Value>>,
    date: Option<Spanned<toml::Value>>,
    summary: Option<Spanned<toml::Value>>,
    tags: Option<Spanned<toml::Value>>,
    slug: Option<Spanned<toml::Value>>,
    draft: Option<Spanned<toml::Value>>,
}

/// The parts of a file: front matter text (if any) and the body, with the line numbers they
/// start on so diagnostics can point into the file.
struct Split<'a> {
    front_matter: Option<&'a str>,
    body: &'a str,
}

/// Parses one post. `text` is already decoded (no BOM, `\n` line ends). `file_date` is the
/// fallback date for a file without front matter, normally its modification time.
///
/// Returns the post if it loads, and every problem found either way.
#[must_use]
pub fn parse_post(
    path: &str,
    text: &str,
    file_date: Option<NaiveDate>,
) -> (Option<Post>, Vec<Diagnostic>) {
    parse_post_with(path, text, file_date, KeepBody::Yes)
}

/// [`parse_post`] for a folder's file, whose body stays in the file (read again when the post
/// is opened): everything but the body, which is left empty rather than made terminal-safe
/// and copied only to be dropped. At 10,000 posts that copy was 118 MB.
pub(super) fn parse_post_meta(
    path: &str,
    text: &str,
    file_date: Option<NaiveDate>,
) -> (Option<Post>, Vec<Diagnostic>) {
    parse_post_with(path, text, file_date, KeepBody::No)
}

/// Whether a parsed post keeps its body's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeepBody {
    Yes,
    No,
}

fn parse_post_with(
    path: &str,
    text: &str,
    file_date: Option<NaiveDate>,
    keep: KeepBody,
) -> (Option<Post>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let split = match split_front_matter(path, text) {
        Ok(split) => split,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let post = match split.front_matter {
        Some(toml_text) => parse_front_matter(path, toml_text, &mut diagnostics)
            .map(|fm| build_post(path, fm, split.body, keep)),
        None => note_without_front_matter(path, split.body, file_date, keep, &mut diagnostics),
    };
    (post, diagnostics)
}

/// The body [`parse_post`] gives a folder's file (whose fallback date always exists), before
/// it is made terminal-safe: for reading a body again later without parsing the front matter.
/// `None` when the file has front matter folio cannot split off.
pub(super) fn body_of(text: &str) -> Option<&str> {
    let split = split_front_matter("", text).ok()?;
    Some(match split.front_matter {
        Some(_) => split.body,
        None => take_leading_heading(split.body).1,
    })
}

/// Splits `text` into front matter and body.
fn split_front_matter<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    match first_line.trim_end() {
        "+++" => {}
        "---" => {
            return Err(Diagnostic::error(
                path,
                1,
                "front matter starts with `---` (YAML), which folio does not read: use TOML between `+++` lines",
            ));
        }
        _ => {
            return Ok(Split {
                front_matter: None,
                body: text,
            });
        }
    }
    let after_open = first_line.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front_matter = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                front_matter: Some(front_matter),
                body,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        1,
        "front matter opened with `+++` is never closed: add a `+++` line after it",
    ))
}

/// Line number (1-based) in the file of a byte offset into the front matter, which starts on
/// line 2 (line 1 is the opening `+++`).
fn file_line(toml_text: &str, offset: usize) -> usize {
    2 + toml_text
        .get(..offset)
        .unwrap_or(toml_text)
        .matches('\n')
        .count()
}

fn parse_front_matter(
    path: &str,
    toml_text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let parsed = crate::contain::contained(|| toml::from_str::<RawFrontMatter>(toml_text));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(panic) => {
            diagnostics.push(Diagnostic::error(
                path,
                1,
                format!("the TOML parser failed on this front matter ({panic})"),
            ));
            return None;
        }
    };
    let raw: RawFrontMatter = match parsed {
        Ok(raw) => raw,
        Err(err) => {
            let line = err
                .span()
                .map_or(1, |span| file_line(toml_text, span.start));
            let message = err.message().trim().replace('\n', "; ");
            diagnostics.push(Diagnostic::error(
                path,
                line,
                format!("invalid TOML in front matter: {message}"),
            ));
            return None;
        }
    };
    let mut check = Checker {
        path,
        toml_text,
        diagnostics,
    };
    let title = check.title(raw.title.as_ref());
    let date = check.date(raw.date.as_ref());
    let (title, date) = (title?, date?);
    Some(FrontMatter {
        title,
        date,
        summary: check.summary(raw.summary.as_ref()),
        tags: raw.tags.as_ref().map_or_else(Vec::new, |v| check.tags(v)),
        slug: check.slug(raw.slug.as_ref()),
        draft: check.draft(raw.draft.as_ref()),
    })
}

/// Validates front matter fields one by one, reporting each problem on the field's line.
struct Checker<'a> {
    path: &'a str,
    toml_text: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
}

type Field = Spanned<toml::Value>;

impl Checker<'_> {
    fn line_of(&self, value: &Field) -> usize {
        file_line(self.toml_text, value.span().start)
    }

    fn error(&mut self, line: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::error(self.path, line, message));
    }

    fn warn(&mut self, value: &Field, message: String) {
        let line = self.line_of(value);
        self.diagnostics
            .push(Diagnostic::warning(self.path, line, message));
    }

    fn title(&mut self, value: Option<&Field>) -> Option<String> {
        let Some(value) = value else {
            self.error(1, "front matter has no `title`".into());
            return None;
        };
        let line = self.line_of(value);
        match value.get_ref() {
            toml::Value::String(s) if !s.trim().is_empty() => {
                Some(sanitize::line(s.trim()).into_owned())
            }
            toml::Value::String(_) => {
                self.error(line, "`title` is empty".into());
                None
            }
            other => {
                let found = other.type_str();
                self.error(line, format!("`title` must be a string, not {found}"));
                None
            }
        }
    }

    fn date(&mut self, value: Option<&Field>) -> Option<NaiveDate> {
        let Some(value) = value else {
            self.error(
                1,
                "front matter has no `date` (write it as date = 2020-03-28)".into(),
            );
            return None;
        };
        let line = self.line_of(value);
        parse_date(value.get_ref())
            .map_err(|message| self.error(line, message))
            .ok()
    }

    fn summary(&mut self, value: Option<&Field>) -> Option<String> {
        let value = value?;
        match value.get_ref() {
            toml::Value::String(s) => Some(sanitize::line(s.trim()).into_owned()),
            other => {
                let found = other.type_str();
                self.warn(
                    value,
                    format!("`summary` must be a string, not {found}; using the first paragraph"),
                );
                None
            }
        }
    }

    fn tags(&mut self, value: &Field) -> Vec<String> {
        let toml::Value::Array(items) = value.get_ref() else {
            let found = value.get_ref().type_str();
            self.warn(
                value,
                format!("`tags` must be an array of strings, not {found}; ignoring it"),
            );
            return Vec::new();
        };
        let mut tags: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            match item {
                toml::Value::String(s) => {
                    let tag = sanitize::line(s.trim()).to_lowercase();
                    if !tag.is_empty() && !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
                other => {
                    let found = other.type_str();
                    self.warn(
                        value,
                        format!("a tag must be a string, not {found}; skipping it"),
                    );
                }
            }
        }
        tags
    }

    fn slug(&mut self, value: Option<&Field>) -> Option<String> {
        let value = value?;
        match value.get_ref() {
            toml::Value::String(s) if is_valid_slug(s) => Some(s.clone()),
            toml::Value::String(s) => {
                let shown = sanitize::line(s).into_owned();
                self.warn(
                    value,
                    format!(
                        "`slug` \"{shown}\" may only hold lowercase letters, digits and single hyphens; deriving one from the title"
                    ),
                );
                None
            }
            other => {
                let found = other.type_str();
                self.warn(
                    value,
                    format!("`slug` must be a string, not {found}; deriving one from the title"),
                );
                None
            }
        }
    }

    fn draft(&mut self, value: Option<&Field>) -> bool {
        let Some(value) = value else { return false };
        match value.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                let found = other.type_str();
                self.warn(
                    value,
                    format!(
                        "`draft` must be true or false, not {found}; treating the post as published"
                    ),
                );
                false
            }
        }
    }
}

/// Accepts a TOML date (`2020-03-28`, the usual form), a TOML date-time (its date is used) or a
/// string holding `YYYY-MM-DD`.
fn parse_date(value: &toml::Value) -> Result<NaiveDate, String> {
    match value {
        toml::Value::Datetime(dt) => dt
            .date
            .and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            })
            .ok_or_else(|| format!("`date` {dt} has no calendar date; write it as 2020-03-28")),
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| format!("`date` \"{s}\" is not a real date in the form YYYY-MM-DD")),
        other => Err(format!(
            "`date` must be a date such as 2020-03-28, not {}",
            other.type_str()
        )),
    }
}

fn build_post(path: &str, fm: FrontMatter, body: &str, keep: KeepBody) -> Post {
    let slug = fm.slug.unwrap_or_else(|| slug_from(&fm.title, path));
    let summary = fm.summary.unwrap_or_else(|| derive_summary(body));
    Post {
        slug,
        title: fm.title,
        date: fm.date,
        summary,
        tags: fm.tags,
        draft: fm.draft,
        words: count_words(body),
        body: match keep {
            KeepBody::Yes => Body::Text(sanitize::body(body).into_owned()),
            KeepBody::No => Body::Text(String::new()),
        },
        source: sanitize::line(path).into_owned(),
    }
}

/// The slug derived from the title, else from the file name, else a fixed word, so that every
/// post has one even when its title has no ASCII letters.
fn slug_from(title: &str, path: &str) -> String {
    let from_title = derive_slug(title);
    if !from_title.is_empty() {
        return from_title;
    }
    let stem = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let from_file = derive_slug(stem.strip_suffix(".md").unwrap_or(stem));
    if from_file.is_empty() {
        "post".to_owned()
    } else {
        from_file
    }
}

/// A plain Markdown file: loads with fallbacks for everything front matter would have said.
fn note_without_front_matter(
    path: &str,
    body: &str,
    file_date: Option<NaiveDate>,
    keep: KeepBody,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Post> {
    let Some(date) = file_date else {
        diagnostics.push(Diagnostic::error(
            path,
            1,
            "no front matter: start the file with a `+++` block giving title and date",
        ));
        return None;
    };
    let (heading, body) = take_leading_heading(body);
    let title = heading.map_or_else(|| file_title(path), |h| sanitize::line(h).into_owned());
    let source = if heading.is_some() {
        "its first heading"
    } else {
        "the file name"
    };
    diagnostics.push(Diagnostic::warning(
        path,
        1,
        format!(
            "no front matter: title taken from {source}, date from the file's modification time"
        ),
    ));
    Some(build_post(
        path,
        FrontMatter {
            title,
            date,
            summary: None,
            tags: Vec::new(),
            slug: None,
            draft: false,
        },
        body,
        keep,
    ))
}

/// Splits off a first-line `# Heading` (after blank lines), which becomes the title.
fn take_leading_heading(body: &str) -> (Option<&str>, &str) {
    let trimmed = body.trim_start_matches(['\n', ' ']);
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    match first.strip_prefix("# ") {
        Some(heading) if !heading.trim().is_empty() => {
            (Some(heading.trim().trim_end_matches('#').trim_end()), rest)
        }
        _ => (None, body),
    }
}

fn file_title(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    sanitize::line(name.strip_suffix(".md").unwrap_or(name)).into_owned()
}

/// The first paragraph of the body as plain text, cut at a word boundary.
fn derive_summary(body: &str) -> String {
    let paragraph: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .find(|p| {
            !p.is_empty() && !p.starts_with(['#', '`', '|', '<', '!']) && !p.starts_with("+++")
        })
        .map(|p| p.split_whitespace().collect())
        .unwrap_or_default();
    let mut summary = String::new();
    for word in paragraph {
        if summary.chars().count() + word.chars().count() + 1 > DERIVED_SUMMARY_CHARS {
            summary.push('…');
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(word);
    }
    sanitize::line(&summary).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++\ntitle = \"A title\"\ndate = 2020-03-28\nsummary = \"Short.\"\ntags = [\"OS\", \"memory\"]\n+++\n\nBody text here.\n";

    #[test]
    fn parses_good_front_matter() {
        let (post, diags) = parse_post("a.md", GOOD, None);
        assert!(diags.is_empty(), "{diags:?}");
        let post = post.expect("loads");
        assert_eq!(post.title, "A title");
        assert_eq!(
            post.date,
            NaiveDate::from_ymd_opt(2020, 3, 28).expect("valid")
        );
        assert_eq!(post.tags, ["os", "memory"]);
        assert_eq!(post.slug, "a-title");
        assert_eq!(post.body.held().map(str::trim), Some("Body text here."));
        assert_eq!(post.words, 3);
    }

    #[test]
    fn invalid_toml_names_the_file_line() {
        let text = "+++\ntitle = \"x\"\ndate = 2020-03-28\nsummary = oops\n+++\nbody";
        let (post, diags) = parse_post("bad.md", text, None);
        assert!(post.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 4, "{}", diags[0]);
        assert!(diags[0].message.contains("invalid TOML"), "{}", diags[0]);
    }

    #[test]
    fn impossible_and_missing_dates_are_errors_on_their_line() {
        let text = "+++\ntitle = \"x\"\ndate = \"2021-02-30\"\n+++\nbody";
        let (post, diags) = parse_post("d.md", text, None);
        assert!(post.is_none());
        assert_eq!(
            (diags[0].line, diags[0].message.contains("not a real date")),
            (3, true),
            "{}",
            diags[0]
        );

        let (post, diags) = parse_post("d.md", "+++\ntitle = \"x\"\n+++\n", None);
        assert!(post.is_none());
        assert!(diags[0].message.contains("no `date`"), "{}", diags[0]);
    }

    #[test]
    fn wrong_types_are_reported() {
        let text = "+++\ntitle = 5\ndate = 2020-01-01\n+++\n";
        let (post, diags) = parse_post("t.md", text, None);
        assert!(post.is_none());
        assert_eq!(diags[0].line, 2);
        assert!(
            diags[0].message.contains("must be a string"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let (post, diags) = parse_post("u.md", "+++\ntitle = \"x\"\n\nbody", None);
        assert!(post.is_none());
        assert!(diags[0].message.contains("never closed"));
    }

    #[test]
    fn yaml_front_matter_is_named() {
        let (post, diags) = parse_post("y.md", "---\ntitle: x\n---\n", None);
        assert!(post.is_none());
        assert!(diags[0].message.contains("YAML"));
    }

    #[test]
    fn plain_markdown_loads_with_stated_fallbacks() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 6);
        let (post, diags) = parse_post("notes/idea.md", "# My idea\n\nIt is good.\n", date);
        let post = post.expect("loads");
        assert_eq!(
            (post.title.as_str(), post.date),
            ("My idea", date.expect("valid"))
        );
        assert_eq!(post.summary, "It is good.");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("first heading"));
    }

    #[test]
    fn bad_slug_falls_back_with_a_warning() {
        let text = "+++\ntitle = \"Hello World\"\ndate = 2020-01-01\nslug = \"Bad Slug\"\n+++\n";
        let (post, diags) = parse_post("s.md", text, None);
        assert_eq!(post.expect("loads").slug, "hello-world");
        assert_eq!(diags[0].line, 4);
    }

    #[test]
    fn control_characters_in_fields_are_neutralised() {
        let text = "+++\ntitle = \"a\\u001b]0;pwned\\u0007b\"\ndate = 2020-01-01\n+++\nx\u{1b}[2J";
        let (post, _) = parse_post("c.md", text, None);
        let post = post.expect("loads");
        assert!(!post.title.contains('\u{1b}') && !post.title.contains('\u{7}'));
        assert!(!post.body.held().unwrap_or_default().contains('\u{1b}'));
    }
}
