//! A problem found in a post, precise enough to fix: which file, which line, what is wrong.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sanitize;

/// How bad a problem is: an error means the post was skipped, a warning that it loaded with a
/// stated fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The post could not be loaded.
    Error,
    /// The post loaded, with a fallback the message names.
    Warning,
}

/// One problem in one file, printed as `path:line: message` like a compiler would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user named it (relative to the folder they gave, or `posts/…`).
    pub path: String,
    /// 1-based line the problem is on; 0 when it concerns the whole file.
    pub line: usize,
    /// What is wrong and, for warnings, what folio did instead.
    pub message: String,
    /// Whether the post was skipped or loaded with a fallback.
    pub severity: Severity,
}

impl Diagnostic {
    /// A problem that kept the post from loading. Path and message are made terminal-safe here,
    /// once, because both can quote bytes from the file.
    pub fn error(path: &str, line: usize, message: impl AsRef<str>) -> Self {
        Self::new(path, line, message.as_ref(), Severity::Error)
    }

    /// A problem folio worked around; the message says how.
    pub fn warning(path: &str, line: usize, message: impl AsRef<str>) -> Self {
        Self::new(path, line, message.as_ref(), Severity::Warning)
    }

    fn new(path: &str, line: usize, message: &str, severity: Severity) -> Self {
        Self {
            path: sanitize::line(path).into_owned(),
            line,
            message: sanitize::line(message).into_owned(),
            severity,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(f, "{}: {kind}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}: {kind}: {}", self.path, self.line, self.message)
        }
    }
}
