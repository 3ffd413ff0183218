//! Links between posts. A post links to another by its file name (`consistent-hashing.md`,
//! `./consistent-hashing.md`) or by the blog path (`/posts/consistent-hashing`); both open the
//! other post inside folio rather than a browser.

/// The post a link points at, if it is a relative link to a post: the slug or file stem to look
/// up with [`super::Library::find`]. External links (with a scheme), `mailto:` and in-page
/// anchors are not post links. A `#fragment` after a post link is ignored.
#[must_use]
pub fn post_link_target(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || has_scheme(url) {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let path = path.trim_end_matches('/');
    let name = if let Some(rest) = path.strip_prefix("/posts/") {
        rest
    } else {
        let file = path.rsplit('/').next().unwrap_or(path);
        file.strip_suffix(".md")?
    };
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_post_links_are_recognised() {
        assert_eq!(
            post_link_target("consistent-hashing.md"),
            Some("consistent-hashing")
        );
        assert_eq!(
            post_link_target("./unikernels.md#history"),
            Some("unikernels")
        );
        assert_eq!(
            post_link_target("../posts/unikernels.md"),
            Some("unikernels")
        );
        assert_eq!(
            post_link_target("/posts/matroid-theory/"),
            Some("matroid-theory")
        );
    }

    #[test]
    fn other_links_are_not_post_links() {
        for url in [
            "https://example.org/a.md",
            "mailto:x@y.z",
            "#section",
            "",
            "notes.txt",
            "/about",
        ] {
            assert_eq!(post_link_target(url), None, "{url}");
        }
    }
}
